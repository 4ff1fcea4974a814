"""Small-number suppression of one month's table of counts, so that no published figure, alone or
with others, tells anyone how many recordings (from 1 to 4) fall in a small group.

The month's table is purpose x source, with a total for each purpose (row), each source (column)
and the month. Written as one "augmented" grid, the totals are the last column, the last row and
the corner::

        s1   s2   ...  | by purpose
    p1  c11  c12       | R1
    p2  c21  c22       | R2
    ---------------------------
        C1   C2        | T

Every row and every column of this grid is a *line*: its members add up to its total.

The rules:

1. Primary: every figure from 1 to 4, cell or total, is suppressed. Zero is published: it says
   nobody is in the group.
2. Secondary: a suppressed figure must not be recoverable from what is published. A figure alone
   in its line is recovered by subtraction from the total; but the line rule ("never exactly one
   suppressed figure in a line") is not enough: two suppressed 1s in a line whose other figures
   are published add up to 2, and both must then be 1; a suppressed cell joining two otherwise
   separate groups of suppressed cells is recovered by adding and subtracting lines. So the rule
   here is exact: a suppressed figure is safe when the published figures leave it at least two
   possible values, where a primary-suppressed cell is taken to be known to lie in 1..4 and any
   other suppressed figure (secondary cells, and every suppressed total) to be at least 0
   (``exposed`` finds the unsafe ones). While one is unsafe, the cheapest set of further figures
   that closes a cycle through it (below) is suppressed, the cost of a figure being its value: so
   the smallest figures go first, a cell before a total of the same value. This is "suppress the
   smallest figure in its line", carried on until the figure can really move. A figure on such a
   cycle stays safe whatever is suppressed later, so every round makes at least one more figure
   safe and the rounds end.

   Zeros are used as complements only when nothing else closes a cycle (their cost is above any
   count): a suppressed zero can only be guessed upwards, so it hides little (a primary 1 and a
   zero in a line whose suppressed figures add up to 1 are both recovered), and a zero is no-one's
   personal data. If no cycle can be closed at all, the whole month is suppressed.

   No total across months is published, so each month is a table of its own.

   Why suppressed totals are not taken to lie in 1..4 as well: a reader cannot tell a small total
   from any other suppressed figure, and with that assumption some months could not be protected
   by any suppression: four recordings for one purpose, one from each of four sources, make the
   purpose's total 4 and four cells of 1, which pin each other (4 = 1+1+1+1 with every cell at
   least 1) even with the whole month suppressed. Assuming the reader knows which cells are small
   is already more than a reader of the table can know.

Why ``exposed`` is exact: give each total the sign -1 in its line's equation (the corner +1), so
that every row and every column of the signed grid adds up to zero. Two tables that publish the
same figures differ by an integer change on the suppressed figures that keeps every row and
column at zero: a circulation on the bipartite graph of rows and columns whose edges are the
suppressed figures. Such a change splits into simple cycles, each of which is a possible change on
its own (each moves every figure part of the way the whole change does, so stays within bounds).
A suppressed figure can therefore take another value if and only if it lies on a simple cycle of
suppressed figures along which +1/-1 (alternating, times the sign) keeps every figure within its
bounds: a directed cycle through it in the graph built in ``_moves``.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

SMALLEST_PUBLISHED = 5  # counts from 1 to SMALLEST_PUBLISHED - 1 are suppressed

Position = tuple[int, int]  # (row, column) in the augmented grid


def is_small(count: int) -> bool:
    """A count that would single out 1 to 4 people: never published."""
    return 0 < count < SMALLEST_PUBLISHED


@dataclass(frozen=True)
class SuppressedGrid:
    """An augmented grid (cells, row totals, column totals, corner) and which of its figures are
    suppressed: ``primary`` (1 to 4) and ``secondary`` (suppressed so that no primary is recovered)."""

    values: tuple[tuple[int, ...], ...]
    primary: frozenset[Position]
    secondary: frozenset[Position]

    @property
    def suppressed(self) -> frozenset[Position]:
        return self.primary | self.secondary

    def published(self, row: int, column: int) -> int | None:
        """The figure as published: None when suppressed."""
        return None if (row, column) in self.suppressed else self.values[row][column]


def augmented(cells: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """The cells with a total for each row (last column), each column (last row) and the corner."""
    rows = [(*row, sum(row)) for row in cells]
    totals = tuple(sum(row[column] for row in rows) for column in range(len(rows[0])))
    return (*(tuple(row) for row in rows), totals)


def suppress(cells: Sequence[Sequence[int]]) -> SuppressedGrid:
    """The month's augmented grid with the figures to suppress (module docstring)."""
    if not cells or not cells[0] or any(len(row) != len(cells[0]) for row in cells):
        raise ValueError("a table of counts needs at least one row and one column, all the same length")
    if any(count < 0 for row in cells for count in row):
        raise ValueError("counts are never negative")
    values = augmented(cells)
    primary = frozenset(
        (row, column)
        for row, line in enumerate(values)
        for column, count in enumerate(line)
        if is_small(count)
    )
    last_row, last_column = len(values) - 1, len(values[0]) - 1
    known_small = frozenset(
        (row, column) for row, column in primary if row < last_row and column < last_column
    )  # the cells (not totals) known to lie in 1..4: see the module docstring
    suppressed = set(primary)
    while unsafe := exposed(values, known_small, suppressed):
        cycle = _cheapest_cycle(values, known_small, suppressed, unsafe[0])
        if cycle is None:  # nothing can protect it: the month is published as wholly suppressed
            suppressed |= {(row, column) for row in range(len(values)) for column in range(len(values[0]))}
            break
        suppressed |= cycle
    return SuppressedGrid(values=values, primary=primary, secondary=frozenset(suppressed - primary))


