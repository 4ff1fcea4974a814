"""The DPO API's routes, one Router per resource and privilege: the reads (``recordings``, ``audit``,
``statistics`` and each ``*_reports``) are served by the reports function, the changes to holds, SARs,
restrictions and recordings (``holds``, ``sars``, ``sar_decisions``, ``restrictions``,
``recording_corrections``) by the casework function, those to rights requests, outside disclosures and
complaints (``rights_requests``, ``disclosures``, ``complaints``) by the rights function, and the
packages, erasures and destructions (``sar_exports``, ``disclosure_packages``, ``erasures``,
``destructions``) by the disclosure and erasure function."""
