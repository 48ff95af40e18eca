"""Helper processes that long-lived processes and commands start and leave running: the
answers' graph rebuild (``answers/rebuild.py``) and a forget's pending scrub
(``store/scrub.py``), each ``python -m MODULE DATABASE``.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path


def start(module: str, database: Path) -> subprocess.Popen[bytes]:
    """Run ``python -m module database`` in a session of its own: nothing of it reaches our
    stdin or stdout (the host's stdout carries protocol frames), and it outlives us."""
    return subprocess.Popen(
        [sys.executable, "-m", module, str(database)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def log_to_file(name: str) -> None:
    """Such a process logs to the companion's log, its lines marked with ``name``."""
    from metanet import paths

    logging.basicConfig(
        filename=paths.log_file(),
        format=f"%(asctime)s {name}[%(process)d] %(levelname)s %(message)s",
        level=logging.INFO,
    )
