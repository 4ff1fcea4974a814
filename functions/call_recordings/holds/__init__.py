"""Legal holds: evidence for legal claims, threats and complaints kept beyond retention. Pure domain code.

A hold covers exact recording versions. While any hold covers a version, its S3 Object Lock legal
hold is ON, its ``retention`` tag and registry class say ``hold`` and it has no ``due_on``; when the
last hold covering it ends, it returns to its own retention class and becomes due on the later of
its expiry date and the day of release. The modules here decide; the adapters act.
"""
