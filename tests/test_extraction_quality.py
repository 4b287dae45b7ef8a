"""Quality gate on the development sets (real pages, read from ../shared).

No figure may drop below ``tests/quality_baseline.json``, which only goes up
(``python -m benchmarks.extraction_quality --raise-baseline``). The figures are
printed at the end of the test run.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.extraction_quality import BASELINE, DATASETS, DATASETS_DIR, GATED, load_cases, score

FIGURES: dict = {}


@pytest.fixture(scope="module", params=DATASETS)
def figures(request):
    dataset = DATASETS_DIR / request.param
    if not dataset.is_dir():
        pytest.skip(f"the development set {dataset} is not here (it lives in ../shared, beside the repository)")
    if request.param not in FIGURES:
        FIGURES[request.param] = {"set": request.param, **score(load_cases(dataset))}
    return FIGURES[request.param]


#: Pages whose text is not in their HTML at all: one page of fundus-intl-dev (a Korean
#: publisher's Next.js page) carries its body only as JSON in a script, for the browser to render.
NOT_IN_THE_HTML = {"fundus-en": 0, "fundus-intl-dev": 1}


def test_every_page_of_the_set_is_read_as_an_article(figures):
    assert figures["pages"] == {"fundus-en": 84, "fundus-intl-dev": 91}[figures["set"]]
    assert figures["not_articles"] <= NOT_IN_THE_HTML[figures["set"]]


@pytest.mark.parametrize("figure", GATED)
def test_no_figure_drops_below_the_baseline(figures, figure):
    baseline = json.loads(BASELINE.read_text())[figures["set"]]
    assert figures[figure] >= baseline[figure], f"{figure} fell from {baseline[figure]} to {figures[figure]}"


def test_baseline_file_is_complete_and_sane():
    baseline = json.loads(BASELINE.read_text())
    assert set(baseline) == set(DATASETS)
    for figures in baseline.values():
        assert set(figures) == set(GATED)
        assert all(0 < value <= 1 for value in figures.values())


def test_the_readme_shows_the_figures_the_code_gives(figures):
    """README's quality table is written by the harness: each figure of newscrawl's column is
    what the extractor gives today (the time per page is left out: it differs every run)."""
    from benchmarks import report
    from benchmarks.extraction_quality import LABELS

    rows = [line.split("|")[1:-1] for line in report.block("quality").splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in rows[0]]
    column = header.index(f"{figures['set']}: newscrawl")
    shown = {cells[0].strip(): cells[column].strip().strip("*") for cells in rows[1:]}
    for key in GATED:
        assert float(shown[LABELS[key]]) == figures[key], f"README {LABELS[key]}: {shown[LABELS[key]]}, today {figures[key]}"


def test_a_peer_run_elsewhere_gets_its_own_column_scored_the_same_way():
    """news-please runs in its own environment; its items come back by case id and are scored
    with the same metric as newscrawl's (here: items made from the expected values)."""
    from benchmarks.extraction_quality import Case, table

    expected = {"url": "https://example.com/a", "title": "A title", "publishing_date": "2025-01-02",
                "authors": ["Jane Doe"], "body": "one two three four five six seven eight nine ten"}
    case = Case("x/y/z", expected["url"], "<html><body><p>nothing here</p></body></html>", expected)
    perfect = {"headline": "A title", "datePublished": "2025-01-02", "authors": [{"name": "Jane Doe"}],
               "articleBody": expected["body"]}
    figures = score([case], external={"peer-x": {"x/y/z": (perfect, 12.5)}})
    assert figures["peers"]["peer-x"]["body_f1"] == 1.0
    assert figures["peers"]["peer-x"]["title_accuracy"] == 1.0
    assert figures["peers"]["peer-x"]["median_ms"] == 12.5
    assert "set: peer-x" in table({"set": figures}).splitlines()[0]
