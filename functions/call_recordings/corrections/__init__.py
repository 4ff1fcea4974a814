"""Correcting a recording's purpose or source (re-purposing, DESIGN section 1): the registry item and
the S3 tags of its versions changed together, audited with the reason."""
