"""news-please 1.6.16, the Scrapy-based news crawler people pick for this job, as a peer.

    .venv/bin/python -m benchmarks.peers.newsplease_peer setup   # its own venv: benchmarks/peers/.venv-newsplease

Its extractor (``NewsPlease.from_html``) and newspaper4k's (which news-please installs) are
scored by ``benchmarks.extraction_quality`` on the same pages and with the same metric as
newscrawl, and its recursive crawler is timed by ``benchmarks.run --only peer``, when the
environment is there. Both run under the tests' network guard (``tests/netguard``): they may
reach loopback only, and a figure that needed anything else is refused, not reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Loaded first by every peer process (``sitecustomize``): connections and lookups beyond
#: loopback are refused before a packet leaves and recorded. Code we did not write may reach
#: for the network on its own (a public suffix list, a meta refresh, an image).
NETGUARD = HERE.parents[1] / "tests" / "netguard"
VENV = HERE / ".venv-newsplease"
PYTHON = VENV / "bin" / "python"
VERSION = "1.6.16"


def available() -> bool:
    return PYTHON.exists()


def setup() -> None:
    venv.create(VENV, with_pip=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", f"news-please=={VERSION}"], check=True)


#: The extractors ``extract_all`` can run, as ``benchmarks/peers/newsplease_extract.py`` names them.
EXTRACTORS = ("news-please", "newspaper4k")


def extract_all(cases, tool: str = "news-please") -> dict[str, tuple[dict, float]]:
    """``{case id: (item, ms)}`` for ``cases`` (``extraction_quality.Case``), from ``tool``."""
    payload = json.dumps([{"id": c.id, "path": str(c.path), "url": c.url} for c in cases])
    rows = _run_peer([str(HERE / "newsplease_extract.py"), tool], payload)
    return {row["id"]: (row["item"], row["ms"]) for row in rows if "id" in row}


def crawl(start_url: str, work: Path, settings: dict, options: dict | None = None) -> dict:
    """news-please's ``RecursiveCrawler`` from ``start_url`` with Scrapy ``settings`` and config
    ``options`` (raw values; its own defaults otherwise, see ``newsplease_crawl.py``):
    ``{"stats", "elapsed", "articles"}``."""
    payload = json.dumps({"url": start_url, "work": str(work), "settings": settings, "config": options or {}})
    rows = [row for row in _run_peer([str(HERE / "newsplease_crawl.py")], payload) if "stats" in row]
    if not rows:
        raise RuntimeError("news-please's crawl printed no stats")
    return rows[0]


def _run_peer(args: list[str], payload: str, python: Path = PYTHON) -> list[dict]:
    """Run a script in the peer's environment, under the network guard; its JSON lines.
    Fails when the guard refused anything: such figures would not come from the same pages."""
    with tempfile.TemporaryDirectory() as tmp:
        attempts = Path(tmp) / "attempts.log"
        env = {**os.environ, "PYTHONPATH": str(NETGUARD), "NEWSCRAWL_TEST_CONNECT_LOG": str(attempts)}
        proc = subprocess.run([str(python), *args], input=payload, capture_output=True, text=True, env=env)
        refused = attempts.read_text().splitlines() if attempts.exists() else []
    if refused:
        raise RuntimeError(f"{args[0]} reached beyond loopback (refused by the guard): {refused[:5]}")
    if proc.returncode != 0:
        raise RuntimeError(f"{args[0]} failed (exit {proc.returncode}): {proc.stderr[-1500:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


if __name__ == "__main__":
    if sys.argv[1:] != ["setup"]:
        sys.exit("usage: python -m benchmarks.peers.newsplease_peer setup")
    setup()
    print(f"news-please {VERSION} installed in {VENV}")
