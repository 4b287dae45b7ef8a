"""Links already seen this run, so a link repeated on many pages costs one set
lookup instead of URL parsing and a Request object.

Scrapy's dupefilter stays the authority (and persists with JOBDIR); this only
saves the work of building requests it would throw away — on list-heavy sites
nearly every link is one already seen (the same Ranking list on every page).
"""

from __future__ import annotations

from ..urls import InvalidURL, clean_url, url_key


class Frontier:
    """Sets of string hashes, not strings: a crawl of 50,000 pages sees hundreds
    of thousands of links, and a missed hash collision (odds 2**-64 a pair)
    would at worst skip one link that Scrapy's dupefilter would have let through."""

    def __init__(self) -> None:
        self._raw: set[int] = set()
        self._keys: set[int] = set()

    def admit(self, raw_url: str) -> str | None:
        """The clean URL to request when ``raw_url`` is new this run, else ``None``.

        Raises :class:`~newscrawl.urls.InvalidURL` for a link that cannot be crawled.
        """
        raw_hash = hash(raw_url)
        if raw_hash in self._raw:
            return None
        self._raw.add(raw_hash)
        url = clean_url(raw_url)
        key_hash = hash(url_key(url))
        if key_hash in self._keys:
            return None
        self._keys.add(key_hash)
        return url

    def add(self, url: str) -> None:
        try:
            self._keys.add(hash(url_key(url)))
        except InvalidURL:
            pass
        self._raw.add(hash(url))
