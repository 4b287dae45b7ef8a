"""``scrapy crawl`` that checks a spider's ``-a`` arguments before starting, and
owns the run when it keeps state, and exits 1 when the run went wrong
(:mod:`newscrawl.verdict`), which Scrapy's own command never does.

Scrapy builds the spider inside the running engine, so a bad argument there
ends in a traceback. A spider with a ``check_arguments`` classmethod gets its
arguments checked here first, and a bad one ends as a usage error: one clear
line and exit code 2. With a state path (or a ``JOBDIR``), this command takes
the run's lock and recovers an interrupted run's output first
(:mod:`newscrawl.runguard`), as the cron entry does.
"""

from __future__ import annotations

import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from .. import stats as keys
from ..config import ConfigError, NewscrawlConfig
from ..extensions.summary import RunSummary
from ..lock import LockedError
from ..monitors import failed_text
from ..runguard import RECOVERED_SETTING, recover_output, take_lock
from ..state import StateError
from ..verdict import run_verdict

EX_TEMPFAIL = 75


class Command(ScrapyCrawlCommand):
    def run(self, args, opts) -> None:
        if len(args) != 1 or self.crawler_process is None:
            return super().run(args, opts)
        spidercls = self.crawler_process.spider_loader.load(args[0])
        check = getattr(spidercls, "check_arguments", None)
        try:
            if check is not None:
                check(**opts.spargs)
            config = NewscrawlConfig.from_settings(self.crawler_process.settings)
        except (UsageError, ConfigError) as exc:
            # One line, as the cron entry says it (Scrapy would print its usage text first).
            print(f"newscrawl: {exc}", file=sys.stderr)
            self.exitcode = 2
            return None
        if not self._prepare(config, self.crawler_process.settings):
            return None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return None
        # The summary, whatever the log level, once: printed here when the log did not show it.
        summary = crawler.get_extension(RunSummary)
        settings = self.crawler_process.settings
        if summary is not None and summary.text and (
                settings.get("LOG_FILE") or not settings.getbool("LOG_ENABLED")
                or _level(settings.get("LOG_LEVEL")) > logging.INFO):
            print(summary.text, file=sys.stderr)
        # Scrapy's own exit code is 0 whatever happened in the run: judge it as cron does.
        stats = crawler.stats.get_stats()
        problem = run_verdict(crawler, config.max_error_rate)
        if problem is not None:
            print(f"newscrawl: FAILED ({problem}); see the log", file=sys.stderr)
            self.exitcode = 1
        elif stats.get(keys.MONITORS_FAILED):
            print(f"newscrawl: MONITORS FAILED ({failed_text(stats[keys.MONITORS_RESULTS])})", file=sys.stderr)
        return None

    def _prepare(self, config: NewscrawlConfig, settings) -> bool:
        if config.state_path is None and config.redis_url is None:
            return True
        try:
            take_lock(config)
            settings.set(RECOVERED_SETTING, recover_output(config), priority="cmdline")
        except LockedError as exc:
            print(f"newscrawl: {exc}; not starting an overlapping run", file=sys.stderr)
            self.exitcode = EX_TEMPFAIL
            return False
        except StateError as exc:
            print(f"newscrawl: FAILED: {exc}", file=sys.stderr)
            self.exitcode = 1
            return False
        return True


def _level(value) -> int:
    """``LOG_LEVEL`` as a number (Scrapy takes a name or a number)."""
    if isinstance(value, int):
        return value
    number = logging.getLevelName(str(value).upper())
    return number if isinstance(number, int) else logging.DEBUG
