"""Run inside news-please's own environment (it must not import newscrawl): read
``[{"id", "path", "url"}, …]`` on stdin, extract each page with the tool named on the
command line, and print one JSON line per page: ``{"id", "ms", "item"}`` with the item in
newscrawl's field names.

* ``news-please``: ``NewsPlease.from_html`` (newspaper4k, readability, its date and
  language extractors together);
* ``newspaper4k``: ``newspaper.Article`` given the HTML (news-please installs it), images
  not fetched.

The first page is extracted once before timing starts (both load their parsers lazily)."""

import gzip
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def news_please(html: str, url: str) -> dict:
    from newsplease import NewsPlease

    article = NewsPlease.from_html(html, url=url, fetch_images=False)
    if article is None:
        return {}
    date = article.date_publish.isoformat() if article.date_publish else None
    return {"headline": article.title, "datePublished": date, "articleBody": article.maintext,
            "authors": [{"name": name} for name in article.authors or []]}


def newspaper4k(html: str, url: str) -> dict:
    from newspaper import Article

    article = Article(url, fetch_images=False, follow_meta_refresh=False)
    article.download(input_html=html)
    article.parse()
    date = article.publish_date.isoformat() if article.publish_date else None
    return {"headline": article.title, "datePublished": date, "articleBody": article.text,
            "authors": [{"name": name} for name in article.authors or []]}


TOOLS = {"news-please": news_please, "newspaper4k": newspaper4k}


def main() -> None:
    extract = TOOLS[sys.argv[1]]
    cases = json.load(sys.stdin)

    def read(case) -> str:
        return gzip.decompress(open(case["path"], "rb").read()).decode("utf-8")

    if cases:
        extract(read(cases[0]), cases[0]["url"])
    for case in cases:
        html = read(case)
        began = time.perf_counter()
        try:
            item = extract(html, case["url"])
        except Exception:  # noqa: BLE001 - a page the tool cannot read scores as nothing read
            item = {}
        ms = (time.perf_counter() - began) * 1000
        print(json.dumps({"id": case["id"], "ms": ms, "item": item}), flush=True)


if __name__ == "__main__":
    main()
