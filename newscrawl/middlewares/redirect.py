"""Scrapy's redirects, where a redirect to the same page is followed, not dropped.

The request fingerprint folds ``http``/``https``, ``www.`` and tracking
parameters (:mod:`newscrawl.fingerprint`), so ``http://example.com/a`` answering
``301 https://www.example.com/a`` is "the same request" to the dupefilter, and
Scrapy's redirect middleware (which keeps ``dont_filter`` of the original) had
the redirect filtered: the page was never fetched. Such a redirect is sent
unfiltered here; a page that redirects to itself for good still ends at
``REDIRECT_MAX_TIMES``, counted as a failed request.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware

from ..urls import InvalidURL, url_key


class SamePageRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response, spider=None):
        result = super().process_response(request, response)
        if isinstance(result, Request) and result is not request and not result.dont_filter:
            try:
                result.dont_filter = url_key(result.url) == url_key(request.url)
            except InvalidURL:
                pass  # the guard refuses it
        return result
