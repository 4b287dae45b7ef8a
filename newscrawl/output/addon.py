"""Where a run's articles go, decided in one place.

* With a crawl state (``NEWSCRAWL_STATE_PATH``, or a ``JOBDIR``): the journal
  pipeline writes ``NEWSCRAWL_OUTPUT_DIR/articles-<run>.jsonl``, crash-safe, and
  the state is committed after each fsync (:mod:`newscrawl.pipelines.journal`).
* Without one, and without ``-o``/``-O``/``FEEDS``: Scrapy's feed exports write
  ``NEWSCRAWL_OUTPUT_DIR/articles-<time>.jsonl``, set here.
* ``-o``/``-O``/``FEEDS`` always write where they say as well.
"""

from __future__ import annotations

from ..config import NewscrawlConfig


def uses_journal(config: NewscrawlConfig) -> bool:
    return config.state_path is not None or config.redis_url is not None


class OutputAddon:
    def update_settings(self, settings) -> None:
        config = NewscrawlConfig.from_settings(settings)
        if not settings.getdict("FEEDS") and not uses_journal(config):
            settings.set(
                "FEEDS",
                {str(config.output_dir / "articles-%(time)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}},
                priority="addon",
            )
