"""Versioned reference data: legal rules with a value, a legal basis and a validity period.

Re-exported here for callers::

    from vanphong.core import refdata
    days = refdata.value_in_force("complaint.acceptance_days", petition.received_at)
"""

_SELECTORS = (
    "rule_in_force",
    "value_in_force",
    "rule_versions",
    "pinned_rule",
    "pinned_value",
    "RuleNotInForce",
)
_SERVICES = ("rule_version_create", "rule_version_update", "rule_versions_load", "pin_rule")


def __getattr__(name: str):
    if name in _SELECTORS:
        from vanphong.core.refdata import selectors

        return getattr(selectors, name)
    if name in _SERVICES:
        from vanphong.core.refdata import services

        return getattr(services, name)
    raise AttributeError(name)
