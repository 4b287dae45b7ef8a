"""A hostile site and a careless operator, all on loopback.

Each case is a route of :mod:`tests.hostile_site`; the crawls run the real
``scrapy crawl`` in a subprocess with the network guard of ``tests/netguard``,
which refuses and records any connection or lookup beyond loopback, so the
tests assert what the crawler *attempted* and never let a packet out.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from newscrawl.config import _browser_path

from .helpers import REPO, attempted, guarded_env, run_crawl
from .hostile_site import HostileSite, article, drip, gzip_bomb, redirect, reset, static
from .rendering_site import FILL_JS, STORIES as SCRIPT_STORIES, scripted

pytestmark = pytest.mark.crawl
NEWSCRAWL_FRAMES = f'File "{REPO / "newscrawl"}'
#: A crawl of the hostile site: quick timeouts, no retries, every failure judged below.
QUICK = ("-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=0", "-s", "NEWSCRAWL_MAX_ERROR_RATE=1")
BOMB_MIB = 256


def by_path(items) -> dict[str, dict]:
    return {item["url"].split("/", 3)[3]: item for item in items}


# -- one crawl through every case on the crawl's own host ---------------------------

@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    rng = random.Random(7)
    with HostileSite({"/stolen.html": static(article()), "/stolen2.html": static(article())}, host="127.0.0.5") as other:
        nested = "<div>" * 5000 + "deep" + "</div>" * 5000
        nul_page = article().replace(b"<p>", b"<p>\0\0", 3)
        many = [(f"/many?n={i}", f"Many {i}") for i in range(1000)]
        routes = {
            "/start.html": static(article(related=[
                ("/redir/offsite", "Offsite redirect"), ("/redir/metadata", "Metadata redirect"),
                ("/refresh.html", "Meta refresh"), ("/redir/file", "File redirect"),
                ("/redir/loop", "Loop"), ("/redir/chain1", "Chain"), ("/bomb.html", "Bomb"),
                ("/huge.html", "Huge"), ("/reset.html", "Reset"), ("/drip.html", "Drip"),
                ("/busy.html", "Busy"), ("/nested.html", "Nested"), ("/nul.html", "NUL"),
                ("/binary.html", "Binary"), ("/bom.html", "BOM"), ("/cp1252.html", "Wrong charset"),
                ("/infinite/1", "Infinite"), ("/story.html", "Same page, tracking parameter added"),
                ("/bad-canonical.html", "Canonical with a bad port"), ("/bracket-canonical.html", "Canonical, bad bracket"),
            ])),
            "/bad-canonical.html": static(article(canonical="http://127.0.0.1:99999/x.html")),
            "/bracket-canonical.html": static(article(canonical="http://[::1/x.html")),
            "/story.html": redirect("/story.html?utm_source=rss", 301),
            "/story.html?utm_source=rss": static(article()),
            "/lists.html": static(article(related=[
                ("javascript:alert(1)", "Script"), ("mailto:someone@example.invalid", "Mail"),
                ("data:text/html,<h1>x</h1>", "Data"), ("file:///etc/passwd", "File"),
                ("http://127.0.0.1:99999/x.html", "Port too large"), ("http://127.0.0.1:abc/x.html", "Port not a number"),
                ("http://[::1/x.html", "Bracket"), ("/q?" + "a" * 100_000, "Huge query"),
            ], recommendation=many)),
            "/redir/offsite": redirect(f"{other.origin}/stolen.html"),
            "/redir/metadata": redirect("http://169.254.169.254/latest/meta-data/"),
            "/refresh.html": static(f'<html><head><meta http-equiv="refresh" content="0;url={other.origin}/stolen2.html">'
                                    "</head><body>Moved</body></html>".encode()),
            "/redir/file": redirect("file:///etc/passwd"),
            "/redir/loop": redirect("/redir/loop"),
            "/redir/chain1": redirect("/redir/chain2"), "/redir/chain2": redirect("/redir/chain3"),
            "/redir/chain3": redirect("/chained.html"), "/chained.html": static(article()),
            "/bomb.html": gzip_bomb(BOMB_MIB),
            "/huge.html": static(b"<html><body>" + b"x" * (17 * 1024 * 1024) + b"</body></html>"),
            "/reset.html": reset(),
            "/drip.html": drip(),
            "/busy.html": static(b"<html><body>Busy</body></html>", 503, headers={"Retry-After": "120"}),
            "/nested.html": static(article(extra_body=nested)),
            "/nul.html": static(nul_page),
            "/binary.html": static(rng.randbytes(50_000)),
            "/bom.html": static(b"\xef\xbb\xbf" + article(), kind="text/html; charset=iso-8859-1"),
            "/cp1252.html": static(article().decode("utf-8").replace("the", "thé").encode("cp1252", "replace")),
        }
        for n in range(1, 6):
            routes[f"/infinite/{n}"] = static(article(related=[(f"/infinite/{n + 1}", f"Deeper {n + 1}")]))
        with HostileSite(routes) as site:
            log = tmp / "connections.log"
            result = run_crawl(tmp, "-a", f"url={site.origin}/start.html,{site.origin}/lists.html",
                               "-a", "sections=related,ranking", *QUICK, "-s", "NEWSCRAWL_RENDER=never",
                               env=guarded_env(log), timeout=300)
        result.requests = Counter(site.requests)
        result.other_requests = list(other.requests)
        result.attempted = attempted(log)
    return result


def test_the_hostile_crawl_ends_normally_with_valid_output_and_no_traceback(hostile_crawl):
    assert hostile_crawl.returncode == 0, hostile_crawl.stderr[-2000:]
    assert hostile_crawl.stats["finish_reason"] == "finished"
    assert NEWSCRAWL_FRAMES not in hostile_crawl.log
    assert hostile_crawl.stats.get("spider_exceptions/count", 0) == 0
    assert all(item["url"] and item["headline"] for item in hostile_crawl.items)  # run_crawl parsed every line


def test_redirects_and_meta_refreshes_to_another_host_are_refused(hostile_crawl):
    stats = hostile_crawl.stats
    assert stats["newscrawl/refused/offsite_redirect"] == 3  # offsite, metadata service, meta refresh
    assert hostile_crawl.other_requests == [], "nothing, not even robots.txt, may reach the other host"
    assert not [item for item in hostile_crawl.items if "127.0.0.1" not in item["url"]]
    assert hostile_crawl.attempted == []


def test_a_redirect_chain_on_the_site_is_followed_and_a_loop_is_cut(hostile_crawl):
    items = by_path(hostile_crawl.items)
    assert "chained.html" in items
    # A redirect to the same page (one URL key) is followed, not dropped as a duplicate request.
    assert "story.html?utm_source=rss" in items
    # A page redirecting to itself: Scrapy's REDIRECT_MAX_TIMES (20), then a counted skip.
    assert hostile_crawl.requests["/redir/loop"] == 21
    assert hostile_crawl.stats["newscrawl/skipped/redirect_loop"] == 1
    assert hostile_crawl.stats["newscrawl/skipped/http_302"] == 1  # to file:, not followed


def test_bodies_over_the_size_limit_cost_no_memory(hostile_crawl):
    stats = hostile_crawl.stats
    assert stats["newscrawl/skipped/too_large"] == 2  # the gzip bomb and the 17 MiB page
    # The bomb inflates to 256 MiB: with Scrapy's 1 GiB limit the crawl held it all at least once.
    assert stats["newscrawl/memory/peak_rss"] < BOMB_MIB * 1024 * 1024


def test_network_failures_are_counted_and_the_crawl_goes_on(hostile_crawl):
    stats = hostile_crawl.stats
    errors = {k: v for k, v in stats.items() if k.startswith("newscrawl/errors/")}
    assert stats["newscrawl/skipped/http_503"] == 1
    assert errors == {"newscrawl/errors/DownloadFailedError": 1, "newscrawl/errors/DownloadTimeoutError": 1}, errors


def test_malformed_pages_are_articles_or_counted_skips(hostile_crawl):
    items = by_path(hostile_crawl.items)
    for path in ("nested.html", "nul.html", "bom.html", "cp1252.html", "bad-canonical.html", "bracket-canonical.html"):
        assert path in items, f"{path} should still read as an article"
    assert "\0" not in items["nul.html"]["articleBody"]
    assert "binary.html" not in items
    skipped = {k: v for k, v in hostile_crawl.stats.items() if k.startswith("newscrawl/skipped/")}
    assert sum(skipped.values()) >= 4, skipped  # binary, refresh page, 503, too large ×2 at least


def test_an_infinite_url_space_stops_at_the_depth_limit(hostile_crawl):
    assert hostile_crawl.requests["/infinite/1"] == 1
    assert hostile_crawl.requests["/infinite/2"] == 1
    assert hostile_crawl.requests["/infinite/3"] == 0


def test_links_that_cannot_be_crawled_are_counted_and_the_page_keeps_its_other_links(hostile_crawl):
    stats = hostile_crawl.stats
    lists = by_path(hostile_crawl.items)["lists.html"]
    assert stats["newscrawl/links/invalid"] >= 3  # the two bad ports and the bracket
    assert stats.get("urllength/request_ignored_count", 0) == 1  # the 100,000-character query
    # 1,000 Recommendation links: 200 kept, 800 counted; none fetched (not a followed list here).
    assert len(lists["links"]["recommendation"]) == 200
    assert stats["newscrawl/links/over_list_cap"] == 800
    assert not [r for r in hostile_crawl.requests if r.startswith("/many")]


# -- addresses: nothing private, loopback or link-local unless the operator named it --

def test_no_request_reaches_a_private_or_loopback_address_even_with_any_host_allowed(tmp_path):
    routes = {"/target.html": static(article())}
    with HostileSite(routes) as site:
        routes.update({
            "/b.html": static(article(related=[
                ("/redir/metadata", "Metadata"), ("/redir/private", "Router"), ("/redir/localhost", "Local name"),
                ("/redir/v6", "Loopback v6"), ("http://10.1.2.3/x.html", "Private link"),
                ("http://[fe80::1]/x.html", "Link-local link"), ("http://192.168.1.1:8080/admin", "Admin page"),
            ])),
            "/redir/metadata": redirect("http://169.254.169.254/latest/meta-data/"),
            "/redir/private": redirect("http://10.0.0.1/"),
            "/redir/localhost": redirect(f"http://localhost:{site.port}/target.html"),
            "/redir/v6": redirect(f"http://[::1]:{site.port}/target.html"),
        })
        log = tmp_path / "connections.log"
        result = run_crawl(tmp_path, "-a", f"url={site.origin}/b.html", "-a", "hosts=*", *QUICK,
                           "-s", "NEWSCRAWL_RENDER=never", env=guarded_env(log))
    refused = {k.rsplit("/", 1)[1]: v for k, v in result.stats.items() if k.startswith("newscrawl/refused/")}
    assert refused == {"link_local_address": 2, "private_address": 3, "loopback_address": 2}
    assert "/target.html" not in site.requests, "localhost resolves to the site's own address: refused after DNS"
    assert attempted(log) == []
    assert result.returncode == 0 and [i["url"] for i in result.items] == [f"{site.origin}/b.html"]


def test_private_addresses_are_attempted_only_when_allowed(tmp_path):
    with HostileSite({}) as site:
        site.routes["/c.html"] = static(article(related=[("http://10.9.9.9:81/x.html", "Private")]))
        log = tmp_path / "connections.log"
        run_crawl(tmp_path, "-a", f"url={site.origin}/c.html", "-a", "hosts=*", *QUICK,
                  "-s", "NEWSCRAWL_RENDER=never", "-s", "NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES=1", env=guarded_env(log))
    tried = attempted(log)
    assert tried and set(tried) == {"connect 10.9.9.9 81"}, "refused by the test's guard, not by newscrawl"


# -- the browser ---------------------------------------------------------------------

BROWSER = _browser_path(None)
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no Chromium found (apt-get install chromium); .ci/run installs it")
LOAD_THEN_HANG = "<script>window.addEventListener('load', function () { setTimeout(function () { while (true) {} }, 50); });</script>"


def late_related_page(link: tuple[str, str]) -> bytes:
    """Related empty in the HTML and filled 0.5 s after load; Ranking, further down, filled in the HTML."""
    html = scripted(SCRIPT_STORIES[2], 500, {"related": [link], "ranking": [], "recommendation": []}).decode()
    html = html.replace('<ul data-fill="ranking"></ul>', '<ul><li><a href="/plain-ranked.html">Ranked</a></li></ul>')
    return html.encode()


@needs_browser
def test_the_browser_neither_navigates_away_nor_reads_too_early_nor_hangs(tmp_path):
    with HostileSite({"/stolen.html": static(article())}, host="127.0.0.5") as other:
        nav_page = scripted(SCRIPT_STORIES[3], 0, {"related": [], "ranking": [], "recommendation": []}).decode()
        nav_page = nav_page.replace("</body>", f"<script>location.href = '{other.origin}/stolen.html';</script></body>")
        hang_page = scripted(SCRIPT_STORIES[4], 0, {"related": [], "ranking": [], "recommendation": []}).decode()
        routes = {
            "/js/fill.js": static(FILL_JS, kind="application/javascript"),
            "/nav.html": static(nav_page.encode()),
            "/late.html": static(late_related_page(("/late-target.html", "Late target"))),
            "/hang.html": static(hang_page.replace("</body>", LOAD_THEN_HANG + "</body>").encode()),
            "/late-target.html": static(article()),
        }
        with HostileSite(routes) as site:
            starts = ",".join(f"{site.origin}/{p}" for p in ("nav.html", "late.html", "hang.html"))
            result = run_crawl(tmp_path, "-a", f"url={starts}", "-a", "depth=1", "-s", "NEWSCRAWL_RENDER_TIMEOUT=2",
                               "-s", "RETRY_TIMES=0", timeout=300)
    items = by_path(result.items)
    assert other.requests == [], "a script's location.href must not make the browser fetch another host"
    nav = items["nav.html"]["metadata"]
    assert nav["rendered"] is False and nav["renderReason"] == "empty_list:related; render failed (NavigatedAway)"
    assert items["late.html"]["links"]["related"][0]["url"] == f"{site.origin}/late-target.html"
    assert items["late.html"]["metadata"]["rendered"] is True
    assert "late-target.html" in items
    hang = items["hang.html"]["metadata"]
    assert hang["rendered"] is False and "render failed (RenderTimeout)" in hang["renderReason"]
    assert result.stats["finish_reason"] == "finished"
