"The docs site builds offline from the notebooks, with a page for every notebook."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_docs_build():
    r = subprocess.run([str(Path(sys.executable).parent / 'mkdocs'), 'build', '-q'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    missing = [nb.name for nb in (ROOT / 'nbs').glob('*.ipynb') if not nb.name.startswith('_')
               and not (ROOT / 'docs' / ('index.html' if nb.stem == 'index' else f'{nb.stem}/index.html')).is_file()]
    assert not missing, f'notebooks without a docs page: {missing}'
