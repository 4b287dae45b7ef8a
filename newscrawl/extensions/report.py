"""A JSON report of every run, beside its output file: what a person (or a dashboard)
reads to judge a run without parsing its log.

``articles-<stamp>.jsonl`` gets ``report-<stamp>.json`` (so that ``articles-*`` holds
articles only); a ``-O items.jsonl`` gets ``items.report.json``; a run that wrote no file
reports to ``NEWSCRAWL_OUTPUT_DIR/report-<start time>.json``. Of the reports without an
articles file, the newest ``NEWSCRAWL_LOGS_KEEP`` are kept: a cron entry every ten minutes
makes many quiet runs.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy import signals

from .. import stats as keys
from ..config import NewscrawlConfig
from ..monitors import coverage
from ..verdict import run_verdict
from .summary import RunSummary

logger = logging.getLogger(__name__)

ARTICLES_PREFIX = "articles-"
REPORT_PREFIX = "report-"


class RunReport:
    def __init__(self, crawler, config: NewscrawlConfig) -> None:
        self.crawler = crawler
        self.config = config

    @classmethod
    def from_crawler(cls, crawler) -> "RunReport":
        ext = cls(crawler, NewscrawlConfig.of(crawler))
        # After the summary (connected earlier), which collects the output files.
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats()
        summary = self.crawler.get_extension(RunSummary)
        outputs = summary.outputs if summary else []
        path = self.path(stats, outputs)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps(report(stats, run_verdict(self.crawler, self.config.max_error_rate), outputs), default=str, indent=1, ensure_ascii=False)
                           + "\n", encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            logger.error("Cannot write the run report %s: %s", path, exc)
            return
        self.crawler.stats.set_value(keys.REPORT, str(path))
        if path.name.startswith(REPORT_PREFIX):
            quiet = [p for p in sorted(path.parent.glob(f"{REPORT_PREFIX}*.json")) if not _articles_of(p).exists()]
            for old in quiet[:-self.config.logs_keep]:
                old.unlink(missing_ok=True)

    def path(self, stats: dict, outputs: list[str]) -> Path:
        if stats.get(keys.OUTPUT):
            return _report_beside(Path(stats[keys.OUTPUT]))
        for uri in outputs:
            parts = urlsplit(uri)
            if parts.scheme in ("", "file"):
                return _report_beside(Path(unquote(parts.path) if parts.scheme else uri))
        started = stats.get("start_time") or datetime.now(timezone.utc)
        return self.config.output_dir / f"{REPORT_PREFIX}{started:%Y%m%dT%H%M%SZ}.json"


def _report_beside(written: Path) -> Path:
    """``report-<stamp>.json`` for ``articles-<stamp>.jsonl`` (``articles-*`` holds articles only),
    ``items.report.json`` for any other name."""
    if written.name.startswith(ARTICLES_PREFIX):
        return written.with_name(REPORT_PREFIX + written.name.removeprefix(ARTICLES_PREFIX).removesuffix(".jsonl") + ".json")
    return written.with_name(written.stem + ".report.json")


def _articles_of(report_path: Path) -> Path:
    stem = report_path.name.removeprefix(REPORT_PREFIX).removesuffix(".json")
    return report_path.with_name(f"{ARTICLES_PREFIX}{stem}.jsonl")


def report(stats: dict, problem: str | None, outputs: list[str]) -> dict:
    started, finished = stats.get("start_time"), stats.get("finish_time")
    seconds = stats.get("elapsed_time_seconds") or ((finished - started).total_seconds() if started and finished else None)
    pages = stats.get("response_received_count", 0)
    return {
        "run": stats.get(keys.RUN),
        "verdict": "ok" if problem is None else f"failed: {problem}",
        "finishReason": stats.get("finish_reason"),
        "monitors": stats.get(keys.MONITORS_RESULTS, []),
        "monitorsFailed": stats.get(keys.MONITORS_FAILED, 0),
        "written": stats.get(keys.WRITTEN, 0),
        "writtenVia": keys.group(stats, keys.WRITTEN + "/"),
        "coverage": coverage(stats),
        "duplicates": stats.get(keys.DEDUPE_DROPPED, 0),
        "skipped": keys.group(stats, keys.SKIPPED),
        "errors": {k[len(keys.ERRORS):]: v for k, v in sorted(stats.items()) if k.startswith(keys.ERRORS)},
        "pendingLinks": stats.get(keys.FRONTIER_PENDING),
        "output": stats.get(keys.OUTPUT) or (outputs[0] if outputs else None),
        "timings": {"started": started, "finished": finished, "seconds": seconds, "pages": pages,
                    "pagesPerSecond": round(pages / seconds, 2) if seconds else None},
        "stats": stats,
    }
