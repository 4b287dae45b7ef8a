"""Links already requested this run, so a link repeated on many pages costs one
set lookup instead of URL parsing and a Request object.

Scrapy's dupefilter stays the authority (and persists with JOBDIR); this only
saves the work of building requests it would throw away — on list-heavy sites
nearly every link is one already seen (the same Ranking list on every page).
What is pending across runs lives in the crawl state, not here.
"""

from __future__ import annotations

from ..urls import clean_url, url_key


class Frontier:
    """Sets of string hashes, not strings: a crawl of 50,000 pages sees hundreds
    of thousands of links, and a missed hash collision (odds 2**-64 a pair)
    would at worst skip one link that Scrapy's dupefilter would have let through.

    A page first met deeper than ``refresh_depth`` is admitted once more when it
    is met again within it: a known page is not fetched when met deep, but must
    be when it turns out to be near a start page.
    """

    def __init__(self, refresh_depth: int = 0) -> None:
        self.refresh_depth = refresh_depth
        self._raw: set[int] = set()
        self._keys: set[int] = set()
        self._near: set[int] = set()  # keys admitted within refresh_depth

    def admit(self, raw_url: str, depth: int) -> str | None:
        """The clean URL to request when ``raw_url`` is new this run (or newly near
        a start page), else ``None``.

        Raises :class:`~newscrawl.urls.InvalidURL` for a link that cannot be crawled.
        """
        near = depth <= self.refresh_depth
        raw_hash = hash(raw_url)
        if raw_hash in self._raw and not near:
            return None
        url = clean_url(raw_url)
        self._raw.add(raw_hash)
        key_hash = hash(url_key(url))
        if near:
            if key_hash in self._near:
                return None
            self._near.add(key_hash)
        elif key_hash in self._keys:
            return None
        self._keys.add(key_hash)
        return url
