"""Restriction of processing (UK GDPR Art 18): a recording is kept but marked, and left out of
routine use (statistics; any export for quality and training) until the restriction is lifted."""
