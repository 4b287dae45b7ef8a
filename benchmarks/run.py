"""Run every benchmark and print one markdown table.

    .venv/bin/python -m benchmarks.run                 # the full run (a few minutes)
    .venv/bin/python -m benchmarks.run --quick         # tiny sizes, for a smoke test

Machines here are noisy, so every figure is a ratio against a baseline measured
in the same run, the two alternated, medians of several rounds:

* crawl state: the same crawl with the state on and off, and the state file's size;
* pending frontier: reads and writes per second at 1,000 and 1,000,000 pending
  links, and the time of ``cron --status`` (``benchmarks.frontier_growth``);
* crawl throughput: article pages per second of ``scrapy crawl article``
  (extraction, dedupe, JSON Lines) against a bare Scrapy spider following the
  same links (``benchmarks/bare_spider.py``), same concurrency settings: naive,
  and like for like (with newscrawl's seen-set and GC threshold, so only
  extraction, dedupe and output differ); and newscrawl once more with Python's
  default garbage collection, to show what the GC threshold adds and costs;
* extraction: median ms per page of the template extractor against
  ``trafilatura.extract`` on the same pages, in this process, from memory;
  each round runs each extractor over all the pages, so neither sees a page
  twice in a row (a second row gives the back-to-back figures);
* generic extraction: ``newscrawl.extractors.extract`` against ``trafilatura.extract``
  on the real pages of the Fundus development set (when ``../shared`` is there);
* memory: peak RSS of crawls of growing size with the cron entry's defaults (the state
  store on, no ``JOBDIR``: the scheduler holds at most ``NEWSCRAWL_QUEUE_MAX`` requests,
  the rest wait in the state); ``--memory-jobdir`` measures with ``JOBDIR`` instead;
* rendering: pages per second when 10% of pages need the browser, against none;
* dedupe: cost per item as stored signatures grow (``benchmarks.dedupe_growth``);
* shared: one worker against two sharing a crawl through Redis (``benchmarks.shared_crawl``).

Without ``--quick``, the rows of the sections run are recorded in ``benchmarks/results.json``
and the README's table is rewritten from it (:mod:`benchmarks.report`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawl.stats import PEAK_RSS

from . import bigsite, dedupe_growth, frontier_growth, report
from .serve import StaticServer, free_ports

REPO = Path(__file__).resolve().parents[1]
COMMON = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO", "-s", "CONCURRENT_REQUESTS=16",
          "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


class Site:
    """A generated site, served while the ``with`` block runs."""

    def __init__(self, pages: int, scripted: float = 0.0, addresses: dict[str, str] | None = None,
                 delay: float = 0.0, port: int | None = None) -> None:
        """``addresses``: a loopback address per mirror (distinct hosts, each with its own per-host
        limit); ``delay``: seconds the server waits before each page (a slow network); ``port``:
        one port for every mirror (with ``addresses``), 80 giving URLs without a port."""
        self.tmp = tempfile.TemporaryDirectory(prefix="newscrawl-bench-")
        self.root = Path(self.tmp.name)
        self.root.chmod(0o755)  # nginx workers run as an unprivileged user
        ports = [port] * len(bigsite.MIRRORS) if port else free_ports(len(bigsite.MIRRORS))
        addresses = addresses or {}
        self.origins = {m: f"http://{addresses.get(m, '127.0.0.1')}" + ("" if p == 80 else f":{p}")
                        for m, p in zip(bigsite.MIRRORS, ports)}
        self.info = bigsite.generate(self.root, self.origins, pages, scripted)
        self.server = StaticServer({m: (self.root / m, p) for m, p in zip(bigsite.MIRRORS, ports)},
                                   addresses=addresses, delay=delay)
        self.start_urls = [self.origins[m] + path for m, path in self.info["start"].items()]

    def __enter__(self) -> "Site":
        self.server.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.server.__exit__(*exc)
        self.tmp.cleanup()


def run_crawl(kind: str, site: Site, *settings: str, state: bool = False, start: list[str] | None = None) -> dict:
    """One crawl in a child process, from ``start`` (default: the site's start articles):
    its stats, elapsed seconds and peak RSS (MiB).

    With ``state``, the crawl keeps a fresh state file and writes its output through
    the crash-safe journal (no feed export); ``state_bytes`` is that file's size."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "stats.json"
        state_file = Path(tmp) / "state.sqlite3"
        spider = ["crawl", "article", "-a", "depth=10000"] if kind == "newscrawl" else ["runspider", str(REPO / "benchmarks" / "bare_spider.py")]
        output = ["-s", f"NEWSCRAWL_STATE_PATH={state_file}"] if state else ["-O", str(Path(tmp) / "out.jsonl")]
        cmd = [sys.executable, "-m", "scrapy", *spider, "-a", "url=" + ",".join(start or site.start_urls), *output,
               "-s", f"NEWSCRAWL_STATS_FILE={stats_file}",
               "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp}", "--logfile", str(Path(tmp) / "crawl.log"), *COMMON, *settings]
        proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if proc.returncode != 0 or not stats_file.exists():
            raise RuntimeError(f"{kind} crawl failed (exit {proc.returncode}); see {cmd}")
        stats = json.loads(stats_file.read_text())
        state_bytes = sum(f.stat().st_size for f in Path(tmp).glob("state.sqlite3*")) if state else 0
    pages = stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0)
    elapsed = float(stats["elapsed_time_seconds"])
    # The child's own peak (VmHWM): ru_maxrss would include this parent's memory
    # from before the child's exec.
    return {"pages": pages, "items": stats.get("item_scraped_count", 0), "elapsed": elapsed,
            "pages_per_s": pages / elapsed, "rss_mib": stats[PEAK_RSS] / 2**20, "stats": stats,
            "state_bytes": state_bytes}


