"""Extraction quality on the Fundus development set (real pages of 59 English publishers).

    .venv/bin/python -m benchmarks.extraction_quality [--dataset ../shared/datasets/fundus-en] [--details]
    .venv/bin/python -m benchmarks.extraction_quality --raise-baseline   # after an improvement

Figures: title accuracy, date accuracy (same instant when both carry a zone,
else same day), author precision and recall (micro, case-insensitive names),
body precision, recall and F1 over 4-word shingles (macro over pages). The
pages are data in ``../shared``; nothing of them is copied here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newscrawl.extractors import extract

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = REPO.parent / "shared" / "datasets" / "fundus-en"
BASELINE = REPO / "tests" / "quality_baseline.json"
_WORD_RE = re.compile(r"\w+")


@dataclass
class Case:
    id: str
    url: str
    html: str
    expected: dict


def load_cases(dataset: Path) -> list[Case]:
    cases = []
    for page in sorted(dataset.glob("*/*/*/page.html.gz")):
        expected = json.loads((page.parent / "expected.json").read_text(encoding="utf-8"))
        html = gzip.decompress(page.read_bytes()).decode("utf-8")
        cases.append(Case(str(page.parent.relative_to(dataset)), expected["url"], html, expected))
    return cases


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})


def norm(text: str | None) -> str:
    """NFKC, white space and case folded, curly quotes made straight (as the dataset's README advises)."""
    return " ".join(unicodedata.normalize("NFKC", text or "").translate(_QUOTES).split()).casefold()


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


def score(cases: list[Case], details: bool = False) -> dict:
    titles, dates, body_p, body_r, body_f = [], [], [], [], []
    author_hits = author_ours = author_expected = 0
    not_articles = []
    for case in cases:
        item = extract(case.html, case.url) or {}
        if not item:
            not_articles.append(case.id)
        exp = case.expected
        titles.append(norm(item.get("headline")) == norm(exp["title"]))
        dates.append(same_date(item.get("datePublished"), exp["publishing_date"]))
        if exp.get("authors") is not None:
            ours = {norm(a["name"]) for a in item.get("authors") or []}
            theirs = {norm(a) for a in exp["authors"]}
            author_hits += len(ours & theirs)
            author_ours += len(ours)
            author_expected += len(theirs)
        got, want = shingles(item.get("articleBody")), shingles(exp["body"])
        p = len(got & want) / len(got) if got else 0.0
        r = len(got & want) / len(want) if want else 0.0
        body_p.append(p)
        body_r.append(r)
        body_f.append(2 * p * r / (p + r) if p + r else 0.0)
        if details:
            print(f"{case.id:40s} title={titles[-1]!s:5} date={dates[-1]!s:5} body P={p:.2f} R={r:.2f} "
                  f"authors={[a['name'] for a in item.get('authors') or []]} want={exp.get('authors')}", file=sys.stderr)
    return {
        "pages": len(cases),
        "not_articles": len(not_articles),
        "title_accuracy": round(statistics.mean(titles), 4),
        "date_accuracy": round(statistics.mean(dates), 4),
        "author_precision": round(author_hits / author_ours, 4) if author_ours else 0.0,
        "author_recall": round(author_hits / author_expected, 4) if author_expected else 0.0,
        "body_precision": round(statistics.mean(body_p), 4),
        "body_recall": round(statistics.mean(body_r), 4),
        "body_f1": round(statistics.mean(body_f), 4),
    }


GATED = ("title_accuracy", "date_accuracy", "author_precision", "author_recall", "body_precision", "body_recall", "body_f1")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--details", action="store_true", help="one line per page on stderr")
    parser.add_argument("--raise-baseline", action="store_true", help="raise the pinned baseline to today's figures (never lowers)")
    args = parser.parse_args(argv)
    if not args.dataset.is_dir():
        parser.error(f"no dataset at {args.dataset}")
    figures = score(load_cases(args.dataset), args.details)
    print("| figure | value |\n|---|---:|")
    for key, value in figures.items():
        print(f"| {key} | {value} |")
    if args.raise_baseline:
        baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        for key in GATED:
            baseline[key] = max(baseline.get(key, 0.0), figures[key])
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
        print(f"baseline now: {baseline}")
    return figures


if __name__ == "__main__":
    main()
