"""Small-number suppression: no count from 1 to 4 is published, and none can be worked out from the
figures that are.

The property test checks the second promise independently of the code's own reasoning (a search over
every table of counts that publishes the same figures), on many seeded random tables.
"""

import random

import pytest

from call_recordings.statistics.suppression import SuppressedGrid, augmented, exposed, suppress


def other_value_possible(grid: SuppressedGrid, target: tuple[int, int], slack: int = 3) -> bool:
    """Whether some table of counts publishing exactly the same figures gives ``target`` another value.

    The unknowns are the suppressed cells. A primary-suppressed cell lies in 1..4; any other
    suppressed figure (totals included: call_statistics.suppression says why) is >= 0; published
    figures must come out as published. Suppressed cells are searched up to the month's total plus
    ``slack``: a cap can only hide solutions, so it can fail a safe table, never pass an unsafe one."""
    values, suppressed = grid.values, grid.suppressed
    rows, columns = len(values) - 1, len(values[0]) - 1
    cap = values[rows][columns] + slack

    def bounds(position):
        if position not in suppressed:
            return values[position[0]][position[1]], values[position[0]][position[1]]
        is_cell = position[0] < rows and position[1] < columns
        return (1, 4) if is_cell and position in grid.primary else (0, cap)

    unknown = [
        (row, column) for row in range(rows) for column in range(columns) if (row, column) in suppressed
    ]
    table = [
        [0 if (row, column) in suppressed else values[row][column] for column in range(columns)]
        for row in range(rows)
    ]
    left_in_row = {row: sum(1 for each in unknown if each[0] == row) for row in range(rows)}
    left_in_column = {column: sum(1 for each in unknown if each[1] == column) for column in range(columns)}

    def fits(total, position, complete):
        low, high = bounds(position)
        return total <= high and (low <= total or not complete)

    def figure(position):
        row, column = position
        row_sums = [sum(line) for line in table]
        column_sums = [sum(line[c] for line in table) for c in range(columns)]
        if row < rows and column < columns:
            return table[row][column]
        if row < rows:
            return row_sums[row]
        if column < columns:
            return column_sums[column]
        return sum(row_sums)

    def search(index):
        if index == len(unknown):
            return (
                fits(figure((rows, columns)), (rows, columns), True)
                and figure(target) != values[target[0]][target[1]]
            )
        row, column = unknown[index]
        low, high = bounds((row, column))
        for value in range(low, high + 1):
            table[row][column] = value
            left_in_row[row] -= 1
            left_in_column[column] -= 1
            row_sum, column_sum = sum(table[row]), sum(line[column] for line in table)
            ok = (
                fits(row_sum, (row, columns), left_in_row[row] == 0)
                and fits(column_sum, (rows, column), left_in_column[column] == 0)
                and fits(sum(map(sum, table)), (rows, columns), False)
            )
            found = ok and search(index + 1)
            left_in_row[row] += 1
            left_in_column[column] += 1
            if found or not (
                fits(row_sum, (row, columns), False) and fits(column_sum, (rows, column), False)
            ):
                table[row][column] = 0
                return found  # found; or larger values would only overshoot a total
        table[row][column] = 0
        return False

    return search(0)


def pinned(grid: SuppressedGrid) -> list[tuple[int, int]]:
    return [position for position in sorted(grid.suppressed) if not other_value_possible(grid, position)]


def published(grid: SuppressedGrid) -> list[list[int | None]]:
    return [
        [grid.published(row, column) for column in range(len(line))] for row, line in enumerate(grid.values)
    ]


# The checker itself catches what suppression must prevent ---------------------------------------------


def test_the_checker_finds_a_count_alone_in_its_row():
    values = augmented([[3, 7, 9], [5, 6, 8]])
    assert pinned(SuppressedGrid(values, frozenset({(0, 0)}), frozenset())) == [(0, 0)]


def test_the_checker_finds_two_ones_whose_row_adds_up_to_two():
    values = augmented([[1, 1, 7], [5, 6, 8]])
    assert pinned(SuppressedGrid(values, frozenset({(0, 0), (0, 1)}), frozenset())) == [(0, 0), (0, 1)]


