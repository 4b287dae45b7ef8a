"""Run inside news-please's own environment (it must not import newscrawl): read
``[{"id", "path", "url"}, …]`` on stdin, extract each page with ``NewsPlease.from_html``
and print one JSON line per page: ``{"id", "ms", "item"}`` with the item in newscrawl's field
names. The first page is extracted once before timing starts (news-please loads its parsers
lazily, about 1.5 s)."""

import gzip
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from newsplease import NewsPlease  # noqa: E402


def item(article) -> dict:
    if article is None:
        return {}
    date = article.date_publish.isoformat() if article.date_publish else None
    return {"headline": article.title, "datePublished": date, "articleBody": article.maintext,
            "authors": [{"name": name} for name in article.authors or []]}


def main() -> None:
    cases = json.load(sys.stdin)
    if cases:
        first = cases[0]
        NewsPlease.from_html(gzip.decompress(open(first["path"], "rb").read()).decode("utf-8"), url=first["url"],
                             fetch_images=False)
    for case in cases:
        html = gzip.decompress(open(case["path"], "rb").read()).decode("utf-8")
        began = time.perf_counter()
        try:
            article = NewsPlease.from_html(html, url=case["url"], fetch_images=False)
        except Exception:  # noqa: BLE001 - a page news-please cannot read scores as nothing read
            article = None
        ms = (time.perf_counter() - began) * 1000
        print(json.dumps({"id": case["id"], "ms": ms, "item": item(article)}), flush=True)


if __name__ == "__main__":
    main()
