"""Interaction metadata from export files (see :mod:`.events`)."""
