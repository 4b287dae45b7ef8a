"""The add-ons choose what project settings cannot: a project setting outranks an add-on's,
so the scheduler must be chosen by the add-on alone (it once was not, and a shared crawl
silently ran on each worker's own queue)."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from newscrawl import settings as project_settings
from newscrawl.distributed.addon import SharedCrawlAddon


def _scheduler(**cmdline) -> str:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(cmdline, priority="cmdline")
    SharedCrawlAddon().update_settings(settings)
    return settings["SCHEDULER"]


@pytest.mark.parametrize("cmdline, expected", [
    ({}, "newscrawl.scheduler.StateBackedScheduler"),
    ({"NEWSCRAWL_REDIS_URL": "redis://127.0.0.1:6399/0"}, "newscrawl.distributed.scheduler.SharedScheduler"),
])
def test_the_scheduler_follows_the_mode(cmdline, expected):
    assert _scheduler(**cmdline) == expected


def test_the_project_settings_leave_the_scheduler_to_the_add_on():
    assert not hasattr(project_settings, "SCHEDULER")
