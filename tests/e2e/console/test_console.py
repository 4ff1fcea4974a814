"""The DPO's console in a real browser (issue 18 item 4): headless Debian chromium, driven by
Playwright, against `make serve`'s stack, doing what a DPO does: sign in, place and release a hold,
answer an access request, restrict, read the statistics and a recording's audit trail. axe-core runs in
every page: no WCAG 2.2 AA violation (Public Sector Bodies Accessibility Regulations 2018), and no
script error or Content-Security-Policy refusal either."""

import io
import json
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from tests.e2e.console.conftest import london_today


def test_a_dpo_signs_in_and_sees_what_needs_them_today(console):
    page = console.page
    assert page.get_by_role("heading", level=1).inner_text() == "Today"
    assert "local-dpo" in page.locator("#signed-in-as").inner_text()
    assert page.title().startswith("Today \N{EN DASH} ")
    nightly = page.locator("#nightly").inner_text()
    assert "Retention sweep" in nightly and "Reconciliation" in nightly
    console.check("today")


def test_a_dpo_places_a_hold_on_a_call_and_releases_it(console):
    page = console.page
    call_id = "C-0002"
    console.go("/holds")
    console.check("holds")
    page.get_by_role("button", name="Place a hold").click()
    console.shown("/holds/new")

    # Nothing chosen: the error summary links each missing answer to its field.
    page.get_by_role("button", name="Place the hold").click()
    summary = page.locator(".govuk-error-summary")
    assert "Select why you are placing the hold" in summary.inner_text()
    case_reference = summary.get_by_role("link", name="Enter the case reference")
    assert case_reference.get_attribute("href") == "#case_reference"
    console.check("holds-place-errors")

    page.get_by_label("A legal claim").check()
    page.get_by_label("Case reference").fill("CLAIM-2026-014")
    page.get_by_label("Recordings I know the call ids of").check()
    page.get_by_label("Call ids", exact=True).fill(f"{call_id}\nC-NOT-THERE")
    page.get_by_role("button", name="Place the hold").click()
    # The API refuses an unknown call id (404): its error is shown, and what was typed is still there.
    refusal = page.locator(".govuk-error-summary").filter(has_text="C-NOT-THERE")
    refusal.wait_for()
    assert refusal.get_by_role("link").get_attribute("href") == "#call_ids"
    assert "(recordings-not-found)" in refusal.inner_text()
    assert page.get_by_label("Case reference").input_value() == "CLAIM-2026-014"
    assert page.get_by_label("A legal claim").is_checked()

    page.get_by_label("Call ids", exact=True).fill(call_id)
    console.check("holds-place")
    page.get_by_role("button", name="Place the hold").click()
    banner = page.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "placed on 1 recording version" in banner.inner_text()
    summary_list = page.locator("#hold-summary")
    assert "active" in summary_list.inner_text()
    assert "CLAIM-2026-014" in summary_list.inner_text()
    assert page.get_by_role("link", name=call_id).count() == 1
    console.check("hold")

    page.locator("summary", has_text="Release the hold now").click()
    page.get_by_role("button", name="Release the hold").click()
    page.locator(".govuk-notification-banner--success").filter(has_text="being released").wait_for()
    page.locator("#hold-summary").filter(has_text="released").wait_for()
    assert "released" in page.locator("#hold-summary").inner_text()


def fill_date(page, field: str, when) -> None:
    page.locator(f"#{field}-day").fill(str(when.day))
    page.locator(f"#{field}-month").fill(str(when.month))
    page.locator(f"#{field}-year").fill(str(when.year))


def succeeded(page, text: str) -> str:
    """Wait for the success banner saying `text`; what it says."""
    banner = page.locator(".govuk-notification-banner--success").filter(has_text=text)
    banner.wait_for()
    return banner.inner_text()


