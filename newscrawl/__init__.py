"""newscrawl: crawl news article pages into clean, deduplicated JSON Lines."""

__version__ = "0.1.0"
