"""Query moments of the meetings API are read in Vietnam time whatever offset a client sends."""

import datetime as dt

import pytest

from vanphong.core.errors import DomainError
from vanphong.meetings.api import _in_vietnam_time


def test_an_offset_postgresql_refuses_becomes_the_same_instant_at_plus_seven():
    odd = dt.datetime(3241, 7, 25, 12, 56, 2, tzinfo=dt.timezone(dt.timedelta(hours=16, minutes=8)))
    moment = _in_vietnam_time(odd)
    assert moment == odd and moment.utcoffset() == dt.timedelta(hours=7)


def test_a_naive_moment_is_vietnam_time_and_an_impossible_one_is_refused():
    assert _in_vietnam_time(dt.datetime(2026, 7, 1, 8, 0)).utcoffset() == dt.timedelta(hours=7)
    with pytest.raises(DomainError):
        _in_vietnam_time(
            dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(-dt.timedelta(hours=16)))
        )
