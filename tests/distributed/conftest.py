"""One small LocalCluster for the module's tests, and a synthetic corpus to check on it.

Two worker processes of one thread each: real processes, so the rulesets really are pickled and
shipped, yet small enough to start in a few seconds. The fixture checks on the way out that closing
the cluster left no process and no listening port behind.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

PRIVACY = """\
# Privacy Policy

Last updated: {date}

{company} ("we") is the controller of your personal data under the GDPR.
Contact us at privacy@{domain}.example.

{retention}

## Your rights

You may ask us for access to your personal data, and to correct or erase it.
"""

SUPPRESSED = (
    "<!-- policy-rules-disable-file gdpr.art13.2.a.retention_period -- kept as long as the law requires -->\n"
)


def _policy(i: int) -> str:
    retention = (
        "We keep your personal data indefinitely."
        if i % 3 == 0
        else f"We delete account data {i + 1} months after you close your account."
    )
    text = PRIVACY.format(
        date=f"March {i % 27 + 1}, 2025",
        company=f"Example Works {i} Ltd",
        domain=f"works{i}",
        retention=retention,
    )
    return (SUPPRESSED + text) if i == 3 else text


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nine policies in three formats (one with a suppression comment), and a PDF that is no PDF."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "sub").mkdir()
    for i in range(9):
        name = ("sub/" if i % 2 else "") + f"policy{i}." + ("md", "txt", "html")[i % 3]
        body = _policy(i)
        if name.endswith(".html"):
            body = (
                "<html><body>"
                + "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
                + "</body></html>"
            )
        (root / name).write_text(body, encoding="utf-8")
    (root / "sub" / "broken.pdf").write_bytes(b"this is not a PDF at all")
    return root


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _children() -> set[int]:
    # multiprocessing's resource tracker and fork server (started by `check --jobs` in a process that
    # has threads) live as long as this process by design; they are not workers.
    return {
        p.pid
        for p in psutil.Process().children(recursive=True)
        if not any(helper in " ".join(p.cmdline()) for helper in ("resource_tracker", "forkserver"))
    }


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    before = _children()
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        host="127.0.0.1",
        scheduler_port=0,
    )
    client = Client(cluster, set_as_default=False)
    port = int(cluster.scheduler_address.rsplit(":", 1)[1])
    try:
        yield client
    finally:
        client.close()
        cluster.close()
    assert not _listening(port), f"the scheduler port {port} is still open"
    # closing returns before the last nanny's worker has been reaped: give them a few seconds
    left = [psutil.Process(pid) for pid in _children() - before if psutil.pid_exists(pid)]
    _, alive = psutil.wait_procs(left, timeout=10)
    assert not alive, f"processes left running: {[(p.pid, p.cmdline()) for p in alive]}"
