"""All ``NEWSCRAWL_*`` settings, parsed and validated in one place.

Components call :meth:`NewscrawlConfig.of` in ``from_crawler`` (built once per
crawler) and keep plain values; a bad value fails the run at start with a
message naming the setting, never half-way through a crawl. The defaults live
here and nowhere else.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

RENDER_MODES = ("auto", "always", "never")
#: Article fields whose coverage the run report shows and the monitors check.
COVERAGE_FIELDS = ("headline", "articleBody", "datePublished", "authors")
DEFAULT_MIN_COVERAGE = {"headline": 0.95, "articleBody": 0.95, "datePublished": 0.8, "authors": 0.0}
DEFAULT_BROWSER_PATH = "/usr/bin/chromium"
#: The state file of the cron entry when NEWSCRAWL_STATE_PATH is not set.
CRON_STATE_PATH = Path(".newscrawl/state.sqlite3")
#: The state file inside a JOBDIR when NEWSCRAWL_STATE_PATH is not set.
JOBDIR_STATE_NAME = "newscrawl-state.sqlite3"
_by_crawler: WeakKeyDictionary = WeakKeyDictionary()


class ConfigError(ValueError):
    """A ``NEWSCRAWL_*`` setting has a value newscrawl cannot use."""


@dataclass(frozen=True)
class NewscrawlConfig:
    output_dir: Path = Path("output")
    """NEWSCRAWL_OUTPUT_DIR: where the default per-run JSON Lines file goes."""

    sample_hosts: tuple[str, ...] = ("127.0.0.2", "127.0.0.3")
    """NEWSCRAWL_SAMPLE_HOSTS: loopback addresses of the sample site's two mirrors."""

    state_path: Path | None = None
    """NEWSCRAWL_STATE_PATH: SQLite file of the crawl state (what earlier runs wrote, the pending
    frontier, run records); unset means none, unless ``JOBDIR`` is set: then a file inside it,
    so a paused and resumed job writes each story once."""

    queue_max: int = 2_000
    """NEWSCRAWL_QUEUE_MAX: requests the scheduler holds in memory when the crawl keeps state and has
    no JOBDIR; more links stay pending in the state (on disk) until the queue runs dry; 0: no limit."""

    frontier_max: int = 1_000_000
    """NEWSCRAWL_FRONTIER_MAX: pending links kept in the state; above it the deepest are dropped (counted)."""

    max_attempts: int = 3
    """NEWSCRAWL_MAX_ATTEMPTS: runs in which a pending link may fail before it is recorded as failed for good."""

    state_cache_mb: int = 8
    """NEWSCRAWL_STATE_CACHE_MB: SQLite page cache of the state store (memory against lookup speed).
    Small: the operating system's page cache keeps the file's hot pages anyway, and a cache that
    fills as the state grows was most of the memory a long crawl gained (32 MiB: 1.41x from 1,000 to
    50,000 pages; 8 MiB: 1.24x)."""

    refresh_depth: int = 1
    """NEWSCRAWL_REFRESH_DEPTH: pages this many hops from a start URL or fewer are fetched
    every run even when known (their lists change); known pages deeper are not fetched."""

    near_duplicate_threshold: float = 0.5
    """NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD: estimated Jaccard similarity of 5-word shingles
    from which two bodies are one story."""

    sync_every: int = 100
    """NEWSCRAWL_SYNC_EVERY: articles between fsyncs of the output file (and state commits).
    A kill loses nothing either way (every line is flushed, and the next run records what
    the file holds); after an OS crash or power loss at most this many articles are
    fetched again. Each commit writes every index page its articles touched (32 LSH bands
    each), so fewer commits cost less: 100 kept the state's cost under a tenth of the crawl's
    throughput where 20 cost 17% (README, Performance)."""

    max_error_rate: float = 0.2
    """NEWSCRAWL_MAX_ERROR_RATE: share of failed requests above which a cron run exits 1."""

    logs_dir: Path = Path("logs")
    """NEWSCRAWL_LOGS_DIR: where the cron entry writes one log per run."""

    logs_keep: int = 50
    """NEWSCRAWL_LOGS_KEEP: how many run logs the cron entry keeps."""

    render: str = "auto"
    """NEWSCRAWL_RENDER: ``auto`` renders only pages whose plain HTML shows script-filled
    holes; ``always`` renders every page; ``never`` no page."""

    render_hosts: frozenset[str] = frozenset()
    """NEWSCRAWL_RENDER_HOSTS: hosts whose pages always go to the browser (in ``auto``)."""

    browser_path: Path | None = None
    """NEWSCRAWL_BROWSER_PATH: the Chromium binary (Debian's ``chromium``); found at
    /usr/bin/chromium or on PATH when unset."""

    render_timeout: float = 10.0
    """NEWSCRAWL_RENDER_TIMEOUT: seconds for a page to load and for its scripts to fill it."""

    render_concurrency: int = 2
    """NEWSCRAWL_RENDER_CONCURRENCY: pages open in the browser at once."""

    render_learn_after: int = 3
    """NEWSCRAWL_RENDER_LEARN_AFTER: after this many of a host's pages needed rendering (and
    no fewer than 80% of its pages so far), its later pages go straight to the browser."""

    allow_private_addresses: bool = False
    """NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES: let requests reach private, loopback, link-local and
    reserved addresses (after DNS too). Off, only the hosts of the start URLs (and of ``-a hosts``)
    may be on such addresses: a page must not make the crawler fetch from the machine's own
    network (cloud metadata, routers, local services)."""

    max_links_per_list: int = 200
    """NEWSCRAWL_MAX_LINKS_PER_LIST: links kept from one list of one page; more are dropped (counted)."""

    redis_url: str | None = None
    """NEWSCRAWL_REDIS_URL (setting, or environment variable of the same name): a Redis server
    (``redis://host:port/db``) that several workers share one crawl through; unset means the
    embedded SQLite state (:mod:`newscrawl.distributed`)."""

    redis_prefix: str = "newscrawl:"
    """NEWSCRAWL_REDIS_PREFIX: prefix of every key newscrawl keeps in Redis."""

    worker_id: str = ""
    """NEWSCRAWL_WORKER_ID: this worker's name in a shared crawl (default: the host name); its
    output files and its lock carry it."""

    redis_lease: float = 60.0
    """NEWSCRAWL_REDIS_LEASE: seconds after which a request a worker took and did not finish
    goes back to the shared queue for another worker."""

    redis_idle_timeout: float = 30.0
    """NEWSCRAWL_REDIS_IDLE_TIMEOUT: a worker stops once the shared queue has been empty, with no
    request held by any worker, this many seconds."""

    gc_threshold: int = 10_000
    """NEWSCRAWL_GC_THRESHOLD: Python's generation-0 garbage-collection threshold while a
    crawl runs (Python's own is 700); 0 leaves the collector as it is."""

    monitor_min_coverage: dict = field(default_factory=lambda: dict(DEFAULT_MIN_COVERAGE))
    """NEWSCRAWL_MONITOR_MIN_COVERAGE: least share of written articles that must have each field
    (JSON, e.g. ``{"headline": 0.95, "datePublished": 0.8}``; the fields given replace those defaults)."""

    monitor_max_error_rate: float = 0.05
    """NEWSCRAWL_MONITOR_MAX_ERROR_RATE: errors per request above which the run's error monitor
    fails (exit 3); above NEWSCRAWL_MAX_ERROR_RATE the run itself failed (exit 1)."""

    monitor_max_skip_share: float = 0.5
    """NEWSCRAWL_MONITOR_MAX_SKIP_SHARE: largest share of the pages fetched that one skip reason
    (``too_short``, ``http_404``…) may take."""

    monitor_min_per_list: dict = field(default_factory=dict)
    """NEWSCRAWL_MONITOR_MIN_PER_LIST: least articles written through each list (JSON, e.g.
    ``{"related": 1}``); none by default: the report shows the counts."""

    monitor_zero_items: bool = True
    """NEWSCRAWL_MONITOR_ZERO_ITEMS: a run that wrote nothing and met no article it knew fails its
    monitor (a run that met only known articles is a quiet run, not a broken one)."""

    progress_interval: float = 5.0
    """NEWSCRAWL_PROGRESS_INTERVAL: seconds between updates of the progress line shown while a crawl
    runs with a terminal on stderr; 0 turns it off."""

    @property
    def render_deadline(self) -> float:
        """Seconds after which a render is abandoned whatever its page does (a script that
        never yields included): the load and the wait each have ``render_timeout``, plus
        time to close the page."""
        return 2 * self.render_timeout + 5.0

    @property
    def browser_available(self) -> bool:
        return self.browser_path is not None and os.access(self.browser_path, os.X_OK)

    @classmethod
    def of(cls, crawler) -> "NewscrawlConfig":
        """The crawler's config, parsed from its settings once."""
        config = _by_crawler.get(crawler)
        if config is None:
            config = _by_crawler[crawler] = cls.from_settings(crawler.settings)
        return config

    @classmethod
    def from_settings(cls, settings) -> "NewscrawlConfig":
        output_dir = settings.get("NEWSCRAWL_OUTPUT_DIR") or cls.output_dir
        hosts = tuple(settings.getlist("NEWSCRAWL_SAMPLE_HOSTS") or cls.sample_hosts)
        if len(hosts) != 2 or not all(h.startswith("127.") or h in ("localhost", "::1") for h in hosts):
            raise ConfigError(f"NEWSCRAWL_SAMPLE_HOSTS must be two loopback addresses, got {hosts!r}")
        check_scrapy_settings(settings)
        state = settings.get("NEWSCRAWL_STATE_PATH")
        if not state and settings.get("JOBDIR"):
            state = Path(settings.get("JOBDIR")) / JOBDIR_STATE_NAME
        return cls(
            output_dir=Path(output_dir),
            sample_hosts=hosts,
            state_path=Path(state) if state else None,
            frontier_max=_number(settings, "NEWSCRAWL_FRONTIER_MAX", int, cls.frontier_max, 1, None),
            queue_max=_number(settings, "NEWSCRAWL_QUEUE_MAX", int, cls.queue_max, 0, None),
            max_attempts=_number(settings, "NEWSCRAWL_MAX_ATTEMPTS", int, cls.max_attempts, 1, None),
            state_cache_mb=_number(settings, "NEWSCRAWL_STATE_CACHE_MB", int, cls.state_cache_mb, 1, 4096),
            refresh_depth=_number(settings, "NEWSCRAWL_REFRESH_DEPTH", int, cls.refresh_depth, 0, None),
            near_duplicate_threshold=_number(settings, "NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD", float,
                                             cls.near_duplicate_threshold, 0.05, 1.0),
            sync_every=_number(settings, "NEWSCRAWL_SYNC_EVERY", int, cls.sync_every, 1, None),
            max_error_rate=_number(settings, "NEWSCRAWL_MAX_ERROR_RATE", float, cls.max_error_rate, 0.0, 1.0),
            logs_dir=Path(settings.get("NEWSCRAWL_LOGS_DIR") or cls.logs_dir),
            logs_keep=_number(settings, "NEWSCRAWL_LOGS_KEEP", int, cls.logs_keep, 1, None),
            render=_choice(settings, "NEWSCRAWL_RENDER", RENDER_MODES),
            render_hosts=frozenset(h.strip().lower() for h in settings.getlist("NEWSCRAWL_RENDER_HOSTS") if h.strip()),
            browser_path=_browser_path(settings.get("NEWSCRAWL_BROWSER_PATH")),
            render_timeout=_number(settings, "NEWSCRAWL_RENDER_TIMEOUT", float, cls.render_timeout, 0.5, 300.0),
            render_concurrency=_number(settings, "NEWSCRAWL_RENDER_CONCURRENCY", int, cls.render_concurrency, 1, 64),
            render_learn_after=_number(settings, "NEWSCRAWL_RENDER_LEARN_AFTER", int, cls.render_learn_after, 1, None),
            allow_private_addresses=_flag(settings, "NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES"),
            max_links_per_list=_number(settings, "NEWSCRAWL_MAX_LINKS_PER_LIST", int, cls.max_links_per_list, 1, None),
            redis_url=_redis_url(settings),
            redis_prefix=settings.get("NEWSCRAWL_REDIS_PREFIX") or cls.redis_prefix,
            worker_id=_worker_id(settings),
            redis_lease=_number(settings, "NEWSCRAWL_REDIS_LEASE", float, cls.redis_lease, 1.0, None),
            redis_idle_timeout=_number(settings, "NEWSCRAWL_REDIS_IDLE_TIMEOUT", float, cls.redis_idle_timeout, 0.5, None),
            gc_threshold=_number(settings, "NEWSCRAWL_GC_THRESHOLD", int, cls.gc_threshold, 0, None),
            monitor_min_coverage={**DEFAULT_MIN_COVERAGE, **_shares(settings, "NEWSCRAWL_MONITOR_MIN_COVERAGE", COVERAGE_FIELDS)},
            monitor_max_error_rate=_number(settings, "NEWSCRAWL_MONITOR_MAX_ERROR_RATE", float,
                                           cls.monitor_max_error_rate, 0.0, 1.0),
            monitor_max_skip_share=_number(settings, "NEWSCRAWL_MONITOR_MAX_SKIP_SHARE", float,
                                           cls.monitor_max_skip_share, 0.0, 1.0),
            monitor_min_per_list=_counts(settings, "NEWSCRAWL_MONITOR_MIN_PER_LIST"),
            monitor_zero_items=(_flag(settings, "NEWSCRAWL_MONITOR_ZERO_ITEMS")
                                if settings.get("NEWSCRAWL_MONITOR_ZERO_ITEMS") is not None else cls.monitor_zero_items),
            progress_interval=_number(settings, "NEWSCRAWL_PROGRESS_INTERVAL", float, cls.progress_interval, 0.0, None),
        )