def alternate(runs: int, *kinds) -> list[list]:
    """Each of ``kinds`` run ``runs`` times, their order rotating every round."""
    results = [[] for _ in kinds]
    for i in range(runs):
        for k in range(len(kinds)):
            j = (i + k) % len(kinds)
            results[j].append(kinds[j]())
    return results


def elapsed_ms(function, args: tuple) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def median_ms_per_page(docs: list[tuple], rounds: int, *functions) -> list[float]:
    """For each function: the median over ``docs`` of its best time (ms) on each.

    Every round runs each function over all the pages in turn, their order
    rotating every round, so no function sees the same page twice in a row.
    A crawl never does, and trafilatura keeps LRU caches of the lines it has
    cleaned: a page repeated back to back would be served from them.
    """
    best = [[float("inf")] * len(docs) for _ in functions]

    def sweep(k: int):
        def run() -> None:
            for i, args in enumerate(docs):
                best[k][i] = min(best[k][i], elapsed_ms(functions[k], args))
        return run

    alternate(rounds, *(sweep(k) for k in range(len(functions))))
    return [statistics.median(times) for times in best]


def median_ms_repeated(docs: list[tuple], rounds: int, *functions) -> list[float]:
    """The same, but each page run ``rounds`` times back to back (warm caches)."""
    best = [[] for _ in functions]
    for args in docs:
        for k, function in enumerate(functions):
            best[k].append(min(elapsed_ms(function, args) for _ in range(rounds)))
    return [statistics.median(times) for times in best]


#: The bare spider with newscrawl's seen-set and GC threshold: what is left is the cost of
#: extraction, dedupe and newscrawl's output.
LIKE_FOR_LIKE = ("-a", "like_for_like=1", "-s", 'EXTENSIONS={"newscrawl.extensions.gc.GcThreshold": 510}')


