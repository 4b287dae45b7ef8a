"""The crawl state behind one interface (:class:`CrawlState`); see :mod:`.base`."""

from __future__ import annotations

from .base import CrawlFull, CrawlState, Match, PageRecord, PendingLink, RunRecord, StateError, StatusReport, page_record
from .memory import MemoryState
from .sqlite import SqliteState, reset_state

__all__ = ["CrawlFull", "CrawlState", "Match", "MemoryState", "PageRecord", "PendingLink", "RunRecord", "SqliteState",
           "StateError", "StatusReport", "open_state", "page_record", "reset_state"]


def open_state(config, verify: bool = False) -> CrawlState:
    """The state a run with ``config`` uses: Redis when the crawl is shared, else the SQLite
    file, else memory for one run. ``verify``: check the SQLite file's integrity (the entry
    point does it once per run, :mod:`newscrawl.runguard`)."""
    if config.redis_url:
        from .redis import RedisState, connect

        return RedisState(connect(config.redis_url), config.redis_prefix)
    if config.state_path is None:
        return MemoryState()
    return SqliteState(config.state_path, config.state_cache_mb, config.frontier_max, verify=verify)
