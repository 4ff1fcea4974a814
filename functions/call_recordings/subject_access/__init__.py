"""Subject access requests: the statutory clock and, in time, the rest of a SAR's life."""