def test_a_dpo_answers_a_subject_access_request_and_downloads_the_package(console):
    """Art 15 end to end: opened, paused for clarification (Art 12A) and resumed, extended (Art 12(3)),
    each recording decided, and the package exported and downloaded."""
    page = console.page
    sample = next(s for s in console.stack.samples if s.call_id == "C-0001")
    console.go("/requests")
    console.check("requests")
    page.get_by_role("button", name="Open a request").click()
    console.shown("/requests/new")
    page.get_by_label("Access to their recordings").check()
    fill_date(page, "received_on", london_today())
    page.get_by_label("Caller number").fill(sample.metadata["caller-number"])
    console.check("requests-open")
    page.get_by_role("button", name="Open the request").click()
    assert "recording version" in succeeded(page, "opened")
    assert page.get_by_role("link", name="C-0001").count() == 1
    console.check("sar")

    page.locator("summary", has_text="Pause the clock").click()
    page.get_by_label("Clarification of what they want").check()
    page.get_by_role("button", name="Pause the clock").click()
    succeeded(page, "The clock is paused")
    assert "Paused now" in page.locator("#timeline").inner_text()
    page.get_by_role("button", name="Resume the clock").click()
    succeeded(page, "The clock is running again")
    assert "Paused: clarification asked for" in page.locator("#timeline").inner_text()

    page.locator("summary", has_text="Extend by two months").click()
    page.get_by_label("Why the request needs longer").fill("Many recordings to listen to and redact.")
    page.get_by_role("button", name="Extend the deadline").click()
    succeeded(page, "extended by two months")
    assert "Extended by two months" in page.locator("#timeline").inner_text()

    # Exporting before every recording is decided: the API's 409, shown and linked to the button.
    page.get_by_role("button", name="Export the package").click()
    page.locator(".govuk-error-summary").filter(has_text="decisions-outstanding").wait_for()
    console.check("sar-export-refused")

    page.get_by_role("group", name="Call C-0001").get_by_label("Disclose").check()
    page.get_by_role("button", name="Save the decisions").click()
    succeeded(page, "decision")
    page.get_by_role("button", name="Export the package").click()
    assert "exported: 1 recording" in succeeded(page, "Package")
    console.check("sar-package")

    # Issue 18: the whole package as one zip (its job followed by the page), with the manifest inside.
    download = page.request.get(page.locator("#package-zip").get_attribute("href"))
    assert download.ok
    archive = zipfile.ZipFile(io.BytesIO(download.body()))
    assert archive.testzip() is None
    assert archive.read("C-0001_v1.wav") == sample.body
    assert [each["call_id"] for each in json.loads(archive.read("manifest.json"))["recordings"]] == ["C-0001"]
    first_file = page.locator("#package-files a").first
    download = page.request.get(first_file.get_attribute("href"))
    assert download.ok and download.body() == sample.body
    manifest = page.request.get(page.locator("#manifest-csv").get_attribute("href"))
    assert manifest.ok and "C-0001" in manifest.text()


def test_a_dpo_restricts_recordings_on_a_restriction_request(console):
    """Art 18(1)(a): the person contests the accuracy; the calls are kept but restricted."""
    page = console.page
    console.go("/requests/new")
    page.get_by_label("Restriction", exact=True).check()
    fill_date(page, "received_on", london_today())
    page.get_by_label("Call ids (restriction, objection or rectification)").fill("C-0003")
    page.get_by_role("button", name="Open the request").click()
    succeeded(page, "opened")
    console.check("request")
    page.get_by_label("Restrict the recordings").check()
    page.get_by_label("They contest the accuracy").check()
    page.get_by_role("button", name="Record the decision").click()
    succeeded(page, "Decision recorded: restrict")
    summary = page.locator("#request-summary").inner_text()
    assert "Restricted: 1 recording version(s) under R-" in summary


def test_a_dpo_reads_the_published_statistics_and_downloads_them_as_csv(console):
    page = console.page
    console.go("/statistics")
    table = page.locator("#statistics")
    # The samples were recorded in the month before this one: published, with a figure above 4.
    assert table.locator("tbody tr").count() == 12
    assert page.locator("#chart rect").count() == 12
    console.check("statistics")
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Download as CSV").click()
    lines = Path(downloaded.value.path()).read_text().splitlines()
    assert lines[0].startswith("month,purpose,source,count")
    assert len(lines) > 12

    page.get_by_label("To month").fill("2026-13")
    page.get_by_role("button", name="Show these months").click()
    refusal = page.locator(".govuk-error-summary")
    assert refusal.get_by_role("link").get_attribute("href") == "#to"
    assert page.get_by_label("To month").input_value() == "2026-13"


def test_a_dpo_finds_a_recording_reads_its_audit_trail_and_corrects_its_purpose(console):
    page = console.page
    console.go("/recordings")
    what = page.get_by_label("Call id, caller number or customer reference")
    what.fill("C-0404")
    page.get_by_role("button", name="Find").click()
    refusal = page.locator(".govuk-error-summary")
    refusal.wait_for()
    assert "(recording-not-found)" in refusal.inner_text()
    assert what.input_value() == "C-0404"
    console.check("recordings")

    what.fill("C-0005")
    page.get_by_role("button", name="Find").click()
    console.shown("/recordings/C-0005")
    trail = page.locator("#audit-entries")
    assert "recording registered" in trail.inner_text()
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Download the trail as CSV").click()
    assert "recording-registered" in Path(downloaded.value.path()).read_text()
    console.check("recording")

    page.locator("summary", has_text="Change its purpose").click()
    page.get_by_label("Legal claims").check()
    page.locator("#purpose_reason").fill("The caller has since made a claim against the council.")
    page.get_by_role("button", name="Save the correction").first.click()
    succeeded(page, "purpose set to legal-claims")
    assert "recording repurposed" in page.locator("#audit-entries").inner_text()


