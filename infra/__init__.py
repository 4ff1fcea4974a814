"""The CallRecordings stack: one CDK construct per concern, composed by `stack.py`."""
