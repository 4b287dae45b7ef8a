"""Pages whose link lists or counters scripts fill in, for the rendering tests."""

from __future__ import annotations

from newscrawl.sample_site.markup import ArticleView, ListLink, render_classic
from newscrawl.sample_site.stories import make_stories

STORIES = make_stories(12, seed=31)

# Fills every empty list under a Related/Ranking/Recommendation heading with
# the links in data-links, after data-delay milliseconds; fills the counter.
FILL_JS = b"""
(function () {
  var me = document.currentScript;
  var delay = parseInt(me.getAttribute('data-delay') || '0', 10);
  var links = JSON.parse(me.getAttribute('data-links'));
  function fill() {
    document.querySelectorAll('ul[data-fill]').forEach(function (ul) {
      links[ul.getAttribute('data-fill')].forEach(function (l) {
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = l[0]; a.textContent = l[1]; li.appendChild(a); ul.appendChild(li);
      });
    });
    var c = document.querySelector('.diggit');
    if (c) c.textContent = 'veryGood! (17)';
  }
  window.addEventListener('load', function () { setTimeout(fill, delay); });
})();
"""


def view(story, related=(), ranking=(), recommendation=()) -> ArticleView:
    return ArticleView(
        site_name="ScriptMirror", headline=story.headline, category="News", category_href="/news/",
        date="2025-05-01 10:00:00", paragraphs=story.paragraphs, credit=None, reactions=3,
        related=list(related), ranking=list(ranking), recommendation=list(recommendation),
        previous=None, next=None, nav=[ListLink("/", "Home")],
    )


def scripted(story, delay_ms: int, targets: dict[str, list[tuple[str, str]]], script: bool = True) -> bytes:
    """A template page whose three lists are empty until the script runs."""
    import json

    html = render_classic(view(story))
    html = html.replace('<ul class="otherlink"></ul>', '<ul class="otherlink" data-fill="related"></ul>')
    html = html.replace('<h2 class="htitle">Ranking</h2><ul></ul>', '<h2 class="htitle">Ranking</h2><ul data-fill="ranking"></ul>')
    html = html.replace('<h2 class="htitle">Recommendation</h2><ul></ul>',
                        '<h2 class="htitle">Recommendation</h2><ul data-fill="recommendation"></ul>')
    html = html.replace("veryGood! (3)", "veryGood! ()")
    # The template's own script tags stand for "this page runs scripts"; drop them for the no-script case.
    html = html.replace('<script src="/js/jquery-1.8.3.min.js"></script><script src="/js/comm.js"></script>', "")
    if script:
        data = json.dumps(targets).replace("'", "&#39;")
        html = html.replace("</body>", f"<script src=\"/js/fill.js\" data-delay=\"{delay_ms}\" data-links='{data}'></script></body>")
    return html.encode("utf-8")


def plain(story) -> bytes:
    """A template page that needs no browser: lists filled in the HTML."""
    html = render_classic(view(story, related=[ListLink("/html/a1.html", STORIES[0].headline)],
                               ranking=[ListLink("/html/a1.html", STORIES[0].headline)],
                               recommendation=[ListLink("/html/a1.html", STORIES[0].headline)]))
    return html.encode("utf-8")


# Writes the story's paragraphs (in data-story) into #story once the page has loaded, as an
# app that renders its article in the browser does.
STORY_JS = b"""
(function () {
  var me = document.currentScript;
  window.addEventListener('load', function () {
    JSON.parse(me.getAttribute('data-story')).forEach(function (text) {
      var p = document.createElement('p'); p.textContent = text; document.getElementById('story').appendChild(p);
    });
  });
})();
"""


def app_article(story, declared: bool = True) -> bytes:
    """A page in no template, its body written by a script; ``declared``: it says it is an article."""
    import json

    head = ('<meta property="og:type" content="article">'
            f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": story.headline})}'
            '</script>') if declared else ""
    data = json.dumps(story.paragraphs).replace("'", "&#39;")
    return (f'<html lang="en"><head><title>{story.headline}</title>{head}</head><body><main><h1>{story.headline}</h1>'
            f'<div id="story"></div></main><script src="/js/story.js" data-story=\'{data}\'></script>'
            '</body></html>').encode("utf-8")


def routes() -> dict[str, tuple[int, str, bytes]]:
    html = "text/html; charset=utf-8"
    js_targets = {
        "related": [("/html/js-related.html", STORIES[4].headline)],
        "ranking": [("/html/js-ranking.html", STORIES[5].headline)],
        "recommendation": [("/html/js-rec.html", STORIES[6].headline)],
    }
    delayed_targets = {
        "related": [("/html/late-related.html", STORIES[7].headline)],
        "ranking": [("/html/late-ranking.html", STORIES[8].headline)],
        "recommendation": [("/html/late-rec.html", STORIES[9].headline)],
    }
    return {
        "/js/fill.js": (200, "application/javascript", FILL_JS),
        "/js/story.js": (200, "application/javascript", STORY_JS),
        "/html/app.html": (200, html, app_article(STORIES[1])),
        "/html/app-undeclared.html": (200, html, app_article(STORIES[2], declared=False)),
        "/js/hang.js": (200, "application/javascript", b"while (true) {}"),
        "/html/hang.html": (200, html, scripted(STORIES[11], 0, js_targets).replace(b"/js/fill.js", b"/js/hang.js")),
        "/html/a1.html": (200, html, plain(STORIES[0])),
        "/html/now.html": (200, html, scripted(STORIES[1], 0, js_targets)),
        "/html/late.html": (200, html, scripted(STORIES[2], 500, delayed_targets)),
        "/html/noscript.html": (200, html, scripted(STORIES[3], 0, js_targets, script=False)),
        "/html/never-filled.html": (200, html, scripted(STORIES[10], 0, {"related": [], "ranking": [], "recommendation": []})),
        "/html/js-related.html": (200, html, plain(STORIES[4])),
        "/html/js-ranking.html": (200, html, plain(STORIES[5])),
        "/html/js-rec.html": (200, html, plain(STORIES[6])),
        "/html/late-related.html": (200, html, plain(STORIES[7])),
        "/html/late-ranking.html": (200, html, plain(STORIES[8])),
        "/html/late-rec.html": (200, html, plain(STORIES[9])),
    }


def learning_routes(pages: int = 5) -> dict[str, tuple[int, str, bytes]]:
    """A chain of pages whose Related list only scripts fill: p1 → p2 → … ."""
    html = "text/html; charset=utf-8"
    stories = make_stories(pages, seed=77)
    out = {"/js/fill.js": (200, "application/javascript", FILL_JS)}
    for i in range(1, pages + 1):
        nxt = [(f"/learn/p{i + 1}.html", stories[i % pages].headline)] if i < pages else []
        out[f"/learn/p{i}.html"] = (200, html, scripted(stories[i - 1], 0, {"related": nxt, "ranking": [], "recommendation": []}))
    return out
