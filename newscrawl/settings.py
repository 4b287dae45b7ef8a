"""Scrapy settings of newscrawl. Nothing here reads the environment or the
network at import time; ``NEWSCRAWL_*`` values are validated by
:class:`newscrawl.config.NewscrawlConfig` when a crawl starts."""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

USER_AGENT = "newscrawl/0.1 (+https://example.invalid/newscrawl; research crawler)"
ROBOTSTXT_OBEY = True

# Polite by default; AutoThrottle adapts the delay to each server's latency.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Scrapy starts this many asyncio tasks for every response's output, whatever
# its size. A page yields one article and a few requests, and the pipelines are
# synchronous, so Scrapy's default of 100 only costs time: 8 made the
# benchmark crawl about a quarter faster (README, Performance).
CONCURRENT_ITEMS = 8
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
# A news page is well under a megabyte; Scrapy's 1 GiB lets one gzip bomb cost a
# gigabyte of memory. The limit also holds for the inflated body.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# ?utm_… variants, #fragments, http/https and www. forms of a page are one request.
REQUEST_FINGERPRINTER_CLASS = "newscrawl.fingerprint.UrlKeyRequestFingerprinter"
# A page met again nearer a start page is requested again, so its links are followed further.
DUPEFILTER_CLASS = "newscrawl.dupefilter.DepthAwareDupeFilter"
# Breadth-first (requests carry priority -depth): a page is first met at its smallest depth,
# so it is seldom requested twice. Scrapy's default LIFO queues go deep first and met
# most pages again nearer a start page (5,371 responses for 3,000 pages in the benchmark).
# SCHEDULER is chosen by newscrawl.distributed.addon: scrapy-redis's with NEWSCRAWL_REDIS_URL, else
# newscrawl/scheduler.py (at most NEWSCRAWL_QUEUE_MAX requests in memory, the rest wait in the state).
# Not set here: project settings outrank an add-on's.
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt and the download handlers: only http(s), only the crawl's hosts
    # (redirects included), never a private address unless the operator named its host.
    "newscrawl.middlewares.guard.RequestGuard": 45,
    # Scrapy's redirects, but one to the same page (http → https, www.) is not dropped as a duplicate.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.middlewares.redirect.SamePageRedirectMiddleware": 600,
    # With NEWSCRAWL_REDIS_URL: per-host concurrency and delay hold for all workers together.
    "newscrawl.distributed.politeness.SharedHostLimit": 950,
}

SPIDER_MIDDLEWARES = {
    # Serves the bundled sample site when a run is given no start URL.
    "newscrawl.sample_site.middleware.SampleSiteMiddleware": 40,
    # Seeds the crawl with what earlier runs left pending; records what this one admits.
    "newscrawl.middlewares.frontier.FrontierMiddleware": 50,
}

ITEM_PIPELINES = {
    "newscrawl.pipelines.dedupe.DedupePipeline": 300,
    "newscrawl.pipelines.journal.JournalPipeline": 400,
}

EXTENSIONS = {
    # Feed exports whose write errors stop the run (Scrapy's only log them).
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.output.feeds.CheckedFeedExporter": 0,
    # Opens the crawl state (newscrawl/state/) for the other components, records the run.
    "newscrawl.extensions.state.CrawlStateExtension": 0,
    # Field coverage and the monitors (before the summary, which prints them); the JSON run
    # report (after it); the progress line on a terminal.
    "newscrawl.extensions.monitors.RunMonitors": 490,
    "newscrawl.extensions.summary.RunSummary": 500,
    "newscrawl.extensions.report.RunReport": 505,
    "newscrawl.extensions.progress.ProgressLine": 530,
    "newscrawl.extensions.gc.GcThreshold": 510,
    # With NEWSCRAWL_REDIS_URL: a worker stops once the shared crawl has been idle a while.
    "newscrawl.distributed.idle.SharedIdleStop": 520,
}

# Unattended runs must not open consoles on local ports.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
# Nested fields as JSON in CSV cells, nulls as empty XML elements (see newscrawl.output.exporters).
FEED_EXPORTERS = {
    "csv": "newscrawl.output.exporters.JsonCellCsvItemExporter",
    "xml": "newscrawl.output.exporters.NullFreeXmlItemExporter",
}
# A run with no articles writes no file, as the crash-safe journal does.
FEED_STORE_EMPTY = False
LOG_LEVEL = "INFO"

# NEWSCRAWL_* settings have their defaults in newscrawl/config.py only.
COMMANDS_MODULE = "newscrawl.commands"

ADDONS = {
    # Feed exports when a run keeps no state (with state, the journal pipeline writes).
    "newscrawl.output.addon.OutputAddon": 90,
    # Plugs scrapy-playwright in unless NEWSCRAWL_RENDER=never or no browser is found.
    "newscrawl.rendering.addon.RenderingAddon": 100,
    # With NEWSCRAWL_REDIS_URL: scrapy-redis's scheduler, leased requests, the state in Redis.
    "newscrawl.distributed.addon.SharedCrawlAddon": 110,
}
