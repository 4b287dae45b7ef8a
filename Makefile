# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make crawl   install, then crawl the bundled sample site into output/
#   make test    install, then run the whole test suite
# "install" includes Debian's chromium (the browser for pages that need
# JavaScript; Playwright's own browser download is never used) and
# redis-server (the tests of shared crawls start their own servers with it).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install browser redis crawl test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed browser redis

redis:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	else echo "warning: no redis-server; run 'sudo apt-get install redis-server' (shared-crawl tests will be skipped)"; fi

browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "warning: no chromium; run 'sudo apt-get install chromium' (rendering tests will be skipped)"; fi

crawl: install
	$(BIN)/scrapy crawl article

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache
