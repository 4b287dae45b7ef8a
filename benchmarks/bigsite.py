"""Generate a large static site of the mirror template for the benchmarks.

    .venv/bin/python -m benchmarks.bigsite --pages 5000 --out /tmp/bigsite

Writes ``OUT/<mirror>/html/<id>.html`` for several mirrors (about 20 KB a page,
about 20 links across Related, Ranking and Recommendation), a fifth of the
stories republished on another mirror under another id, and ``OUT/site.json``
listing the mirrors and start pages; each mirror's ``/index.html`` is a front page
listing its first articles (where a crawler that starts from a site's root begins).
``--scripted`` makes that share of pages leave their lists empty for ``/js/fill.js``
to fill (the rendering benchmark).
Text is pseudo-words from a large vocabulary, so different stories never look
alike to the dedupe pipeline.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from dataclasses import replace
from pathlib import Path

from newscrawl.sample_site.markup import ArticleView, ListLink, render_bare, render_classic, render_listing

MIRRORS = ("alpha", "beta", "gamma")
SITE_NAMES = {"alpha": "LoTradeCoin", "beta": "PredictIQ", "gamma": "MarketDaily"}
DUPLICATE_SHARE = 0.2
FRONT_PAGE_ARTICLES = 10
FILL_JS = """(function(){var m=document.currentScript,l=JSON.parse(m.getAttribute('data-links'));
window.addEventListener('load',function(){document.querySelectorAll('ul[data-fill]').forEach(function(u){
(l[u.getAttribute('data-fill')]||[]).forEach(function(x){var li=document.createElement('li'),a=document.createElement('a');
a.href=x[0];a.textContent=x[1];li.appendChild(a);u.appendChild(li);});});});})();"""


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 10))))
    return sorted(words)


def _paragraphs(rng: random.Random, vocab: list[str], target_bytes: int) -> list[str]:
    out, size = [], 0
    while size < target_bytes:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            words = rng.choices(vocab, k=rng.randint(10, 24))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph = " ".join(sentences)
        out.append(paragraph)
        size += len(paragraph)
    out[0] = "WASHINGTON (AP) — " + out[0]
    return out


def generate(out: Path, origins: dict[str, str], pages: int = 5000, scripted: float = 0.0, seed: int = 1) -> dict:
    """Write the site for mirrors served at ``origins`` (``{"alpha": "http://127.0.0.1:PORT", …}``)."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    stories = int(pages / (1 + DUPLICATE_SHARE))
    refs = []  # (mirror, id, story number)
    for n in range(pages):
        story = n if n < stories else rng.randrange(stories)
        refs.append((MIRRORS[n % len(MIRRORS)], f"{n:06d}{rng.randrange(36**4):04x}", story))
    by_mirror: dict[str, list[int]] = {m: [] for m in MIRRORS}
    for i, (mirror, _, _) in enumerate(refs):
        by_mirror[mirror].append(i)
    ranking = {m: by_mirror[m][:6] for m in MIRRORS}

    def link(i: int, mirror: str) -> ListLink:
        target_mirror, page_id, story = refs[i]
        href = f"/html/{page_id}.html"
        return ListLink(href if target_mirror == mirror else origins[target_mirror] + href, f"Story {story} headline {page_id}")

    scripted_pages = set(rng.sample(range(pages), int(pages * scripted)))
    for i, (mirror, page_id, story) in enumerate(refs):
        # Regenerated from its own seed rather than kept: the generator stays small at 50,000 pages.
        paragraphs = _paragraphs(random.Random(story * 7919 + seed), vocab, 15000)
        if i >= stories:  # a republished copy with a small edit
            paragraphs[-1] = paragraphs[-1][: len(paragraphs[-1]) // 2] + "."
        same = by_mirror[mirror]
        pos = i // len(MIRRORS)  # pages are dealt to mirrors in turn
        related = [link(same[(pos + k * k + 1) % len(same)], mirror) for k in range(8)]
        recommendation = [link(same[(pos * 7 + k * 13 + 3) % len(same)], mirror) for k in range(4)]
        recommendation += [link(rng.randrange(pages), mirror) for _ in range(2)]
        view = ArticleView(
            site_name=SITE_NAMES[mirror], headline=f"Story {story} headline {page_id}", category="News",
            category_href="/news/", date="2025-04-%02d 10:%02d:00" % (1 + i % 28, i % 60),
            paragraphs=paragraphs, credit=None, reactions=i % 90,
            related=related, ranking=[link(r, mirror) for r in ranking[mirror]], recommendation=recommendation,
            previous=None, next=None, nav=[ListLink("/", "Home")],
        )
        if i in scripted_pages:
            html = _scripted(view)
        else:
            html = (render_classic if mirror != "beta" else render_bare)(view)
        path = out / mirror / "html" / f"{page_id}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    for mirror in MIRRORS:
        front = [(f"/html/{refs[i][1]}.html", f"Story {refs[i][2]} headline {refs[i][1]}", "2025-04-01 10:00:00")
                 for i in by_mirror[mirror][:FRONT_PAGE_ARTICLES]]
        (out / mirror / "index.html").write_text(render_listing(SITE_NAMES[mirror], "Home", front), encoding="utf-8")
        (out / mirror / "robots.txt").write_text("User-agent: *\nDisallow:\n")
        (out / mirror / "js").mkdir(exist_ok=True)
        (out / mirror / "js" / "fill.js").write_text(FILL_JS)
    info = {
        "pages": pages, "stories": stories, "mirrors": list(MIRRORS), "scripted": len(scripted_pages),
        "start": {m: f"/html/{refs[by_mirror[m][0]][1]}.html" for m in MIRRORS},
    }
    (out / "site.json").write_text(json.dumps(info, indent=1))
    return info


def _scripted(view: ArticleView) -> str:
    """The page with its three lists left empty for ``/js/fill.js`` to fill."""
    links = {"related": [[x.href, x.title] for x in view.related],
             "ranking": [[x.href, x.title] for x in view.ranking],
             "recommendation": [[x.href, x.title] for x in view.recommendation]}
    view = replace(view, related=[], ranking=[], recommendation=[])
    html = re.sub(r">(Related|Ranking|Recommendation)</h2><ul([^>]*)>",
                  lambda m: f'>{m.group(1)}</h2><ul data-fill="{m.group(1).lower()}"{m.group(2)}>', render_classic(view))
    data = json.dumps(links).replace("'", "&#39;")
    return html.replace("</body>", f"<script src=\"/js/fill.js\" data-links='{data}'></script></body>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--scripted", type=float, default=0.0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--origin", action="append", default=[], metavar="MIRROR=URL",
                        help="where each mirror will be served (default http://127.0.0.1:800N)")
    args = parser.parse_args()
    origins = {m: f"http://127.0.0.1:{8001 + i}" for i, m in enumerate(MIRRORS)}
    origins.update(dict(o.split("=", 1) for o in args.origin))
    print(json.dumps(generate(args.out, origins, args.pages, args.scripted)))


if __name__ == "__main__":
    main()
