"""The Data Protection Officer's API: holds, recordings and the audit trail (DESIGN section 5)."""