def throughput(pages: int, rounds: int) -> list[str]:
    with Site(pages) as site:
        ours, bare, like, default_gc = alternate(
            rounds, lambda: run_crawl("newscrawl", site), lambda: run_crawl("bare", site),
            lambda: run_crawl("bare", site, *LIKE_FOR_LIKE),
            lambda: run_crawl("newscrawl", site, "-s", "NEWSCRAWL_GC_THRESHOLD=0"),
        )
        server = site.server.kind
    o, b, l, g = (statistics.median(r["pages_per_s"] for r in runs) for runs in (ours, bare, like, default_gc))
    rss_o, rss_g = (statistics.median(r["rss_mib"] for r in runs) for runs in (ours, default_gc))
    return [
        f"| crawl throughput, {pages:,} pages ({server}) | newscrawl {o:.0f} pages/s "
        f"({ours[0]['items']:,} articles written, duplicates dropped) vs naive bare spider {b:.0f} pages/s "
        f"({bare[0]['items']:,} items) | **{o / b:.2f}×** (goal ≥ 1.5) |",
        f"| the same, like for like: the bare spider with newscrawl's seen-set and GC threshold (what is left is "
        f"extraction, dedupe and output) | {o:.0f} vs {l:.0f} pages/s ({like[0]['items']:,} items) | "
        f"**{o / l:.2f}×** (goal ≥ 0.85) |",
        f"| the same, newscrawl with Python's default garbage collection (`NEWSCRAWL_GC_THRESHOLD=0`) | "
        f"{g:.0f} pages/s, peak RSS {rss_g:.0f} MiB vs {o:.0f} pages/s, {rss_o:.0f} MiB with the raised threshold | "
        f"{o / g:.2f}× faster, {rss_o / rss_g:.2f}× the memory |",
    ]


#: Loopback addresses of the peer benchmark's mirrors, served on port 80: news-please's
#: ``RecursiveCrawler`` allows the start URL's "domain" with its port, which Scrapy's offsite
#: check compares with the host alone, so on any other port it would follow no link.
PEER_ADDRESSES = {m: f"127.0.0.{21 + i}" for i, m in enumerate(bigsite.MIRRORS)}


def peer(pages: int, rounds: int) -> list[str]:
    """newscrawl against news-please's recursive crawler: the same mirror, from its front page
    (news-please starts from a site's root whatever URL it is given), restricted to its host."""
    from .peers import newsplease_peer as newsplease

    if not newsplease.available():
        return ["| crawl throughput against news-please 1.6.16 | not measured: its environment is missing "
                "(`.venv/bin/python -m benchmarks.peers.newsplease_peer setup`) | |"]
    concurrency = {"CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "AUTOTHROTTLE_ENABLED": False}
    with Site(pages, addresses=PEER_ADDRESSES, port=80) as site, tempfile.TemporaryDirectory() as tmp:
        front, host = site.origins["alpha"] + "/", PEER_ADDRESSES["alpha"]
        work = (Path(tmp) / f"np-{n}" for n in range(2 * rounds + 1))

        def theirs(options: dict | None = None) -> dict:
            result = newsplease.crawl(front, next(work), concurrency, options)
            stats = result["stats"]
            fetched = stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0)
            return {"pages": fetched, "items": result["articles"], "pages_per_s": fetched / result["elapsed"],
                    "articles_per_s": result["articles"] / result["elapsed"]}

        def ours() -> dict:
            run = run_crawl("newscrawl", site, "-a", f"hosts={host}", start=[front])
            return {**run, "articles_per_s": run["items"] / run["elapsed"]}

        mine, others = alternate(rounds, ours, lambda: theirs(NEWSPLEASE_ACCEPTS_TEMPLATE))
        shipped = theirs()
    o, t = (statistics.median(r["pages_per_s"] for r in runs) for runs in (mine, others))
    oa, ta = (statistics.median(r["articles_per_s"] for r in runs) for runs in (mine, others))
    return [
        f"| crawl throughput against a peer: news-please 1.6.16's `RecursiveCrawler`, one mirror of {pages:,} "
        f"pages from its front page, kept to that host, both at 16 requests at once (8 per host); news-please as "
        f"shipped (every link followed, newspaper4k + readability + date + language extraction, HTML and JSON "
        f"files, `JOBDIR`) except its article test, which accepts a page without `og:type` | newscrawl {o:.0f} "
        f"pages/s, {oa:.0f} articles/s ({mine[0]['pages']:,} pages, {mine[0]['items']:,} articles) vs news-please "
        f"{t:.1f} pages/s, {ta:.1f} articles/s ({others[0]['pages']:,} pages, {others[0]['items']:,} articles) | "
        f"**{oa / ta:.1f}×** articles/s (goal ≥ 10), {o / t:.1f}× pages/s |",
        f"| the same, news-please's article test as shipped (`og_type and (linked_headlines or "
        f"self_linked_headlines)`: this template has no `og:type`, so no page is extracted; one run) | "
        f"news-please {shipped['pages_per_s']:.0f} pages/s, {shipped['items']:,} articles | fetching alone: "
        f"{o / shipped['pages_per_s']:.2f}× pages/s |",
    ]


