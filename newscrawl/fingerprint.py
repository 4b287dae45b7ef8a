"""Request fingerprints keyed on :func:`newscrawl.urls.url_key`.

Set as ``REQUEST_FINGERPRINTER_CLASS`` so Scrapy's own dupefilter (and its
JOBDIR persistence) treats ``?utm_…`` variants, ``#fragments``, http/https and
``www.`` forms of one page as one request.
"""

from __future__ import annotations

import hashlib
from weakref import WeakKeyDictionary

from scrapy import Request

from .urls import InvalidURL, url_key


class UrlKeyRequestFingerprinter:
    def __init__(self) -> None:
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler) -> "UrlKeyRequestFingerprinter":
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        cached = self._cache.get(request)
        if cached is None:
            try:
                key = url_key(request.url)
            except InvalidURL:
                key = request.url
            digest = hashlib.sha1(request.method.encode())
            digest.update(b"\0" + key.encode() + b"\0" + (request.body or b""))
            cached = self._cache[request] = digest.digest()
        return cached
