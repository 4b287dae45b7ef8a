"""The crawl state in Redis, shared by every worker of one crawl (``NEWSCRAWL_REDIS_URL``).

Same interface as the SQLite store. What differs:

* **The frontier is the shared request stream** (:mod:`newscrawl.distributed.queue`):
  it persists between runs by itself, so ``add_pending`` records nothing and
  ``pending_batch`` seeds nothing. A page's requests are *leased* to the worker
  that took them; :meth:`decide` acknowledges them once the page is decided
  (written, a copy, skipped, given up). A lease not acknowledged in time (the
  worker died, or the link failed and may be tried again) goes back to the queue.
* **Claiming a new article is atomic** (:meth:`claim`, one Lua script): two workers
  that fetch two copies of one story at the same moment write it once. A near copy
  is found through the LSH band buckets; the script refuses the claim when a bucket
  holds an article the caller has not compared with yet, and the caller compares and
  tries again.
* Writes are immediate: ``commit`` and ``rollback`` do nothing.
"""

from __future__ import annotations

import json
import logging
import zlib

from ..distributed.keys import GROUP, RedisKeys
from ..distributed.roster import workers_at_work
from .base import (
    CrawlFull, CrawlState, Match, PageRecord, PendingLink, RunRecord, StateError, StatusReport, best_near_match,
)

logger = logging.getLogger(__name__)

# Each claim is also noted under its run (run_claims:<run>) until the run's file is finished: a
# worker killed between a claim and its line in the file has the claim released when it starts
# again (release_unwritten).
# ARGV: url, run, output, exact, minhash, max_articles (0: none), n_keys, keys…, n_bands, bands…,
# n_seen, seen ids…. Returns {kind, id, url, run} for a match, {"recheck", ids…} for unseen
# candidates, {"full"} when the crawl has written max_articles already, {"new", id}.
CLAIM_LUA = """
local p = KEYS[1]
local url, run, output, exact, minhash = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local max_articles = tonumber(ARGV[6])
local i = 7
local n_keys = tonumber(ARGV[i]); local keys = {}
for j = 1, n_keys do keys[j] = ARGV[i + j] end
i = i + n_keys + 1
local n_bands = tonumber(ARGV[i]); local bands = {}
for j = 1, n_bands do bands[j] = ARGV[i + j] end
i = i + n_bands + 1
local n_seen = tonumber(ARGV[i]); local seen = {}
for j = 1, n_seen do seen[ARGV[i + j]] = true end
local function found(kind, id)
  local a = redis.call('HMGET', p .. 'article:' .. id, 'url', 'run')
  return {kind, id, a[1], a[2]}
end
for _, k in ipairs(keys) do
  local id = redis.call('HGET', p .. 'urls', k)
  if id then return found('url', id) end
end
local id = redis.call('HGET', p .. 'exact', exact)
if id then return found('exact', id) end
local unseen = {'recheck'}
for _, b in ipairs(bands) do
  for _, other in ipairs(redis.call('SMEMBERS', p .. 'band:' .. b)) do
    if not seen[other] then seen[other] = true; table.insert(unseen, other) end
  end
end
if #unseen > 1 then return unseen end
if max_articles > 0 and tonumber(redis.call('GET', p .. 'round_written') or '0') >= max_articles then
  return {'full'}
end
id = redis.call('INCR', p .. 'article_seq')
redis.call('HSET', p .. 'article:' .. id, 'url', url, 'run', run, 'output', output, 'minhash', minhash,
           'keys', table.concat(keys, '\\n'), 'exact', exact, 'bands', table.concat(bands, ','))
redis.call('SADD', p .. 'run_claims:' .. run, id)
for _, k in ipairs(keys) do redis.call('HSETNX', p .. 'urls', k, id) end
redis.call('HSETNX', p .. 'exact', exact, id)
for _, b in ipairs(bands) do redis.call('SADD', p .. 'band:' .. b, id) end
redis.call('INCR', p .. 'round_written')
return {'new', id}
"""

# KEYS: the request stream. ARGV: group, the pages' lease keys…
DECIDE_LUA = """
for i = 2, #ARGV do
  local ids = redis.call('SMEMBERS', ARGV[i])
  if #ids > 0 then
    redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
    redis.call('XDEL', KEYS[1], unpack(ids))
    redis.call('DEL', ARGV[i])
  end
end
"""


