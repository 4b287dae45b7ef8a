"""news-please 1.6.16, the Scrapy-based news crawler people pick for this job, as a peer.

    .venv/bin/python -m benchmarks.peers.newsplease_peer setup   # its own venv: benchmarks/peers/.venv-newsplease

Its extractor (``NewsPlease.from_html``) is scored by ``benchmarks.extraction_quality`` on the
same pages and with the same metric as newscrawl, when the environment is there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-newsplease"
PYTHON = VENV / "bin" / "python"
VERSION = "1.6.16"


def available() -> bool:
    return PYTHON.exists()


def setup() -> None:
    venv.create(VENV, with_pip=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", f"news-please=={VERSION}"], check=True)


def extract_all(cases) -> dict[str, tuple[dict, float]]:
    """``{case id: (item, ms)}`` for ``cases`` (``extraction_quality.Case``), from news-please."""
    payload = json.dumps([{"id": c.id, "path": str(c.path), "url": c.url} for c in cases])
    proc = subprocess.run([str(PYTHON), str(HERE / "newsplease_extract.py")], input=payload, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"news-please failed (exit {proc.returncode}): {proc.stderr[-1500:]}")
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return {row["id"]: (row["item"], row["ms"]) for row in rows}


if __name__ == "__main__":
    if sys.argv[1:] != ["setup"]:
        sys.exit("usage: python -m benchmarks.peers.newsplease_peer setup")
    setup()
    print(f"news-please {VERSION} installed in {VENV}")
