"""Rendered pages kept by what they were rendered from, for the page people come back to.

The overview (``/``) is opened again and again while its data stays the same; rendering its
sentences and tables costs ~2 ms of CPU, finding it here ~0.1 ms. A page is the same when
its template and its context are (the context's JSON is the key: a context that is not
plain JSON is rendered every time and never kept) and every relative time on it would still
be said alike: the ``ago`` filter notes what it said ("3 minutes ago") while a page that may
be kept is rendered, and a kept page whose times would now be said differently is rendered
again. Everything else a template shows comes from the context or the catalogs.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

#: rendered pages kept (each a few kB): the overview in both languages, with and without
#: query strings, fits
KEPT = 8

#: (time as stored, what the page said of it) for each relative time said while a page
#: that may be kept is rendered; None outside such a render
_TIMES_SAID: ContextVar[list[tuple[object, str]] | None] = ContextVar("times_said", default=None)


def note_time_said(value: object, said: str) -> None:
    """Called by the ``ago`` filter: the page says ``said`` of ``value`` (relative to now)."""
    noted = _TIMES_SAID.get()
    if noted is not None:
        noted.append((value, said))


@contextmanager
def _noting_times() -> Iterator[list[tuple[object, str]]]:
    noted: list[tuple[object, str]] = []
    token = _TIMES_SAID.set(noted)
    try:
        yield noted
    finally:
        _TIMES_SAID.reset(token)


class KeptPages:
    """The last :data:`KEPT` pages rendered, least recently used dropped first."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, tuple[str, list[tuple[object, str]]]] = OrderedDict()
        self.hits = 0  # pages served as kept (the tests read it)

    def page(
        self,
        template: str,
        context: Mapping[str, Any],
        render: Callable[[], str],
        say_ago: Callable[[object], str],
    ) -> str:
        """The page ``render()`` gives for ``template`` and ``context``, rendered again only
        if it was not kept or a relative time on it (``say_ago``) would now read otherwise."""
        try:
            key = json.dumps([template, context], separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError):
            return render()  # not plain JSON: the key would not say what the page shows
        kept = self._pages.get(key)
        if kept is not None and all(say_ago(value) == said for value, said in kept[1]):
            self._pages.move_to_end(key)
            self.hits += 1
            return kept[0]
        with _noting_times() as times:
            html = render()
        self._pages[key] = (html, times)
        self._pages.move_to_end(key)
        while len(self._pages) > KEPT:
            self._pages.popitem(last=False)
        return html
