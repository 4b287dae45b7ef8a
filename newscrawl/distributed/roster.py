"""The workers at work in a shared crawl, so that a new round starts only when none is.

A round is one pass of the crawl from its start pages: its dupefilter says which pages
were requested in it, and ``-a max_articles`` counts what its workers wrote together.
The first worker to start when no other is at work begins a new round (start pages
fetched again, nothing counted yet); workers that start meanwhile join it. Each worker
keeps its place with a heartbeat; a killed one drops out when its place lapses. Joining
is one script, so two workers started at the same moment do not both begin a round (the
second would clear what the first had just requested).
"""

from __future__ import annotations

import logging

import redis
from twisted.internet import task

from .keys import RedisKeys

logger = logging.getLogger(__name__)

#: Seconds between heartbeats; a worker that misses three drops out of the roster.
HEARTBEAT = 5.0
LAPSE_BEATS = 3

# KEYS: the roster (sorted set, score = lapse time in ms, Redis's clock), the dupefilter, the
# round's written count. ARGV: worker id, lapse ms. Returns 1 when this worker began a new round.
JOIN_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local alone = redis.call('ZCARD', KEYS[1]) == 0
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if alone then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 1
end
return 0
"""

# KEYS: the roster. ARGV: worker id, lapse ms.
BEAT_LUA = """
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[2]), ARGV[1])
"""


class WorkerRoster:
    def __init__(self, client, keys: RedisKeys, worker: str) -> None:
        self.db = client
        self.keys = keys
        self.worker = worker
        self.lapse_ms = int(HEARTBEAT * LAPSE_BEATS * 1000)
        self._join = client.register_script(JOIN_LUA)
        self._beat = client.register_script(BEAT_LUA)
        self._beating = task.LoopingCall(self._heartbeat)

    def join(self) -> bool:
        """Take a place; True when no other worker was at work (this one begins a new round).
        The place lapses unless :meth:`keep_place` is called once the crawl runs."""
        return bool(self._join(keys=[self.keys.workers, self.keys.dupefilter, self.keys.written],
                               args=[self.worker, self.lapse_ms]))

    def keep_place(self) -> None:
        """Renew the place every :data:`HEARTBEAT` seconds until :meth:`leave`."""
        self._beating.start(HEARTBEAT, now=False)

    def _heartbeat(self) -> None:
        try:
            self._beat(keys=[self.keys.workers], args=[self.worker, self.lapse_ms])
        except redis.RedisError as exc:
            # Not fatal by itself: what the worker asks next fails and stops it, if Redis is gone.
            logger.warning("Could not renew this worker's place in the shared crawl: %s", exc)

    def leave(self) -> None:
        if self._beating.running:
            self._beating.stop()
        try:
            self.db.zrem(self.keys.workers, self.worker)
        except redis.RedisError:
            pass  # the place lapses by itself


def workers_at_work(client, keys: RedisKeys) -> list[str]:
    """Ids of the workers whose place has not lapsed."""
    now_s, now_us = client.time()
    now = now_s * 1000 + now_us // 1000
    return [w.decode() if isinstance(w, bytes) else w for w in client.zrangebyscore(keys.workers, now, "+inf")]
