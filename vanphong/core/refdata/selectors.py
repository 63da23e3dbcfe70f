"""Reads of versioned reference data: the rule version in force on a date, pinned versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.refdata.models import RulePin, RuleVersion


class RuleNotInForce(ValidationError):
    """No version of the rule is in force on the date asked (or the case has no pin)."""

    def __init__(self, key: str, on: dt.date | None, *, pinned: bool = False) -> None:
        self.key, self.on = key, on
        if pinned:
            super().__init__(
                _("Hồ sơ chưa được gắn phiên bản của quy định %(key)s."),
                code="rule_not_pinned",
                params={"key": key},
            )
        else:
            super().__init__(
                _("Không có phiên bản nào của quy định %(key)s có hiệu lực ngày %(date)s."),
                code="rule_not_in_force",
                params={"key": key, "date": on.strftime("%d/%m/%Y") if on else ""},
            )


def as_date(on: dt.date | dt.datetime | None) -> dt.date:
    """A date in Vietnam: a datetime is taken in Vietnam time; ``None`` is today."""
    if on is None:
        return clock.today()
    if isinstance(on, dt.datetime):
        return clock.local(on).date()
    return on


def rule_in_force(key: str, on: dt.date | dt.datetime | None = None) -> RuleVersion:
    """The version of rule ``key`` in force on ``on`` (a date, or a moment taken in Vietnam
    time; default today). Raises :class:`RuleNotInForce` if there is none."""
    day = as_date(on)
    version = (
        RuleVersion.objects.filter(key=key, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )
    if version is None:
        raise RuleNotInForce(key, day)
    return version


def value_in_force(key: str, on: dt.date | dt.datetime | None = None) -> Any:
    """The value of the version of ``key`` in force on ``on``."""
    return rule_in_force(key, on).value


def rule_versions(key: str) -> models.QuerySet[RuleVersion]:
    """Every version of ``key``, oldest first."""
    return RuleVersion.objects.filter(key=key).order_by("valid_from")


def pinned_rule(case: models.Model, key: str) -> RuleVersion:
    """The version of ``key`` pinned to ``case`` by :func:`pin_rule`."""
    pin = (
        RulePin.objects.select_related("version")
        .filter(case_type=ContentType.objects.get_for_model(case), case_id=str(case.pk), key=key)
        .first()
    )
    if pin is None:
        raise RuleNotInForce(key, None, pinned=True)
    return pin.version


def pinned_value(case: models.Model, key: str) -> Any:
    return pinned_rule(case, key).value
