"""The field a case model uses to keep the rule version in force when it was received.

Usage in a case model (set it once, at reception, from ``rule_in_force(key, received_at)``)::

    from vanphong.core.refdata.fields import RuleVersionField

    class Petition(models.Model):
        acceptance_rule = RuleVersionField(verbose_name=_("quy định thời hạn thụ lý"))

PROTECT keeps the version from being deleted while a case refers to it; ``related_name="+"``
by default, so many apps can add such fields without clashes (override it if you need one).
"""

from __future__ import annotations

from functools import partial

from django.db import models
from django.utils.translation import gettext_lazy as _

RuleVersionField = partial(
    models.ForeignKey,
    "refdata.RuleVersion",
    on_delete=models.PROTECT,
    related_name="+",
    verbose_name=_("phiên bản quy định"),
)
