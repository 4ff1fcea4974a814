"""Each DPO function imports, at a cold start, the code of its own routes and not the code only the
others (or the other functions of the stack) run: what make bench's import ratio of the DPO functions
rests on. Each handler module is imported in a fresh interpreter, as Lambda does."""

import json
import subprocess
import sys

import pytest

# Code that changes casework, or selects recordings by subject, or is run by another function.
_CHANGES = {
    "call_recordings.core.selection",
    "call_recordings.holds.placing",
    "call_recordings.holds.releasing",
    "call_recordings.holds.records",
    "call_recordings.restrictions.restricting",
    "call_recordings.subject_access.changes",
    "call_recordings.subject_access.closing",
    "call_recordings.subject_access.opening",
    "call_recordings.subject_access.deciding",
    "call_recordings.outside_disclosures.recording",
}
_DISCLOSURE = {
    "call_recordings.subject_access.disclosure",
    "call_recordings.subject_access.exporting",
    "call_recordings.outside_disclosures.packaging",
}
_DELETION_PATH = {
    "call_recordings.deletion.deleting",
    "call_recordings.deletion.eraser",
    "call_recordings.deletion.records",
    "call_recordings.deletion.sweeping",
}
_OTHER_FUNCTIONS = {
    "call_recordings.holds.applying",
    "call_recordings.holds.worker_dependencies",
    "call_recordings.reconciliation.differences",
}
_ERASURE = {
    "call_recordings.deletion.erasing",
    "call_recordings.deletion.erasure_records",
    "call_recordings.dpo_api.erasure_models",
    "call_recordings.dpo_api.erasure_requests",
    "call_recordings.dpo_api.export_requests",
    "call_recordings.dpo_api.rights_report_models",
    "call_recordings.rights.erasing",
}
_READS = {
    "call_recordings.audit.recording_trail",
    "call_recordings.statistics.tables",
    "call_recordings.dpo_api.audit_models",
    "call_recordings.dpo_api.recording_models",
}

NOT_IMPORTED = {
    # Reads only: no request body, nothing that changes casework, discloses or deletes.
    "reports": _CHANGES
    | _DISCLOSURE
    | _DELETION_PATH
    | _OTHER_FUNCTIONS
    | {
        "call_recordings.complaints.complaining",  # logging and answering a complaint, and its rules
        "call_recordings.complaints.rules",
        "call_recordings.deletion.erasing",
        "call_recordings.dpo_api.request_models",
        "call_recordings.dpo_api.hold_requests",
        "call_recordings.dpo_api.sar_requests",
        "call_recordings.dpo_api.restriction_requests",
        "call_recordings.dpo_api.erasure_requests",
        "call_recordings.dpo_api.export_requests",
        "call_recordings.dpo_api.rights_requests",
        "call_recordings.rights.changes",
        "call_recordings.rights.opening",
        "call_recordings.rights.deciding",
        "call_recordings.rights.restricting",
        "call_recordings.rights.erasing",
    },
    # Holds, SARs, restrictions and corrections: no erasure, no disclosure, none of the reports' other
    # reads, and none of the rights function's requests, outside disclosures and complaints.
    "casework": _DISCLOSURE
    | _DELETION_PATH
    | _OTHER_FUNCTIONS
    | _READS
    | _ERASURE
    | {
        "call_recordings.complaints.complaining",
        "call_recordings.complaints.records",
        "call_recordings.dpo_api.complaint_models",
        "call_recordings.dpo_api.complaint_requests",
        "call_recordings.dpo_api.disclosure_requests",
        "call_recordings.dpo_api.rights_models",
        "call_recordings.dpo_api.rights_requests",
        "call_recordings.outside_disclosures.recording",
        "call_recordings.rights.opening",
    },
    # Rights requests, outside disclosures and complaints: none of the holds', SARs' or corrections' own
    # changes and answers, no erasure, no disclosure, none of the reports' other reads.
    "rights": _DISCLOSURE
    | _DELETION_PATH
    | _OTHER_FUNCTIONS
    | _READS
    | _ERASURE
    | {
        "call_recordings.corrections.correcting",
        "call_recordings.dpo_api.correction_requests",
        "call_recordings.dpo_api.hold_models",
        "call_recordings.dpo_api.hold_requests",
        "call_recordings.dpo_api.sar_models",
        "call_recordings.dpo_api.routes.hold_reports",
        "call_recordings.dpo_api.routes.sar_reports",
        "call_recordings.holds.reviewing",
        "call_recordings.subject_access.closing",
    },
    # Disclosure packages and erasures: it asks the eraser, it does not run the deletion path; it
    # never places, releases or reports on holds, nor closes or reports on SARs.
    "disclosure": (_CHANGES - {"call_recordings.core.selection", "call_recordings.subject_access.changes"})
    | _DELETION_PATH - {"call_recordings.deletion.records"}
    | _OTHER_FUNCTIONS
    | _READS
    | {
        "call_recordings.dpo_api.hold_models",
        "call_recordings.holds.hold",  # a SAR's package names no hold
        "call_recordings.dpo_api.sar_models",
        "call_recordings.dpo_api.routes.sar_reports",
        "call_recordings.dpo_api.routes.hold_reports",
        "call_recordings.dpo_api.rights_requests",
        "call_recordings.rights.opening",
        "call_recordings.rights.restricting",
    },
}


def imported_by(module: str) -> set[str]:
    """The call_recordings modules a fresh interpreter has imported once it has imported `module`."""
    listing = (
        f"import json, sys, {module}; "
        "print(json.dumps(sorted(name for name in sys.modules if name.startswith('call_recordings'))))"
    )
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", listing], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(output))


@pytest.mark.parametrize("function", sorted(NOT_IMPORTED))
def test_a_dpo_function_imports_only_the_code_of_its_own_routes(function):
    imported = imported_by(f"call_recordings.dpo_api.{function}_handler")
    assert f"call_recordings.dpo_api.{function}_handler" in imported
    assert imported & NOT_IMPORTED[function] == set()


# The models a cold start still builds: the function's settings (read by its first request, whatever
# it is), the ICO's contact (an instance is the complaint answer's default) and a job's records
# (jobs/records.py, not yet on the deferred base).
BUILT_AT_IMPORT = {"DpoApiSettings", "IcoContact", "Job", "JobMessage"}


def built_models(module: str) -> tuple[set[str], set[str]]:
    """Our pydantic models a fresh interpreter has defined once it has imported `module`, and those of
    them it has built (validator and serializer) already."""
    listing = (
        f"import json, pydantic, {module}\n"
        "def subclasses(model):\n"
        "    for each in model.__subclasses__():\n"
        "        yield each\n"
        "        yield from subclasses(each)\n"
        "ours = {m for m in subclasses(pydantic.BaseModel) if m.__module__.startswith('call_recordings')}\n"
        "print(json.dumps([sorted(m.__qualname__ for m in ours),\n"
        "                  sorted(m.__qualname__ for m in ours if m.__pydantic_complete__)]))"
    )
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", listing], check=True, capture_output=True, text=True
    ).stdout
    defined, built = json.loads(output)
    return set(defined), set(built)


@pytest.mark.parametrize("function", sorted(NOT_IMPORTED))
def test_a_dpo_function_builds_its_models_on_first_use_not_at_a_cold_start(function):
    defined, built = built_models(f"call_recordings.dpo_api.{function}_handler")
    assert len(defined) > 40  # the answers, bodies and records of its routes, defined all the same
    assert built <= BUILT_AT_IMPORT
