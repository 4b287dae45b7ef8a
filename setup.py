"""Here only so that ``scrapyd-deploy`` builds its egg with it: without a setup.py it writes
one of its own that packs every folder (tests and benchmarks too). Everything else, the
package list included, is in pyproject.toml."""

from setuptools import setup

setup()
