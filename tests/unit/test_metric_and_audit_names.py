"""Metric names come from ``observability.Metric`` and audit actions and targets from the audit trail's
vocabulary, never from a string literal in a handler or a domain module (STYLE 12).

The functions' source is read with ``ast``: every ``add_metric``/``single_metric`` call must name a
``Metric`` member, and no ``action=``/``target=`` given to an audit trail's ``record(`` may hold a string
literal. A name passed on is followed to what it is bound to in its function or module (an assignment,
a ``for`` loop over a literal table), so a literal cannot hide behind a variable.
"""

import ast
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from call_recordings.core.observability import Metric

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"
METRIC_CALLS = {"add_metric", "single_metric"}
AUDIT_ARGUMENTS = ("action", "target")


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.what}"


class Source:
    """One module's syntax tree, with each node's enclosing function (or the module) at hand."""

    def __init__(self, text: str, where: str) -> None:
        self.where = where
        self.tree = ast.parse(text)
        self._scope: dict[int, ast.AST] = {}
        self._index(self.tree, self.tree)

    def _index(self, node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self._scope[id(child)] = scope
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            self._index(child, inner)

    def calls(self) -> Iterator[ast.Call]:
        yield from (node for node in ast.walk(self.tree) if isinstance(node, ast.Call))

    def leaves(self, expression: ast.expr, depth: int = 4) -> Iterator[ast.expr]:
        """What an argument can be: the branches of a conditional, and what a name is bound to in its
        function or at module level (a name bound nowhere, such as a parameter, is a leaf itself)."""
        if isinstance(expression, ast.IfExp):
            yield from self.leaves(expression.body, depth)
            yield from self.leaves(expression.orelse, depth)
        elif isinstance(expression, ast.BoolOp):
            for value in expression.values:
                yield from self.leaves(value, depth)
        elif isinstance(expression, ast.Name) and depth:
            bound = list(self._bound(expression.id, self._scope.get(id(expression), self.tree)))
            if not bound:
                yield expression
            for value in bound:
                yield from self.leaves(value, depth - 1)
        else:
            yield expression

    def _bound(self, name: str, scope: ast.AST) -> Iterator[ast.expr]:
        statements = ast.walk(scope) if scope is not self.tree else iter(self.tree.body)
        if scope is not self.tree:
            statements = (*statements, *self.tree.body)
        for node in statements:
            if isinstance(node, ast.Assign):
                pairs = [(target, node.value) for target in node.targets]
            elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                pairs = [(node.target, node.value)]
            elif isinstance(node, ast.For | ast.comprehension):
                elements = node.iter.elts if isinstance(node.iter, ast.Tuple | ast.List) else [node.iter]
                pairs = [(node.target, element) for element in elements]
            else:
                continue
            for target, value in pairs:
                yield from _matched(name, target, value)


def _matched(name: str, target: ast.expr, value: ast.expr) -> Iterator[ast.expr]:
    if isinstance(target, ast.Name):
        if target.id == name:
            yield value
    elif isinstance(target, ast.Tuple | ast.List):
        if isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(target.elts):
            for each_target, each_value in zip(target.elts, value.elts, strict=True):
                yield from _matched(name, each_target, each_value)
        elif any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(target)):
            yield value  # unpacked from what cannot be split here: judged whole


def _holds_a_literal(expression: ast.expr) -> bool:
    return any(
        isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))
        for node in ast.walk(expression)
    )


