"""Which Dask cluster a corpus run uses, and closing what it started.

A scheduler is named the way users name it: ``None`` or ``"local"`` (a cluster of worker processes on
this machine, one per core), ``"local:N"`` (N worker processes), a scheduler address
(``tcp://host:8786``), or a ``distributed.Client`` the caller already has (kept open: it is theirs).
Worker processes run one thread each: the check is pure Python (the GIL allows one thread at a time)
and its regex budget is measured in process CPU time, which threads of one process would share.
A scheduler that cannot be reached is a :class:`~policy_rules.errors.UsageError` naming the address,
after ``timeout`` seconds, never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import UsageError

INSTALL_HINT = "pip install 'policy-rules[dask]' (on this machine and every worker)"
_LOCAL = re.compile(r"local(?::(\d+))?")


def require_dask() -> None:
    """A clear error, not an ImportError, when the optional extra is not installed."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(f"running on a Dask cluster needs the dask extra: {INSTALL_HINT}") from None


def local_workers(scheduler: str) -> int | None:
    """The worker count of ``local`` / ``local:N`` (``0``: one per core), ``None`` for an address."""
    match = _LOCAL.fullmatch(scheduler.strip())
    if match is None:
        return None
    count = int(match.group(1)) if match.group(1) else 0
    if match.group(1) and count < 1:
        raise UsageError(f"--scheduler local:N needs N of 1 or more, not {scheduler!r}")
    return count


def check_address(scheduler: str) -> None:
    """An address must look like one before anything waits ``timeout`` seconds for it."""
    if local_workers(scheduler) is not None:
        return
    if not re.fullmatch(r"(?:[a-z][a-z0-9+]*://)?[^\s/]+:\d+/?|[a-z][a-z0-9+]*://\S+", scheduler):
        raise UsageError(
            f"--scheduler must be 'local', 'local:N' or a scheduler address such as tcp://host:8786, "
            f"not {scheduler!r}"
        )


@contextlib.contextmanager
def connect(scheduler: Any = None, *, timeout: float = 10.0) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler``; what this call started is closed on exit."""
    require_dask()
    from distributed import Client

    if isinstance(scheduler, Client):
        yield scheduler
        return
    name = "local" if scheduler is None else str(scheduler)
    check_address(name)
    workers = local_workers(name)
    with contextlib.ExitStack() as stack:
        if workers is not None:
            from distributed import LocalCluster

            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers or (os.cpu_count() or 1),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",  # a cluster of this machine listens on this machine only
                    dashboard_address=":0",  # any free port: 8787 may belong to another cluster
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster, set_as_default=False))  # type: ignore[no-untyped-call]
        else:
            try:
                client = Client(name, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
            except (OSError, ValueError, TimeoutError) as exc:
                reason = " ".join(str(exc).split())[:200] or type(exc).__name__
                raise UsageError(f"cannot reach the Dask scheduler at {name}: {reason}") from None
            stack.enter_context(client)
        yield client