#: Scrapy settings the README names, checked with ours: ``-s DOWNLOAD_TIMEOUT=abc`` is a
#: usage error at start, not a traceback from deep inside Scrapy once the crawl runs.
SCRAPY_NUMBERS = {
    "DOWNLOAD_TIMEOUT": (float, 0.001, None), "DOWNLOAD_DELAY": (float, 0.0, None),
    "DOWNLOAD_MAXSIZE": (int, 0, None), "DOWNLOAD_WARNSIZE": (int, 0, None),
    "CONCURRENT_REQUESTS": (int, 1, None), "CONCURRENT_REQUESTS_PER_DOMAIN": (int, 1, None),
    "CONCURRENT_ITEMS": (int, 1, None), "RETRY_TIMES": (int, 0, None),
    "AUTOTHROTTLE_START_DELAY": (float, 0.0, None), "AUTOTHROTTLE_MAX_DELAY": (float, 0.0, None),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": (float, 0.01, None),
    "CLOSESPIDER_ITEMCOUNT": (int, 0, None), "CLOSESPIDER_PAGECOUNT": (int, 0, None),
    "CLOSESPIDER_ERRORCOUNT": (int, 0, None), "CLOSESPIDER_TIMEOUT": (float, 0.0, None),
}
SCRAPY_FLAGS = ("ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "RETRY_ENABLED")


def check_scrapy_settings(settings) -> None:
    for name, (kind, low, high) in SCRAPY_NUMBERS.items():
        _number(settings, name, kind, None, low, high)
    for name in SCRAPY_FLAGS:
        _flag(settings, name)


def _flag(settings, name: str) -> bool:
    try:
        return settings.getbool(name)
    except ValueError:
        raise ConfigError(f"{name} must be true or false (1/0), got {settings.get(name)!r}") from None


def _redis_url(settings) -> str | None:
    url = settings.get("NEWSCRAWL_REDIS_URL") or os.environ.get("NEWSCRAWL_REDIS_URL") or None
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"NEWSCRAWL_REDIS_URL must be a redis:// URL, got {url!r}")
    return url


