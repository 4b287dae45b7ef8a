"""The benchmark harness at tiny sizes: rows present, figures in range, and a ratio that moves
when one side is made slower on purpose."""

import re
import time

from benchmarks import dedupe_growth


def test_dedupe_growth_runs_and_reports_ratios(capsys):
    rows = dedupe_growth.main(["--sizes", "40,80", "--probes", "20"])
    assert [row["stored"] for row in rows] == [40, 80]
    # Every tenth probe is a near copy (20 words cut from a stored body): the LSH path
    # must find it as such, in each of the five rounds.
    assert all(row["near_matched"] == 2 * 5 for row in rows)
    assert all(row["ms_per_item"] > 0 for row in rows) and 0.1 < rows[1]["ratio"] < 10
    assert all(row["ms_near_match"] > 0 and row["ms_no_match"] > 0 for row in rows)
    assert "| stored signatures |" in capsys.readouterr().out


def test_near_copies_of_the_dedupe_benchmark_are_near_not_exact():
    import random

    from benchmarks.dedupe_growth import body, near_copy
    from newscrawl.dedupe.signatures import signature

    rng = random.Random(1)
    original = body(rng)
    copy = near_copy(rng, original)
    assert copy != original and len(copy.split()) == len(original.split()) - 20
    similarity = signature(original).similarity(signature(copy).minhash)
    assert 0.5 < similarity < 1.0


def test_static_server_falls_back_to_twisted(tmp_path):
    import urllib.request

    from benchmarks.serve import StaticServer, free_ports

    (tmp_path / "a.html").write_text("<html><body>hello</body></html>")
    [port] = free_ports(1)
    with StaticServer({"only": (tmp_path, port)}, prefer_nginx=False) as server:
        assert server.kind == "twisted"
        assert b"hello" in urllib.request.urlopen(f"http://127.0.0.1:{port}/a.html", timeout=10).read()


def test_benchmark_command_runs_at_tiny_size():
    import subprocess
    import sys

    from .helpers import REPO

    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick", "--only", "throughput,state,frontier,extraction,memory"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| benchmark |")
    assert any("crawl throughput" in r for r in rows) and any("extraction" in r for r in rows)
    assert any("like for like" in r for r in rows)
    # Figures in range: every ratio cell is a positive number, every crawl wrote articles.
    ratios = [float(m) for r in rows for m in re.findall(r"\*\*([0-9.]+)×\*\*", r)]
    assert ratios and all(0 < ratio < 100 for ratio in ratios)
    assert not any(re.search(r"\b0 articles written|\(0 items\)", r) for r in rows)
    assert sum(r.startswith("| peak RSS") for r in rows) == 1
    assert any("no `JOBDIR` (the cron entry's defaults), 30 → 60 pages" in r for r in rows)
    assert any("crawl state on" in r for r in rows) and any("state file size" in r for r in rows)
    assert sum("pending frontier" in r for r in rows) == 2


def test_a_deliberately_slowed_extractor_lowers_its_ratio(tmp_path):
    from benchmarks import bigsite
    from benchmarks.run import median_ms_per_page
    from newscrawl.extractors import extract

    bigsite.generate(tmp_path, {m: f"http://127.0.0.1:{8001 + i}" for i, m in enumerate(bigsite.MIRRORS)}, 12)
    docs = [(p.read_text(encoding="utf-8"), f"http://127.0.0.1/{p.name}") for p in sorted(tmp_path.glob("*/html/*.html"))]

    def slowed(html: str, url: str):
        began = time.perf_counter()
        result = extract(html, url)
        while time.perf_counter() - began < 0.005:  # at least 5 ms a page, whatever the machine
            pass
        return result

    fast, slow = median_ms_per_page(docs, 3, extract, slowed)
    assert slow >= 5.0
    assert fast / slow < 0.7, (fast, slow)


def test_the_readme_table_is_the_last_recorded_run():
    """`make bench` records each section's rows in benchmarks/results.json and writes the README's
    table from it: the two never differ."""
    from benchmarks import report

    results = report.load()
    assert set(results) == set(report.SECTIONS)
    assert report.block("bench") == report.bench_table(results)


def test_a_peer_that_reaches_beyond_loopback_gives_no_figures(tmp_path):
    """Peer tools run code we did not write: under the network guard, a lookup of a public name
    is refused before a packet leaves, and the harness refuses to report the run."""
    import sys

    import pytest

    from benchmarks.peers import newsplease_peer

    script = tmp_path / "peer.py"
    script.write_text("import json, socket\n"
                      "try:\n    socket.getaddrinfo('peer-update.example', 443)\nexcept OSError:\n    pass\n"
                      "print(json.dumps({'id': 'a', 'ms': 1.0, 'item': {}}))\n")
    with pytest.raises(RuntimeError, match="beyond loopback.*peer-update.example"):
        newsplease_peer._run_peer([str(script)], "[]", python=sys.executable)
    quiet = tmp_path / "quiet.py"
    quiet.write_text("import json\nprint(json.dumps({'id': 'a', 'ms': 1.0, 'item': {}}))\n")
    assert newsplease_peer._run_peer([str(quiet)], "[]", python=sys.executable) == [{"id": "a", "ms": 1.0, "item": {}}]
