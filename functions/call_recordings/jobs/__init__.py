"""Long work as jobs: packages and erasures too large to finish while API Gateway waits (29 s)."""
