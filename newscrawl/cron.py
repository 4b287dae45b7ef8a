"""Unattended runs: ``python -m newscrawl.cron [-a NAME=VALUE]… [-s NAME=VALUE]… [--reset-state | --status]``.

Runs ``scrapy crawl article`` in this process (no child that could outlive it)
with state on by default, one run at a time, and says in its exit code whether
the run went well:

* 0 — the run finished, or stopped at a limit the user set (``-a max_articles``,
  ``CLOSESPIDER_PAGECOUNT``, ``CLOSESPIDER_TIMEOUT``), and wrote what was new
  (possibly nothing); links it did not reach stay pending for the next run;
* 1 — the run went wrong (see :func:`verdict`), or was stopped by a signal; the
  one-line summary says why;
* 2 — bad arguments or settings;
* 3 — the run went well but a monitor of its output failed (:mod:`newscrawl.monitors`:
  field coverage, error rate, skip reasons, articles per list, nothing found); the
  summary line names it, the run report beside the output has every figure;
* 75 — another run holds the lock (EX_TEMPFAIL: cron will simply try again).

Each run logs to ``NEWSCRAWL_LOGS_DIR/run-<stamp>.log`` (the newest
``NEWSCRAWL_LOGS_KEEP`` are kept) and prints one summary line on stderr.
``--status`` prints the state at a glance and changes nothing.
"""

from __future__ import annotations

import signal
import sys

_signals: list[int] = []


def _note_signal(signum, frame) -> None:
    _signals.append(signum)


if __name__ == "__main__":
    # Before the imports below (about a second): a SIGTERM from here until the
    # crawl starts ends the run with a clear message, not a silent death.
    signal.signal(signal.SIGTERM, _note_signal)
    signal.signal(signal.SIGINT, _note_signal)

import argparse  # noqa: E402
import os  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

from scrapy.exceptions import UsageError  # noqa: E402
from scrapy.utils.project import get_project_settings  # noqa: E402

from . import stats as keys  # noqa: E402
from .config import CRON_STATE_PATH, ConfigError, NewscrawlConfig, run_lock  # noqa: E402
from .lock import LockedError, release  # noqa: E402
from .runguard import RECOVERED_SETTING, recover_output, take_lock  # noqa: E402
from .state import SqliteState, StateError, open_state, reset_state  # noqa: E402
from .state.status import status_text  # noqa: E402
from .monitors import failed_text  # noqa: E402
from .verdict import run_verdict  # noqa: E402

# The crawl's own modules (the engine, the spider, the extractors, datasketch) are
# imported in _run, not here: `--status` must answer in well under a second.

EX_TEMPFAIL = 75
EXIT_MONITORS = 3


class StoppedBeforeStart(Exception):
    """A signal arrived before the crawl started."""


def _check_signals() -> None:
    if _signals:
        raise StoppedBeforeStart(signal.Signals(_signals[0]).name)


def parse_pairs(pairs: list[str], flag: str) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"{flag} takes NAME=VALUE, got {pair!r}")
        out[name] = value
    return out


