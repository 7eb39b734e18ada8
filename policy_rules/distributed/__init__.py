"""Checking a corpus beyond one machine: the optional ``dask`` extra.

``pip install 'policy-rules[dask]'`` (on the client and on every worker, at the same version), then::

    from policy_rules.distributed import check_corpus
    run = check_corpus(["corpus/"], ["gdpr"], scheduler="tcp://host:8786", output_dir="out/")

The names are loaded lazily: importing this package, or :mod:`policy_rules.distributed.summary` and
:mod:`policy_rules.distributed.worker`, does not import dask; only running on a cluster does
(:mod:`~policy_rules.distributed.cluster`), with a clear message when the extra is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corpus import CorpusRun as CorpusRun
    from .corpus import check_corpus as check_corpus
    from .summary import CorpusSummary as CorpusSummary
    from .summary import RuleCounts as RuleCounts
    from .summary import summarize_jsonl as summarize_jsonl
    from .worker import CheckSettings as CheckSettings
    from .worker import PartitionResult as PartitionResult
    from .worker import ReadError as ReadError

_EXPORTS = {
    "check_corpus": "corpus",
    "CorpusRun": "corpus",
    "CorpusSummary": "summary",
    "RuleCounts": "summary",
    "summarize_jsonl": "summary",
    "CheckSettings": "worker",
    "PartitionResult": "worker",
    "ReadError": "worker",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)
