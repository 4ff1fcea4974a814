"""The DPO API's four functions by privilege, each called directly as Lambda calls it: each answers its
own routes and no other's, the reports function only reads, and the composition root makes each
client, setting and key once, and only what a function's routes use. On moto (holds_fixtures)."""

import json
from collections import Counter

import boto3
import pytest

from call_recordings.dpo_api import dependencies
from call_recordings.dpo_api.handler import FUNCTIONS, app
from call_recordings.dpo_api.openapi import operations
from call_recordings.dpo_api.settings import DpoApiSettings, SettingNotGiven
from tests.integration import deletion_fixtures, sar_fixtures, statistics_fixtures
from tests.integration.holds_fixtures import LambdaContext, api_event

# The holds world with every DPO dependency on moto: statistics and restrictions, SARs, erasures.
holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world
sar_world = sar_fixtures.sar_world
deletion = deletion_fixtures.deletion

# A value for each path parameter, of the shape its route accepts.
SAMPLE_IDS = {
    "{call_id}": "C-1",
    "{hold_id}": "H-20261128-3F9A1C2B7D",
    "{sar_id}": "S-20261128-3F9A1C2B7D",
    "{erasure_id}": "E-20261128-3F9A1C2B7D",
    "{restriction_id}": "R-20261128-3F9A1C2B7D",
}


def sample_path(path: str) -> str:
    for parameter, value in SAMPLE_IDS.items():
        path = path.replace(parameter, value)
    return path


def call_function(privilege: str, method: str, path: str, body=None, **options) -> tuple[int, dict]:
    """The function's own Lambda handler, as if API Gateway had sent it this request."""
    response = FUNCTIONS[privilege].lambda_handler(api_event(method, path, body, **options), LambdaContext())
    return response["statusCode"], json.loads(response["body"] or "{}")


ROUTES = [(privilege, *route) for privilege, module in FUNCTIONS.items() for route in operations(module.app)]


@pytest.mark.parametrize(("privilege", "method", "path"), ROUTES)
def test_each_function_refuses_every_route_of_the_others_in_the_api_s_error_shape(privilege, method, path):
    for other in FUNCTIONS:
        if other == privilege:
            continue
        status, body = call_function(other, method, sample_path(path), {})
        assert status == 404, (other, method, path)
        assert body == {
            "error": {"code": "route-not-found", "message": f"no route {method} {sample_path(path)}"}
        }


@pytest.mark.parametrize(("privilege", "method", "path"), ROUTES)
def test_each_function_answers_its_own_routes(world, sar_world, deletion, privilege, method, path):
    world.seed_recording("C-1")
    status, body = call_function(privilege, method, sample_path(path), {})
    # A route it serves: an answer from the route (found, refused, or not found by its id), never
    # "no such route" and never a failure of the function.
    assert body.get("error", {}).get("code") != "route-not-found", body
    assert status < 500, body


def test_the_four_functions_serve_the_whole_api_each_route_once():
    routes = [route for module in FUNCTIONS.values() for route in operations(module.app)]
    assert len(routes) == len(set(routes))
    assert sorted(routes) == operations(app)


@pytest.fixture
def clients_made():
    """The services of the clients made from boto3's default session (the composition root's)."""
    made: list[str] = []

    def note(event_name, **_):
        made.append(event_name.rsplit(".", 1)[-1])

    session = boto3._get_default_session()
    session.events.register("creating-client-class", note)
    yield made
    session.events.unregister("creating-client-class", note)


@pytest.fixture
def aws_calls():
    """The AWS operations made by clients of boto3's default session (the adapters') while it is on."""
    calls: Counter = Counter()

    def count(model, **_):
        calls[f"{model.service_model.service_name}:{model.name}"] += 1

    session = boto3._get_default_session()
    session.events.register("before-call", count)
    yield calls
    session.events.unregister("before-call", count)


