"""Smoke tests of the benchmark commands at tiny sizes (no timing is asserted)."""

from benchmarks import dedupe_growth


def test_dedupe_growth_runs_and_reports_ratios(capsys):
    rows = dedupe_growth.main(["--sizes", "40,80", "--probes", "5"])
    assert [row["stored"] for row in rows] == [40, 80]
    assert rows[0]["ratio"] == 1.0 and rows[1]["ratio"] > 0
    assert "| stored signatures |" in capsys.readouterr().out
