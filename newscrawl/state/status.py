"""``python -m newscrawl.cron --status``: the crawl state at a glance, as text."""

from __future__ import annotations

from pathlib import Path

from .base import StatusReport


def status_text(report: StatusReport, path: Path | None = None) -> str:
    lines = [f"newscrawl state{f' {path}' if path else ''}",
             f"  articles known: {report.articles:,}",
             f"  links pending: {report.pending:,}"]
    if report.workers:
        lines.insert(1, f"  workers at work: {len(report.workers)} ({', '.join(report.workers)})")
    if report.pending_by_depth:
        lines.append("    by depth: " + ", ".join(f"{depth}: {count:,}" for depth, count in report.pending_by_depth))
    if report.pending_by_host:
        shown = sum(count for _, count in report.pending_by_host)
        more = f", others: {report.pending - shown:,}" if report.pending > shown else ""
        lines.append("    by host: " + ", ".join(f"{host}: {count:,}" for host, count in report.pending_by_host) + more)
    failed = sum(count for _, count in report.failed_by_reason)
    lines.append(f"  links failed for good: {failed:,}")
    lines += [f"    {reason}: {count:,}" for reason, count in report.failed_by_reason]
    lines.append(f"  last runs: {len(report.runs)}" if report.runs else "  last runs: none")
    for run in report.runs:
        exit_code = "-" if run.exit_code is None else run.exit_code
        ended = run.ended or "never (killed, or still running)"
        lines.append(f"    {run.started} → {ended}: exit {exit_code}, {run.finish_reason or '-'}, "
                     f"{run.written if run.written is not None else '?'} articles written")
    return "\n".join(lines)
