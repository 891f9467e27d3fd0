"""domain.groups' year-end bins: months in the programme on a day, grouped once for stats'
`year_end` (share within 12 months, over 24 months) and the report's year-end figure."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.groups import (OVER_MONTHS, WITHIN_MONTHS, YEAR_END_BINS, in_months_bin,
                           over_two_years, within_a_year, year_end_bin_counts)
from report.build import bin_label

MONTHS = st.one_of(st.floats(min_value=0, max_value=200, allow_nan=False),
                   st.sampled_from([0.0, 6.0, 12.0, 18.0, 24.0]))


@pytest.mark.parametrize("months, counts", [
    (0.0, [1, 0, 0, 0, 0]),      # an intake on the day itself
    (6.0, [1, 0, 0, 0, 0]),      # a bin holds its upper bound
    (6.01, [0, 1, 0, 0, 0]),
    (12.0, [0, 1, 0, 0, 0]),
    (18.5, [0, 0, 0, 1, 0]),
    (24.0, [0, 0, 0, 1, 0]),
    (24.01, [0, 0, 0, 0, 1]),
])
def test_each_bin_holds_the_months_above_its_low_bound_up_to_its_high_bound(months, counts):
    assert year_end_bin_counts([months]) == counts


@given(MONTHS)
def test_every_month_count_falls_in_exactly_one_bin(months):
    assert sum(in_months_bin(months, low, high) for low, high in YEAR_END_BINS) == 1


@given(st.lists(MONTHS, max_size=30))
def test_within_a_year_and_over_two_years_are_unions_of_the_bins(months):
    counts = year_end_bin_counts(months)
    up_to_a_year = [c for (_, high), c in zip(YEAR_END_BINS, counts)
                    if high is not None and high <= WITHIN_MONTHS]
    over = [c for (low, _), c in zip(YEAR_END_BINS, counts) if low >= OVER_MONTHS]
    assert sum(1 for m in months if within_a_year(m)) == sum(up_to_a_year)
    assert sum(1 for m in months if over_two_years(m)) == sum(over)


def test_the_figures_edges_are_bin_edges():
    assert WITHIN_MONTHS in {high for _, high in YEAR_END_BINS}
    assert OVER_MONTHS in {low for low, _ in YEAR_END_BINS}


def test_the_report_names_the_bins_by_their_bounds():
    assert [bin_label(low, high) for low, high in YEAR_END_BINS] == \
        ["≤ 6", "6–12", "12–18", "18–24", "> 24"]
