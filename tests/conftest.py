from __future__ import annotations

import os
from pathlib import Path

import pytest

from newscrawl.sample_site import SampleSiteServer

NETGUARD = Path(__file__).parent / "netguard"
# Every process the tests start (and this one) may reach loopback only: other
# connections and DNS lookups are refused before a packet leaves, and recorded.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")]))
from .netguard import sitecustomize as _netguard  # noqa: E402,F401 - guards this process too


@pytest.fixture(scope="session", autouse=True)
def no_traffic_beyond_loopback(tmp_path_factory):
    """Fails the run if any test, or any crawl it started, tried to reach beyond loopback."""
    log = tmp_path_factory.mktemp("netguard") / "connections.log"
    os.environ.setdefault("NEWSCRAWL_TEST_CONNECT_LOG", str(log))
    _netguard._LOG = os.environ["NEWSCRAWL_TEST_CONNECT_LOG"]
    yield
    attempts = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    assert not attempts, f"attempted beyond loopback: {attempts[:10]}"


@pytest.fixture(scope="module")
def sample_server():
    server = SampleSiteServer()
    server.start()
    yield server
    server.stop()


def pytest_terminal_summary(terminalreporter):
    """Report the extraction-quality figures when the quality tests ran."""
    from .test_extraction_quality import FIGURES

    for name, figures in FIGURES.items():
        terminalreporter.section(f"extraction quality ({name})")
        for key, value in figures.items():
            if key not in ("set", "languages", "peers"):
                terminalreporter.write_line(f"{key:18s} {value}")
