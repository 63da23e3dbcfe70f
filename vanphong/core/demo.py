"""Registry of demo-data steps for ``manage.py seed_demo``.

Each app adds its demo data in its own ``demo.py`` (discovered at run time)::

    from vanphong.core.demo import seed_step

    @seed_step("documents", order=200, after=("org",))
    def seed_documents(ctx):
        agency = ctx.agencies["vp_ubnd"]          # from the org step
        ...

A step must be idempotent (running the command twice leaves the same rows) and date its rows
relative to ``ctx.today`` (the kernel clock). Steps run in ``order``, in one transaction each.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

from vanphong.core import clock


@dataclass
class SeedContext:
    """Shared between steps: what earlier steps created, by key."""

    today: dt.date = field(default_factory=clock.today)
    agencies: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    officials: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    log: Callable[[str], None] = print


@dataclass(frozen=True)
class SeedStep:
    name: str
    func: Callable[[SeedContext], None]
    order: int = 100
    after: tuple[str, ...] = ()


_steps: dict[str, SeedStep] = {}
_discovered = False
_lock = threading.Lock()


def seed_step(name: str, *, order: int = 100, after: tuple[str, ...] = ()):
    """Decorator: register ``func(ctx)`` as the demo step ``name``."""

    def decorator(func: Callable[[SeedContext], None]) -> Callable[[SeedContext], None]:
        _steps[name] = SeedStep(name=name, func=func, order=order, after=tuple(after))
        return func

    return decorator


def steps() -> list[SeedStep]:
    """The registered steps in run order; a step named in ``after`` runs first."""
    global _discovered
    if not _discovered:
        with _lock:
            if not _discovered:
                autodiscover_modules("demo")
                _discovered = True
    ordered: list[SeedStep] = []
    placed: set[str] = set()
    pending = sorted(_steps.values(), key=lambda s: (s.order, s.name))
    while pending:
        for step in pending:
            if all(dep in placed or dep not in _steps for dep in step.after):
                ordered.append(step)
                placed.add(step.name)
                pending.remove(step)
                break
        else:
            names = ", ".join(s.name for s in pending)
            raise RuntimeError(f"Vòng lặp phụ thuộc giữa các bước dữ liệu mẫu: {names}")
    return ordered
