"""The local stack: moto stands in for AWS, built from the synthesized template, handlers in-process."""
