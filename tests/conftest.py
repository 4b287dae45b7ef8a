from __future__ import annotations

import pytest

from newscrawl.sample_site import SampleSiteServer


@pytest.fixture(scope="module")
def sample_server():
    server = SampleSiteServer()
    server.start()
    yield server
    server.stop()


def pytest_terminal_summary(terminalreporter):
    """Report the extraction-quality figures when the quality tests ran."""
    from .test_extraction_quality import FIGURES

    if FIGURES:
        terminalreporter.section("extraction quality (Fundus development set)")
        for key, value in FIGURES.items():
            terminalreporter.write_line(f"{key:18s} {value}")
