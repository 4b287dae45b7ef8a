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

import redis
from scrapy_redis.queue import Base

from ..urls import InvalidURL, url_key
from .keys import GROUP, RedisKeys

logger = logging.getLogger(__name__)

# Takes one request, and notes its lease under its page's URL key, in one round trip: an
# expired lease (work a dead worker left behind) first, else a new entry. The stream entry
# carries the key ("k"), so the script needs no request decoding. Leases are keys of
# their own (lease:<url key>) so that the page's decision finds every request for it.
# KEYS: the stream. ARGV: group, worker, lease ms, lease key prefix.
# Returns {} when nothing is queued, else {id, encoded request or false (deleted), claimed 0/1}.
POP_LUA = """
local stream, group, worker, lease, leases = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local claimed = 1
local entries = redis.call('XAUTOCLAIM', stream, group, worker, lease, '0-0', 'COUNT', 1)[2]
if #entries == 0 then
  claimed = 0
  local read = redis.call('XREADGROUP', 'GROUP', group, worker, 'COUNT', 1, 'STREAMS', stream, '>')
  if not read then return {} end
  entries = read[1][2]
  if #entries == 0 then return {} end
end
local id, fields = entries[1][1], entries[1][2]
if not fields or #fields == 0 then
  redis.call('XACK', stream, group, id)
  return {id, false, claimed}
end
local request, key = false, false
for i = 1, #fields, 2 do
  if fields[i] == 'r' then request = fields[i + 1] elseif fields[i] == 'k' then key = fields[i + 1] end
end
if key then redis.call('SADD', leases .. key, id) else redis.call('XACK', stream, group, id) end
return {id, request, claimed}
"""


class LeasedStreamQueue(Base):
    """scrapy-redis queue interface (``push``, ``pop``, ``__len__``, ``clear``) over a stream."""

    def __init__(self, server, spider, key, serializer=None, *, keys: RedisKeys, worker: str, lease_ms: int) -> None:
        super().__init__(server, spider, key, serializer)
        self.keys = keys
        self.worker = worker
        self.lease_ms = lease_ms
        self._pop = server.register_script(POP_LUA)
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
        fields = {"r": self._encode_request(request)}
        try:
            fields["k"] = url_key(request.url)
        except InvalidURL:
            pass  # acknowledged when taken: no page decision would ever find it
        self.server.xadd(self.key, fields)

    def pop(self, timeout=0):
        taken = self._pop(keys=[self.key], args=[GROUP, self.worker, self.lease_ms, self.keys.leases("")])
        if not taken or not taken[1]:
            return None
        _, encoded, claimed = taken
        request = self._decode_request(encoded)
        if claimed:
            logger.info("Took over %s, left by a worker whose lease ran out", request.url)
        return request

    def clear(self) -> None:
        self.server.delete(self.key)
