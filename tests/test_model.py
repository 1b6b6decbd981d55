import datetime as dt

import pytest

from roadmaps.model import PartialDate, Precision, parse_partial


@pytest.mark.parametrize(
    ("text", "start", "precision", "end"),
    [
        ("2023", dt.date(2023, 1, 1), Precision.YEAR, dt.date(2023, 12, 31)),
        ("2023-04", dt.date(2023, 4, 1), Precision.MONTH, dt.date(2023, 4, 30)),
        ("2024-02", dt.date(2024, 2, 1), Precision.MONTH, dt.date(2024, 2, 29)),
        ("2023-02", dt.date(2023, 2, 1), Precision.MONTH, dt.date(2023, 2, 28)),
        ("2023-12", dt.date(2023, 12, 1), Precision.MONTH, dt.date(2023, 12, 31)),
        ("9999-12", dt.date(9999, 12, 1), Precision.MONTH, dt.date(9999, 12, 31)),
        ("9999", dt.date(9999, 1, 1), Precision.YEAR, dt.date(9999, 12, 31)),
    ],
)
def test_partial_dates_keep_their_precision(text, start, precision, end):
    value = parse_partial(text)
    assert value == PartialDate(start, precision)
    assert str(value) == text
    assert value.end == end


@pytest.mark.parametrize(
    "text", ["2023-4", "23", "2023-13", "2023-04-05", "April 2023", "\uff12\uff10\uff12\uff13", ""]
)
def test_anything_else_is_not_a_partial_date(text):
    assert parse_partial(text) is None


def test_partial_dates_sort_by_first_day_month_before_its_days():
    month = parse_partial("2023-04")
    year = parse_partial("2023")
    day = PartialDate.of(dt.date(2023, 4, 1))
    later = PartialDate.of(dt.date(2023, 3, 31))
    assert month is not None and year is not None
    assert sorted([day, month, later, year], key=lambda d: d.key) == [year, later, month, day]
