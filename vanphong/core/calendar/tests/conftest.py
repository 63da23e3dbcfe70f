import pytest

from vanphong.core.calendar import workdays


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """A test's overrides are rolled back with its transaction; never let them leak."""
    workdays.clear_cache()
    yield
    workdays.clear_cache()
