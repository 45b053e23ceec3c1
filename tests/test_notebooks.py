"Every notebook is a test: run each with nbdev_test (cells flagged slow or cuda are skipped)."
import subprocess, sys, time
from pathlib import Path
import pytest
from conftest import NB_TIMINGS

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT / 'nbs').glob('*.ipynb') if not p.name.startswith('_'))

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    t0 = time.time()
    r = subprocess.run([str(Path(sys.executable).parent / 'nbdev_test'), '--path', str(nb), '--do_print'],
                       cwd=ROOT, capture_output=True, text=True)
    NB_TIMINGS[nb.name] = time.time() - t0
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr[-5000:]

def test_notebooks_found():
    assert {'00_core', '02_shapes', '03_learner', '04_judge', 'index'} <= {p.stem for p in NBS}
