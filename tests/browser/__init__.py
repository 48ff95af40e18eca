"""Browser tests (Chromium, Firefox ESR) and their helpers, imported as ``tests.browser.x``."""