def exposed(
    values: Sequence[Sequence[int]], known_small: frozenset[Position], suppressed: set[Position] | frozenset
) -> list[Position]:
    """The suppressed figures the published ones pin to a single value, in grid order."""
    return [
        position
        for position in sorted(suppressed)
        if not _can_change(values, known_small, suppressed, position)
    ]


def _sign(values: Sequence[Sequence[int]], position: Position) -> int:
    """+1 for a cell and the corner, -1 for a row or column total: every signed line adds up to 0."""
    last_row, last_column = len(values) - 1, len(values[0]) - 1
    row, column = position
    return -1 if (row == last_row) != (column == last_column) else 1


def _within_bounds(values, known_small, position: Position, change: int) -> bool:
    value = values[position[0]][position[1]] + change
    return 1 <= value < SMALLEST_PUBLISHED if position in known_small else value >= 0


def _moves(
    values, known_small, suppressed, leaving_out: Position
) -> dict[tuple[str, int], list[tuple[str, int]]]:
    """The directed graph of possible +1/-1 steps: crossing a suppressed figure from its row to its
    column changes the signed figure by +1, from its column to its row by -1; a step exists only
    when the figure stays within its bounds."""
    graph: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for position in suppressed:
        if position == leaving_out:
            continue
        row, column = ("row", position[0]), ("column", position[1])
        sign = _sign(values, position)
        if _within_bounds(values, known_small, position, +sign):
            graph.setdefault(row, []).append(column)
        if _within_bounds(values, known_small, position, -sign):
            graph.setdefault(column, []).append(row)
    return graph


def _reaches(graph, start: tuple[str, int], goal: tuple[str, int]) -> bool:
    seen, waiting = {start}, [start]
    while waiting:
        here = waiting.pop()
        if here == goal:
            return True
        for there in graph.get(here, ()):
            if there not in seen:
                seen.add(there)
                waiting.append(there)
    return False


def _can_change(values, known_small, suppressed, position: Position) -> bool:
    """Whether the figure lies on a cycle of suppressed figures along which it can move by one."""
    graph = _moves(values, known_small, suppressed, leaving_out=position)
    row, column = ("row", position[0]), ("column", position[1])
    sign = _sign(values, position)
    up = _within_bounds(values, known_small, position, +sign) and _reaches(graph, column, row)
    return up or (_within_bounds(values, known_small, position, -sign) and _reaches(graph, row, column))


def _cost(values, suppressed, position: Position) -> int:
    """What suppressing one more figure costs: nothing if it is suppressed already; else its value
    (a cell before a total of the same value); a zero far more than any count (see the docstring)."""
    if position in suppressed:
        return 0
    value = values[position[0]][position[1]]
    last_row, last_column = len(values) - 1, len(values[0]) - 1
    is_total = position[0] == last_row or position[1] == last_column
    return 10 * value + (5 if is_total else 1) if value > 0 else 10**9


def _cheapest_cycle(values, known_small, suppressed: set[Position], unsafe: Position) -> set[Position] | None:
    """The cheapest set of figures (some suppressed already) forming a cycle along which ``unsafe`` can
    move by one within every figure's bounds; None if there is none. Dijkstra over rows and columns,
    each figure an arc (as in ``_moves``) costing what suppressing it costs."""
    arcs: dict[tuple[str, int], list[tuple[tuple[str, int], int, Position]]] = {}
    for row, line in enumerate(values):
        for column in range(len(line)):
            position = (row, column)
            if position == unsafe:
                continue
            cost, sign = _cost(values, suppressed, position), _sign(values, position)
            if _within_bounds(values, known_small, position, +sign):
                arcs.setdefault(("row", row), []).append((("column", column), cost, position))
            if _within_bounds(values, known_small, position, -sign):
                arcs.setdefault(("column", column), []).append((("row", row), cost, position))
    row, column = ("row", unsafe[0]), ("column", unsafe[1])
    sign = _sign(values, unsafe)
    found: list[tuple[int, set[Position]]] = []
    if _within_bounds(values, known_small, unsafe, +sign):
        found += _cheapest_path(arcs, column, row)
    if _within_bounds(values, known_small, unsafe, -sign):
        found += _cheapest_path(arcs, row, column)
    if not found:
        return None
    return {unsafe} | min(found, key=lambda each: (each[0], sorted(each[1])))[1]


def _cheapest_path(arcs, start: tuple[str, int], goal: tuple[str, int]) -> list[tuple[int, set[Position]]]:
    distance = {start: 0}
    through: dict[tuple[str, int], tuple[tuple[str, int], Position]] = {}
    waiting = [(0, start)]
    while waiting:
        cost, here = heapq.heappop(waiting)
        if here == goal:
            path: set[Position] = set()
            while here != start:
                here, position = through[here]
                path.add(position)
            return [(cost, path)]
        if cost > distance[here]:
            continue
        for there, step, position in arcs.get(here, ()):
            if cost + step < distance.get(there, cost + step + 1):
                distance[there] = cost + step
                through[there] = (here, position)
                heapq.heappush(waiting, (cost + step, there))
    return []
