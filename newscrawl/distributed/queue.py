"""The shared request queue: a Redis stream read through one consumer group.

A worker takes a request with ``XREADGROUP`` and holds it under its worker id
until the page is decided, when the crawl state acknowledges it (``XACK``,
:meth:`newscrawl.state.redis.RedisState.decide`). A request held longer than
``NEWSCRAWL_REDIS_LEASE`` (its worker died, or its page failed and may be tried
again) is taken over by the next worker that asks (``XAUTOCLAIM``). A plain list
pop, as scrapy-redis's own queues do, would lose what a killed worker had taken.
"""

from __future__ import annotations

import logging
from collections import deque

import redis
from scrapy_redis.queue import Base

from ..urls import InvalidURL, url_key
from .keys import GROUP, RedisKeys

logger = logging.getLogger(__name__)


class LeasedStreamQueue(Base):
    """scrapy-redis queue interface (``push``, ``pop``, ``__len__``, ``clear``) over a stream."""

    def __init__(self, server, spider, key, serializer=None, *, keys: RedisKeys, worker: str, lease_ms: int) -> None:
        super().__init__(server, spider, key, serializer)
        self.keys = keys
        self.worker = worker
        self.lease_ms = lease_ms
        #: Entries taken (and so leased) in one round trip, not handed out yet.
        self._taken: deque = deque()
        try:
            server.xgroup_create(self.key, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def __len__(self) -> int:
        """Requests no worker has taken yet."""
        for group in self.server.xinfo_groups(self.key):
            if group["name"] in (GROUP, GROUP.encode()):
                return int(group.get("lag") or 0)
        return 0

    def leased(self) -> int:
        """Requests some worker has taken and not finished."""
        return int(self.server.xpending(self.key, GROUP)["pending"])

    def push(self, request) -> None:
        self.server.xadd(self.key, {"r": self._encode_request(request)})

    def pop(self, timeout=0):
        if not self._taken:
            # An expired lease (work a dead worker left behind) and a new entry, in one round trip.
            pipe = self.server.pipeline(transaction=False)
            pipe.xautoclaim(self.key, GROUP, self.worker, self.lease_ms, start_id="0-0", count=1)
            pipe.xreadgroup(GROUP, self.worker, {self.key: ">"}, count=1)
            autoclaimed, read = pipe.execute()
            self._taken.extend((entry, True) for entry in autoclaimed[1])
            self._taken.extend((entry, False) for _, stream in read or [] for entry in stream)
        if not self._taken:
            return None
        (entry_id, fields), claimed = self._taken.popleft()
        if not fields:  # deleted meanwhile
            self.server.xack(self.key, GROUP, entry_id)
            return None
        request = self._decode_request(fields[b"r"] if b"r" in fields else fields["r"])
        try:
            # Acknowledged once the page is decided (the state knows pages by their URL key).
            self.server.sadd(self.keys.leases(url_key(request.url)), entry_id)
        except InvalidURL:
            self.server.xack(self.key, GROUP, entry_id)
        if claimed:
            logger.info("Took over %s, left by a worker whose lease ran out", request.url)
        return request

    def clear(self) -> None:
        self.server.delete(self.key)
