"""The egg ``scrapyd-deploy`` builds (it runs ``setup.py bdist_egg`` and would otherwise write a
setup.py of its own that packs every folder: tests and benchmarks too). Name and version come
from pyproject.toml. Scrapyd runs the egg with the Python it runs on: install
requirements.txt there."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["newscrawl", "newscrawl.*"]),
    entry_points={"scrapy": ["settings = newscrawl.settings"]},
)
