"The docs site builds offline from the notebooks: a page for every notebook, grouped by part, with typeset equations, no nbdev directives or hidden cells, and every image present."
import html, json, re, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / 'docs'
NBS = [nb for nb in (ROOT / 'nbs').glob('*.ipynb') if not nb.name.startswith('_')]

def page(nb): return SITE / ('index.html' if nb.stem == 'index' else f'{nb.stem}/index.html')

@pytest.fixture(scope='module')
def site():
    r = subprocess.run([str(Path(sys.executable).parent / 'mkdocs'), 'build', '-q'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return {nb.stem: page(nb).read_text() for nb in NBS if page(nb).is_file()}

def prose(s: str) -> str:
    "The text a reader sees outside code and equations."
    s = re.sub(r'<div class="[^"]*clipboard-copy-txt[^"]*"[^>]*>.*?</div>', '', s, flags=re.S)
    s = re.sub(r'<(pre|code|script|style|math|textarea)\b.*?</\1>', '', s, flags=re.S)
    return html.unescape(re.sub(r'<[^>]+>', ' ', s))

def test_every_notebook_has_a_page(site):
    assert sorted(site) == sorted(nb.stem for nb in NBS), f'notebooks without a docs page: {sorted({nb.stem for nb in NBS} - set(site))}'

def test_no_directives_or_hidden_cells(site):
    for stem, s in site.items():
        code = re.findall(r'<pre\b.*?</pre>', s, flags=re.S)
        lines = [l for c in code for l in html.unescape(re.sub(r'<[^>]+>', '', c)).splitlines() if l.lstrip().startswith('#|')]
        assert not lines, f'{stem}: directive lines on the page: {lines[:3]}'
    assert 'nbdev_export()' not in site['00_core'], 'a #| hide cell is shown'

def test_equations_typeset(site):
    assert '<math' in site['05_diffusion'] and '<math' in site['30_decoder']
    for stem, s in site.items():
        raw = re.findall(r'\$[^$\n]{1,80}\$', prose(s))
        assert not raw, f'{stem}: TeX left untypeset: {raw[:3]}'

def test_images_present(site):
    for stem, s in site.items():
        for src in re.findall(r'<img [^>]*src="([^"]+)"', s):
            if src.startswith(('data:', 'http')): continue
            assert (page(next(nb for nb in NBS if nb.stem == stem)).parent / src).resolve().is_file(), f'{stem}: missing image {src}'

def test_api_and_parts(site):
    assert '<code>unclip_nb.learner</code>: One training loop' in site['03_learner'] and '<b>def fit_and_save</b>' in site['03_learner']
    nav = prose(site['index'])
    for part in ('Foundations', 'CLIP', 'Priors', 'Decoder and training', 'Pipeline', 'Manipulations', 'Evaluation'): assert part in nav, part
