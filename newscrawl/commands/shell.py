"""``scrapy shell`` inside the project: plain downloads only.

The shell runs its reactor in a thread of its own, where scrapy-playwright's
handler (which the rendering add-on puts in front of every request) never
answers: the shell hung. It needs no browser, so rendering is off here.
"""

from __future__ import annotations

from scrapy.commands.shell import Command as ScrapyShellCommand


class Command(ScrapyShellCommand):
    default_settings = {**ScrapyShellCommand.default_settings, "NEWSCRAWL_RENDER": "never"}
