"""Extraction quality on the development sets, beside plain trafilatura on the same pages.

    .venv/bin/python -m benchmarks.extraction_quality [--dataset DIR]… [--details] [--no-peer]
    .venv/bin/python -m benchmarks.extraction_quality --raise-baseline   # after an improvement

Sets (in ``../shared/datasets``): ``fundus-en`` (84 English pages, 59 publishers) and
``fundus-intl-dev`` (91 pages, 60 publishers, 19 languages). Figures: pages read as
articles, title accuracy, date accuracy (same instant when both carry a zone, else same
day), author precision, recall and F1 (micro, case-insensitive names; a news agency counts as
an author by its short name, wherever a tool puts it), body precision,
recall and F1 over 4-word shingles (macro over pages), median milliseconds per page (each
page extracted once, first sight, the two tools alternating). The peer columns
are trafilatura's ``bare_extraction`` with metadata and its defaults, and, when news-please's
environment is there (``python -m benchmarks.peers.newsplease_peer setup``), news-please's
``NewsPlease.from_html`` and newspaper4k's ``Article`` (which news-please installs), scored the
same way.
The pages are data in ``../shared``; nothing of them is copied here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newscrawl.extractors import extract
from newscrawl.extractors.authors import agency_of

from . import report
from .peers import newsplease_peer as newsplease

REPO = Path(__file__).resolve().parents[1]
DATASETS_DIR = REPO.parent / "shared" / "datasets"
DATASETS = ("fundus-en", "fundus-intl-dev")
DEFAULT_DATASET = DATASETS_DIR / DATASETS[0]
BASELINE = REPO / "tests" / "quality_baseline.json"
_WORD_RE = re.compile(r"\w+")
#: Languages with fewer pages than this in a set are reported together as "other".
GROUP_MIN_PAGES = 4


@dataclass
class Case:
    id: str
    url: str
    html: str
    expected: dict
    language: str = "en"
    path: Path | None = None


def load_cases(dataset: Path) -> list[Case]:
    index = dataset / "index.json"
    languages = {}
    if index.exists():
        languages = {c["id"]: c.get("language", "en") for c in json.loads(index.read_text(encoding="utf-8"))["cases"]}
    cases = []
    for page in sorted(dataset.glob("*/*/*/page.html.gz")):
        expected = json.loads((page.parent / "expected.json").read_text(encoding="utf-8"))
        html = gzip.decompress(page.read_bytes()).decode("utf-8")
        case_id = str(page.parent.relative_to(dataset))
        cases.append(Case(case_id, expected["url"], html, expected, languages.get(case_id, "en"), page))
    return cases


def trafilatura_fields(html: str, url: str) -> dict | None:
    """Plain trafilatura, as people use it instead: ``bare_extraction`` with metadata, defaults."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return None
    doc = doc if isinstance(doc, dict) else doc.as_dict()
    authors = [{"name": a.strip()} for a in (doc.get("author") or "").split(";") if a.strip()]
    return {"headline": doc.get("title"), "datePublished": doc.get("date"), "authors": authors,
            "articleBody": doc.get("text")}


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})


