"""Gapless numbering (NĐ 30/2020, Điều 15, 22): ``next_number``, ``peek_next``, ``void_number``.

Public functions live in :mod:`vanphong.core.numbering.services` and are re-exported here::

    from vanphong.core import numbering
    taken = numbering.next_number(agency=agency, register="outgoing", period="year")
"""

_PUBLIC = ("TakenNumber", "next_number", "peek_next", "void_number", "link_case", "period_key")


def __getattr__(name: str):
    if name in _PUBLIC:
        from vanphong.core.numbering import services

        return getattr(services, name)
    raise AttributeError(name)
