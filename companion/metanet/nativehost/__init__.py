"""Registering the native-messaging host with the browsers (``metanet install``).

The data is ``native-messaging/browsers.json`` (one row per browser, OS, scope and
packaging); ``table`` loads it, ``environment`` describes the machine (real or fake),
``launcher`` writes the script browsers execute, ``manifest`` renders and checks host
manifests, ``installer`` and ``status`` act and report, ``commands`` is the CLI.
"""
