# congbao — two commands on a fresh machine: `make extract` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
IN     ?= raw_pdfs
OUT    ?= outputs
STAMP  := $(VENV)/.installed

.PHONY: extract test bench schema clean system-deps help

help:
	@echo "make extract [IN=raw_pdfs OUT=outputs]   set up .venv if needed, extract IN into OUT"
	@echo "make test                                run the test suite"
	@echo "make bench                               pages/s of congbao next to pdftotext on the dev gazettes"

# The virtual environment, from pinned versions; rebuilt when the pins change.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "congbao: cannot create $(VENV): install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

extract: $(STAMP)
	$(BIN)/congbao extract $(IN) --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Debian tools the benchmark compares against (pdftotext from poppler-utils).
system-deps:
	@command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "congbao: pdftotext is missing: run 'sudo apt-get install poppler-utils'" >&2; exit 1; fi; }

bench: $(STAMP) system-deps
	$(BIN)/python -m pipelines.bench tests/data/congbao-haugiang-12.pdf raw_pdfs/congbao-camau-43.pdf

schema: $(STAMP)
	@for k in tasks documents references errors; do $(BIN)/congbao schema $$k > schema/$$k.schema.json; done

clean:
	rm -rf $(VENV) $(OUT)/*.jsonl $(OUT)/*.csv $(OUT)/*.sqlite $(OUT)/manifest.json
