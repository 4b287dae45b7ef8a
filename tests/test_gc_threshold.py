"""The garbage-collection threshold extension: raised while the engine runs, given back after."""

import gc

import pytest
from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.config import ConfigError
from newscrawl.extensions.gc import GcThreshold


@pytest.fixture
def python_threshold():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_threshold_is_raised_while_the_engine_runs_and_restored_after(python_threshold):
    crawler = get_crawler(Spider, {"NEWSCRAWL_GC_THRESHOLD": "25000"})
    extension = GcThreshold.from_crawler(crawler)  # signals hold handlers weakly
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_threshold() == (25000, 10, 10)
    crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_threshold() == (700, 10, 10)
    assert extension.threshold == 25000


def test_zero_leaves_the_collector_alone(python_threshold):
    with pytest.raises(NotConfigured):
        GcThreshold.from_crawler(get_crawler(Spider, {"NEWSCRAWL_GC_THRESHOLD": 0}))
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("value", ["-1", "lots"])
def test_a_bad_value_names_the_setting(value):
    with pytest.raises(ConfigError, match="NEWSCRAWL_GC_THRESHOLD"):
        GcThreshold.from_crawler(get_crawler(Spider, {"NEWSCRAWL_GC_THRESHOLD": value}))
