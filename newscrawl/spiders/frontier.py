"""Links already seen this run, so a link repeated on many pages costs one set
lookup instead of URL parsing and a Request object.

Scrapy's dupefilter stays the authority (and persists with JOBDIR); this only
saves the work of building requests it would throw away — on list-heavy sites
nearly every link is one already seen (the same Ranking list on every page).
"""

from __future__ import annotations

from ..urls import InvalidURL, clean_url, url_key


class Frontier:
    def __init__(self) -> None:
        self._raw: set[str] = set()
        self._keys: set[str] = set()

    def admit(self, raw_url: str) -> str | None:
        """The clean URL to request when ``raw_url`` is new this run, else ``None``.

        Raises :class:`~newscrawl.urls.InvalidURL` for a link that cannot be crawled.
        """
        if raw_url in self._raw:
            return None
        self._raw.add(raw_url)
        url = clean_url(raw_url)
        key = url_key(url)
        if key in self._keys:
            return None
        self._keys.add(key)
        return url

    def add(self, url: str) -> None:
        try:
            self._keys.add(url_key(url))
        except InvalidURL:
            pass
        self._raw.add(url)
