"""Scrapy add-on: with ``NEWSCRAWL_REDIS_URL``, the crawl is shared through Redis.

Sets scrapy-redis's scheduler (newscrawl's subclass, with leased requests and the
URL-key dupefilter). The crawl state (:func:`newscrawl.state.open_state`) and the
idle-stop extension (:mod:`newscrawl.distributed.idle`) follow the same setting.
"""

from __future__ import annotations

from ..config import NewscrawlConfig


class SharedCrawlAddon:
    def update_settings(self, settings) -> None:
        if not NewscrawlConfig.from_settings(settings).redis_url:
            return
        settings.set("SCHEDULER", "newscrawl.distributed.scheduler.SharedScheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "newscrawl.distributed.dupefilter.UrlKeyDupeFilter", priority="addon")
