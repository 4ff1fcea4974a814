"""The DPO API's routes, one Router per resource."""
