# congbao — two commands on a fresh machine: `make extract` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
IN     ?= raw_pdfs
OUT    ?= outputs
STAMP  := $(VENV)/.installed

.PHONY: extract test bench schema clean test-deps bench-deps ocr-deps report-deps help

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

# IN and OUT may hold spaces: make extract IN="my gazettes" OUT="my outputs".
extract: $(STAMP) ocr-deps
	$(BIN)/congbao extract "$(IN)" --out "$(OUT)"

# The import rules first (.importlinter: layers, no circles, one adapter per engine), then the suite.
test: $(STAMP) test-deps
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

# Debian packages, installed when missing (as root with apt-get), else a one-line instruction.
APT_INSTALL = apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
define need_deb
	@$(1) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then $(APT_INSTALL) $(2) >/dev/null; \
	  else echo "congbao: missing Debian package $(2): run 'sudo apt-get install $(2)'" >&2; exit 1; fi; }
endef

# Scanned pages are read with Tesseract and its Vietnamese data.
ocr-deps:
	$(call need_deb,tesseract --list-langs 2>/dev/null | grep -qx vie,tesseract-ocr tesseract-ocr-vie)

# The tests render their own PDFs in DejaVu Sans (Vietnamese glyphs), read scans, and open the QA
# report in headless Chromium.
test-deps: ocr-deps report-deps
	$(call need_deb,test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf,fonts-dejavu-core)

# `congbao report` pages are checked in headless Chromium (tests only; the report itself needs none).
report-deps:
	$(call need_deb,command -v chromium >/dev/null,chromium)

# The benchmark compares with pdftotext (poppler-utils).
bench-deps:
	$(call need_deb,command -v pdftotext >/dev/null,poppler-utils)

bench: $(STAMP) bench-deps
	$(BIN)/python -m pipelines.tools.bench

schema: $(STAMP)
	@mkdir -p schema
	@for k in tasks documents references tables errors; do $(BIN)/congbao schema $$k > schema/$$k.schema.json; done

# Everything congbao wrote: the environment and the outputs (outputs/.gitkeep stays).
clean:
	rm -rf $(VENV) "$(OUT)"/.congbao "$(OUT)"/report
	find "$(OUT)" -maxdepth 1 \( -name '*.jsonl' -o -name '*.csv' -o -name '*.parquet' -o -name '*.sqlite' \
	  -o -name 'manifest.json' -o -name 'metadata.json' -o -name '.*.tmp*' \) -exec rm -f {} + 2>/dev/null || true