def _worker_id(settings) -> str:
    worker = (settings.get("NEWSCRAWL_WORKER_ID") or socket.gethostname() or "worker").strip()
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", worker):
        raise ConfigError(f"NEWSCRAWL_WORKER_ID must be 1 to 64 letters, digits, '.', '_' or '-', got {worker!r}")
    return worker


def _choice(settings, name: str, choices: tuple[str, ...]) -> str:
    value = (settings.get(name) or choices[0]).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _browser_path(raw: str | None) -> Path | None:
    if raw:
        return Path(raw)  # as given, even if missing: the spider says so once
    if os.access(DEFAULT_BROWSER_PATH, os.X_OK):
        return Path(DEFAULT_BROWSER_PATH)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def _json_dict(settings, name: str) -> dict:
    try:
        return settings.getdict(name)
    except (ValueError, TypeError):
        raise ConfigError(f"{name} must be a JSON object, got {settings.get(name)!r}") from None


def _shares(settings, name: str, allowed: tuple[str, ...]) -> dict[str, float]:
    shares = {}
    for key, value in _json_dict(settings, name).items():
        if key not in allowed:
            raise ConfigError(f"{name}: unknown field {key!r} (fields: {', '.join(allowed)})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ConfigError(f"{name}: {key} must be a share between 0 and 1, got {value!r}")
        shares[key] = float(value)
    return shares


def _counts(settings, name: str) -> dict[str, int]:
    counts = {}
    for key, value in _json_dict(settings, name).items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{name}: {key} must be a whole number, got {value!r}")
        counts[key] = value
    return counts


def _number(settings, name: str, kind, default, low, high):
    raw = settings.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
        if kind is float and value != value:
            raise ValueError("nan")
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be {'a whole number' if kind is int else 'a number'}, got {raw!r}") from None
    if value < low or (high is not None and value > high):
        raise ConfigError(f"{name} must be between {low} and {high if high is not None else 'any'}, got {value}")
    return value


def lock_path(state_path: Path) -> Path:
    """The file whose lock makes runs on one state file take turns."""
    return state_path.with_name(state_path.name + ".lock")


def run_lock(config: NewscrawlConfig) -> Path:
    """The lock of the entry point that owns a run: one per state file, or, in a crawl shared
    through Redis, one per worker id (workers with other ids run beside it)."""
    if config.redis_url:
        return (config.state_path or CRON_STATE_PATH).with_name(f"worker-{config.worker_id}.lock")
    return lock_path(config.state_path)
