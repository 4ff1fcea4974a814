"""Anonymous statistics of call recordings: counts by month, purpose and source, with small numbers
suppressed (``suppression``) and restricted recordings left out (``tables``). Pure domain code."""
