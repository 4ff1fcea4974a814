"""Ingest: every uploaded recording tagged with purpose, source and retention, and registered."""
