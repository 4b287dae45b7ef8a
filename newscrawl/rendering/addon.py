"""Scrapy add-on: plug scrapy-playwright in when rendering may be needed.

With ``NEWSCRAWL_RENDER=never``, or no browser at ``NEWSCRAWL_BROWSER_PATH``,
nothing is plugged in and no browser is ever started. Otherwise the
Playwright download handler serves only requests marked ``playwright`` in
their meta; the browser starts with the first such request.
"""

from __future__ import annotations

from ..config import NewscrawlConfig

HANDLER = "newscrawl.rendering.handler.BoundedPlaywrightHandler"
# Chromium as root in a closed network: no sandbox, and none of its background
# connections (which this machine refuses, many at a time).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio",
]


class RenderingAddon:
    def update_settings(self, settings) -> None:
        config = NewscrawlConfig.from_settings(settings)
        if config.render == "never" or not config.browser_available:
            return
        handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
        handlers.update({"http": HANDLER, "https": HANDLER})
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="addon")
        settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", priority="addon")
        settings.set(
            "PLAYWRIGHT_LAUNCH_OPTIONS",
            {"executable_path": str(config.browser_path), "headless": True, "args": CHROMIUM_ARGS},
            priority="addon",
        )
        settings.set("PLAYWRIGHT_MAX_CONTEXTS", 1, priority="addon")
        settings.set("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", config.render_concurrency, priority="addon")
        settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", config.render_timeout * 1000, priority="addon")
        settings.set("PLAYWRIGHT_ABORT_REQUEST", "newscrawl.rendering.browser.should_abort", priority="addon")
