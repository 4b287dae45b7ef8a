"""The ``article`` spider's ``-a`` arguments, parsed and checked before any request."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scrapy.exceptions import UsageError

from ..extractors import SECTIONS
from ..urls import InvalidURL, clean_url, host_of

DEFAULT_DEPTH = 2


@dataclass(frozen=True)
class SpiderOptions:
    start_urls: tuple[str, ...]
    sections: tuple[str, ...] = SECTIONS
    depth: int = DEFAULT_DEPTH
    max_articles: int | None = None
    #: Hosts links may be followed to; ``None`` means any host.
    hosts: frozenset[str] | None = frozenset()

    ARGUMENTS = ("url", "urls_file", "sections", "depth", "max_articles", "hosts")

    @classmethod
    def parse(cls, url=None, urls_file=None, sections=None, depth=None, max_articles=None, hosts=None) -> "SpiderOptions":
        raw_urls = [u for u in (url or "").split(",") if u.strip()]
        if urls_file:
            raw_urls += _read_urls_file(Path(urls_file))
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
        follow_hosts: frozenset[str] | None
        if hosts and hosts.strip() == "*":
            follow_hosts = None
        else:
            follow_hosts = frozenset(h.strip().lower() for h in (hosts or "").split(",") if h.strip())
            follow_hosts |= {host_of(u) for u in start_urls}
        return cls(
            start_urls=tuple(dict.fromkeys(start_urls)),
            sections=tuple(dict.fromkeys(chosen)),
            depth=_non_negative_int("depth", depth, DEFAULT_DEPTH),
            max_articles=_non_negative_int("max_articles", max_articles, None) or None,
            hosts=follow_hosts,
        )

    def with_start_urls(self, urls: list[str]) -> "SpiderOptions":
        hosts = None if self.hosts is None else self.hosts | {host_of(u) for u in urls}
        return SpiderOptions(tuple(urls), self.sections, self.depth, self.max_articles, hosts)


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
