"""``scrapy crawl`` that checks a spider's ``-a`` arguments before starting.

Scrapy builds the spider inside the running engine, so a bad argument there
ends in a traceback. A spider with a ``check_arguments`` classmethod gets its
arguments checked here first, and a bad one ends as a usage error: one clear
line and exit code 2.
"""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand


class Command(ScrapyCrawlCommand):
    def run(self, args, opts) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                check(**opts.spargs)
        super().run(args, opts)
