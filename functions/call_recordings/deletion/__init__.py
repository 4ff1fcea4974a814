"""Deleting recordings: the retention sweep, erasure at a data subject's request, and the one path
by which both delete a recording version (deletion/deleting.py)."""
