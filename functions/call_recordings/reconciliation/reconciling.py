"""The daily reconciliation: list, compare, send back what ingest missed, flag and report what is gone,
and report what is in the bucket outside the upload contract.

Order matters. The registry is read first and the bucket listed after it: every live item read was
registered for an object that existed before the listing began, so an item the listing lacks really
has lost its object (unless it was deleted meanwhile, which the sweeper and eraser tombstone: each
candidate is looked for again, version by version, before it is reported, and the flag is conditional
on the item still being live and not yet flagged). An object uploaded during the run is younger
than the settling time and is left for tomorrow.

The listing covers the whole bucket, not only ``recordings/``: an object elsewhere, or a "folder" key,
escapes every rule (``contract``). Each such version is reported to the DPO once: the alert first, then
its audit entry, which is also the record that it was reported (the next run reads those entries), so
a run that fails between the two alerts again rather than never. It is counted on every run, so the
alarm on the count stays on until the DPO has dealt with it. Nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.clock import utc_now
from call_recordings.core.identifiers import bucket_target, recording_target
from call_recordings.reconciliation.contract import (
    FINDING_MEANINGS,
    MAX_REPORTED_PER_RUN,
    OutsideContract,
    findings_count,
    outside_contract,
    outside_contract_summary,
)
from call_recordings.reconciliation.differences import (
    OBJECT_MISSING,
    SETTLING_TIME,
    RegisteredObject,
    find_differences,
    missing_objects_summary,
    reingest_message,
)

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.reconciliation.adapters.bucket_and_registry import (
        IngestQueue,
        ReconciliationAlerts,
        RecordingsListing,
        RegistryObjects,
        ReportedOutsideContract,
    )

WHO = "system:reconciliation"


@dataclass(frozen=True)
class ReconciliationDependencies:
    listing: RecordingsListing
    registry: RegistryObjects
    ingest_queue: IngestQueue
    alerts: ReconciliationAlerts
    audit: AuditTrail
    reported_outside_contract: ReportedOutsideContract
    bucket: str
    prefix: str
    region: str
    settling_time: timedelta = SETTLING_TIME
    clock: Callable[[], datetime] = utc_now


class ReconciliationReport(BaseModel):
    """What one run found and did; no personal data (call ids, version ids and counts; never a key)."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    versions_listed: int
    registry_items_read: int
    reingested: int
    settling: int
    reported: list[str]  # "<call_id>/<version_id>" of the items reported to the DPO in this run
    newly_flagged: int
    put_on_dpo_list: int = 0  # flagged versions registered before the DPO's list existed, added to it
    still_missing: int
    reappeared: int  # candidates found after all on the second look (deleted or uploaded meanwhile)
    outside_contract: int  # object versions in the bucket outside the upload contract, reported or not
    outside_contract_findings: dict[str, int]  # how many of them have each finding (contract.Finding)
    outside_contract_reported: list[str]  # version ids of those reported to the DPO in this run
    dpo_notified: bool

    @property
    def items_without_object(self) -> int:
        return len(self.reported) + self.still_missing


def reconcile_recordings(deps: ReconciliationDependencies, *, as_of: date) -> ReconciliationReport:
    """One run. ``as_of`` is the day it reports for; versions are judged young or not by the real clock
    (S3's LastModified is real time)."""
    now = deps.clock()
    registered = list(deps.registry.live_objects())
    listed = list(deps.listing.versions())
    differences = find_differences(
        listed, registered, bucket=deps.bucket, prefix=deps.prefix, now=now, settling_time=deps.settling_time
    )

    deps.ingest_queue.send(
        [reingest_message(version, region=deps.region, sent_at=now) for version in differences.unregistered]
    )

    # Reported at least once: audit and alert come before the flag, so a run that fails half-way
    # reports again the next day; the flag then keeps later runs from reporting it again.
    confirmed: list[RegisteredObject] = [
        item
        for item in differences.newly_missing
        if not deps.listing.version_exists(item.object_key, item.version_id)
    ]
    for item in confirmed:
        deps.audit.record(
            who=WHO,
            action=AuditAction.OBJECT_MISSING_REPORTED,
            target=recording_target(item.call_id),
            at=now,
            why={"finding": f"{OBJECT_MISSING}: the registered version is not in the recordings bucket"},
            details={"version_id": item.version_id, "bucket": item.bucket, "flag": OBJECT_MISSING},
        )
    if confirmed:
        deps.alerts.report(missing_objects_summary(confirmed, bucket=deps.bucket))
    flagged = [item for item in confirmed if deps.registry.flag_object_missing(item)]
    # Flagged versions registered before the DPO's list existed join it (the only migration it needs):
    # the Scan above reads every live item already.
    listed_for_dpo = [
        item for item in registered if item.missing_from_dpo_list and deps.registry.put_on_dpo_list(item)
    ]
    strays = outside_contract(listed, deps.prefix)
    reported = _report_outside_contract(deps, strays, now)

    return ReconciliationReport(
        as_of=as_of,
        versions_listed=len(listed),
        registry_items_read=len(registered),
        reingested=len(differences.unregistered),
        settling=differences.settling,
        reported=[f"{item.call_id}/{item.version_id}" for item in confirmed],
        newly_flagged=len(flagged),
        put_on_dpo_list=len(listed_for_dpo),
        still_missing=len(differences.still_missing),
        reappeared=len(differences.newly_missing) - len(confirmed),
        outside_contract=len(strays),
        outside_contract_findings=findings_count(strays),
        outside_contract_reported=[each.version.version_id for each in reported],
        dpo_notified=bool(confirmed or reported),
    )


def _report_outside_contract(
    deps: ReconciliationDependencies, strays: list[OutsideContract], now: datetime
) -> list[OutsideContract]:
    """Alert the DPO to the versions outside the contract not reported before (at most
    MAX_REPORTED_PER_RUN, the rest on the next runs), then audit each; those reported now."""
    if not strays:
        return []
    already = deps.reported_outside_contract.version_ids(deps.bucket)
    unreported = [each for each in strays if each.version.version_id not in already]
    reporting = unreported[:MAX_REPORTED_PER_RUN]
    if not reporting:
        return []
    deps.alerts.report_outside_contract(
        outside_contract_summary(reporting, bucket=deps.bucket, left=len(unreported) - len(reporting))
    )
    for each in reporting:
        deps.audit.record(
            who=WHO,
            action=AuditAction.OBJECT_OUTSIDE_CONTRACT_REPORTED,
            target=bucket_target(deps.bucket),
            at=now,
            why={"finding": "; ".join(FINDING_MEANINGS[finding] for finding in each.findings)},
            # The version, never the key: a key may carry personal data, and the trail is kept for years.
            details={
                "version_id": each.version.version_id,
                "findings": [finding.value for finding in each.findings],
                "size": each.version.size,
                "uploaded_at": each.version.last_modified.isoformat(),
            },
        )
    return reporting
