"""Job kinds: a module registers the function that does the work of one kind of job.

    from vanphong.core.jobs import registry

    @registry.job_kind("documents.register")
    def build_register(job, progress) -> registry.Output:
        rows = ...
        progress.start(total=len(rows))
        for row in rows:
            ...
            progress.advance()
        return registry.Output(name="so-den-2026.xlsx", content=b"...", kinds=("xlsx",))

The function runs in the worker, as the job's owner: it must re-check the owner's rights (they
may have changed since the job was queued) and raise ``DomainError`` with a Vietnamese message
for a refusal; that message is what the owner sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """The file a job produces (stored through the attachments kernel)."""

    name: str
    content: bytes
    kinds: tuple[str, ...]


Runner = Callable[..., Output]
KINDS: dict[str, Runner] = {}


def job_kind(kind: str) -> Callable[[Runner], Runner]:
    def decorator(func: Runner) -> Runner:
        existing = KINDS.get(kind)
        if existing is not None and existing.__qualname__ != func.__qualname__:
            raise ValueError(f"job kind {kind!r} registered twice")
        KINDS[kind] = func
        return func

    return decorator


def path_of(func: Runner) -> str:
    """The dotted path stored on a job, so the worker imports the module that registers it."""
    return f"{func.__module__}.{func.__qualname__}"


def resolve(path: str) -> Runner:
    """The registered runner at ``path`` (importing its module); refuses anything else."""
    from django.utils.module_loading import import_string

    func = import_string(path)
    if func not in KINDS.values():
        raise LookupError(f"{path!r} is not a registered job kind")
    return func


def kind_of(func: Runner) -> str:
    for kind, registered in KINDS.items():
        if registered is func:
            return kind
    raise LookupError(f"{path_of(func)!r} is not a registered job kind")
