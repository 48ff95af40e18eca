"""Allow ``python -m metanet`` (used by the native-host launcher script)."""

from metanet.cli import main

main()