def _redis_errors(cls):
    """Every public method turns a Redis error that outlived the client's retries into
    :class:`StateError`, marks the store broken and tells ``on_failure`` (the run stops)."""
    import functools

    import redis

    def guard(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            if self.broken is not None and method.__name__ != "commit":
                raise self.broken  # at once: a stopping run must not wait out the retries again
            try:
                return method(self, *args, **kwargs)
            except redis.RedisError as exc:
                first = self.broken is None
                if first:
                    self.broken = StateError(f"lost Redis ({exc}); nothing more is recorded")
                    if self.on_failure is not None:
                        self.on_failure(self.broken)
                raise self.broken from exc

        return guarded

    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_") and name != "close":
            setattr(cls, name, guard(value))
    return cls


@_redis_errors
class RedisState(CrawlState):
    persistent = True

    def __init__(self, client, prefix: str) -> None:
        self.db = client
        self.keys = RedisKeys(prefix)
        self._claim = client.register_script(CLAIM_LUA)
        self._decide = client.register_script(DECIDE_LUA)
        self._run: str | None = None
        self.threshold = 0.5

    # -- known pages and content ---------------------------------------------

    def match_url(self, keys) -> Match | None:
        for key in keys:
            article_id = self.db.hget(self.keys.urls, key)
            if article_id is not None:
                return self._match("url", article_id)
        return None

    def _match(self, reason: str, article_id, similarity: float = 1.0) -> Match:
        url, run = self.db.hmget(self.keys.article(int(article_id)), "url", "run")
        return Match(int(article_id), _text(url), _text(run), reason, similarity)

    def is_known(self, key: str) -> bool:
        return bool(self.db.hexists(self.keys.urls, key))

    def match_content(self, sig, threshold: float) -> Match | None:
        article_id = self.db.hget(self.keys.exact, sig.exact)
        if article_id is not None:
            return self._match("exact", article_id)
        pipe = self.db.pipeline(transaction=False)
        for band in sig.bands:
            pipe.smembers(self.keys.band(band))
        candidates = set().union(*pipe.execute())
        return self._nearest(sig, candidates, threshold)

    def _nearest(self, sig, candidates, threshold: float) -> Match | None:
        from ..dedupe.signatures import minhash_from_bytes

        if not candidates:
            return None
        pipe = self.db.pipeline(transaction=False)
        ids = [int(c) for c in candidates]
        for article_id in ids:
            pipe.hmget(self.keys.article(article_id), "url", "run", "minhash")
        rows = [(i, _text(u), _text(r), minhash_from_bytes(m)) for i, (u, r, m) in zip(ids, pipe.execute()) if m]
        return best_near_match(sig, rows, threshold)

    def claim(self, page: PageRecord, sig, run: str, output: str | None, threshold: float,
              max_articles: int = 0) -> Match | None:
        seen: list[str] = []
        while True:
            args = [page.url, run, output or "", sig.exact, sig.minhash_bytes(), max_articles,
                    len(page.keys), *page.keys, len(sig.bands), *sig.bands, len(seen), *seen]
            result = self._claim(keys=[self.keys.prefix], args=args)
            kind = _text(result[0])
            if kind == "full":
                raise CrawlFull(max_articles)
            if kind == "new":
                self._add_links(page)
                self.decide(*page.keys)
                return None
            if kind in ("url", "exact"):
                return Match(int(result[1]), _text(result[2]), _text(result[3]), kind, 1.0)
            unseen = [_text(x) for x in result[1:]]
            match = self._nearest(sig, unseen, threshold)
            if match is not None:
                return match
            seen += unseen  # compared and not near: claim again, unless more arrived meanwhile

    def add_article(self, page: PageRecord, sig, run: str, output: str | None) -> int:
        """Record an article unconditionally (recovery of a left-over file)."""
        match = self.claim(page, sig, run, output, threshold=2.0)  # a threshold nothing reaches: URL and exact only
        if match is not None:
            self.add_page(page, match.article_id)
            return match.article_id
        return int(self.db.hget(self.keys.urls, page.keys[0]))

    def add_page(self, page: PageRecord, article_id: int) -> None:
        pipe = self.db.pipeline(transaction=False)
        for key in page.keys:
            pipe.hsetnx(self.keys.urls, key, article_id)
        pipe.execute()
        self._add_links(page)
        self.decide(*page.keys)

    def _add_links(self, page: PageRecord) -> None:
        if page.links:
            blob = zlib.compress(json.dumps({"url": page.url, "links": page.links}, separators=(",", ":")).encode(), 1)
            self.db.hset(self.keys.links, page.keys[0], blob)

    def page_links(self, key: str):
        blob = self.db.hget(self.keys.links, key)
        if blob is None:
            return None
        data = json.loads(zlib.decompress(blob))
        return data["url"], data["links"]

    # -- the frontier: the shared stream ------------------------------------------

    def add_pending(self, link: PendingLink) -> int:
        return 0  # the shared request stream holds it until it is decided

    def decide(self, *keys: str) -> None:
        """Acknowledge every request for these pages that this crawl's workers hold."""
        # One script: a lease noted between reading a page's leases and deleting them
        # would be lost, and its request held until the lease ran out.
        self._decide(keys=[self.keys.requests], args=[GROUP, *(self.keys.leases(key) for key in keys)])

    def fail(self, key: str, reason: str, max_attempts: int) -> int:
        attempts = int(self.db.hincrby(self.keys.attempts, key, 1))
        if attempts >= max_attempts:
            self.db.hset(self.keys.failed, key, reason)
            self.decide(key)
        # Not decided below the limit: the lease runs out and another worker tries again.
        return attempts

    def is_failed(self, key: str) -> bool:
        return bool(self.db.hexists(self.keys.failed, key))

    def link_state(self, key: str) -> str | None:
        # Asked of every link a worker schedules: one round trip, not two.
        pipe = self.db.pipeline(transaction=False)
        pipe.hexists(self.keys.failed, key)
        pipe.hexists(self.keys.urls, key)
        failed, known = pipe.execute()
        return "failed" if failed else "known" if known else None

    def pending_batch(self, max_depth: int, after: PendingLink | None, limit: int) -> list[PendingLink]:
        return []  # the stream persists between runs: nothing to seed

    def pending_count(self) -> int:
        return int(self.db.xlen(self.keys.requests)) if self.db.exists(self.keys.requests) else 0

    # -- runs -------------------------------------------------------------------

    def unsettled_runs(self, run_suffix: str) -> list[str]:
        """Runs (ending in ``run_suffix``) whose claims were never settled against their file:
        the run was killed, or its output failed."""
        prefix = self.keys.run_claims("")
        return sorted(_text(k)[len(prefix):] for k in self.db.scan_iter(match=self.keys.run_claims(f"*{run_suffix}")))

    def release_unwritten(self, run: str, written_urls: set[str]) -> int:
        """Forget the articles ``run`` claimed that are not among ``written_urls`` (the complete
        lines of its file): they are fetched and written again. Returns how many."""
        released = 0
        for article_id in [_text(i) for i in self.db.smembers(self.keys.run_claims(run))]:
            article = self.keys.article(article_id)
            url, keys, exact, bands = (_text(v) if k != 2 else v for k, v in
                                       enumerate(self.db.hmget(article, "url", "keys", "exact", "bands")))
            if url is None or url in written_urls:
                continue
            pipe = self.db.pipeline(transaction=True)
            for key in (keys or "").split("\n"):
                if key and _text(self.db.hget(self.keys.urls, key)) == article_id:
                    pipe.hdel(self.keys.urls, key)
            if exact is not None and _text(self.db.hget(self.keys.exact, exact)) == article_id:
                pipe.hdel(self.keys.exact, exact)
            for band in (bands or "").split(","):
                if band:
                    pipe.srem(self.keys.band(band), article_id)
            pipe.delete(article)
            pipe.execute()
            released += 1
        self.db.delete(self.keys.run_claims(run))
        return released

    def settle(self, run: str) -> None:
        """``run``'s file is finished: every claim it made is in it."""
        self.db.delete(self.keys.run_claims(run))

    def start_run(self, run: str, started: str) -> None:
        self._run = run
        self.db.hset(self.keys.run(run), mapping={"started": started})
        self.db.zadd(self.keys.runs, {run: 0})

    def finish_run(self, run: str, ended: str, finish_reason: str, written: int) -> None:
        self.db.hset(self.keys.run(run), mapping={"ended": ended, "finish_reason": finish_reason, "written": written})

    def set_exit_code(self, run: str, exit_code: int) -> None:
        self.db.hset(self.keys.run(run), "exit_code", exit_code)

    def status(self, hosts: int = 10, runs: int = 10) -> StatusReport:
        records = []
        for run in [_text(r) for r in self.db.zrevrange(self.keys.runs, 0, runs - 1)]:
            row = {_text(k): _text(v) for k, v in self.db.hgetall(self.keys.run(run)).items()}
            records.append(RunRecord(run, row.get("started", ""), row.get("ended"), row.get("finish_reason"),
                                     int(row["exit_code"]) if "exit_code" in row else None,
                                     int(row["written"]) if "written" in row else None))
        reasons: dict[str, int] = {}
        for reason in self.db.hvals(self.keys.failed):
            reasons[_text(reason)] = reasons.get(_text(reason), 0) + 1
        articles = int(self.db.get(self.keys.sequence) or 0)
        return StatusReport(articles, self.pending_count(), [], [], sorted(reasons.items(), key=lambda r: -r[1]), records,
                            tuple(workers_at_work(self.db, self.keys)))

    def reset(self) -> int:
        """Forget the whole shared crawl (every key under the prefix); returns how many keys."""
        gone = 0
        for key in self.db.scan_iter(match=f"{self.keys.prefix}*", count=1000):
            gone += self.db.delete(key)
        return gone

    # -- transactions ---------------------------------------------------------------

    def commit(self) -> None:
        pass  # every write above is applied at once

    def close(self) -> None:
        try:
            self.db.close()
        except Exception:  # noqa: BLE001 - a lost server has nothing to close
            pass


def _text(value) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


#: Tries of one Redis command when the connection fails, waiting 0.25, 0.5, 1, 2 and 2 s
#: between them (about 6 s in all): a restart of the server is ridden out, a longer outage
#: stops the run. (The wait blocks the worker, which can do nothing without Redis anyway.)
RETRIES = 5


def connect(url: str):
    """A client for ``url``, checked with a PING: an unreachable server is one clear error."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30, health_check_interval=30,
                                  retry=Retry(ExponentialBackoff(cap=2.0, base=0.25), RETRIES))
    try:
        client.ping()
    except redis.RedisError as exc:
        raise StateError(f"cannot reach Redis at {url} ({exc})") from None
    return client
