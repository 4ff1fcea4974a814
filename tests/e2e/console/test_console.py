"""The DPO's console in a real browser (issue 18 item 4): headless Debian chromium, driven by
Playwright, against `make serve`'s stack, doing what a DPO does: sign in, place and release a hold,
answer an access request, restrict, read the statistics and a recording's audit trail. axe-core runs in
every page: no WCAG 2.2 AA violation (Public Sector Bodies Accessibility Regulations 2018), and no
script error or Content-Security-Policy refusal either."""



def test_a_dpo_signs_in_and_sees_what_needs_them_today(console):
    page = console.page
    assert page.get_by_role("heading", level=1).inner_text() == "Today"
    assert "local-dpo" in page.locator("#signed-in-as").inner_text()
    assert page.title().startswith("Today \N{EN DASH} ")
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

    page.get_by_text("Release the hold now").click()
    page.get_by_role("button", name="Release the hold").click()
    page.locator(".govuk-notification-banner--success").filter(has_text="being released").wait_for()
    page.locator("#hold-summary").filter(has_text="released").wait_for()
    assert "released" in page.locator("#hold-summary").inner_text()