def test_a_dpo_finds_a_persons_recordings_by_caller_number_and_the_search_is_on_the_record(console):
    """Issue 18: Find a recording by caller number or customer reference. The number is sent in the
    request's body (never in the page's address) and the search is audited without it (Art 5(2))."""
    page = console.page
    console.go("/recordings")
    page.get_by_label("Caller number", exact=True).check()
    what = page.get_by_label("Call id, caller number or customer reference")
    what.fill("0770")  # too short to be a number
    page.get_by_role("button", name="Find").click()
    refusal = page.locator(".govuk-error-summary")
    refusal.wait_for()
    assert "(invalid-subject-identifier)" in refusal.inner_text()
    assert what.input_value() == "0770"  # nothing lost
    console.check("recordings-refused")

    what.fill("07700 900123")  # C-0001's caller, as the person gives it
    page.get_by_role("button", name="Find").click()
    found = page.locator("#found-table")
    found.wait_for()
    assert "900123" not in page.url
    assert page.locator(".govuk-error-summary").count() == 0  # the refusal is answered
    assert not page.title().startswith("Error")
    assert [row.inner_text() for row in found.locator("tbody th").all()] == ["C-0001"]
    console.check("recordings-found")
    found.get_by_role("link", name="C-0001").click()
    console.shown("/recordings/C-0001")

    page.goto(f"{console.stack.console_url}/#/audit?target=search%23{london_today().isoformat()}")
    console.shown("/audit")
    entries = page.locator("#audit-entries")
    entries.wait_for()
    assert "recordings searched" in entries.inner_text()
    assert "900123" not in entries.inner_text()


def test_a_dpo_sees_the_quarantined_and_flagged_recordings_on_today(console):
    """Issue 18, Today: quarantined and flagged recordings, with why, linking to each."""
    page = console.page
    flagged = page.locator("#flagged")
    flagged.wait_for()
    listed = flagged.inner_text()
    for call_id in ("C-0012", "C-0013", "C-0009"):  # card details, an officer's call leg, no source
        assert f"Recording {call_id}" in listed
    # (The samples are last month's, uploaded today: every one arrived late, and is listed for that.)
    card = flagged.locator("li", has_text="Recording C-0012")
    assert "quarantined" in card.inner_text() and "card or bank details" in card.inner_text()
    assert "quarantined" not in flagged.locator("li", has_text="Recording C-0009").inner_text()
    flagged.get_by_role("link", name="Recording C-0012").click()
    console.shown("/recordings/C-0012")


def test_a_dpo_reads_the_audit_trail_of_the_last_days(console):
    page = console.page
    console.go("/audit")
    assert page.locator("#audit-entries tbody tr").count() > 0
    console.check("audit")
    page.get_by_label("What").select_option("hold")
    page.get_by_label("Its id (optional)").fill("H-nothing")
    page.get_by_role("button", name="Show entries").click()
    console.shown("/audit")
    page.locator("#audit-entries").filter(has_text="No entries").wait_for()


def test_a_dpo_logs_a_complaint_and_acknowledges_it(console):
    """DPA 2018 s.164A: acknowledged within 30 days of receipt."""
    page = console.page
    console.go("/complaints/new")
    page.get_by_role("button", name="Log the complaint").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link", name="Enter the day it was received").get_attribute("href") == (
        "#received_on-day"
    )
    fill_date(page, "received_on", london_today())
    page.get_by_label("A recording").check()
    page.get_by_label("Its id or call id (if any)").fill("C-0001")
    page.get_by_label("What they complain of").fill("The recording of my call was kept too long.")
    page.get_by_role("button", name="Log the complaint").click()
    succeeded(page, "acknowledge it by")
    console.check("complaint")
    page.locator("summary", has_text="Acknowledge it").click()
    page.get_by_role("button", name="Record the acknowledgement").click()
    succeeded(page, "Acknowledgement recorded")
    assert "Acknowledged" in page.locator("#timeline").inner_text()
    console.go("/complaints")
    console.check("complaints")


def preflight(url: str, origin: str) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(  # noqa: S310 - the local API on 127.0.0.1
        url,
        method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the local API
            return answer.status, dict(answer.headers.items())
    except urllib.error.HTTPError as refusal:
        return refusal.code, dict(refusal.headers.items())


def test_the_local_api_answers_cors_for_the_console_alone_and_the_console_forbids_inline_scripts(
    served_stack,
):
    status, headers = preflight(f"{served_stack.api_url}/holds", served_stack.console_url)
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == served_stack.console_url
    assert "x-amz-date" in headers["Access-Control-Allow-Headers"]

    status, headers = preflight(f"{served_stack.api_url}/holds", "http://127.0.0.1:1")
    assert status == 403  # API Gateway's answer to a method it does not have; nothing invoked
    assert "Access-Control-Allow-Origin" not in headers

    with urllib.request.urlopen(f"{served_stack.console_url}/", timeout=10) as page:  # noqa: S310
        policy = page.headers["Content-Security-Policy"]
        html = page.read().decode()
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert f"connect-src 'self' {served_stack.api_url};" in policy
    assert "<script>" not in html and "style=" not in html
    with urllib.request.urlopen(f"{served_stack.console_url}/config.json", timeout=10) as config:  # noqa: S310
        assert json.loads(config.read())["auth"] == {
            "mode": "local",
            "accessKeyId": "local",
            "secretAccessKey": "local",
            "sessionToken": None,
            "person": "local-dpo",
        }