#: news-please's article test with its ``og_type`` condition left out (the template has no
#: ``og:type``), its two link heuristics kept: without this it extracts no page of the site.
NEWSPLEASE_ACCEPTS_TEMPLATE = {"pass_heuristics_condition": '"linked_headlines or self_linked_headlines"'}


def state_cost(pages: int, rounds: int) -> list[str]:
    """The same crawl with the crawl state on (a fresh file each time) and off."""
    with Site(pages) as site:
        with_state, without, batched = alternate(
            rounds, lambda: run_crawl("newscrawl", site, state=True), lambda: run_crawl("newscrawl", site),
            lambda: run_crawl("newscrawl", site, "-s", "NEWSCRAWL_SYNC_EVERY=20", state=True))
    w, o, b = (statistics.median(r["pages_per_s"] for r in runs) for runs in (with_state, without, batched))
    written = with_state[0]["stats"].get("newscrawl/state/new", 0)
    per_10k = statistics.median(r["state_bytes"] for r in with_state) / max(written, 1) * 10_000 / 2**20
    return [
        f"| crawl state on, {pages:,} pages | with state (frontier, known pages and their lists, signatures; "
        f"output through the fsynced journal) {w:.0f} pages/s vs without state (feed export) {o:.0f} pages/s | "
        f"**{w / o:.2f}×** (goal ≥ 0.90) |",
        f"| the same, the output fsynced and the state committed every 20 articles (`NEWSCRAWL_SYNC_EVERY=20`, "
        f"default 100) | {b:.0f} pages/s vs {o:.0f} pages/s | {b / o:.2f}× |",
        f"| state file size | {per_10k:.1f} MiB per 10,000 articles ({written:,} articles, WAL included) | |",
    ]


def frontier(sizes: list[int], ops: int) -> list[str]:
    rows = frontier_growth.measure(sizes, ops)
    first = rows[0]
    return [f"| pending frontier, {r['pending']:,} links | writes {r['writes_per_s']:,.0f}/s, reads {r['reads_per_s']:,.0f}/s; "
            f"`cron --status` {r['status_s']:.2f} s | {1 / r['writes_ratio']:.2f}× / {1 / r['reads_ratio']:.2f}× of "
            f"{first['pending']:,} (goal ≥ 0.67: flat within 1.5×) |" for r in rows]


def extraction(pages: int, rounds: int) -> list[str]:
    import trafilatura

    from newscrawl.extractors import HtmlPage, extract_page

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bigsite.generate(root, {m: f"http://127.0.0.1:{8001 + i}" for i, m in enumerate(bigsite.MIRRORS)}, pages)
        docs = [(p.read_text(encoding="utf-8"), f"http://127.0.0.1/{p.name}") for p in sorted(root.glob("*/html/*.html"))]

    def ours(html, url):
        return extract_page(HtmlPage(url=url, html=html))

    def theirs(html, url):
        return trafilatura.extract(html, url=url)

    o, t, tuned = median_ms_per_page(docs, rounds, ours, theirs, trafilatura_as_newscrawl_runs_it)
    warm_o, warm_t = median_ms_repeated(docs, rounds, ours, theirs)
    return [f"| template extraction, {len(docs):,} pages of ~19 KB | template extractor {o:.2f} ms/page vs "
            f"`trafilatura.extract` with its defaults {t:.2f} ms/page | **{o / t:.3f}×** (goal ≤ 0.10) |",
            f"| the same, against trafilatura with newscrawl's options (our parse, page chrome dropped, comments and "
            f"tables off: `pruning.trafilatura_body`) | {o:.2f} vs {tuned:.2f} ms/page | **{o / tuned:.3f}×** |",
            f"| the same, each page run {rounds} times back to back (trafilatura's line caches warm; defaults) | "
            f"{warm_o:.2f} vs {warm_t:.2f} ms/page | {warm_o / warm_t:.3f}× |"]


