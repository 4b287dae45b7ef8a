"""Smoke tests of the benchmark commands at tiny sizes (no timing is asserted)."""

from benchmarks import dedupe_growth


def test_dedupe_growth_runs_and_reports_ratios(capsys):
    rows = dedupe_growth.main(["--sizes", "40,80", "--probes", "20"])
    assert [row["stored"] for row in rows] == [40, 80]
    # Every tenth probe is a near copy (20 words cut from a stored body): the LSH path
    # must find it as such, in each of the five rounds.
    assert all(row["near_matched"] == 2 * 5 for row in rows)
    assert rows[1]["ratio"] == rows[1]["ms_per_item"] / rows[0]["ms_per_item"]
    assert "| stored signatures |" in capsys.readouterr().out


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
    assert sum("peak RSS" in r for r in rows) == 2
    assert any("crawl state on" in r for r in rows) and any("state file size" in r for r in rows)
    assert sum("pending frontier" in r for r in rows) == 2
