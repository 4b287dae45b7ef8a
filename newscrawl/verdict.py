"""Did a run go well? One decision on its final stats, for both entry points.

``scrapy crawl`` exits 0 even when callbacks raise or nothing could be written;
``python -m newscrawl.cron`` and newscrawl's ``scrapy crawl`` command both ask
:func:`verdict` and exit 1 with its one-line reason.
"""

from __future__ import annotations

from . import stats as keys

#: Finish reasons of a run that did what it was asked: it finished, or stopped at a
#: limit the user set (what it did not reach stays pending for the next run).
GOOD_FINISH = frozenset({"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"})
#: Finish reasons newscrawl gives a run it stopped, and what they mean.
FAILED_FINISH = {
    keys.FINISH_OUTPUT_FAILED: "the output could not be written",
    keys.FINISH_STATE_FAILED: "the crawl state could not be written",
    keys.FINISH_REDIS_LOST: "Redis was lost",
}


def verdict(stats: dict, start_urls: int, max_error_rate: float) -> str | None:
    """``None`` when the run went well, else why it did not."""
    reason = stats.get("finish_reason")
    if reason in FAILED_FINISH:
        return FAILED_FINISH[reason]
    if reason not in GOOD_FINISH:
        return f"finish reason {reason or 'missing'}"
    if stats.get(keys.ERROR_KIND.format("output")) or any(k.startswith("feedexport/failed_count/") for k in stats):
        return FAILED_FINISH[keys.FINISH_OUTPUT_FAILED]
    if stats.get(keys.ERROR_KIND.format("state")):
        return FAILED_FINISH[keys.FINISH_STATE_FAILED]
    if stats.get(keys.ITEM_ERRORS):
        return f"{stats[keys.ITEM_ERRORS]} article(s) could not be processed (see the log)"
    exceptions = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/") and k.count("/") == 1)
    if exceptions:
        return f"{exceptions} spider exception(s)"
    failed_starts = stats.get(keys.START_FAILED, 0)
    if start_urls and failed_starts >= start_urls:
        return "every start URL failed"
    rate = error_rate(stats)
    if rate > max_error_rate:
        return f"error rate {rate:.0%} above {max_error_rate:.0%}"
    return None


def error_rate(stats: dict) -> float:
    """Errors per request (a failed start URL is judged on its own, not counted here)."""
    requests = stats.get("downloader/request_count", 0)
    errors = keys.total(stats, keys.ERRORS) - stats.get(keys.START_FAILED, 0)
    return errors / requests if requests else 0.0


def run_verdict(crawler, max_error_rate: float) -> str | None:
    """:func:`verdict` of a crawler whose run ended."""
    options = getattr(crawler.spider, "options", None)
    return verdict(crawler.stats.get_stats(), len(options.start_urls) if options else 0, max_error_rate)
