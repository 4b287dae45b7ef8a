"""Scrapy middlewares of newscrawl."""
