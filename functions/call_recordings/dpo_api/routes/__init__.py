"""The DPO API's routes, one Router per resource and privilege: the reads (``recordings``, ``audit``,
``statistics`` and each ``*_reports``) are served by the reports function, the changes to casework
(``holds``, ``sars``, ``restrictions``, ``complaints``) by the casework function, and ``sar_exports``
and ``erasures`` by the disclosure and erasure function."""