def trafilatura_as_newscrawl_runs_it(html: str, url: str):
    """trafilatura given every trick newscrawl gives it: one parse, chrome dropped, the same options."""
    from newscrawl.extractors import HtmlPage
    from newscrawl.extractors.pruning import trafilatura_body

    return trafilatura_body(HtmlPage(url=url, html=html))


def generic(rounds: int, limit: int | None = None) -> list[str]:
    """``newscrawl.extractors.extract`` against ``trafilatura.extract`` on the Fundus pages."""
    import trafilatura

    from newscrawl.extractors import extract

    from .extraction_quality import DEFAULT_DATASET, load_cases

    if not DEFAULT_DATASET.is_dir():
        return [f"| generic extraction | skipped: no development set at {DEFAULT_DATASET} | |"]
    cases = load_cases(DEFAULT_DATASET)[:limit]
    docs = [(case.html, case.url) for case in cases]
    o, t, tuned = median_ms_per_page(docs, rounds, extract, lambda html, url: trafilatura.extract(html, url=url),
                                     trafilatura_as_newscrawl_runs_it)
    return [f"| generic extraction, {len(cases)} real pages (fundus-en) | `extract` (every field, links, metadata) "
            f"{o:.1f} ms/page vs `trafilatura.extract` with its defaults (body only) {t:.1f} ms/page | "
            f"**{o / t:.2f}×** (goal ≤ 1) |",
            f"| the same, against trafilatura with newscrawl's options (body only) | {o:.1f} vs {tuned:.1f} ms/page | "
            f"{o / tuned:.2f}× |"]


def memory(sizes: list[int], jobdir: bool = False) -> list[str]:
    results = []
    label = "with state and `JOBDIR`" if jobdir else "with state, no `JOBDIR` (the cron entry's defaults)"
    for size in sizes:
        with Site(size) as site, tempfile.TemporaryDirectory() as tmp:
            extra = ["-s", f"JOBDIR={tmp}/job"] if jobdir else []
            results.append(run_crawl("newscrawl", site, *extra, state=True))
    base = results[0]["rss_mib"]
    sizes_text = " → ".join(f"{size:,}" for size in sizes)
    rss_text = " → ".join(f"{r['rss_mib']:.0f}" for r in results)
    ratios = " / ".join(f"{r['rss_mib'] / base:.2f}×" for r in results[1:])
    held = results[-1]["stats"].get("newscrawl/frontier/held_back", 0)
    return [f"| peak RSS {label}, {sizes_text} pages | {rss_text} MiB ({results[-1]['pages']:,} pages fetched, "
            f"{held:,} links held back in the state) | {ratios} (goal < 1.3) |"]


def rendering(pages: int, rounds: int) -> list[str]:
    with Site(pages, scripted=0.1) as scripted, Site(pages) as plain:
        with_js, without = alternate(rounds, lambda: run_crawl("newscrawl", scripted), lambda: run_crawl("newscrawl", plain))
    r = statistics.median(x["pages_per_s"] for x in with_js)
    p = statistics.median(x["pages_per_s"] for x in without)
    rendered = with_js[0]["stats"].get("newscrawl/render/rendered", 0)
    return [f"| rendering, {pages:,} pages, 10% need JavaScript | {r:.0f} pages/s ({rendered} rendered) vs "
            f"{p:.0f} pages/s with none | **{r / p:.2f}×** |"]


def dedupe(sizes: list[int]) -> list[str]:
    rows = dedupe_growth.measure(sizes, 200)
    return [f"| dedupe cost per item, {r['stored']:,} stored signatures | {r['ms_per_item']:.3f} ms (finding a near "
            f"copy {r['ms_near_match']:.3f} ms, finding nothing {r['ms_no_match']:.3f} ms; {r['near_matched']} near "
            f"copies matched) | {r['ratio']:.2f}× of {sizes[0]:,} |" for r in rows]