def test_the_checker_finds_a_one_paired_with_a_zero():
    values = augmented([[1, 0, 7], [5, 6, 8]])
    grid = SuppressedGrid(values, frozenset({(0, 0)}), frozenset({(0, 1), (1, 0), (1, 1)}))
    assert (0, 0) in pinned(grid)


# The classic cases -----------------------------------------------------------------------------------------


def test_a_table_without_small_counts_is_published_whole():
    grid = suppress([[5, 0, 12], [7, 9, 30]])
    assert grid.suppressed == frozenset()
    assert published(grid) == [[5, 0, 12, 17], [7, 9, 30, 46], [12, 9, 42, 63]]


def test_zero_is_published_and_never_suppressed_as_small():
    grid = suppress([[0, 0], [0, 0]])
    assert published(grid) == [[0, 0, 0], [0, 0, 0], [0, 0, 0]]


def test_a_small_cell_is_suppressed_with_a_complement_in_its_row_and_column():
    grid = suppress([[3, 7, 9], [5, 6, 8], [10, 11, 12]])
    assert grid.primary == {(0, 0)}
    # The smallest non-zero figures that close a loop: 7 in its row, 5 in its column, 6 where they meet.
    assert grid.secondary == {(0, 1), (1, 0), (1, 1)}
    assert pinned(grid) == []


def test_a_small_total_is_suppressed_and_cannot_be_recovered_from_its_line():
    grid = suppress([[1, 2, 0], [20, 30, 40]])
    assert {(0, 0), (0, 1), (0, 3)} <= grid.primary  # 1, 2 and their row's total 3
    assert pinned(grid) == []
    assert all(grid.published(row, column) is None for row, column in grid.suppressed)


def test_two_ones_in_a_line_are_not_left_to_add_up_to_two():
    grid = suppress([[1, 1, 7], [5, 6, 8]])
    assert len(grid.secondary) >= 1
    assert pinned(grid) == []


def test_a_one_is_never_paired_with_a_zero_when_a_non_zero_figure_will_do():
    grid = suppress([[1, 0, 7], [5, 6, 8]])
    assert all(grid.values[row][column] > 0 for row, column in grid.secondary)
    assert pinned(grid) == []


def test_a_month_of_one_recording_shows_nothing_but_zeros():
    grid = suppress([[1, 0], [0, 0]])
    assert published(grid)[0][0] is None and published(grid)[2][2] is None  # the cell and the month
    assert pinned(grid) == []


def test_unsuppressed_figures_are_the_true_counts():
    cells = [[3, 7, 9], [5, 6, 8]]
    grid = suppress(cells)
    for row, line in enumerate(augmented(cells)):
        for column, value in enumerate(line):
            assert grid.published(row, column) in (None, value)


def test_no_cell_is_left_exposed_by_the_codes_own_reasoning():
    grid = suppress([[1, 2, 3], [4, 1, 2], [3, 4, 1]])
    assert exposed(grid.values, grid.primary, set(grid.suppressed)) == []
    assert pinned(grid) == []


def test_four_ones_making_a_total_of_four_are_protected():
    grid = suppress([[1, 1, 1, 1], [5, 0, 1, 3], [0, 6, 6, 3]])
    assert {(0, 0), (0, 1), (0, 2), (0, 3), (0, 4)} <= grid.primary
    assert pinned(grid) == []


@pytest.mark.parametrize("cells", [[], [[]], [[1, 2], [3]]])
def test_a_ragged_or_empty_table_is_refused(cells):
    with pytest.raises(ValueError, match="at least one row"):
        suppress(cells)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="never negative"):
        suppress([[1, -1]])


# The property: many random small tables -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_no_suppressed_figure_of_a_random_table_can_be_worked_out(seed):
    rng = random.Random(seed)
    for _ in range(50):
        rows, columns = rng.randint(1, 4), rng.randint(2, 4)
        cells = [[rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 9]) for _ in range(columns)] for _ in range(rows)]
        grid = suppress(cells)
        values = augmented(cells)
        # Every count from 1 to 4 is suppressed; every published figure is the true one.
        for row, line in enumerate(values):
            for column, value in enumerate(line):
                shown = grid.published(row, column)
                assert shown is None if 0 < value < 5 else shown in (None, value), cells
        # No suppressed figure has a single value consistent with what is published.
        assert pinned(grid) == [], cells
