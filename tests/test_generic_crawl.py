"""The spider follows the lists of ordinary news sites exactly as on the template."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.sample_site.stories import make_stories

from .helpers import StaticSite, run_crawl

pytestmark = pytest.mark.crawl
FIXTURES = Path(__file__).parent / "fixtures" / "generic"
ARTICLE = "/local/2025/03/council-approves-river-clean-up-plan-12345"
TARGETS = {
    "/local/2025/01/residents-demand-action-on-sewage-spills-11111": "related",
    "/local/2024/11/water-company-fined-over-river-pollution-10987": "related",
    "/news/2025/03/storm-closes-coastal-road-for-second-day-12001": "ranking",
    "/sport/2025/03/local-club-wins-cup-final-on-penalties-12002": "ranking",
    "/local/2025/02/new-bridge-opens-to-cyclists-11500": "recommendation",
}


def test_generic_lists_are_followed(tmp_path):
    html = "text/html; charset=utf-8"
    start = (FIXTURES / "jsonld_graph.html").read_bytes()
    routes = {ARTICLE: (200, html, start), "/tag/environment": (200, html, (FIXTURES / "tag_page.html").read_bytes())}
    for story, path in zip(make_stories(len(TARGETS), seed=404), TARGETS):
        paragraphs = "".join(f"<p>{p}</p>" for p in story.paragraphs * 2)
        page = (f'<html><head><title>{story.headline}</title><meta property="og:type" content="article">'
                f'<meta property="article:published_time" content="2025-03-01T08:00:00Z"></head>'
                f"<body><h1>{story.headline}</h1><article>{paragraphs}</article></body></html>")
        routes[path] = (200, html, page.encode("utf-8"))
    with StaticSite(routes) as site:
        result = run_crawl(tmp_path, "-a", f"url={site.origin}{ARTICLE}", "-a", "depth=1")
        requested = set(site.requests)
    assert result.returncode == 0
    via = {item["url"].replace(site.origin, ""): item["discovery"]["via"] for item in result.items}
    assert via == {ARTICLE: "start", **TARGETS}
    assert "/tag/environment" not in requested and "/news/" not in requested
    assert {item["metadata"]["extractor"] for item in result.items} == {"generic"}
