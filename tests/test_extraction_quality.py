"""Quality gate on the Fundus development set (84 real pages, read from ../shared).

No figure may drop below ``tests/quality_baseline.json``, which only goes up
(``python -m benchmarks.extraction_quality --raise-baseline``). The figures are
printed at the end of the test run.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.extraction_quality import BASELINE, DEFAULT_DATASET, GATED, load_cases, score

pytestmark = pytest.mark.skipif(
    not DEFAULT_DATASET.is_dir(),
    reason=f"the development set {DEFAULT_DATASET} is not here (it lives in ../shared, beside the repository)",
)
FIGURES: dict = {}


@pytest.fixture(scope="module")
def figures():
    if not FIGURES:
        FIGURES.update(score(load_cases(DEFAULT_DATASET)))
    return FIGURES


def test_every_page_of_the_set_is_read_as_an_article(figures):
    assert figures["pages"] == 84
    assert figures["not_articles"] == 0


@pytest.mark.parametrize("figure", GATED)
def test_no_figure_drops_below_the_baseline(figures, figure):
    baseline = json.loads(BASELINE.read_text())
    assert figures[figure] >= baseline[figure], f"{figure} fell from {baseline[figure]} to {figures[figure]}"


def test_baseline_file_is_complete_and_sane():
    baseline = json.loads(BASELINE.read_text())
    assert set(baseline) == set(GATED)
    assert all(0 < value <= 1 for value in baseline.values())
