"""The local run's settings: ports (the API's, the console's), the samples, and the daily jobs' AS_OF."""

from datetime import date

import pytest

from infra.local.stack import LocalSettings, LocalStackError, as_of_date

TODAY = date(2026, 11, 28)


def test_as_of_is_none_when_not_given():
    assert as_of_date("", TODAY) is None
    assert LocalSettings.from_environ({}, today=TODAY).as_of is None


def test_as_of_may_be_today_or_later():
    assert as_of_date("2026-11-28", TODAY) == TODAY
    assert LocalSettings.from_environ({"AS_OF": " 2027-03-01 "}, today=TODAY).as_of == date(2027, 3, 1)


def test_an_as_of_date_in_the_past_is_refused_saying_why():
    with pytest.raises(LocalStackError, match=r"AS_OF=2026-11-27 is in the past \(today is 2026-11-28\)"):
        LocalSettings.from_environ({"AS_OF": "2026-11-27"}, today=TODAY)


@pytest.mark.parametrize("value", ["tomorrow", "2027-02-30", "01/03/2027"])
def test_an_as_of_that_is_not_an_iso_date_is_refused(value):
    with pytest.raises(LocalStackError, match="is not a date: give one as YYYY-MM-DD"):
        as_of_date(value, TODAY)


def test_the_console_has_a_port_of_its_own_and_the_samples_are_uploaded_only_when_asked():
    default = LocalSettings.from_environ({}, today=TODAY)
    assert (default.api_port, default.console_port, default.samples) == (4567, 4568, False)
    asked = LocalSettings.from_environ({"LOCAL_CONSOLE_PORT": "8080", "LOCAL_SAMPLES": "1"}, today=TODAY)
    assert (asked.console_port, asked.samples) == (8080, True)
    with pytest.raises(LocalStackError, match="LOCAL_CONSOLE_PORT='0' is not a port number"):
        LocalSettings.from_environ({"LOCAL_CONSOLE_PORT": "0"}, today=TODAY)


def test_the_demo_ends_by_inviting_to_try_the_console_that_make_serve_keeps_running():
    from infra.local.demo import console_invitation

    invitation = console_invitation(LocalSettings(console_port=4570))
    assert "run `make serve` and open http://127.0.0.1:4570/" in invitation
    assert "docs/dpo-guide.md" in invitation
