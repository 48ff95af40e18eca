"""The snapshot on disk, next to the database: every process starts from it.

One file, ``<database>.graph`` (mode 0600, like the database): a header (JSON) saying
which database and which state of it the file holds (:class:`~source.Watermark`, the
newest rows' fingerprint, when it was built), then the arrays, each with a CRC-32. The
arrays are memory-mapped copy-on-write: a process pays for the pages it reads, processes
share them, and a row it rewrites is its own. A file is never trusted blindly: a wrong
magic, format, size or checksum rejects it, a file of another database is rejected, and
one the database has moved on from is either caught up (appends) or rebuilt.

Writing goes to a temporary file and is renamed into place under a lock, after checking
that the database has not changed structurally meanwhile and is still the file at that
path (a process connected to a wiped database writes nothing); ``forget`` and ``wipe`` take
the same lock to remove the file, so a forgotten person's ties are never written back
by a rebuild that began before the forget. (On Windows a mapped file cannot be
replaced, so there the arrays are read into memory instead.)
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import sqlite3
import struct
import zlib
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from metanet.answers import source
from metanet.answers.circle_graph import CircleLayer, Rows
from metanet.answers.snapshot import PERSON_ARRAYS, Edges, Snapshot
from metanet.answers.source import Watermark

if TYPE_CHECKING:
    from filelock import FileLock

log = logging.getLogger(__name__)

MAGIC = b"METANETG"
FORMAT = 4  # 2: made introductions (intro_a, intro_b, intro_n); 3: interactions (inter_*);
#           4: and circles (their members both ways, the neighbourhood through them).
#           A file of an older format is rejected, and the snapshot rebuilt from the database.
ALIGN = 64
#: a file older than this is rebuilt: "seen in the last 180 days" moves with the clock
MAX_AGE = timedelta(days=7)
LOCK_TIMEOUT_S = 30
_PREFIX = struct.Struct("<8sII")  # magic, header length, header CRC-32
MAP_FILES = os.name != "nt"


class Rejected(Exception):
    """The file is not a snapshot we can use (damaged, another format)."""


def graph_path(database: Path) -> Path:
    return database.with_name(database.name + ".graph")


def connect(database: Path, *, timeout: float) -> sqlite3.Connection:
    """A plain connection to an existing database (the rebuild process, the host's
    warm-up): it never creates the file, so a database wiped meanwhile stays wiped."""
    return sqlite3.connect(database.resolve().as_uri() + "?mode=rw", uri=True, timeout=timeout)


def holds(database: Path, database_id: str) -> bool:
    """Whether the file at ``database`` is still the database of that random id (m007):
    not wiped, not replaced by another since a snapshot was read from it."""
    try:
        db = connect(database, timeout=5)
    except sqlite3.Error:
        return False
    try:
        row = db.execute("select database_id from graph_epoch where id = 1").fetchone()
    except sqlite3.Error:
        return False
    finally:
        db.close()
    return row is not None and row[0] == database_id


def lock(database: Path) -> FileLock:
    """Held while the file is replaced or removed. (filelock is imported here, not at the
    top: reading a snapshot takes no lock, and a command-line call should not pay for it.)"""
    from filelock import FileLock

    path = database.with_name(database.name + ".graph.lock")
    return FileLock(str(path), timeout=LOCK_TIMEOUT_S, mode=0o600)


def build_lock(database: Path) -> FileLock:
    """Held by a rebuild from start to end, so two processes never rebuild at once."""
    from filelock import FileLock

    return FileLock(str(database.with_name(database.name + ".graph.build")), mode=0o600)


def files(database: Path) -> list[Path]:
    """Every file of the snapshot: the file, temporary files and the lock files."""
    base = graph_path(database)
    return [base, *sorted(base.parent.glob(base.name + ".*"))]


def remove(database: Path) -> list[str]:
    """Remove the snapshot file (``forget``, ``wipe``): under the lock, so a rebuild that
    read the database before the change cannot write its file back afterwards."""
    removed = []
    with lock(database):
        for path in files(database):
            if path.name.endswith((".lock", ".build")) or not path.exists():
                continue
            path.unlink()
            removed.append(str(path))
    for path in files(database):  # the lock files last, when nothing holds them
        if path.exists():
            path.unlink(missing_ok=True)
            removed.append(str(path))
    return removed


# -- writing ------------------------------------------------------------------------------


def _arrays(snap: Snapshot) -> dict[str, np.ndarray]:
    """The snapshot's arrays as written: rows compacted into one sorted run (garbage of
    rewritten rows dropped), per-person arrays cut to ``size``."""
    n = snap.size
    _, ids, w, m = snap.gather(np.arange(n))
    lens = snap.lens[:n].astype(np.int32)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    ratings = sorted(snap.ratings.items())
    introduced = sorted(snap.introduced.items())
    interacted = sorted(snap.interacted.items())
    return {
        "starts": starts,
        "lens": lens,
        "ids": ids.astype(np.int32),
        "w": w.astype(np.float32),
        "m": m.astype(np.uint16),
        "account_person": snap.account_person[: snap.watermark.max_account + 1],
        "f1": snap.f1[:n],
        "f2": snap.f2[:n],
        "via": snap.via[:n],
        "degree_of": snap.degree_of[:n],
        "rating_a": np.array([k[0] for k, _ in ratings], dtype=np.int64),
        "rating_b": np.array([k[1] for k, _ in ratings], dtype=np.int64),
        "rating_s": np.array([s for _, s in ratings], dtype=np.float64),
        **_circle_arrays(snap),
        "intro_a": np.array([k[0] for k, _ in introduced], dtype=np.int64),
        "intro_b": np.array([k[1] for k, _ in introduced], dtype=np.int64),
        "intro_n": np.array([n for _, n in introduced], dtype=np.int64),
        "inter_a": np.array([k[0] for k, _ in interacted], dtype=np.int64),
        "inter_b": np.array([k[1] for k, _ in interacted], dtype=np.int64),
        "inter_w": np.array([w for _, w in interacted], dtype=np.float64),
    }


#: a circle layer's rows (both ways) and per-circle arrays, as the file names them
_ROWS = {"circle": "by_circle", "person": "by_person"}
_ROW_PARTS = ("starts", "lens", "ids", "lo", "hi")
_PER_CIRCLE = ("base", "inferred", "rated", "rating")
_EGO = ("c1", "e1", "e2", "evia")


def _circle_arrays(snap: Snapshot) -> dict[str, np.ndarray]:
    layer = snap.circles
    arrays: dict[str, np.ndarray] = {}
    for prefix, name in _ROWS.items():
        # persons past ``size`` are in no circle
        rows = getattr(layer, name).compact(snap.size if name == "by_person" else None)
        for part in _ROW_PARTS:
            arrays[f"{prefix}_{part}"] = getattr(rows, part)
    for name in _PER_CIRCLE:
        arrays[f"circle_{name}"] = getattr(layer, name)
    for name in _EGO:
        found = getattr(layer, name)
        arrays[name] = found[: snap.size] if found is not None else np.zeros(0, np.float32)
    return arrays


def _circle_layer(arrays: dict[str, np.ndarray], header: dict[str, Any], size: int) -> CircleLayer:
    rows: dict[str, Rows] = {}
    for prefix, name in _ROWS.items():
        starts, lens, ids, lo, hi = (arrays[f"{prefix}_{part}"] for part in _ROW_PARTS)
        if len(lens) and (int(lens.sum()) != len(ids) or int(lens.min()) < 0):
            raise Rejected(f"{name}: rows do not fit the cells")
        rows[name] = Rows(starts, lens, ids, lo, hi, used=len(ids))
    if len(rows["by_person"]) != size:
        raise Rejected(f"circles of {len(rows['by_person'])} persons for {size}")
    ego = [arrays[name] if len(arrays[name]) else None for name in _EGO]
    if any(found is not None and len(found) != size for found in ego):
        raise Rejected("the neighbourhood through circles does not fit the persons")
    base, inferred, rated, rating = (arrays[f"circle_{name}"] for name in _PER_CIRCLE)
    c1, e1, e2, evia = ego
    return CircleLayer(
        rows["by_circle"], rows["by_person"], base, inferred, rated, rating,
        year=int(header["circle_year"]), c1=c1, e1=e1, e2=e2, evia=evia,
    )  # fmt: skip


def _bytes(a: np.ndarray) -> memoryview:
    return memoryview(a.view(np.uint8))  # type: ignore[arg-type]


def save(db: Any, database: Path, snap: Snapshot) -> bool:
    """Write the snapshot next to the database; False if the database changed structurally
    since the snapshot read it (the file would hold what is no longer there)."""
    if snap.stale:
        return False
    with source.one_read(db):
        tail = source.tail_fingerprint(db, snap.watermark)
    arrays = {k: np.ascontiguousarray(v) for k, v in _arrays(snap).items()}
    table: dict[str, list[Any]] = {}
    offset = 0
    for name, a in arrays.items():
        table[name] = [a.dtype.str, len(a), offset, zlib.crc32(_bytes(a))]
        offset += -(-a.nbytes // ALIGN) * ALIGN
    header = json.dumps(
        {
            "format": FORMAT,
            "watermark": asdict(snap.watermark),
            "tail": tail,
            "networks": snap.networks,
            "cutoff": snap.cutoff,
            "circle_year": snap.circles.year,
            "size": snap.size,
            "built_at": datetime.now(UTC).isoformat(),
            "arrays": table,
        }
    ).encode()
    start = -(-(_PREFIX.size + len(header)) // ALIGN) * ALIGN
    target = graph_path(database)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_PREFIX.pack(MAGIC, len(header), zlib.crc32(header)) + header)
            for name, a in arrays.items():
                out.seek(start + table[name][2])
                out.write(_bytes(a))
        with lock(database):
            if source.read_watermark(db).structure() != snap.watermark.structure() or not holds(
                database, snap.watermark.database_id
            ):
                tmp.unlink()
                return False
            os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    snap.lag = 0  # the file has it all now (its garbage stays in this process's memory)
    return True


# -- reading ------------------------------------------------------------------------------


def _buffer(path: Path) -> Any:
    with open(path, "rb") as f:
        if not MAP_FILES:
            return bytearray(f.read())
        if os.fstat(f.fileno()).st_size == 0:
            raise Rejected("empty file")
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)


def read(database: Path) -> tuple[Snapshot, dict[str, Any]]:
    """The file's snapshot and header; FileNotFoundError, or Rejected if it is damaged."""
    buf = _buffer(graph_path(database))
    view = memoryview(buf)
    if len(view) < _PREFIX.size:
        raise Rejected("shorter than its header")
    magic, length, crc = _PREFIX.unpack_from(view)
    raw = bytes(view[_PREFIX.size : _PREFIX.size + length])
    if magic != MAGIC or len(raw) != length or zlib.crc32(raw) != crc:
        raise Rejected("not a Metanet graph file, or its header is damaged")
    try:
        header = json.loads(raw)
        if header.get("format") != FORMAT:
            raise Rejected(f"format {header.get('format')}, not {FORMAT}")
        start = -(-(_PREFIX.size + length) // ALIGN) * ALIGN
        arrays = {}
        for name, (dtype, count, offset, checksum) in header["arrays"].items():
            if not count:
                arrays[name] = np.zeros(0, dtype=np.dtype(dtype))
                continue
            a = np.frombuffer(buf, dtype=np.dtype(dtype), count=count, offset=start + offset)
            if zlib.crc32(view[start + offset : start + offset + a.nbytes]) != checksum:
                raise Rejected(f"{name}: checksum mismatch")
            arrays[name] = a
        mark = header["watermark"]
        watermark = Watermark(
            **{
                **mark,
                "ratings": tuple(mark["ratings"]),
                "introductions": tuple(mark["introductions"]),
                "interactions": tuple(mark["interactions"]),
            }
        )
    except (KeyError, TypeError, ValueError) as exc:  # truncated, or a field is missing
        raise Rejected(f"damaged: {exc}") from None
    return _snapshot(header, arrays, watermark), header


def _snapshot(header: dict[str, Any], arrays: dict[str, np.ndarray], mark: Watermark) -> Snapshot:
    size = int(header["size"])
    for name in ("starts", "lens", "f1", "f2", "via", "degree_of"):
        if len(arrays[name]) != size:
            raise Rejected(f"{name}: {len(arrays[name])} cells for {size} persons")
    lens = arrays["lens"]
    if size and (
        int(arrays["starts"][-1]) + int(lens[-1]) != len(arrays["ids"]) or int(lens.min()) < 0
    ):
        raise Rejected("rows do not fit the cells")
    ratings = {
        (int(a), int(b)): float(s)
        for a, b, s in zip(arrays["rating_a"], arrays["rating_b"], arrays["rating_s"], strict=True)
    }
    introduced = {
        (int(a), int(b)): int(n)
        for a, b, n in zip(arrays["intro_a"], arrays["intro_b"], arrays["intro_n"], strict=True)
    }
    snap = Snapshot(
        size=size,
        starts=arrays["starts"],
        lens=lens,
        edges=Edges(arrays["ids"], arrays["w"], arrays["m"]),
        account_person=arrays["account_person"],
        networks=list(header["networks"]),
        ratings=ratings,
        introduced=introduced,
        interacted={
            (int(a), int(b)): float(w)
            for a, b, w in zip(arrays["inter_a"], arrays["inter_b"], arrays["inter_w"], strict=True)
        },
        watermark=mark,
        cutoff=str(header["cutoff"]),
        f1=arrays["f1"],
        f2=arrays["f2"],
        via=arrays["via"],
        degree_of=arrays["degree_of"],
        touched=np.zeros(size, dtype=PERSON_ARRAYS["touched"][0]),
        origin="file",
        circles=_circle_layer(arrays, header, size),
    )
    snap.counters.from_file += 1
    return snap


def open_file(db: Any, database: Path) -> tuple[Snapshot | None, str]:
    """The snapshot file, judged against the database.

    Status: ``current``; ``behind`` (rows were appended since: catch it up); ``stale``
    (a file of this database from before a merge or a deletion, or too old: good for
    answers marked stale while a rebuild runs, nothing else); ``missing``; ``rejected``.
    """
    try:
        snap, header = read(database)
    except FileNotFoundError:
        return None, "missing"
    except (Rejected, OSError, ValueError) as exc:
        log.warning("snapshot file %s rejected: %s", graph_path(database), exc)
        return None, "rejected"
    with source.one_read(db):
        mark = source.read_watermark(db)
        if mark.database_id != snap.watermark.database_id:
            log.warning("snapshot file %s belongs to another database", graph_path(database))
            return None, "rejected"
        built = datetime.fromisoformat(str(header["built_at"]))
        if datetime.now(UTC) - built > MAX_AGE or not mark.continues(snap.watermark):
            return snap, "stale"
        if source.tail_fingerprint(db, snap.watermark) != header["tail"]:
            return snap, "stale"
    return snap, "current" if mark == snap.watermark else "behind"
