"""The DPO's command line, `dpo` (issue 18, DESIGN section 9): every operation of the DPO API from a
terminal, signed with the DPO's own AWS credentials. Not Lambda code: `pip install .` installs it and its
dependencies (typer, rich, botocore), which the Lambda layer never carries
(infra/dependencies_layer.py CLI_ONLY)."""
