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

logger = logging.getLogger(__name__)


class RunSummary:
    def __init__(self, stats, stats_file: str | None = None) -> None:
        self.stats = stats
        self.stats_file = Path(stats_file) if stats_file else None
        self.outputs: list[str] = []

    @classmethod
    def from_crawler(cls, crawler) -> "RunSummary":
        ext = cls(crawler.stats, crawler.settings.get("NEWSCRAWL_STATS_FILE"))
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.feed_slot_closed, signal=signals.feed_slot_closed)
        # engine_stopped comes after the feed exports closed their files.
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item, spider) -> None:
        via = (ItemAdapter(item).get("discovery") or {}).get("via", "unknown")
        self.stats.inc_value("newscrawl/written")
        self.stats.inc_value(f"newscrawl/written/{via}")

    def feed_slot_closed(self, slot) -> None:
        self.outputs.append(str(slot.uri))

    def engine_stopped(self) -> None:
        peak = peak_rss_bytes()
        if peak:
            self.stats.set_value("newscrawl/memory/peak_rss", peak)
        stats = self.stats.get_stats()
        logger.info("%s", summary_text(stats, stats.get("finish_reason", "unknown"), self.outputs))
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


def _group(stats: dict, prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix) and "/" not in k[len(prefix):]}


def summary_text(stats: dict, reason: str, outputs: list[str]) -> str:
    written = _group(stats, "newscrawl/written/")
    skipped = _group(stats, "newscrawl/skipped/")
    errors = _group(stats, "newscrawl/errors/")
    exceptions = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/") and k.count("/") == 1)
    log_errors = stats.get("log_count/ERROR", 0)

    def fmt(counts: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"

    lines = [
        f"newscrawl run finished ({reason})",
        f"  articles written: {stats.get('newscrawl/written', 0)} ({fmt(written)})",
        f"  pages skipped: {sum(skipped.values())} ({fmt(skipped)})",
        f"  errors: {log_errors} logged, {exceptions} spider exceptions ({fmt(errors)})",
    ]
    dedupe = _group(stats, "newscrawl/dedupe/")
    lines.append(f"  duplicates dropped: {stats.get('newscrawl/dedupe/dropped', 0)} "
                 f"({fmt({k: v for k, v in dedupe.items() if k != 'dropped'})})")
    if any(k.startswith("newscrawl/state/") for k in stats):
        lines.append(f"  state: new {stats.get('newscrawl/state/new', 0)}, "
                     f"known, skipped {stats.get('newscrawl/state/known', 0) + stats.get('newscrawl/state/not_fetched', 0)} "
                     f"({stats.get('newscrawl/state/not_fetched', 0)} not fetched), "
                     f"recovered {stats.get('newscrawl/state/recovered', 0)}")
    lines += [f"  output: {uri}" for uri in outputs]
    if stats.get("newscrawl/output"):
        lines.append(f"  output: {stats['newscrawl/output']}")
    return "\n".join(lines)
