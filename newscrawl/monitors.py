"""Is the output of a run any good? Checks on its final stats, each against a threshold.

A run can finish, write, and still be broken: every article without a date (the site
changed its markup), half the requests failing below the error limit, every page skipped
as ``too_short``, nothing found at all. Each monitor here says so in one line; a failed
monitor is printed in the summary and makes the cron entry exit 3. The idea is
spidermon's; its Scrapy integration needs its "monitoring" extra (boto, Sentry, Slack,
Scrapy Cloud clients), which is not light, so these few checks are ours.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from . import stats as keys
from .config import COVERAGE_FIELDS, NewscrawlConfig
from .verdict import error_rate


#: Skips that say nothing about the site or the extractors: the user's own limits and filters,
#: and the category pages every site links to.
EXPECTED_SKIPS = frozenset({"max_articles_reached", "older_than_since", "other_language", "listing"})


@dataclass(frozen=True)
class MonitorResult:
    name: str
    ok: bool
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


def coverage(stats: dict) -> dict[str, float]:
    """Share of the written articles that have each field (empty when none was written)."""
    written = stats.get(keys.WRITTEN, 0)
    if not written:
        return {}
    return {name: round(stats.get(keys.COVERAGE_FIELD.format(name), 0) / written, 4) for name in COVERAGE_FIELDS}


def run_monitors(stats: dict, config: NewscrawlConfig) -> list[MonitorResult]:
    results = []
    shares = coverage(stats)
    for name, least in config.monitor_min_coverage.items():
        if least > 0 and shares:
            share = shares[name]
            results.append(MonitorResult(f"coverage:{name}", share >= least,
                                         f"{name} in {share:.0%} of articles (least {least:.0%})"))
    rate = error_rate(stats)
    results.append(MonitorResult("error_rate", rate <= config.monitor_max_error_rate,
                                 f"error rate {rate:.1%} (most {config.monitor_max_error_rate:.0%})"))
    fetched = stats.get("response_received_count", 0)
    if fetched:
        skipped = {k: v for k, v in keys.group(stats, keys.SKIPPED).items() if k not in EXPECTED_SKIPS}
        worst = max(skipped.items(), key=lambda kv: kv[1], default=None)
        if worst:
            share = worst[1] / fetched
            results.append(MonitorResult("skipped", share <= config.monitor_max_skip_share,
                                         f"{worst[1]} of {fetched} pages skipped as {worst[0]} ({share:.0%}, "
                                         f"most {config.monitor_max_skip_share:.0%})"))
    for name, least in config.monitor_min_per_list.items():
        count = stats.get(keys.WRITTEN_VIA.format(name), 0)
        results.append(MonitorResult(f"list:{name}", count >= least, f"{count} articles through {name} (least {least})"))
    # A worker of a shared crawl may well find nothing left to do: the others did it.
    if config.monitor_zero_items and not config.redis_url:
        met = stats.get(keys.WRITTEN, 0) + keys.known(stats) + stats.get(keys.DEDUPE_DROPPED, 0)
        results.append(MonitorResult("zero_items", met > 0, f"{stats.get(keys.WRITTEN, 0)} articles written, "
                                                             f"{met - stats.get(keys.WRITTEN, 0)} met already known"))
    return results


def failed_text(results: list[dict]) -> str:
    """``"coverage:datePublished: datePublished in 40% of articles (least 80%); …"``."""
    return "; ".join(f"{r['name']}: {r['detail']}" for r in results if not r["ok"])
