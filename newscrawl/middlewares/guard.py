"""A downloader middleware that refuses requests that do not belong in the crawl.

Every request passes here before robots.txt, the download handlers or the
browser see it, redirects and meta refreshes included (Scrapy sends them
through the downloader middlewares again), so the host rule holds for more
than followed links:

* only ``http`` and ``https``;
* only the hosts links may go to (the start URLs' hosts, ``-a hosts``, or any
  with ``-a hosts=*``), ``www.`` folded;
* never a private, loopback, link-local, multicast or reserved address, written
  as one or reached through DNS, unless the host is one the operator named
  (a start URL's or ``-a hosts``) or ``NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES`` is set.
  Names are resolved through the reactor's caching resolver, the one the
  connection then uses, so the address checked is the address connected to.

A refused request fails with :class:`RequestRefused` and is counted under
``newscrawl/refused/<reason>``; nothing is sent.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from .. import stats as keys
from ..addresses import ip_literal, non_public_kind
from ..config import NewscrawlConfig

logger = logging.getLogger(__name__)

SCHEMES = frozenset({"http", "https"})


class RequestRefused(IgnoreRequest):
    """A request the guard would not send; ``reason`` says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class RequestGuard:
    def __init__(self, crawler, allow_private: bool) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler) -> "RequestGuard":
        return cls(crawler, NewscrawlConfig.of(crawler).allow_private_addresses)

    async def process_request(self, request) -> None:
        parts = urlparse_cached(request)
        host = (parts.hostname or "").lower()
        options = getattr(self.crawler.spider, "options", None)
        if parts.scheme not in SCHEMES or not host:
            self._refuse(request, "scheme", f"only http and https URLs are fetched: {request.url}")
        if options is not None and not options.allows(host):
            redirected = bool(request.meta.get("redirect_urls"))
            self._refuse(request, "offsite_redirect" if redirected else "offsite",
                         f"{host} is not among the crawl's hosts" + (
                             f" (redirected from {request.meta['redirect_urls'][0]})" if redirected else ""))
        if self.allow_private or options is None or options.trusts(host):
            return None
        address = ip_literal(host)
        if address is None:
            address = await self._resolve(host)
        kind = address and non_public_kind(address)
        if kind:
            self._refuse(request, f"{kind}_address", f"{host} is a {kind.replace('_', '-')} address ({address}); "
                                                      "set NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES to fetch from it")
        return None

    async def _resolve(self, host: str) -> str | None:
        from twisted.internet import reactor

        try:
            return await maybe_deferred_to_future(reactor.resolve(host))
        except Exception:  # noqa: BLE001 - DNSLookupError, a resolver timeout…
            return None  # the download's own lookup fails the same way, and is counted as such

    def _refuse(self, request, reason: str, message: str) -> None:
        self.stats.inc_value(keys.REFUSED_REASON.format(reason))
        logger.warning("Refused %s: %s", request.url, message)
        raise RequestRefused(reason, message)
