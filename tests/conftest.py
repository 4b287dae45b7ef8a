from __future__ import annotations

import pytest

from newscrawl.sample_site import SampleSiteServer


@pytest.fixture(scope="module")
def sample_server():
    server = SampleSiteServer()
    server.start()
    yield server
    server.stop()
