"""Scrapy's dupefilter, letting a page through again when it is met nearer a start page.

A page first reached at the depth limit is fetched without its links being followed.
Reached again nearer a start page (another path, or another worker of a shared crawl
that got there first), its links must be followed: a plain dupefilter dropped that
request, and the articles behind it were never reached. Here each fingerprint keeps the
smallest depth it was requested at, and a request at a smaller depth passes. Requests
without a depth (robots.txt, or a spider that sets none) are filtered as Scrapy does.
"""

from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter


def request_depth(request) -> int | None:
    """The link depth the spider gave a request (``cb_kwargs["discovery"]["depth"]``)."""
    discovery = request.cb_kwargs.get("discovery") if request.cb_kwargs else None
    return discovery.get("depth") if isinstance(discovery, dict) else None


class DepthAwareDupeFilter(RFPDupeFilter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: Fingerprint → smallest depth requested this run (fingerprints read back from a
        #: JOBDIR have none: they count as depth 0).
        self._depths: dict[bytes, int] = {}

    def request_seen(self, request) -> bool:
        depth = request_depth(request)
        fp = self._fingerprint(request)
        if super().request_seen(request):
            if depth is None or depth >= self._depths.get(fp, 0):
                return True
        if depth is not None:
            self._depths[fp] = depth
        return False
