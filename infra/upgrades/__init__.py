"""One-off steps an existing deployment needs after an upgrade, each named for what it writes."""
