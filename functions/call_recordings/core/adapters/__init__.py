"""The only code that calls AWS: one small class per service, each given its boto3 client."""
