"""Several workers, one crawl, through Redis (``NEWSCRAWL_REDIS_URL``).

* :mod:`.addon` switches it on: scrapy-redis's scheduler with the queue and
  dupefilter below, and the crawl state in Redis (:mod:`newscrawl.state.redis`).
* :mod:`.queue`: the shared request stream, read through a consumer group, so a
  request a worker took is leased, not lost, if the worker dies.
* :mod:`.dupefilter`: scrapy-redis's dupefilter on newscrawl's own request
  fingerprint (URL variants folded).
* :mod:`.roster`: the workers at work, so a new round begins only when none is.
* :mod:`.idle`: a worker stops once the shared crawl has been idle for
  ``NEWSCRAWL_REDIS_IDLE_TIMEOUT``.
"""
