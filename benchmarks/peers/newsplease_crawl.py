"""Run inside news-please's own environment: one crawl by its ``RecursiveCrawler``, the way
``news-please -c DIR`` starts one (``SingleCrawler`` with a config file and a site list).

Reads ``{"url", "work", "settings", "config"}`` on stdin. The config is news-please's own
``config.cfg`` with only these changed: the working directory (``work``), the log file,
the Scrapy settings in ``settings`` (the benchmark passes the concurrency newscrawl runs
with) and the options in ``config`` (written as given). Its extractors (newspaper4k,
readability, date, language), pipelines (HTML and JSON files) and ``JOBDIR`` stay as
shipped. Prints ``{"stats", "elapsed", "articles"}``.
"""

import json
import re
import sys
import warnings
from pathlib import Path

import newsplease
from scrapy.statscollectors import MemoryStatsCollector

warnings.filterwarnings("ignore")

STATS: dict = {}


class KeptStats(MemoryStatsCollector):
    """Scrapy's stats, kept for this script to print once the crawl has ended."""

    def _persist_stats(self, stats) -> None:
        STATS.update(stats)


def config_text(work: Path, settings: dict, options: dict) -> str:
    shipped = (Path(newsplease.__file__).parent / "config" / "config.cfg").read_text()
    changed = {"working_path": str(work), "LOG_FILE": str(work / "crawl.log"),
               "STATS_CLASS": "'__main__.KeptStats'", **{k: repr(v) for k, v in settings.items()}, **options}
    for key, value in changed.items():
        line = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
        if line.search(shipped):
            shipped = line.sub(lambda _: f"{key} = {value}", shipped, count=1)
        else:  # a Scrapy setting news-please's file does not name: added to its [Scrapy] section
            shipped = shipped.replace("[Scrapy]\n", f"[Scrapy]\n{key} = {value}\n", 1)
    return shipped


def main() -> None:
    job = json.load(sys.stdin)
    work = Path(job["work"])
    work.mkdir(parents=True, exist_ok=True)
    (work / "config.cfg").write_text(config_text(work, job["settings"], job.get("config", {})))
    (work / "sitelist.hjson").write_text(json.dumps({"base_urls": [{"url": job["url"], "crawler": "RecursiveCrawler"}]}))

    from newsplease.single_crawler import SingleCrawler

    SingleCrawler(str(work / "config.cfg"), str(work / "sitelist.hjson"), 0, False, False)
    articles = sum(1 for _ in (work / "data").rglob("*.json")) if (work / "data").exists() else 0
    print(json.dumps({"stats": STATS, "elapsed": float(STATS.get("elapsed_time_seconds", 0)), "articles": articles},
                     default=str), flush=True)


if __name__ == "__main__":
    main()
