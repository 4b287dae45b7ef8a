"""Links already requested this run, so a link repeated on many pages costs one
dict lookup instead of URL parsing and a Request object.

The dupefilter stays the authority (and persists with JOBDIR, or in Redis); this
only saves the work of building requests it would throw away — on list-heavy
sites nearly every link is one already seen (the same Ranking list on every page).
What is pending across runs lives in the crawl state, not here.
"""

from __future__ import annotations

from ..urls import clean_url, url_key


class Frontier:
    """String hashes, not strings, each with the smallest depth it was requested at: a
    crawl of 50,000 pages sees hundreds of thousands of links, and a missed hash
    collision (odds 2**-64 a pair) would at worst skip one link the dupefilter would
    have let through.

    A page met again *nearer* a start page than before is requested again: its links
    are then followed further within ``-a depth`` (and a known page near a start page
    is fetched, its lists refreshed). The depth-aware dupefilters
    (:mod:`newscrawl.dupefilter`) let such a request through.
    """

    def __init__(self) -> None:
        self._raw: dict[int, int] = {}
        self._keys: dict[int, int] = {}

    def met(self, raw_url: str, depth: int) -> bool:
        """Was ``raw_url`` admitted this run at ``depth`` or nearer? Such a link needs no
        other check: it passed them when it was admitted."""
        seen = self._raw.get(hash(raw_url))
        return seen is not None and seen <= depth

    def admit(self, raw_url: str, depth: int) -> str | None:
        """The clean URL to request when ``raw_url`` is new this run, or met nearer a start
        page than before; else ``None``.

        Raises :class:`~newscrawl.urls.InvalidURL` for a link that cannot be crawled.
        """
        raw_hash = hash(raw_url)
        seen = self._raw.get(raw_hash)
        if seen is not None and seen <= depth:
            return None
        url = clean_url(raw_url)
        self._raw[raw_hash] = depth
        key_hash = hash(url_key(url))
        seen = self._keys.get(key_hash)
        if seen is not None and seen <= depth:
            return None
        self._keys[key_hash] = depth
        return url