def norm(text: str | None) -> str:
    """NFKC, white space and case folded, curly quotes made straight (as the dataset's README
    advises), invisible format characters (soft hyphens, zero-width spaces) dropped."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()


def shingles(text: str | None, size: int = 4) -> set[tuple[str, ...]]:
    words = _WORD_RE.findall(norm(text))
    return {tuple(words[i:i + size]) for i in range(max(0, len(words) - size + 1))}


def same_date(ours: str | None, expected: str) -> bool:
    if not ours:
        return False
    try:
        a, b = datetime.fromisoformat(ours), datetime.fromisoformat(expected)
    except ValueError:
        return False
    if a.tzinfo and b.tzinfo:
        return abs((a - b).total_seconds()) <= 60
    return a.date() == b.date()


def _name(name: str) -> str:
    return norm(agency_of(name) or name)


def _page_figures(item: dict, exp: dict) -> dict:
    got, want = shingles(item.get("articleBody")), shingles(exp["body"])
    p = len(got & want) / len(got) if got else 0.0
    r = len(got & want) / len(want) if want else 0.0
    figures = {"title": norm(item.get("headline")) == norm(exp["title"]),
               "date": same_date(item.get("datePublished"), exp["publishing_date"]),
               "body_p": p, "body_r": r, "body_f": 2 * p * r / (p + r) if p + r else 0.0,
               "hits": 0, "ours": 0, "theirs": 0}
    if exp.get("authors") is not None:
        # The sets list news agencies among the authors; newscrawl gives them as ``agency``.
        # An agency counts as an author on both sides, by its short name ("Associated Press": AP).
        ours = {_name(a["name"]) for a in item.get("authors") or []} | ({_name(item["agency"])} if item.get("agency") else set())
        theirs = {_name(a) for a in exp["authors"]}
        figures.update(hits=len(ours & theirs), ours=len(ours), theirs=len(theirs))
    return figures


def _summary(pages: list[dict]) -> dict:
    hits, ours, theirs = (sum(p[k] for p in pages) for k in ("hits", "ours", "theirs"))
    precision = hits / ours if ours else 0.0
    recall = hits / theirs if theirs else 0.0
    return {
        "pages": len(pages),
        "not_articles": sum(not p["article"] for p in pages),
        "articles_read": round(statistics.mean(p["article"] for p in pages), 4),
        "title_accuracy": round(statistics.mean(p["title"] for p in pages), 4),
        "date_accuracy": round(statistics.mean(p["date"] for p in pages), 4),
        "author_precision": round(precision, 4),
        "author_recall": round(recall, 4),
        "author_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "body_precision": round(statistics.mean(p["body_p"] for p in pages), 4),
        "body_recall": round(statistics.mean(p["body_r"] for p in pages), 4),
        "body_f1": round(statistics.mean(p["body_f"] for p in pages), 4),
        "median_ms": round(statistics.median(p["ms"] for p in pages), 2),
    }


def score(cases: list[Case], details: bool = False, peer: bool = False,
          external: dict[str, dict[str, tuple[dict, float]]] | None = None) -> dict:
    """newscrawl's figures on ``cases``; with ``peer``, also trafilatura's (``figures["peer"]``);
    ``external`` adds tools run elsewhere (``{tool: {case id: (item, ms)}}``, in ``figures["peers"]``).
    ``figures["languages"]`` holds the figures of each language group."""
    tools = {"newscrawl": extract}
    if peer:
        tools["trafilatura"] = trafilatura_fields
    for name, results in (external or {}).items():
        tools[name] = results
    pages: dict[str, list[dict]] = {tool: [] for tool in tools}
    for n, case in enumerate(cases):
        # First sight for both; which tool goes first alternates page by page.
        order = list(tools.items()) if n % 2 == 0 else list(reversed(tools.items()))
        for tool, fn in order:
            if isinstance(fn, dict):  # run in its own environment, timed there
                item, elapsed = fn.get(case.id, ({}, 0.0))
                item = item or {}
            else:
                began = time.perf_counter()
                item = fn(case.html, case.url) or {}
                elapsed = (time.perf_counter() - began) * 1000
            figures = _page_figures(item, case.expected)
            figures.update(article=bool(item), ms=elapsed, language=case.language)
            pages[tool].append(figures)
            if details and tool == "newscrawl":
                print(f"{case.id:40s} {case.language} title={figures['title']!s:5} date={figures['date']!s:5} "
                      f"body P={figures['body_p']:.2f} R={figures['body_r']:.2f} headline={item.get('headline')!r} "
                      f"date={item.get('datePublished')!r} want={case.expected['publishing_date']!r} "
                      f"authors={[a['name'] for a in item.get('authors') or []]} agency={item.get('agency')!r} "
                      f"want={case.expected.get('authors')}",
                      file=sys.stderr)
    result = _summary(pages["newscrawl"])
    if peer:
        result["peer"] = _summary(pages["trafilatura"])
    result["peers"] = {name: _summary(pages[name]) for name in (external or {})}
    counts: dict[str, int] = defaultdict(int)
    for case in cases:
        counts[case.language] += 1
    group = {lang: (lang if n >= GROUP_MIN_PAGES else "other") for lang, n in counts.items()}
    if len(set(group.values())) > 1:
        result["languages"] = {}
        for name in sorted(set(group.values()), key=lambda g: (g == "other", g)):
            result["languages"][name] = {
                tool: _summary([p for p in pages[tool] if group[p["language"]] == name]) for tool in tools}
    return result


GATED = ("articles_read", "title_accuracy", "date_accuracy", "author_precision", "author_recall", "author_f1",
         "body_precision", "body_recall", "body_f1")
LABELS = {
    "articles_read": "pages read as articles", "title_accuracy": "title accuracy", "date_accuracy": "date accuracy",
    "author_precision": "author precision", "author_recall": "author recall", "author_f1": "author F1",
    "body_precision": "body precision", "body_recall": "body recall", "body_f1": "body F1",
    "median_ms": "median ms per page",
}


def table(results: dict[str, dict]) -> str:
    """One markdown table: a figure per row; newscrawl, trafilatura and any other peer per set.
    newscrawl's figure is bold where it is at least as good as every peer's."""
    names = list(results)
    others = {n: [("trafilatura", results[n].get("peer", {}))] + list(results[n].get("peers", {}).items()) for n in names}
    head = "| figure | " + " | ".join(" | ".join([f"{n}: newscrawl", *(f"{n}: {tool}" for tool, _ in others[n])])
                                      for n in names) + " |"
    rows = [head, "|---|" + "---:|" * sum(1 + len(others[n]) for n in names)]
    for key in (*GATED, "median_ms"):
        cells = []
        for n in names:
            ours = results[n][key]
            theirs = [figures.get(key, "") for _, figures in others[n]]
            best = key != "median_ms" and all(t == "" or ours >= t for t in theirs) and any(t != "" for t in theirs)
            cells += [f"**{ours}**" if best else str(ours), *(str(t) for t in theirs)]
        rows.append(f"| {LABELS[key]} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def language_table(figures: dict) -> str:
    rows = ["| language (pages) | body F1 | title | date | author F1 | trafilatura body F1 | title | date | author F1 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, tools in figures.get("languages", {}).items():
        ours, peer = tools["newscrawl"], tools.get("trafilatura", {})
        cells = [ours[k] for k in ("body_f1", "title_accuracy", "date_accuracy", "author_f1")]
        cells += [peer.get(k, "") for k in ("body_f1", "title_accuracy", "date_accuracy", "author_f1")]
        rows.append(f"| {name} ({ours['pages']}) | " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, action="append",
                        help=f"a set's folder (default: {', '.join(DATASETS)} in {DATASETS_DIR})")
    parser.add_argument("--details", action="store_true", help="one line per page on stderr")
    parser.add_argument("--no-peer", action="store_true", help="leave plain trafilatura out")
    parser.add_argument("--raise-baseline", action="store_true", help="raise the pinned baseline to today's figures (never lowers)")
    args = parser.parse_args(argv)
    datasets = args.dataset or [DATASETS_DIR / name for name in DATASETS]
    for dataset in datasets:
        if not dataset.is_dir():
            parser.error(f"no dataset at {dataset}")
    results = {}
    for dataset in datasets:
        cases = load_cases(dataset)
        external = {}
        if not args.no_peer and newsplease.available():
            external = {tool: newsplease.extract_all(cases, tool) for tool in newsplease.EXTRACTORS}
        results[dataset.name] = score(cases, args.details, peer=not args.no_peer, external=external)
    text = table(results)
    for name, figures in results.items():
        if figures.get("languages"):
            text += f"\n\n{name}, by language:\n\n" + language_table(figures)
    print(text)
    if not args.dataset and not args.no_peer:
        report.block("quality", text)  # the README shows what the code last measured
        print("\nREADME.md's quality tables rewritten.")
    if args.raise_baseline:
        baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        for name, figures in results.items():
            pinned = baseline.setdefault(name, {})
            for key in GATED:
                pinned[key] = max(pinned.get(key, 0.0), figures[key])
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
        print(f"baseline now: {json.dumps(baseline, sort_keys=True)}")
    return results


if __name__ == "__main__":
    main()
