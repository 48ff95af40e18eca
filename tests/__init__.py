"""The tests, a package so that every helper is imported one way: ``from tests.x import y``."""
