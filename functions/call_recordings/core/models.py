"""The base of the DPO API's models (its answers and request bodies, and the records they are made
from): pydantic's, built on first use (``defer_build``) rather than as its module is imported.

A DPO function imports the models of every route it serves (50 to 67 of them), and a cold start used
to build each one's validator and serializer before the first request; one request uses a few. Built
later, a cold start pays for the models its first request touches and no more (README, "Benchmarks":
the import and the import with a first request, measured both ways). Nothing else changes: a model
is built, complete, the first time it validates, serialises or gives its JSON schema, and Powertools'
validating resolver analyses a route (its parameters, body and answer) on the route's first request.
Model modules import ``BaseModel`` from here instead of from pydantic."""

import pydantic


class BaseModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(defer_build=True)
