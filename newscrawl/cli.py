"""``newscrawl``: the console command ``pip install`` puts on the PATH, usable from any directory.

    newscrawl crawl [-a NAME=VALUE]… [-s NAME=VALUE]… [-o FILE]   scrapy crawl article …
    newscrawl cron [-a NAME=VALUE]… [-s NAME=VALUE]…              one unattended run (see newscrawl.cron)
    newscrawl status [-s NAME=VALUE]…                             the crawl state at a glance
    newscrawl extract FILE [--url URL]                            what a saved page yields, as JSON

Relative paths (output/, logs/, the state) are relative to the working directory.
"""

from __future__ import annotations

import os
import sys

COMMANDS = ("crawl", "cron", "status", "extract")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    # newscrawl's own settings wherever it runs, never Scrapy's bare defaults.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    if command == "crawl":
        from scrapy.cmdline import execute

        execute(["scrapy", "crawl", "article", *rest])  # exits with the crawl's code
    if command == "cron":
        from .cron import main as cron

        return cron(rest)
    if command == "status":
        from .cron import main as cron

        return cron(["--status", *rest])
    if command == "extract":
        from .extractors.__main__ import main as extract

        return extract(rest)
    print(f"newscrawl: unknown command {command!r} (commands: {', '.join(COMMANDS)}; newscrawl --help)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
