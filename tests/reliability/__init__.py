"""Reliability tests (crashes, concurrency, hostile input), imported as ``tests.reliability.x``."""
