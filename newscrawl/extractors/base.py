"""What every extractor returns, and the interface the registry relies on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from .page import HtmlPage

#: The link lists an article page can lead to, in the order they are followed.
SECTIONS = ("related", "ranking", "recommendation")


@dataclass
class Extraction:
    """The result of reading one page.

    ``fields`` holds Article fields (names as in :class:`newscrawl.items.Article`)
    when the page is an article, else ``None`` with ``skip_reason`` saying why.
    ``links`` maps each of :data:`SECTIONS` to ``[{"url", "title"}, …]`` with
    absolute URLs; it is filled for non-article pages too, since a listing can
    still carry the three lists.
    """

    extractor: str
    fields: dict | None = None
    links: dict[str, list[dict]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    skip_reason: str | None = None
    #: Sections whose heading is on the page, with or without links under it.
    headings: set[str] = field(default_factory=set)
    #: For a start page that is no article: its links that look like articles (a front or
    #: section page). Filled by the spider, for start pages only: no other page needs it.
    listing: list[dict] = field(default_factory=list)
    #: Which source gave each field (``json-ld``, ``meta``, ``dom``, ``trafilatura``…), where it varies.
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def is_article(self) -> bool:
        return self.fields is not None

    def as_dict(self, url: str) -> dict:
        """The article as :func:`newscrawl.extractors.extract` returns it."""
        return {"url": url, **(self.fields or {}), "links": self.links, "metadata": self.metadata()}

    def cap_links(self, limit: int) -> int:
        """Keep the first ``limit`` links of each list (a hostile page can list a
        million); returns how many were dropped."""
        dropped = 0
        for section, links in self.links.items():
            if len(links) > limit:
                dropped += len(links) - limit
                self.links[section] = links[:limit]
        if len(self.listing) > limit:
            dropped += len(self.listing) - limit
            self.listing = self.listing[:limit]
        return dropped

    def metadata(self) -> dict:
        meta = {"extractor": self.extractor}
        if self.sources:
            meta["fieldSources"] = dict(self.sources)
        return meta


class Extractor(Protocol):
    """A site-family extractor. ``applies`` is a cheap test run on every page;
    ``extract`` does the work."""

    name: ClassVar[str]

    def applies(self, page: HtmlPage) -> bool: ...

    def extract(self, page: HtmlPage) -> Extraction: ...
