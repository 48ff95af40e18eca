"""The cyclic garbage collector, paused for a bounded burst of work.

A 500-card capture or the role-terms table makes tens of thousands of objects that live
on (parse results, rows, cache entries) and almost no cycles: each collection the burst
sets off walks them again (the young generations about 25 times a capture, ~5 ms; now
and then a full collection, ~20 ms). Paused, it collects once after the burst, over what
is left of it.
Only around work whose size is bounded (a page is cut to ``MAX_PAGE_CHARS``), never
around an import of a whole export; and around a full resolution (``resolve_all``), which
holds every account in memory and makes millions of tuples, sets and dicts but no cycles:
each full collection would walk all of them again (~5 % of its work), and what it drops is
freed as it goes, by reference counting.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside; the collector as it was after (a caller that had
    turned it off keeps it off)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
