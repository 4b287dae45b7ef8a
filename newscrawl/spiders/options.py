"""The ``article`` spider's ``-a`` arguments, parsed and checked before any request."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from difflib import get_close_matches
from pathlib import Path

from scrapy.exceptions import UsageError

from ..extractors import SECTIONS
from ..urls import InvalidURL, clean_url, host_of, site_host

DEFAULT_DEPTH = 2


@dataclass(frozen=True)
class SpiderOptions:
    start_urls: tuple[str, ...]
    sections: tuple[str, ...] = SECTIONS
    depth: int = DEFAULT_DEPTH
    max_articles: int | None = None
    #: Hosts links and redirects may go to (as :func:`~newscrawl.urls.site_host` folds them);
    #: ``None`` means any host.
    hosts: frozenset[str] | None = frozenset()
    #: Hosts the operator named (start URLs, ``-a hosts``): the only ones that may be on a
    #: private or loopback address (see :mod:`newscrawl.middlewares.guard`).
    trusted_hosts: frozenset[str] = frozenset()
    #: Sitemap and feed entries, and articles, dated before this day are left out.
    since: date | None = None
    #: Languages kept (``("en", "de")``), by the article's declared language, else detected; ``()`` keeps all.
    languages: tuple[str, ...] = ()
    #: Also start from the sitemaps each start host's robots.txt lists.
    sitemaps_from_robots: bool = False

    ARGUMENTS = ("url", "urls_file", "sections", "depth", "max_articles", "hosts", "since", "languages",
                 "sitemaps_from_robots")

    @classmethod
    def parse(cls, url=None, urls_file=None, sections=None, depth=None, max_articles=None, hosts=None,
              since=None, languages=None, sitemaps_from_robots=None, _job=None, **unknown) -> "SpiderOptions":
        """Raises :class:`~scrapy.exceptions.UsageError` for any bad or unknown argument: a
        misspelt ``-a urls=…`` must not leave a crawl with no start URL (the sample site).
        ``_job`` is the job id Scrapyd passes to every job it runs."""
        if unknown:
            raise UsageError(unknown_argument(next(iter(unknown))))
        raw_urls = [u for u in (url or "").split(",") if u.strip()]
        if url is not None and not raw_urls:
            raise UsageError("-a url is empty: give at least one start URL (leave -a url out to crawl the sample site)")
        if urls_file is not None:
            from_file = _read_urls_file(Path(urls_file)) if urls_file else []
            if not from_file:
                raise UsageError(f"-a urls_file={urls_file} holds no URL (one per line, # starts a comment)")
            raw_urls += from_file
        start_urls = []
        for raw in raw_urls:
            try:
                start_urls.append(clean_url(raw))
            except InvalidURL as exc:
                raise UsageError(f"invalid start URL {raw.strip()!r}: {exc}") from None
        chosen = tuple(s.strip().lower() for s in (sections or ",".join(SECTIONS)).split(",") if s.strip())
        unknown = [s for s in chosen if s not in SECTIONS]
        if unknown or not chosen:
            raise UsageError(f"-a sections must be a comma-separated subset of {','.join(SECTIONS)}, got {sections!r}")
        any_host = bool(hosts) and hosts.strip() == "*"
        named = frozenset(site_host(h.strip()) for h in ("" if any_host else hosts or "").split(",") if h.strip())
        return cls(
            start_urls=tuple(dict.fromkeys(start_urls)),
            sections=tuple(dict.fromkeys(chosen)),
            depth=_non_negative_int("depth", depth, DEFAULT_DEPTH),
            max_articles=_non_negative_int("max_articles", max_articles, None) or None,
            since=_day("since", since),
            languages=_languages(languages),
            sitemaps_from_robots=_flag("sitemaps_from_robots", sitemaps_from_robots),
        ).with_hosts(None if any_host else named, named)

    def with_hosts(self, hosts: frozenset[str] | None, named: frozenset[str]) -> "SpiderOptions":
        starts = frozenset(site_host(host_of(u)) for u in self.start_urls)
        return replace(self, hosts=None if hosts is None else hosts | starts, trusted_hosts=named | starts)

    def with_start_urls(self, urls: list[str]) -> "SpiderOptions":
        return replace(self, start_urls=tuple(urls)).with_hosts(self.hosts, self.trusted_hosts)

    def allows(self, host: str) -> bool:
        """May a link or redirect go to ``host``?"""
        return self.hosts is None or site_host(host) in self.hosts

    def trusts(self, host: str) -> bool:
        """May ``host`` be on a private or loopback address?"""
        return site_host(host) in self.trusted_hosts


#: Arguments people pass by habit from other spiders, and what newscrawl calls them.
FAMILIAR_ARGUMENTS = {"allowed_domains": "hosts", "start_urls": "url", "domains": "hosts", "max_depth": "depth",
                      "limit": "max_articles", "max_items": "max_articles", "file": "urls_file"}


def unknown_argument(name: str) -> str:
    hint = FAMILIAR_ARGUMENTS.get(name) or next(iter(get_close_matches(name, SpiderOptions.ARGUMENTS, 1, 0.6)), None)
    known = ", ".join(SpiderOptions.ARGUMENTS)
    return f"unknown argument {name!r}" + (f"; did you mean {hint!r}?" if hint else "") + f" (arguments: {known})"


def _read_urls_file(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read -a urls_file={path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"-a urls_file={path} is not UTF-8 text") from None
    urls = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            urls.append(line)
    return urls


def _non_negative_int(name: str, value, default):
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise UsageError(f"-a {name} must be a whole number, got {value!r}") from None
    if number < 0:
        raise UsageError(f"-a {name} must not be negative, got {number}")
    return number


def _day(name: str, value) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"-a {name} must be a day as YYYY-MM-DD, got {value!r}") from None


_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")


def _languages(value) -> tuple[str, ...]:
    if value is None:
        return ()
    codes = tuple(dict.fromkeys(c.strip().lower() for c in str(value).split(",") if c.strip()))
    bad = [c for c in codes if not _LANGUAGE_RE.match(c)]
    if bad or not codes:
        raise UsageError(f"-a languages must be comma-separated language codes such as en,de, got {value!r}")
    return codes


def _flag(name: str, value) -> bool:
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise UsageError(f"-a {name} must be 1 or 0, got {value!r}")
