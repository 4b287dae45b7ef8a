"""``scrapy crawl`` that checks a spider's ``-a`` arguments before starting, and
owns the run when it keeps state.

Scrapy builds the spider inside the running engine, so a bad argument there
ends in a traceback. A spider with a ``check_arguments`` classmethod gets its
arguments checked here first, and a bad one ends as a usage error: one clear
line and exit code 2. With a state path (or a ``JOBDIR``), this command takes
the run's lock and recovers an interrupted run's output first
(:mod:`newscrawl.runguard`), as the cron entry does.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from ..config import ConfigError, NewscrawlConfig
from ..lock import LockedError
from ..runguard import RECOVERED_SETTING, recover_output, take_lock
from ..state import StateError

EX_TEMPFAIL = 75


class Command(ScrapyCrawlCommand):
    def run(self, args, opts) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                check(**opts.spargs)
            if not self._prepare(self.crawler_process.settings):
                return
        super().run(args, opts)

    def _prepare(self, settings) -> bool:
        try:
            config = NewscrawlConfig.from_settings(settings)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        if config.state_path is None:
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
