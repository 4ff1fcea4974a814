"""The hold worker Lambda: the one role that turns S3 Object Lock legal holds on and off."""
