"""Every registered statutory rule has at least one test marked with it."""

from __future__ import annotations

import re
from pathlib import Path

from vanphong.core.statutes import all_rules

ROOT = Path(__file__).resolve().parents[3]
MARK = re.compile(r"""pytest\.mark\.rule\(\s*["']([^"']+)["']""")


def _marked_rules() -> set[str]:
    found: set[str] = set()
    for path in [*ROOT.glob("vanphong/**/tests/**/*.py"), *ROOT.glob("tests/**/*.py")]:
        found.update(MARK.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_registered_rule_has_a_test():
    missing = sorted(set(all_rules()) - _marked_rules())
    assert not missing, f"rules without a test: {missing}"


def test_every_marked_rule_is_registered():
    unknown = sorted(_marked_rules() - set(all_rules()))
    assert not unknown, f"tests mark unknown rules: {unknown}"
