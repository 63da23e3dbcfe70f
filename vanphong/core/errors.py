"""Domain errors raised by services, turned into one error shape by the API and the views.

A service refuses bad input or a forbidden transition with :class:`DomainError`::

    raise DomainError("delegation_not_self", _("Không thể tự ủy quyền cho chính mình."),
                      fields={"grantee": [_("Chọn một cán bộ khác.")]})

The REST API answers ``{"code": ..., "message": ..., "fields": {...}}`` with ``status``;
HTML views show ``message`` (and ``fields`` next to the inputs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError


class DomainError(Exception):
    """A refusal by the domain: machine-readable ``code``, Vietnamese ``message``."""

    def __init__(
        self,
        code: str,
        message: str,
        fields: Mapping[str, Sequence[str] | str] | None = None,
        status: int = 400,
    ) -> None:
        self.code = code
        self.message = message
        self.fields = {
            name: [str(m) for m in ([msgs] if isinstance(msgs, str) else msgs)]
            for name, msgs in (fields or {}).items()
        }
        self.status = status
        super().__init__(code, str(message))

    def __str__(self) -> str:
        return str(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "fields": self.fields}


def fields_from_validation_error(exc: DjangoValidationError) -> dict[str, list[str]]:
    """``{"field": ["message", ...]}`` from a Django ValidationError (``__all__`` for the rest)."""
    if hasattr(exc, "error_dict"):
        return {
            name: [m for err in errors for m in err.messages]
            for name, errors in exc.error_dict.items()
        }
    return {NON_FIELD_ERRORS: list(exc.messages)}


def first_code(exc: DjangoValidationError, default: str = "validation_error") -> str:
    """The code of the first error inside a Django ValidationError, or ``default``."""
    errors = (
        [e for errs in exc.error_dict.values() for e in errs]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    for err in errors:
        if getattr(err, "code", None):
            return err.code
    return default
