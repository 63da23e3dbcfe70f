import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The test client always comes from 127.0.0.1: counters of another test must not count."""
    from vanphong.core import ratelimit

    ratelimit.reset()
    yield
    ratelimit.reset()
