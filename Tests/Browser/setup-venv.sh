#!/usr/bin/env bash
# Creates (once) a virtualenv with Selenium (to drive Debian's chromium through chromedriver) and
# selenium-axe-python (for the axe.min.js it ships, axe-core 4.9: the axe-core accessibility engine, run inside the page), pinned,
# for Tests/Browser/browser_tests.py; prints the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_BROWSER_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/browser-<versions>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

SELENIUM_VERSION="4.50.0"
AXE_VERSION="2.2.0"
exec bash "$(dirname "$0")/../Support/python-venv.sh" \
    "${CORDUM_BROWSER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/browser-${SELENIUM_VERSION}-${AXE_VERSION}}" \
    selenium \
    "import selenium.webdriver, selenium_axe_python, pathlib
assert list(pathlib.Path(selenium_axe_python.__file__).parent.rglob('axe.min.js'))" \
    "selenium==${SELENIUM_VERSION}" "selenium-axe-python==${AXE_VERSION}"
