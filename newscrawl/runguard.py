"""What the entry point that owns a run does before the crawl starts, when it keeps state.

* **The lock**: one run at a time per state file (an exclusive ``flock``);
  another run finds it held and stops at once.
* **Recovery**: articles an interrupted run left in a ``.part`` file are recorded
  in the state first, then the file is finished (its torn last line cut, its
  final name given). A crash in between finds the file again and records
  nothing twice.

``python -m newscrawl.cron`` and ``scrapy crawl`` (newscrawl's crawl command)
both call :func:`take_lock`, then :func:`recover_output` once logging goes where
the run's log goes, and hand the count to the crawl as a setting
(:data:`RECOVERED_SETTING`), which the state extension puts in the stats.
"""

from __future__ import annotations

import logging

from .config import NewscrawlConfig, run_lock
from .lock import acquire
from .output.journal import finish_left_over, left_overs, written_urls
from .state import open_state, page_record

logger = logging.getLogger(__name__)


#: Articles recovered before the crawl, handed to it for its stats.
RECOVERED_SETTING = "NEWSCRAWL_RECOVERED_ARTICLES"


def take_lock(config: NewscrawlConfig) -> None:
    """One run at a time on this state. Raises :class:`~newscrawl.lock.LockedError`
    when another run holds it; held until the process ends (or :func:`newscrawl.lock.release`)."""
    acquire(run_lock(config))


def recover_output(config: NewscrawlConfig) -> int:
    """Record the articles of every left-over ``.part`` file, then finish the files;
    returns how many articles were kept. Raises :class:`~newscrawl.state.StateError`
    when the state cannot be used."""
    with open_state(config, verify=True) as state:
        # A worker of a shared crawl recovers its own files only: others may still be writing theirs.
        suffix = f"-{config.worker_id}" if config.redis_url else ""
        for run in state.unsettled_runs(suffix):
            # Killed between a claim and its line: the claim goes, the page is fetched again.
            released = state.release_unwritten(run, written_urls(config.output_dir, run))
            if released:
                logger.warning("Run %s was stopped between claiming and writing %d article(s): released", run, released)
        if not config.output_dir.is_dir():
            return 0
        articles = 0
        for left in left_overs(config.output_dir, suffix):
            # Imported only when there is something to recover: datasketch takes half a
            # second to import, which `cron --status` (importing this module) must not pay.
            from .dedupe.signatures import signature

            for item in left.items:
                page = page_record(item)
                if state.match_url(page.keys) is None:
                    state.add_article(page, signature(item.get("articleBody") or ""), left.run, left.final.name)
            state.commit()  # the state first: the file is finished only once it is recorded
            finish_left_over(left)
            articles += len(left.items)
        return articles
