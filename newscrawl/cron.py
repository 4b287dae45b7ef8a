"""Unattended runs: ``python -m newscrawl.cron [-a NAME=VALUE]… [-s NAME=VALUE]… [--reset-state]``.

Runs ``scrapy crawl article`` in this process (no child that could outlive it)
with state on by default, one run at a time, and says in its exit code whether
the run went well:

* 0 — the run finished and wrote what was new (possibly nothing);
* 1 — the run went wrong (see :func:`verdict`); the one-line summary says why;
* 2 — bad arguments or settings;
* 75 — another run holds the lock (EX_TEMPFAIL: cron will simply try again).

Each run logs to ``NEWSCRAWL_LOGS_DIR/run-<stamp>.log`` (the newest
``NEWSCRAWL_LOGS_KEEP`` are kept) and prints one summary line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import UsageError
from scrapy.utils.project import get_project_settings

from .config import ConfigError, NewscrawlConfig
from .dedupe.store import StateError, StateStore, reset_state
from .lock import LockedError, acquire, release
from .spiders.article import ArticleSpider

EX_TEMPFAIL = 75
DEFAULT_STATE_PATH = ".newscrawl/state.sqlite3"
#: Finish reasons of a run that did what it was asked.
GOOD_FINISH = {"finished", "closespider_itemcount"}


def parse_pairs(pairs: list[str], flag: str) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"{flag} takes NAME=VALUE, got {pair!r}")
        out[name] = value
    return out


def verdict(stats: dict, start_urls: int, max_error_rate: float) -> str | None:
    """``None`` when the run went well, else why it did not."""
    reason = stats.get("finish_reason")
    if reason not in GOOD_FINISH:
        return f"finish reason {reason or 'missing'}"
    exceptions = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/") and k.count("/") == 1)
    if exceptions:
        return f"{exceptions} spider exception(s)"
    failed_starts = stats.get("newscrawl/errors/start_failed", 0)
    if start_urls and failed_starts >= start_urls:
        return "every start URL failed"
    errors = sum(v for k, v in stats.items() if k.startswith("newscrawl/errors/") and k != "newscrawl/errors/start_failed")
    requests = stats.get("downloader/request_count", 0)
    if requests and errors / requests > max_error_rate:
        return f"error rate {errors / requests:.0%} above {max_error_rate:.0%}"
    return None


def prune_logs(logs_dir: Path, keep: int) -> None:
    logs = sorted(logs_dir.glob("run-*.log"))
    for old in logs[:-keep]:
        old.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.cron", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE", help="spider argument")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE", help="setting")
    parser.add_argument("--reset-state", action="store_true", help="forget every article earlier runs wrote, then run")
    args = parser.parse_args(argv)

    try:
        spargs = parse_pairs(args.spargs, "-a")
        settings = get_project_settings()
        settings.setdict(parse_pairs(args.settings, "-s"), priority="cmdline")
        if not settings.get("NEWSCRAWL_STATE_PATH"):
            settings.set("NEWSCRAWL_STATE_PATH", DEFAULT_STATE_PATH, priority="cmdline")
        config = NewscrawlConfig.from_settings(settings)
        ArticleSpider.check_arguments(**spargs)
    except (UsageError, ConfigError) as exc:
        print(f"newscrawl: {exc}", file=sys.stderr)
        return 2

    lock_path = config.state_path.with_name(config.state_path.name + ".lock")
    try:
        acquire(lock_path)
    except LockedError as exc:
        print(f"newscrawl: {exc}; not starting an overlapping run", file=sys.stderr)
        return EX_TEMPFAIL
    try:
        if args.reset_state:
            reset_state(config.state_path)
        try:
            StateStore(config.state_path).close()
        except StateError as exc:
            print(f"newscrawl: FAILED: {exc}", file=sys.stderr)
            return 1
        return _run(settings, config, spargs)
    finally:
        release(lock_path)


def _run(settings, config: NewscrawlConfig, spargs: dict) -> int:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    config.logs_dir.mkdir(parents=True, exist_ok=True)
    log_file = config.logs_dir / f"run-{stamp}.log"
    settings.set("LOG_FILE", str(log_file), priority="cmdline")
    settings.set("LOG_FILE_APPEND", False, priority="cmdline")
    prune_logs(config.logs_dir, config.logs_keep - 1)

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ArticleSpider)
    process.crawl(crawler, **spargs)
    process.start()

    stats = crawler.stats.get_stats()
    spider = crawler.spider
    start_urls = len(spider.options.start_urls) if spider is not None else 0
    problem = verdict(stats, start_urls, config.max_error_rate)
    state = (f"{stats.get('newscrawl/state/new', 0)} new, "
             f"{stats.get('newscrawl/state/known', 0) + stats.get('newscrawl/state/not_fetched', 0)} known, "
             f"{stats.get('newscrawl/dedupe/dropped', 0)} duplicates, "
             f"{sum(v for k, v in stats.items() if k.startswith('newscrawl/skipped/'))} skipped, "
             f"{sum(v for k, v in stats.items() if k.startswith('newscrawl/errors/'))} errors")
    output = stats.get("newscrawl/output", "no new articles")
    status = "ok" if problem is None else f"FAILED ({problem})"
    print(f"newscrawl: {status}: {state}; output {output}; log {log_file}", file=sys.stderr)
    return 0 if problem is None else 1


if __name__ == "__main__":
    sys.exit(main())
