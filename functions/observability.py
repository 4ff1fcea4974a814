"""The Powertools logger and metrics every handler imports: created once, configured by environment.

Powertools reads ``POWERTOOLS_SERVICE_NAME``, ``POWERTOOLS_METRICS_NAMESPACE`` and ``LOG_LEVEL``.
"""

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()
