"""The crawl state behind one interface (:class:`CrawlState`); see :mod:`.base`."""

from __future__ import annotations

from .base import CrawlState, Match, PageRecord, PendingLink, RunRecord, StateError, StatusReport, page_record
from .memory import MemoryState
from .sqlite import SqliteState, reset_state

__all__ = ["CrawlState", "Match", "MemoryState", "PageRecord", "PendingLink", "RunRecord", "SqliteState",
           "StateError", "StatusReport", "open_state", "page_record", "reset_state"]


def open_state(config) -> CrawlState:
    """The state a run with ``config`` uses: the SQLite file, or memory for one run.
    The entry point has checked the file's integrity already (:mod:`newscrawl.runguard`)."""
    if config.state_path is None:
        return MemoryState()
    return SqliteState(config.state_path, config.state_cache_mb, config.frontier_max, verify=False)
