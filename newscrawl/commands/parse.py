"""``scrapy parse --spider article URL``: the page read as a start page of a crawl.

The URL is given to the spider as its start URL too (unless ``-a url`` or
``-a urls_file`` says otherwise), so its host is the crawl's host, as in
``scrapy crawl article -a url=URL``, and the bundled sample site is not served.
"""

from __future__ import annotations

from scrapy.commands.parse import Command as ScrapyParseCommand


class Command(ScrapyParseCommand):
    def run(self, args, opts) -> None:
        if len(args) == 1 and not {"url", "urls_file"} & set(opts.spargs):
            opts.spargs["url"] = args[0]
        super().run(args, opts)
