"""The registry of statutory rules implemented in VănPhòng.

Each rule has an identifier and its legal basis. A module declares its rules in a ``statutes``
module of its own package (``vanphong/<app>/statutes.py``, ``vanphong/core/<part>/statutes.py``)
with :func:`register`; :func:`all_rules` imports them all. A test covering a rule is marked
``@pytest.mark.rule("ID")``; ``vanphong/core/tests/test_statutes.py`` fails when a registered
rule has no such test, or a test names an unregistered rule.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Statute:
    id: str
    basis: str
    summary: str


RULES: dict[str, Statute] = {}


def register(id: str, basis: str, summary: str) -> Statute:
    existing = RULES.get(id)
    if existing is not None and existing != Statute(id, basis, summary):
        raise ValueError(f"rule {id} registered twice with different texts")
    RULES[id] = Statute(id, basis, summary)
    return RULES[id]


def all_rules() -> dict[str, Statute]:
    """Import every ``statutes`` module under the vanphong package and return the registry."""
    import vanphong

    for info in pkgutil.walk_packages(vanphong.__path__, "vanphong."):
        if info.name.endswith(".statutes") and ".tests" not in info.name:
            importlib.import_module(info.name)
    return dict(RULES)
