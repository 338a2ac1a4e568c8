# Everything the owner, a contributor or CI needs, from a fresh clone.
#   make html    build the site into _build/html, Chinese in _build/html/zh (warnings are errors)
#   make test    install the test tools, lint, build, run every test
#   make lint    ruff (lint and format check) and codespell, as make test runs them
#   make serve   live preview with automatic rebuilds
#   make clean   remove the build and the generated pages
#   make bench   run the benchmarks (results in benchmarks/results/)
#   make screenshots  every page, light and dark, desktop and phone -> _build/screenshots/
#   make linkcheck    check external links over the network (not part of make test / CI)
#   make update-po    after editing English: new and changed messages into locales/zh_CN/*.po
#   make inventories  refresh the intersphinx snapshots in _inventories/ over the network
#   make fuzz    2,000+ mutated BibTeX exports through the engine and whole builds (FUZZ_ARGS)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BUILD  ?= _build
SPHINXOPTS ?=
# -n: nitpicky; -W --keep-going: every warning is reported, then fails the build.
SPHINXBUILD_FLAGS := -W --keep-going -n -b html $(SPHINXOPTS)

.PHONY: html test lint serve clean distclean bench screenshots linkcheck inventories fuzz update-po

# The virtual environment is made once and reinstalled when pyproject.toml
# changes; one stamp per set of extras ("site" is the plain install).
$(BIN)/.installed-%: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[$*]"
	@touch $@

# One build per language from the same sources: English at the root, Chinese (the gettext
# catalogs in locales/) in zh/; sphinx_academic.languages keeps each build's post-build steps to
# its own files. The two run side by side, a core each; make fails if either fails.
html: $(BIN)/.installed-site
	@$(BIN)/sphinx-build $(SPHINXBUILD_FLAGS) . $(BUILD)/html & english=$$!; \
	$(BIN)/sphinx-build $(SPHINXBUILD_FLAGS) -D language=zh_CN . $(BUILD)/html/zh; chinese=$$?; \
	wait $$english && exit $$chinese

lint: $(BIN)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell

# Tests check what a clean build makes: no stale pages from earlier builds.
test: $(BIN)/.installed-test lint
	rm -rf $(BUILD)/html
	$(MAKE) html
	TEST_PYTHON=$(BIN)/python tools/ensure-test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(BIN)/.installed-serve
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) -n . $(BUILD)/html \
	  --watch src --watch _templates --ignore "$(BUILD)/*"

# One line per benchmark module; each writes benchmarks/results/<name>.{md,json}.
bench: $(BIN)/.installed-bench
	$(BIN)/python -m benchmarks.publications $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.images $(IMAGES_ARGS)
	$(BIN)/python -m benchmarks.cv_pdf $(CV_PDF_ARGS)
	$(BIN)/python -m benchmarks.languages $(LANGUAGES_ARGS)
	$(BIN)/python -m benchmarks.lighthouse $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(BUILD)
	grep -l -s '^\.\. Generated from ' publications/*.rst | xargs -r rm -f

distclean: clean
	rm -rf $(VENV)

screenshots: $(BIN)/.installed-test html
	TEST_PYTHON=$(BIN)/python tools/ensure-test-tools
	$(BIN)/python -m tools.screenshots

linkcheck: $(BIN)/.installed-site
	$(BIN)/sphinx-build -n -b linkcheck $(SPHINXOPTS) . $(BUILD)/linkcheck

# Translation (README, "Translating the site"): the pages' messages into _build/gettext, merged
# into the catalogs (new ones empty, changed ones fuzzy: both for the translator to fill in); the
# extensions' own catalog likewise, from the _() strings of src/sphinx_academic, then compiled.
TRANSLATIONS ?= zh_CN
EXTENSION_LOCALES := src/sphinx_academic/translations/locales
update-po: $(BIN)/.installed-translate
	rm -rf $(BUILD)/gettext $(BUILD)/gettext-extensions && mkdir -p $(BUILD)/gettext-extensions
	$(BIN)/sphinx-build -W --keep-going -n -b gettext $(SPHINXOPTS) . $(BUILD)/gettext
	$(BIN)/sphinx-intl update -p $(BUILD)/gettext -d locales $(addprefix -l ,$(TRANSLATIONS))
	$(BIN)/pybabel extract -F $(EXTENSION_LOCALES)/babel.cfg -k _ -k N_ --no-location --sort-output \
	  --project sphinx_academic -o $(BUILD)/gettext-extensions/sphinx_academic.pot src/sphinx_academic
	$(foreach l,$(TRANSLATIONS),$(BIN)/pybabel update -D sphinx_academic -i $(BUILD)/gettext-extensions/sphinx_academic.pot \
	  -d $(EXTENSION_LOCALES) -l $(l) --init-missing --ignore-pot-creation-date &&) true
	$(BIN)/pybabel compile -D sphinx_academic -d $(EXTENSION_LOCALES) --statistics

inventories: $(BIN)/.installed-site
	$(BIN)/python tools/refresh-inventories

FUZZ_ARGS ?= --examples 2000 --builds 100
fuzz: $(BIN)/.installed-test
	$(BIN)/python -m tests.publications.fuzzing $(FUZZ_ARGS)