def _called(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


def _is_metric_member(expression: ast.expr) -> bool:
    return (
        isinstance(expression, ast.Attribute)
        and isinstance(expression.value, ast.Name)
        and expression.value.id == Metric.__name__
        and expression.attr in Metric.__members__
    )


def metric_names_not_from_the_enum(source: Source) -> Iterator[Finding]:
    for call in source.calls():
        if _called(call) not in METRIC_CALLS:
            continue
        named = [keyword.value for keyword in call.keywords if keyword.arg == "name"] or call.args[:1]
        for argument in named:
            for leaf in source.leaves(argument):
                if not _is_metric_member(leaf):
                    yield Finding(source.where, call.lineno, f"metric name {ast.unparse(leaf)}, not a Metric")


def literal_audit_names(source: Source) -> Iterator[Finding]:
    for call in source.calls():
        if _called(call) != "record":
            continue
        for keyword in call.keywords:
            if keyword.arg in AUDIT_ARGUMENTS:
                for leaf in source.leaves(keyword.value):
                    if _holds_a_literal(leaf):
                        yield Finding(source.where, call.lineno, f"audit {keyword.arg}={ast.unparse(leaf)}")


def functions_source() -> Iterator[Source]:
    for path in sorted(FUNCTIONS.rglob("*.py")):
        yield Source(path.read_text(), str(path.relative_to(FUNCTIONS)))


def count_calls(names: set[str]) -> int:
    return sum(_called(call) in names for source in functions_source() for call in source.calls())


def test_every_metric_a_function_publishes_is_named_by_the_metric_enum():
    found = [str(each) for source in functions_source() for each in metric_names_not_from_the_enum(source)]
    assert found == []
    assert count_calls(METRIC_CALLS) >= 15  # the scan saw the handlers' calls


def test_no_audit_action_or_target_is_written_as_a_literal():
    found = [str(each) for source in functions_source() for each in literal_audit_names(source)]
    assert found == []
    assert count_calls({"record"}) >= 15


def scanned(code: str, check) -> list[str]:
    return [
        each.what for each in sorted(check(Source(textwrap.dedent(code), "example.py")), key=lambda f: f.line)
    ]


def test_the_scan_finds_a_literal_metric_name_however_it_is_passed():
    code = """
        LOST = "RecordingsLost"

        def report(outcome, counts):
            metrics.add_metric(name="RecordingsRegistered", unit=MetricUnit.Count, value=1)
            metrics.add_metric(name=Metric.RECORDINGS_HELD if outcome else "Skipped", unit="Count", value=1)
            for kind, metric in ((HELD, "RecordingsHeld"), (RETURNED, Metric.SWEEP_COMPLETED)):
                metrics.add_metric(name=metric, unit=MetricUnit.Count, value=counts[kind])
            metrics.add_metric(name=LOST, unit=MetricUnit.Count, value=1)
            metrics.add_metric(name=outcome.value, unit=MetricUnit.Count, value=1)
            metrics.add_metric(name=Metric.RECORDINGS_MISLAID, unit=MetricUnit.Count, value=1)
            with single_metric(name=f"{outcome}Count", unit=MetricUnit.Count, value=1):
                pass
            metrics.add_metric(name=Metric.SWEEP_COMPLETED, unit=MetricUnit.Count, value=1)
    """
    assert scanned(code, metric_names_not_from_the_enum) == [
        "metric name 'RecordingsRegistered', not a Metric",
        "metric name 'Skipped', not a Metric",
        "metric name 'RecordingsHeld', not a Metric",
        "metric name 'RecordingsLost', not a Metric",
        "metric name outcome.value, not a Metric",
        "metric name Metric.RECORDINGS_MISLAID, not a Metric",  # no such member
        "metric name f'{outcome}Count', not a Metric",
    ]


def test_the_scan_finds_a_literal_audit_action_or_target_however_it_is_passed():
    code = """
        def place(deps, hold_id, placed):
            deps.audit.record(who="x", action="hold-placed", target=hold_target(hold_id), at=NOW)
            deps.audit.record(who="x", action=AuditAction.HOLD_PLACED, target=f"hold#{hold_id}", at=NOW)
            target = "hold#" + hold_id
            deps.audit.record(who="x", action=AuditAction.HOLD_ACTIVE, target=target, at=NOW)
            action, finished = AuditAction.RECORDINGS_HELD, "hold-active"
            deps.audit.record(who="x", action=action, target=hold_target(hold_id), at=NOW)
            deps.audit.record(who="x", action=finished, target=hold_target(hold_id), at=NOW)
            deps.audit.record(who="x", action=AuditAction.HOLD_RELEASED, target=hold_target(hold_id), at=NOW)
    """
    assert scanned(code, literal_audit_names) == [
        "audit action='hold-placed'",
        "audit target=f'hold#{hold_id}'",
        "audit target='hold#' + hold_id",
        "audit action='hold-active'",
    ]
