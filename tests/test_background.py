"""Helper processes (graph rebuild, backup check, scrub) run at a lower CPU priority, as
``python -m MODULE DATABASE`` would run them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from metanet import background


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_a_helper_runs_its_module_at_a_lower_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "seen.txt"
    # a real helper module would rebuild or back up: this one says what it got
    probe = tmp_path / "metanet_probe.py"
    probe.write_text(
        "import os, sys\n"
        "from pathlib import Path\n"
        "if __name__ == '__main__':\n"
        "    Path(sys.argv[1]).write_text(f'{os.nice(0)} {sys.argv[0].endswith(\"probe.py\")}')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), *sys.path]))
    helper = background.start("metanet_probe", out)
    assert helper.wait(timeout=60) == 0
    niceness, ran_as_main = out.read_text(encoding="utf-8").split()
    assert int(niceness) == min(19, os.nice(0) + background.NICENESS)
    assert ran_as_main == "True"
