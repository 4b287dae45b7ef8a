"""``python -m newscrawl.extractors FILE [--url URL]``: print what a saved page yields, as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .page import EmptyPage, HtmlPage
from .registry import extract_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.extractors", description=__doc__)
    parser.add_argument("file", type=Path, help="saved HTML page (UTF-8; .gz is read too)")
    parser.add_argument("--url", default=None, help="URL the page was served at (default: file://FILE)")
    args = parser.parse_args(argv)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        parser.error(f"cannot read {args.file}: {exc.strerror}")
    if args.file.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    url = args.url or args.file.resolve().as_uri()
    try:
        page = HtmlPage(url=url, html=data.decode("utf-8", errors="replace"))
    except EmptyPage as exc:
        print(f"not an article: {exc}", file=sys.stderr)
        return 1
    result = extract_page(page)
    if not result.is_article:
        print(f"not an article ({result.extractor}): {result.skip_reason}", file=sys.stderr)
        print(json.dumps({"links": result.links}, ensure_ascii=False, indent=2))
        return 1
    print(json.dumps(result.as_dict(url), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
