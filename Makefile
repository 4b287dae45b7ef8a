# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make crawl   install, then crawl the bundled sample site into output/
#   make test    install, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install crawl test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

crawl: install
	$(BIN)/scrapy crawl article

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
