"""Alarms that reach the DPO and the dashboard, read from the synthesized template."""

import json

import pytest
from aws_cdk.assertions import Template

from call_recordings.core.observability import Metric, Service
from call_recordings.rights.deadlines import CaseworkKind
from tests.infra.conftest import logical_id


def dpo_topic(template: Template) -> str:
    [topic] = template.find_resources("AWS::SNS::Topic")
    return topic


def alarms(template: Template) -> dict[str, dict]:
    return {
        name: resource["Properties"]
        for name, resource in template.find_resources("AWS::CloudWatch::Alarm").items()
    }


def alarm_on(template: Template, metric_name: str) -> dict:
    [found] = [props for props in alarms(template).values() if props.get("MetricName") == metric_name]
    return found


def notifies_the_dpo(template: Template, props: dict) -> bool:
    topic = {"Ref": dpo_topic(template)}
    return props["AlarmActions"] == [topic] and props["OKActions"] == [topic]


def test_every_lambda_in_the_template_has_an_errors_alarm_to_the_dpo(template):
    functions = template.find_resources("AWS::Lambda::Function")
    errors = {
        props["Dimensions"][0]["Value"]["Ref"]: props
        for props in alarms(template).values()
        if props.get("Namespace") == "AWS/Lambda" and props.get("MetricName") == "Errors"
    }
    assert len(functions) >= 7  # ingest, hold worker, DPO API, sweeper, eraser, reminders, reconciliation...
    assert set(errors) == set(functions)
    for props in errors.values():
        assert props["Dimensions"][0]["Name"] == "FunctionName"
        assert (props["Statistic"], props["Period"], props["EvaluationPeriods"]) == ("Sum", 300, 1)
        assert (props["ComparisonOperator"], props["Threshold"]) == ("GreaterThanThreshold", 0)
        assert props["TreatMissingData"] == "notBreaching"
        assert notifies_the_dpo(template, props)


def test_the_dpo_hears_when_no_sweep_has_completed_in_26_hours(template):
    props = alarm_on(template, Metric.SWEEP_COMPLETED.value)
    assert props["Namespace"] == "CallRecordings"
    assert props["Dimensions"] == [{"Name": "service", "Value": Service.RETENTION_SWEEPER.value}]
    assert (props["Statistic"], props["Period"]) == ("Sum", 3600)
    assert (props["EvaluationPeriods"], props["DatapointsToAlarm"]) == (26, 26)
    assert (props["ComparisonOperator"], props["Threshold"]) == ("LessThanThreshold", 1)
    assert props["TreatMissingData"] == "breaching"  # a sweeper that publishes nothing has stopped
    assert notifies_the_dpo(template, props)


@pytest.mark.parametrize(
    "metric",
    [Metric.REQUESTS_OVERDUE, Metric.COMPLAINT_ACKNOWLEDGEMENTS_OVERDUE, Metric.HOLD_REVIEWS_OVERDUE],
)
def test_the_dpo_hears_of_an_overdue_request_complaint_acknowledgement_or_hold_review(template, metric):
    props = alarm_on(template, metric.value)
    assert props["Namespace"] == "CallRecordings"
    assert props["Dimensions"] == [{"Name": "service", "Value": Service.CASEWORK_REMINDERS.value}]
    assert (props["ComparisonOperator"], props["Threshold"], props["EvaluationPeriods"]) == (
        "GreaterThanThreshold",
        0,
        1,
    )
    assert (props["Period"], props["Statistic"]) == (86400, "Maximum")
    assert notifies_the_dpo(template, props)


def test_every_alarm_of_the_stack_notifies_the_dpo(template):
    assert len(alarms(template)) >= 10
    assert all(notifies_the_dpo(template, props) for props in alarms(template).values())


def _dashboard_body(template: Template) -> str:
    dashboard_id = logical_id(template, "AWS::CloudWatch::Dashboard", {"DashboardName": "CallRecordings"})
    body = template.to_json()["Resources"][dashboard_id]["Properties"]["DashboardBody"]
    parts = body["Fn::Join"][1] if isinstance(body, dict) else [body]
    return "".join(part if isinstance(part, str) else json.dumps(part) for part in parts)


def test_the_dashboard_shows_open_casework_by_kind_and_its_age(template):
    """Issue 15: the dashboard shows open requests by kind and their age."""
    body = _dashboard_body(template)
    for metric in (Metric.OPEN_CASEWORK, Metric.OLDEST_OPEN_CASEWORK_DAYS):
        for kind in CaseworkKind:
            assert (
                f'["CallRecordings","{metric.value}","kind","{kind.value}","service","casework-reminders"'
                in body
            ), (metric, kind)


def test_the_dashboard_shows_recordings_per_day_deadlines_and_the_alarms(template):
    body = _dashboard_body(template)
    for metric, service in (
        (Metric.RECORDINGS_REGISTERED, Service.INGEST),
        (Metric.RECORDINGS_FLAGGED, Service.INGEST),
        (Metric.RECORDINGS_HELD, Service.HOLD_WORKER),
        (Metric.RECORDINGS_DELETED, Service.RETENTION_SWEEPER),
        (Metric.RECORDINGS_ERASED, Service.ERASER),
        (Metric.REQUESTS_OVERDUE, Service.CASEWORK_REMINDERS),
        (Metric.REQUESTS_DUE_SOON, Service.CASEWORK_REMINDERS),
        (Metric.COMPLAINT_ACKNOWLEDGEMENTS_OVERDUE, Service.CASEWORK_REMINDERS),
        (Metric.HOLD_REVIEWS_OVERDUE, Service.CASEWORK_REMINDERS),
    ):
        assert f'["CallRecordings","{metric.value}","service","{service.value}"' in body, metric
    assert '"period":86400' in body
    assert '"type":"alarm"' in body
    for alarm_id in alarms(template):
        assert alarm_id in body  # every alarm's status is on the dashboard


def test_every_function_of_ours_starts_without_scanning_for_pydantic_plugins(template):
    """Our functions build pydantic models at import; with plugins left on, the first one scans every
    installed distribution's entry points (bench/imports.py measures each handler in its environment)."""
    ours = {
        name: props
        for name, props in template.find_resources("AWS::Lambda::Function").items()
        if props["Properties"]["Handler"].startswith("call_recordings.")
    }
    assert len(ours) >= 9
    for name, props in ours.items():
        assert props["Properties"]["Environment"]["Variables"]["PYDANTIC_DISABLE_PLUGINS"] == "__all__", name
