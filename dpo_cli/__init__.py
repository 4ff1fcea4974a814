"""The DPO's command line, `dpo` (issue 18, DESIGN section 9): every operation of the DPO API from a
terminal, signed with the DPO's own AWS credentials. Not Lambda code: installed with the project's
`cli` extra (`pip install ".[cli]"`), never packaged into a function or its layer."""

try:
    import botocore
    import rich
    import typer
except ModuleNotFoundError as missing:  # `pip install .` without the extra: say what to run
    raise SystemExit(
        f'dpo needs {missing.name}, which the project\'s cli extra installs: pip install ".[cli]"'
    ) from None

del botocore, rich, typer