def prune_logs(logs_dir: Path, keep: int) -> None:
    logs = sorted(logs_dir.glob("run-*.log"))
    for old in logs[:-keep]:
        old.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _note_signal)
    signal.signal(signal.SIGINT, _note_signal)
    parser = argparse.ArgumentParser(prog="python -m newscrawl.cron", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE", help="spider argument")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE", help="setting")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--reset-state", action="store_true", help="forget every article earlier runs wrote, then run")
    which.add_argument("--status", action="store_true", help="print the state at a glance (changes nothing)")
    args = parser.parse_args(argv)

    # Started by cron from any directory: newscrawl's own settings, never Scrapy's bare
    # defaults (no pipelines, consoles on local ports). Relative paths stay relative to
    # the working directory, as the summary line shows.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    try:
        spargs = parse_pairs(args.spargs, "-a")
        settings = get_project_settings()
        settings.setdict(parse_pairs(args.settings, "-s"), priority="cmdline")
        if not settings.get("NEWSCRAWL_STATE_PATH"):
            settings.set("NEWSCRAWL_STATE_PATH", str(CRON_STATE_PATH), priority="cmdline")
        config = NewscrawlConfig.from_settings(settings)
        if args.status:
            return _status(config)
        from .spiders.article import ArticleSpider

        ArticleSpider.check_arguments(**spargs)
    except (UsageError, ConfigError) as exc:
        print(f"newscrawl: {exc}", file=sys.stderr)
        return 2

    try:
        _check_signals()
        try:
            take_lock(config)
        except LockedError as exc:
            print(f"newscrawl: {exc}; not starting an overlapping run", file=sys.stderr)
            return EX_TEMPFAIL
        try:
            if args.reset_state and config.redis_url:
                with open_state(config) as shared:
                    shared.reset()  # the whole shared crawl, for every worker
            elif args.reset_state:
                reset_state(config.state_path)
            return _run(settings, config, spargs)
        except StateError as exc:
            print(f"newscrawl: FAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            release(run_lock(config))
    except StoppedBeforeStart as exc:
        print(f"newscrawl: FAILED (stopped before the crawl started, {exc}): nothing was crawled", file=sys.stderr)
        return 1


def _status(config: NewscrawlConfig) -> int:
    try:
        state = open_state(config) if config.redis_url else SqliteState(config.state_path, config.state_cache_mb,
                                                                        read_only=True)
        with state:
            report = state.status()
    except StateError as exc:
        print(f"newscrawl: {exc}", file=sys.stderr)
        return 1
    print(status_text(report, config.redis_url or config.state_path))
    return 0


def _run(settings, config: NewscrawlConfig, spargs: dict) -> int:
    from scrapy.crawler import CrawlerProcess

    from .spiders.article import ArticleSpider

    _check_signals()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    log_file = config.logs_dir / f"run-{stamp}.log"
    try:
        config.logs_dir.mkdir(parents=True, exist_ok=True)
        log_file.open("a").close()
    except OSError as exc:
        print(f"newscrawl: FAILED: cannot write the run's log {log_file} ({exc.strerror}); nothing was crawled",
              file=sys.stderr)
        return 1
    settings.set("LOG_FILE", str(log_file), priority="cmdline")
    settings.set("NEWSCRAWL_PROGRESS_INTERVAL", 0, priority="cmdline")  # unattended: nothing on the terminal
    settings.set("LOG_FILE_APPEND", False, priority="cmdline")
    prune_logs(config.logs_dir, config.logs_keep - 1)

    process = CrawlerProcess(settings)  # from here on, logging goes to the run's log file
    # Opens and checks the state first: a corrupt one is a clear error before anything is crawled.
    settings.set(RECOVERED_SETTING, recover_output(config), priority="cmdline")
    crawler = process.create_crawler(ArticleSpider)
    _check_signals()
    process.crawl(crawler, **spargs)
    process.start()

    stats = crawler.stats.get_stats()
    problem = run_verdict(crawler, config.max_error_rate)
    monitors = failed_text(stats.get(keys.MONITORS_RESULTS) or [])
    code = 1 if problem is not None else EXIT_MONITORS if monitors else 0
    if stats.get(keys.RUN):
        try:
            with open_state(config) as state:
                state.set_exit_code(stats[keys.RUN], code)
                state.commit()
        except StateError as exc:
            code = 1  # the run's own record could not be kept: say so, with the summary below
            problem = problem or f"the crawl state could not be written ({exc})"
    outcome = f"FAILED ({problem})" if problem else f"MONITORS FAILED ({monitors})" if monitors else "ok"
    print(f"newscrawl: {outcome}: {summary_counts(stats)}; "
          f"output {os.path.abspath(stats[keys.OUTPUT]) if stats.get(keys.OUTPUT) else 'no new articles'}; "
          f"log {log_file.resolve()}", file=sys.stderr)
    return code


def summary_counts(stats: dict) -> str:
    counts = (f"{stats.get(keys.STATE_NEW, 0)} new, "
              f"{keys.known(stats)} known, "
              f"{stats.get(keys.DEDUPE_DROPPED, 0)} duplicates, "
              f"{keys.total(stats, keys.SKIPPED)} skipped, "
              f"{keys.total(stats, keys.ERRORS)} errors, "
              f"{stats.get(keys.FRONTIER_PENDING, 0)} links pending")
    if stats.get(keys.FRONTIER_FAILED):
        counts += f" ({stats[keys.FRONTIER_FAILED]} given up)"
    return counts


if __name__ == "__main__":
    sys.exit(main())
