"""The four DynamoDB tables, written down once: their keys, their indexes and what each index projects.

The CDK constructs build the tables from these (infra/registry.py, infra/casework.py), the adapters
name keys and indexes by them, and the tests create their tables from the synthesized template
(infra/local/provision.py), never by hand. How the registry is used is in docs/registry.md. Every key
attribute is a string. The tables' names reach the functions through their environment; nothing here
is configured.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Index:
    """A global secondary index: its keys, and the non-key attributes it projects (None: all of them)."""

    name: str
    partition_key: str
    sort_key: str
    projection: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TableSchema:
    partition_key: str
    sort_key: str | None  # None: a table keyed by its partition key alone
    indexes: tuple[Index, ...] = ()

    def key(self, partition: str, sort: str | None = None) -> dict[str, Any]:
        """An item's key, in DynamoDB's typed form."""
        key = {self.partition_key: {"S": partition}}
        if self.sort_key is not None:
            if sort is None:
                raise ValueError(f"a key of this table needs its {self.sort_key}")
            key[self.sort_key] = {"S": sort}
        return key

    def key_schema(self) -> list[dict[str, str]]:
        """The table's KeySchema, as CreateTable takes it and the template declares it."""
        keys = [{"AttributeName": self.partition_key, "KeyType": "HASH"}]
        if self.sort_key is not None:
            keys.append({"AttributeName": self.sort_key, "KeyType": "RANGE"})
        return keys

    def key_attributes(self) -> Iterator[str]:
        """Every attribute a key of the table or of an index is made of, each once, table's first."""
        names = [name for name in (self.partition_key, self.sort_key) if name is not None]
        for index in self.indexes:
            names += [index.partition_key, index.sort_key]
        yield from dict.fromkeys(names)


# The registry: one item per recording version, keyed by the telephony system's call id and the S3
# version id (a new upload to the same key is a new version with its own item).

# A subject's recordings, newest last, by the keyed hash of each identifier: one query per identifier,
# a date range in the key condition.
CALLER_INDEX = Index("by-caller", "caller_hash", "recorded_at")
CUSTOMER_INDEX = Index("by-customer", "customer_hash", "recorded_at")
# Sparse: only versions awaiting deletion carry `due_on`; a hold removes it, the release of the last
# hold puts it back. It projects what the sweeper needs to delete a due version without reading the
# item again.
DUE_INDEX = Index("by-due-date", "due_on", "call_id", ("bucket", "object_key", "expires_on", "retention"))
# Every version recorded in a London month (tombstones included: they keep recorded_month), one query
# per month for GET /statistics. It projects what the statistics count, and nothing that identifies
# anyone: no hashes, no times, no keys.
MONTH_INDEX = Index(
    "by-month", "recorded_month", "call_id", ("purpose", "source", "retention", "restrictions")
)
# Sparse: only live versions with a flag that needs the DPO (core/vocabulary.py NEEDS_DPO_FLAGS: quarantined,
# alerted, a review a correction answers, an object gone) carry `needs_dpo`, newest last; set by ingest and
# reconciliation, removed by the correction that clears the last such flag, and a tombstone leaves the
# index with its `recorded_at`. One query for the Today page's "recordings that need you", whatever the
# size of the registry (README, "Recordings that need the DPO"). It projects what the list shows, and
# nothing that identifies anyone: no hashes.
NEEDS_DPO_INDEX = Index(
    "by-needs-dpo", "needs_dpo", "recorded_at", ("purpose", "source", "retention", "expires_on", "flags")
)
REGISTRY = TableSchema(
    "call_id", "version_id", (CALLER_INDEX, CUSTOMER_INDEX, DUE_INDEX, MONTH_INDEX, NEEDS_DPO_INDEX)
)

# The call ids table: one item per call id ever registered, naming the version that claimed it first.
# Ingest writes it in the same transaction as that version's registry item, on the condition that the
# call id is new (or already claimed by that very version, a repeated delivery), so a second version
# under a used call id is found at no extra call and flagged `call-id-reused` (DESIGN section 8). The
# claim outlives the version: a call id stays used after its recording is deleted. No personal data.
# Each claim lists every version registered under its call id (`versions`, a string set, added to in the
# same transaction as each version's item), so a hold naming thousands of call ids reads their claims
# and items a hundred to a BatchGetItem instead of querying each call. The list is complete once the
# item VERSIONS_LISTED is in the table: the upgrade step (infra/upgrades/call_versions.py) lists the
# versions registered before claims listed them, then writes it; until then each call is queried.
CALL_IDS = TableSchema("call_id", None)
VERSIONS_LISTED = "#versions-listed"  # not a call id (CALL_ID_PATTERN has no "#")

# The requests table: one partition per request (a hold, a SAR, an erasure, a restriction), its header
# item ("request") and one item per recording it covers ("recording#<call_id>#<version_id>"), so a
# request's recordings are one query.

# And one partition of published statistics ("statistics"): one item per published month
# ("month#YYYY-MM"), the month's release as it was frozen (statistics/releases.py). It carries no
# `kind`, so no list of requests shows it, and only anonymous, suppressed figures.
STATISTICS_PARTITION = "statistics"

# Headers only (members carry no `kind`): list holds or SARs by date.
KIND_INDEX = Index("by-kind", "kind", "created_at")
REQUESTS = TableSchema("request_id", "item", (KIND_INDEX,))

# The audit trail: entries by what they concern ("hold#H-…", "recording#C-…"), in time order.

# And by day, for the whole trail over a period.
DAY_INDEX = Index("by-day", "day", "entry")
AUDIT = TableSchema("target", "entry", (DAY_INDEX,))
