"""Worker process for the concurrency tests: its own interpreter, Django and connection.

Started with the ``spawn`` method, so nothing (no socket, no SQLite handle) is inherited from the
test process; the worker is pointed at the test database by name.
"""

from __future__ import annotations

import os
import random


class _Rollback(Exception):
    pass


def take_numbers(db_name, sequences, at, iterations, seed, barrier, results) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanphong.settings")
    import django

    django.setup()
    from django.db import connections, transaction

    connections["default"].settings_dict["NAME"] = db_name

    from vanphong.core.numbering.models import IssuedNumber
    from vanphong.core.numbering.services import next_number

    rng = random.Random(seed)
    committed: list[tuple[int, int]] = []
    rolled_back: list[tuple[int, int]] = []
    try:
        connections["default"].ensure_connection()
        barrier.wait(timeout=60)
        for _ in range(iterations):
            index = rng.randrange(len(sequences))
            agency_id, register, period = sequences[index]
            mode = rng.random()
            if mode < 0.15:
                # A savepoint rolled back inside a transaction that commits other work.
                with transaction.atomic():
                    try:
                        with transaction.atomic():
                            taken = next_number(
                                agency=agency_id, register=register, period=period, at=at
                            )
                            raise _Rollback
                    except _Rollback:
                        rolled_back.append((index, taken.value))
                continue
            if mode < 0.25:
                # Autocommit: next_number opens (and commits) its own transaction.
                taken = next_number(agency=agency_id, register=register, period=period, at=at)
                committed.append((index, taken.value))
                continue
            try:
                with transaction.atomic():
                    taken = next_number(
                        agency=agency_id,
                        register=register,
                        period=period,
                        at=at,
                        case=f"w{seed}",
                    )
                    # Some work while the number is held, so others queue behind it.
                    IssuedNumber.objects.filter(
                        agency_id=agency_id, register=register, number__lte=taken.value
                    ).count()
                    if mode < 0.5:
                        raise _Rollback
            except _Rollback:
                rolled_back.append((index, taken.value))
            else:
                committed.append((index, taken.value))
        results.put(("ok", seed, committed, rolled_back))
    except Exception as exc:  # reported to the test process, which fails with it
        results.put(("error", seed, repr(exc), []))
    finally:
        connections.close_all()