def shared(pages: int, rounds: int, items: int) -> list[str]:
    """One worker against two sharing the crawl through Redis, on a slow network."""
    from .shared_crawl import RedisServer, crawl, store_cost

    addresses = {m: f"127.0.0.{11 + i}" for i, m in enumerate(bigsite.MIRRORS)}
    # A per-host limit of 32, shared, is more than both workers ask of a host at once: what
    # stops them is the network (the site's links stay on one host for long stretches, so
    # with 16 both workers would often queue for one host's slots).
    common = [*COMMON, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "-s", "NEWSCRAWL_RENDER=never"]
    with Site(pages, addresses=addresses, delay=PAGE_DELAY) as site, RedisServer() as redis:
        one, two = alternate(rounds, lambda: crawl(site, redis, 1, common), lambda: crawl(site, redis, 2, common))
    o, t = (statistics.median(r["pages_per_s"] for r in runs) for runs in (one, two))
    core_one, core_two = (statistics.median(r["core_share"] for r in runs) for runs in (one, two))
    calls = statistics.median(r["calls_per_page"] for r in two)
    sqlite_ms, redis_ms = store_cost(items)
    return [
        f"| crawl shared through Redis, {pages:,} pages on 3 hosts (distinct loopback addresses), each page sent "
        f"{PAGE_DELAY} s after it is asked for (`benchmarks/delay_server.py`: the crawl waits on the network; 16 "
        f"requests at once per worker, per-host limit 32 shared by the workers) | 1 worker {o:.0f} pages/s "
        f"({core_one:.0%} of a core) vs 2 workers {t:.0f} pages/s ({core_two:.0%} of a core each; "
        f"{two[0]['written']:,} articles written, as by one process) | **{t / o:.2f}×** (goal ≥ 1.8) |",
        f"| Redis commands per page, 2 workers (queue, leases, dupefilter, state, host slots; every command inside a "
        f"pipeline or a Lua script counted, most of them the 32 LSH band sets each new article reads and joins) | "
        f"{calls:.1f} | |",
        f"| crawl state cost per item, {items:,} items (`claim`: URL match, content match, record) | Redis "
        f"{redis_ms:.2f} ms (one atomic script) vs SQLite {sqlite_ms:.2f} ms (committed every 100) | "
        f"{redis_ms / sqlite_ms:.2f}× |",
    ]


#: Seconds the shared-crawl benchmark's server waits before each page: 16 requests at once
#: then keep one worker to about 50 pages/s, about half of what one core would do.
PAGE_DELAY = 0.3


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that everything runs")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-sizes", default="1000,10000,50000")
    parser.add_argument("--memory-jobdir", action="store_true",
                        help="memory crawls with JOBDIR (Scrapy's queue on disk) instead of the cron defaults")
    parser.add_argument("--only", default="throughput,peer,state,frontier,extraction,generic,memory,rendering,dedupe,shared")
    args = parser.parse_args(argv)
    if args.quick:
        args.pages, args.rounds, args.memory_sizes = 60, 1, "30,60"
    chosen = args.only.split(",")
    rows = ["| benchmark | figures | ratio |", "|---|---|---:|"]
    sections = {
        "throughput": lambda: throughput(args.pages, args.rounds),
        "peer": lambda: peer(min(args.pages, 1500), args.rounds),
        "state": lambda: state_cost(args.pages, args.rounds),
        "frontier": lambda: frontier([100, 1000] if args.quick else [1000, 1_000_000], 500 if args.quick else 10_000),
        "extraction": lambda: extraction(min(args.pages, 300), max(args.rounds, 5)),
        "generic": lambda: generic(max(args.rounds, 3), 6 if args.quick else None),
        "memory": lambda: memory([int(s) for s in args.memory_sizes.split(",")], args.memory_jobdir),
        "rendering": lambda: rendering(min(args.pages, 1000), args.rounds),
        "dedupe": lambda: dedupe([100, 1000] if args.quick else [1000, 10000, 100000]),
        "shared": lambda: shared(args.pages, args.rounds, 200 if args.quick else 2000),
    }
    measured = {}
    for name in chosen:
        measured[name] = sections[name]()
        rows += measured[name]
    table = "\n".join(rows)
    print(f"\nMachine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print(table)
    if not args.quick:
        # The README shows the last run of every section, from benchmarks/results.json.
        report.block("bench", report.bench_table(report.record(measured)))
        print(f"\nRecorded in {report.RESULTS.relative_to(REPO)}; README.md's table rewritten.")
    return table


if __name__ == "__main__":
    main()
