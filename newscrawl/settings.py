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

# ?utm_… variants, #fragments, http/https and www. forms of a page are one request.
REQUEST_FINGERPRINTER_CLASS = "newscrawl.fingerprint.UrlKeyRequestFingerprinter"

ITEM_PIPELINES = {
    "newscrawl.pipelines.DedupePipeline": 300,
}

EXTENSIONS = {
    "newscrawl.extensions.summary.RunSummary": 500,
    "newscrawl.extensions.gc.GcThreshold": 510,
}

# Unattended runs must not open consoles on local ports.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Defaults of the NEWSCRAWL_* settings (see README, "Settings").
NEWSCRAWL_OUTPUT_DIR = "output"
NEWSCRAWL_SAMPLE_HOSTS = ["127.0.0.2", "127.0.0.3"]
COMMANDS_MODULE = "newscrawl.commands"

# Plugs scrapy-playwright in unless NEWSCRAWL_RENDER=never or no browser is found.
ADDONS = {
    "newscrawl.rendering.addon.RenderingAddon": 100,
}
NEWSCRAWL_RENDER = "auto"
