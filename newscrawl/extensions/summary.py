"""A short human summary at the end of every run.

Counts written articles by the list that led to them (``newscrawl/written/<via>``,
counted on ``item_scraped``, so after every pipeline), and logs one block with
articles written, pages skipped by reason, errors and where the output went.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals

from .. import stats as keys

logger = logging.getLogger(__name__)


class RunSummary:
    def __init__(self, stats, stats_file: str | None = None) -> None:
        self.stats = stats
        self.stats_file = Path(stats_file) if stats_file else None
        self.outputs: list[str] = []
        #: The summary block, once the run ended (the crawl command prints it when the log does not).
        self.text: str | None = None

    @classmethod
    def from_crawler(cls, crawler) -> "RunSummary":
        ext = cls(crawler.stats, crawler.settings.get("NEWSCRAWL_STATS_FILE"))
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.feed_slot_closed, signal=signals.feed_slot_closed)
        # engine_stopped comes after the feed exports closed their files.
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item, spider) -> None:
        via = (ItemAdapter(item).get("discovery") or {}).get("via", "unknown")
        self.stats.inc_value(keys.WRITTEN)
        self.stats.inc_value(keys.WRITTEN_VIA.format(via))

    def item_error(self, item, response, spider, failure) -> None:
        self.stats.inc_value(keys.ITEM_ERRORS)

    def feed_slot_closed(self, slot) -> None:
        self.outputs.append(str(slot.uri))

    def engine_stopped(self) -> None:
        peak = peak_rss_bytes()
        if peak:
            self.stats.set_value(keys.PEAK_RSS, peak)
        stats = self.stats.get_stats()
        self.text = summary_text(stats, stats.get("finish_reason", "unknown"), self.outputs)
        logger.info("%s", self.text)
        if self.stats_file:
            # For scripts and tests: the final stats as one JSON object.
            self.stats_file.parent.mkdir(parents=True, exist_ok=True)
            self.stats_file.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")


def peak_rss_bytes() -> int | None:
    """This process's peak resident memory (Linux ``VmHWM``). Unlike ``ru_maxrss``
    it starts afresh at exec, so a crawl started from a big parent process is
    not charged with the parent's memory."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def summary_text(stats: dict, reason: str, outputs: list[str]) -> str:
    exceptions = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/") and k.count("/") == 1)
    log_errors = stats.get("log_count/ERROR", 0)

    def fmt(counts: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"

    skipped = keys.group(stats, keys.SKIPPED)
    dedupe = keys.group(stats, keys.DEDUPE)
    lines = [
        f"newscrawl run finished ({reason})",
        f"  articles written: {stats.get(keys.WRITTEN, 0)} ({fmt(keys.group(stats, keys.WRITTEN + '/'))})",
        f"  pages skipped: {sum(skipped.values())} ({fmt(skipped)})",
        f"  errors: {log_errors} logged, {exceptions} spider exceptions ({fmt(keys.group(stats, keys.ERRORS))})",
        f"  duplicates dropped: {stats.get(keys.DEDUPE_DROPPED, 0)} "
        f"({fmt({k: v for k, v in dedupe.items() if k != 'dropped'})})",
    ]
    read = keys.group(stats, keys.SOURCES_READ.format(""))
    if read:
        lines.append(f"  sources: {fmt(read)}; {stats.get(keys.SOURCES_ENTRIES, 0)} pages listed, "
                     f"{stats.get(keys.SOURCES_OLDER, 0)} older than since, {stats.get(keys.SOURCES_OFFSITE, 0)} off-site, "
                     f"{stats.get(keys.SOURCES_KNOWN, 0)} known")
    if any(k.startswith(keys.STATE) for k in stats) or keys.FRONTIER_PENDING in stats:
        lines.append(f"  state: new {stats.get(keys.STATE_NEW, 0)}, "
                     f"known, skipped {keys.known(stats)} "
                     f"({stats.get(keys.STATE_NOT_FETCHED, 0) + stats.get(keys.SOURCES_KNOWN, 0)} not fetched), "
                     f"recovered {stats.get(keys.STATE_RECOVERED, 0)}")
        lines.append(f"  frontier: {stats.get(keys.FRONTIER_PENDING, 0)} links pending "
                     f"({stats.get(keys.FRONTIER_SEEDED, 0)} taken up from earlier runs, "
                     f"{stats.get(keys.FRONTIER_RETRY_LATER, 0)} to retry, {stats.get(keys.FRONTIER_FAILED, 0)} given up, "
                     f"{stats.get(keys.FRONTIER_OVER_CAP, 0)} dropped over the cap)")
    monitors = stats.get(keys.MONITORS_RESULTS) or []
    if monitors:
        failed = [m for m in monitors if not m["ok"]]
        lines.append(f"  monitors: {len(monitors) - len(failed)} of {len(monitors)} passed"
                     + "".join(f"\n    FAILED {m['name']}: {m['detail']}" for m in failed))
    lines += [f"  output: {uri}" for uri in outputs]
    if stats.get(keys.OUTPUT):
        lines.append(f"  output: {stats[keys.OUTPUT]}")
    return "\n".join(lines)
