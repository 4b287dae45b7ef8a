"""Scrapy add-on: with ``NEWSCRAWL_REDIS_URL``, the crawl is shared through Redis.

Sets scrapy-redis's scheduler (newscrawl's subclass, with leased requests and the
URL-key dupefilter); without it, newscrawl's own (:mod:`newscrawl.scheduler`). The
scheduler is chosen here only, never in ``settings.py``, whose project priority would
outrank this add-on's. The crawl state (:func:`newscrawl.state.open_state`) and the
idle-stop extension (:mod:`newscrawl.distributed.idle`) follow the same setting.
"""

from __future__ import annotations

from ..config import NewscrawlConfig


class SharedCrawlAddon:
    def update_settings(self, settings) -> None:
        if not NewscrawlConfig.from_settings(settings).redis_url:
            settings.set("SCHEDULER", "newscrawl.scheduler.StateBackedScheduler", priority="addon")
            return
        settings.set("SCHEDULER", "newscrawl.distributed.scheduler.SharedScheduler", priority="addon")
        # The shared scheduler builds its URL-key dupefilter itself (DUPEFILTER_CLASS, a project
        # setting, outranks an add-on's).