def test_the_reports_function_only_reads(world, aws_calls):
    [version] = world.seed_recording("C-1", caller_number="01803 861234")
    hold_id = world.place({"reason": "threat", "case_reference": "T-1", "call_ids": ["C-1"]}).body["hold_id"]
    aws_calls.clear()
    for path in ("/recordings/C-1", "/holds", f"/holds/{hold_id}", "/sars", "/restrictions", "/statistics"):
        status, body = call_function("reports", "GET", path)
        assert status == 200, (path, body)
    status, trail = call_function("reports", "GET", "/audit", query={"target": f"hold#{hold_id}"})
    assert status == 200 and trail["entries"], trail
    assert aws_calls  # it did read
    assert set(aws_calls) <= {"dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem"}, aws_calls
    assert world.registry_item(version)["holds"] == {hold_id}


@pytest.fixture
def own_composition(monkeypatch):
    """The composition root as a new container makes it, with no test overrides, from the environment."""
    saved = dict(dependencies.DEPENDENCY_OVERRIDES)
    dependencies.DEPENDENCY_OVERRIDES.clear()
    dependencies.reset_dependencies()
    reads = Counter()
    original = DpoApiSettings.from_environment.__func__

    def counted(cls, environ=None):
        reads["settings"] += 1
        return original(cls, environ)

    monkeypatch.setattr(DpoApiSettings, "from_environment", classmethod(counted))
    yield reads
    dependencies.reset_dependencies()
    dependencies.DEPENDENCY_OVERRIDES.update(saved)


def test_the_reports_function_needs_only_the_three_tables_and_makes_one_dynamodb_client(
    world, own_composition, clients_made, monkeypatch
):
    # As its function's environment in the template (tests/infra): no subject key, queue or function.
    for name in ("HMAC_SECRET_ARN", "HOLD_WORK_QUEUE_URL", "HOLD_WORKER_FUNCTION", "RECORDINGS_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    world.seed_recording("C-1")
    clients_made.clear()  # the seeding's own
    answers = {
        path: call_function("reports", "GET", path)[0]
        for path in ("/recordings/C-1", "/recordings/C-2", "/holds", "/sars", "/restrictions", "/statistics")
    }
    assert answers == {
        "/recordings/C-1": 200,
        "/recordings/C-2": 404,
        "/holds": 200,
        "/sars": 200,
        "/restrictions": 200,
        "/statistics": 200,
    }
    assert clients_made == ["dynamodb"]
    assert own_composition["settings"] == 1
    # What it was not given is named where a route would need it, never guessed.
    with pytest.raises(SettingNotGiven, match="HOLD_WORK_QUEUE_URL"):
        dependencies.holds_dependencies().work_queue.enqueue([])
    with pytest.raises(SettingNotGiven, match="HMAC_SECRET_ARN"):
        dependencies.holds_dependencies().subject_key()


def test_one_settings_reading_one_dynamodb_client_and_one_subject_key_fetch_per_container(
    world, own_composition, aws_calls
):
    made = [
        dependencies.holds_dependencies(),
        dependencies.sar_dependencies().holds,
        dependencies.erasure_dependencies(),
        dependencies.restrictions_dependencies(),
    ]
    clients = {id(deps.registry._dynamodb) for deps in made} | {
        id(dependencies.statistics_dependencies().by_month._dynamodb),
        id(dependencies.sar_dependencies().sars._dynamodb),
    }
    assert len(clients) == 1
    keys = {deps.subject_key() for deps in made}
    assert keys == {world.hmac_key}
    assert aws_calls["secretsmanager:GetSecretValue"] == 1
    assert own_composition["settings"] == 1
    dependencies.reset_dependencies()  # a new container reads and fetches again
    assert dependencies.erasure_dependencies().subject_key() == world.hmac_key
    assert (aws_calls["secretsmanager:GetSecretValue"], own_composition["settings"]) == (2, 2)


def test_the_hold_worker_and_eraser_clients_are_made_only_when_first_used(
    world, own_composition, clients_made, monkeypatch
):
    monkeypatch.setenv("ERASER_FUNCTION", "eraser")
    holds, erasures = dependencies.holds_dependencies(), dependencies.erasure_dependencies()
    assert clients_made == ["dynamodb"]
    assert holds.worker.apply  # the first use makes it
    assert clients_made.count("lambda") == 1
    assert erasures.eraser.erase
    assert clients_made.count("lambda") == 2  # the eraser's own client: its own timeout, no retry
    assert holds.worker.apply and erasures.eraser.erase
    assert clients_made == ["dynamodb", "lambda", "lambda"]
