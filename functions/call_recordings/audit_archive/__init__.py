"""The audit archive: a copy of every audit entry in a bucket no one can rewrite, and the daily check.

The audit table's stream feeds the archiver (``archiver_handler``): each new entry is written once to
the archive bucket (Object Lock, compliance mode); a change or removal of an entry is archived as
evidence and alarmed. The daily verification (``verification_handler``) compares the table with the
archive. docs/audit.md says how to read the archive and what to do when it alarms.
"""
