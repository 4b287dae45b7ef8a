"""Scrapy's feed exports, with a write error that stops the run instead of a log line per item.

Scrapy calls the feed exporter from a signal handler, which logs what it raises
and goes on: with a full disk or an unwritable ``-O`` path every item failed,
and the run still ended "finished". Here the first failure is counted
(``newscrawl/errors/output``) and stops the run (finish reason ``output_failed``),
so both entry points exit 1 (:mod:`newscrawl.verdict`).
"""

from __future__ import annotations

import logging

from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.defer import deferred_from_coro

from .. import stats as keys

logger = logging.getLogger(__name__)


class CheckedFeedExporter(FeedExporter):
    failure: Exception | None = None

    def item_scraped(self, item, spider) -> None:
        if self.failure is not None:
            return
        try:
            super().item_scraped(item, spider)
        except Exception as exc:  # noqa: BLE001 - any failure to write is the run's failure
            self.failure = exc
            self.crawler.stats.inc_value(keys.ERROR_KIND.format("output"))
            logger.error("Cannot write the output (%s): stopping the run", exc)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=keys.FINISH_OUTPUT_FAILED))
