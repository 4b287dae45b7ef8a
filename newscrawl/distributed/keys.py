"""Every Redis key newscrawl uses, built from ``NEWSCRAWL_REDIS_PREFIX`` in one place."""

from __future__ import annotations

from dataclasses import dataclass

#: The consumer group all workers read the shared request stream in.
GROUP = "workers"


@dataclass(frozen=True)
class RedisKeys:
    prefix: str

    def _k(self, name: str) -> str:
        return f"{self.prefix}{name}"

    # -- the shared crawl (scrapy-redis scheduler) --
    @property
    def requests(self) -> str:
        """Stream of scheduled requests; a consumer group gives each worker leases."""
        return self._k("requests")

    @property
    def dupefilter(self) -> str:
        """Set of request fingerprints (URL keys) seen in the current round of the crawl."""
        return self._k("dupefilter")

    @property
    def workers(self) -> str:
        """Sorted set of the workers at work (score: when a worker's place lapses, ms)."""
        return self._k("workers")

    def leases(self, url_key: str) -> str:
        """Stream ids of the requests for one page a worker holds (acknowledged when it is decided)."""
        return self._k(f"lease:{url_key}")

    def host_slots(self, host: str) -> str:
        """Sorted set of the requests to one host in flight across all workers."""
        return self._k(f"host:{host}:slots")

    def host_next(self, host: str) -> str:
        """When the next request to one host may start (ms, Redis's clock)."""
        return self._k(f"host:{host}:next")

    # -- the crawl state --
    @property
    def urls(self) -> str:
        """Hash: URL key → article id."""
        return self._k("urls")

    @property
    def exact(self) -> str:
        """Hash: exact body hash → article id."""
        return self._k("exact")

    @property
    def sequence(self) -> str:
        return self._k("article_seq")

    def article(self, article_id) -> str:
        """Hash of one article: url, run, output, minhash."""
        return self._k(f"article:{article_id}")

    def band(self, band) -> str:
        """Set of the article ids in one LSH band bucket."""
        return self._k(f"band:{band}")

    @property
    def links(self) -> str:
        """Hash: URL key → the page's URL and lists (zlib-compressed JSON)."""
        return self._k("links")

    @property
    def attempts(self) -> str:
        return self._k("attempts")

    @property
    def failed(self) -> str:
        """Hash: URL key → why it was given up."""
        return self._k("failed")

    def run_claims(self, run: str) -> str:
        """Set of the article ids ``run`` claimed whose lines its file may not hold yet."""
        return self._k(f"run_claims:{run}")

    @property
    def runs(self) -> str:
        """Sorted set of run ids by start."""
        return self._k("runs")

    def run(self, run: str) -> str:
        return self._k(f"run:{run}")

    @property
    def written(self) -> str:
        """Articles written in the current round, by all workers (``-a max_articles``)."""
        return self._k("round_written")
