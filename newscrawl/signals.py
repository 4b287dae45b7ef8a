"""Signals the spider sends about pages, for the components that keep the crawl state.

The spider says what happened to a page; it does not know who listens.

* ``page_skipped(url, reason)``: the page was fetched and yields no article
  (a listing, an error page, HTTP 404, refused by robots.txt…): decided.
* ``page_failed(url, reason)``: the request failed for good in this run (a
  download error, or a server error after Scrapy's retries): a later run may
  try again.
"""

page_skipped = object()
page_failed = object()
