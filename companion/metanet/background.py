"""Helper processes that long-lived processes and commands start and leave running: the
answers' graph rebuild (``answers/rebuild.py``), the automatic backup's check
(``services/auto_backup.py``) and a forget's pending scrub (``store/scrub.py``), each
``python -m MODULE DATABASE`` run through this module at a lower CPU priority.
"""

from __future__ import annotations

import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path

#: how much lower the helpers' CPU priority is (``nice``): they are background work. A
#: fresh host's warm-up starts two of them (the graph file, the backup check) beside its
#: own imports; on a 2-core machine a capture arriving meanwhile must not wait for them.
NICENESS = 10


def start(module: str, database: Path) -> subprocess.Popen[bytes]:
    """Run ``python -m module database`` in a session of its own, at a lower priority
    (:data:`NICENESS`): nothing of it reaches our stdin or stdout (the host's stdout
    carries protocol frames), and it outlives us."""
    return subprocess.Popen(
        [sys.executable, "-m", "metanet.background", module, str(database)],
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


def _run(module: str, database: str) -> None:
    """Lower this process's priority (where the system has one), then run ``module`` as
    ``python -m module database`` would."""
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    sys.argv = [module, database]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _run(sys.argv[1], sys.argv[2])
