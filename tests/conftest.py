import os

# Never let a test reach a real AWS account, whatever the developer's shell holds.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="eu-west-2",
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20",
)
os.environ.pop("AWS_PROFILE", None)
