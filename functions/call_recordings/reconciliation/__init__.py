"""Daily reconciliation of the recordings bucket with the registry (docs/reconciliation.md)."""
