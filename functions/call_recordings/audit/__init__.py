"""The audit trail's words and rules: what entries are filed under, what they say happened, and a
recording's whole history gathered from them. Pure domain code, no AWS."""
