"""Every ``newscrawl/…`` stats key, defined once.

Components import these names instead of spelling keys out, so the summary,
the cron verdict, the benchmarks and the tests all read what was written.
Keys with ``{}`` take one path segment (a reason, a list name, a status).
"""

PREFIX = "newscrawl/"

RUN = "newscrawl/run"
OUTPUT = "newscrawl/output"
PEAK_RSS = "newscrawl/memory/peak_rss"

WRITTEN = "newscrawl/written"
WRITTEN_VIA = "newscrawl/written/{}"
PAGES_ARTICLE = "newscrawl/pages/article"
SKIPPED = "newscrawl/skipped/"
SKIPPED_REASON = "newscrawl/skipped/{}"
ERRORS = "newscrawl/errors/"
ERROR_KIND = "newscrawl/errors/{}"
ERROR_EXTRACTION = "newscrawl/errors/extraction/{}"
START_FAILED = "newscrawl/errors/start_failed"
#: Items a pipeline or the output raised on (Scrapy counts none of these).
ITEM_ERRORS = "newscrawl/errors/item"

LINKS_INVALID = "newscrawl/links/invalid"
LINKS_OFFSITE = "newscrawl/links/offsite"
LINKS_CAPPED = "newscrawl/links/over_list_cap"

#: Start URLs read as a source, by kind (sitemap, sitemap_index, feed, listing).
SOURCES_READ = "newscrawl/sources/read/{}"
#: Pages the sources listed, and of those: dated before ``-a since``, off the run's hosts,
#: known from an earlier run (not fetched again).
SOURCES_ENTRIES = "newscrawl/sources/entries"
SOURCES_OLDER = "newscrawl/sources/older_than_since"
SOURCES_OFFSITE = "newscrawl/sources/offsite"
SOURCES_KNOWN = "newscrawl/sources/known"

#: Written articles that have a field (headline, articleBody, datePublished, authors).
COVERAGE = "newscrawl/coverage/"
COVERAGE_FIELD = "newscrawl/coverage/{}"
#: Monitors that failed this run, and the one-line result of each (a list of dicts).
MONITORS_FAILED = "newscrawl/monitors/failed"
MONITORS_RESULTS = "newscrawl/monitors/results"
#: Where this run's JSON report went.
REPORT = "newscrawl/report"

#: Requests the guard refused before any connection: newscrawl/refused/<reason>.
REFUSED = "newscrawl/refused/"
REFUSED_REASON = "newscrawl/refused/{}"

DEDUPE = "newscrawl/dedupe/"
DEDUPE_DROPPED = "newscrawl/dedupe/dropped"
DEDUPE_REASON = "newscrawl/dedupe/{}"

STATE = "newscrawl/state/"
STATE_NEW = "newscrawl/state/new"
STATE_KNOWN = "newscrawl/state/known"
STATE_NOT_FETCHED = "newscrawl/state/not_fetched"
STATE_EXPANDED = "newscrawl/state/expanded"
STATE_RECOVERED = "newscrawl/state/recovered"

FRONTIER_SEEDED = "newscrawl/frontier/seeded"
FRONTIER_ADDED = "newscrawl/frontier/added"
FRONTIER_PENDING = "newscrawl/frontier/pending"
FRONTIER_OVER_CAP = "newscrawl/frontier/dropped_over_cap"
FRONTIER_RETRY_LATER = "newscrawl/frontier/retry_later"
FRONTIER_FAILED = "newscrawl/frontier/failed"
FRONTIER_FAILED_NOT_FETCHED = "newscrawl/frontier/failed_not_fetched"
FRONTIER_DEFERRED = "newscrawl/frontier/deferred"
#: Requests left pending in the state while the scheduler's queue was full, and fed back later.
FRONTIER_HELD_BACK = "newscrawl/frontier/held_back"
FRONTIER_FED_BACK = "newscrawl/frontier/fed_back"

RENDER_REQUESTED = "newscrawl/render/requested"
RENDER_REASON = "newscrawl/render/reason/{}"
RENDER_RENDERED = "newscrawl/render/rendered"
RENDER_PLAIN = "newscrawl/render/plain"
RENDER_NOT_RENDERED = "newscrawl/render/not_rendered"
RENDER_FAILED = "newscrawl/render/failed/{}"


def group(stats: dict, prefix: str) -> dict[str, int]:
    """``{segment: value}`` of the keys one segment below ``prefix``."""
    return {k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix) and "/" not in k[len(prefix):]}


def total(stats: dict, prefix: str) -> int:
    return sum(v for k, v in stats.items() if k.startswith(prefix))


def known(stats: dict) -> int:
    """Articles earlier runs wrote that this run met again (fetched, followed from the state,
    or listed again by a sitemap, feed or front page)."""
    return stats.get(STATE_KNOWN, 0) + stats.get(STATE_NOT_FETCHED, 0) + stats.get(SOURCES_KNOWN, 0)

#: Finish reasons of a run stopped because what it found could not be kept.
FINISH_OUTPUT_FAILED = "output_failed"
FINISH_STATE_FAILED = "state_failed"
FINISH_REDIS_LOST = "redis_lost"
