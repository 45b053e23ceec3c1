"""The docs site builds offline from the notebooks: a page for every notebook, grouped by part, with typeset equations, no nbdev
directives, hidden cells or cell prompts, every link, anchor and image resolving, search, previous/next links, and an API that
lists every public method (those added with `@patch` too)."""
import html, json, re, subprocess, sys
from pathlib import Path
from urllib.parse import urlsplit, unquote
import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / 'docs'
NBS = [nb for nb in (ROOT / 'nbs').glob('*.ipynb') if not nb.name.startswith('_')]

def page(nb): return SITE / f'{nb.stem}.html'   # flat pages: the offline plugin makes the site readable from its files

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

def test_links_and_anchors_resolve(site):
    pages = {p.resolve(): p.read_text() for p in SITE.glob('*.html') if p.name != '404.html'}   # 404 links from the server's root
    ids = {p: set(re.findall(r'\bid="([^"]+)"', s)) for p, s in pages.items()}
    bad = []
    for p, s in pages.items():
        for ref in re.findall(r'<(?:a|img|link|script) [^>]*?(?:href|src)="([^"]*)"', s):
            u = urlsplit(html.unescape(ref))
            if u.scheme or ref.startswith('//'): continue
            target = (p.parent / unquote(u.path)).resolve() if u.path else p
            if target.is_dir(): target = target / 'index.html'
            if not target.exists(): bad.append(f'{p.name}: {ref} (no such file)')
            elif u.fragment and target in pages and unquote(u.fragment) not in ids[target]: bad.append(f'{p.name}: {ref} (no such anchor)')
    assert not bad, f'{len(bad)} broken links: {bad[:10]}'

def test_no_prompts_or_machine_paths(site):
    for stem, s in site.items():
        assert not re.search(r'(In|Out)(&nbsp;|\xa0| )?\[(&nbsp;|\xa0|\s|\d)*\]:', s), f'{stem}: a cell prompt is shown'
        assert str(ROOT) not in s, f'{stem}: the build machine\'s path {ROOT} is on the page'

def test_search_and_previous_next(site):
    index = json.loads((SITE / 'search' / 'search_index.json').read_text())
    searched = {d['location'].split('#')[0] for d in index['docs']}
    assert {page(nb).name for nb in NBS} <= searched, f'pages not in the search index: {sorted({page(nb).name for nb in NBS} - searched)}'
    assert 'md-footer__link--prev' in site['10_clip'] and 'md-footer__link--next' in site['10_clip']

def test_nothing_loaded_from_the_network(site):
    "Every script and stylesheet comes with the site: search too (its worker shim, tools/docs_assets/iframe-worker.js)."
    for stem, s in site.items():
        ext = re.findall(r'<(?:script|link)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"', s)
        assert not ext, f'{stem}: loads {ext[:3]} from the network'
        assert '<script src="">' not in s, f'{stem}: a script with no URL'
    assert (SITE / 'assets' / 'javascripts' / 'iframe-worker.js').is_file()

def test_api_lists_methods_with_docstrings(site):
    api = site['05_diffusion'][site['05_diffusion'].index('id="api"'):]
    for m in ('q_sample', 'ddim_sample_loop', 'ddim_reverse_loop'): assert f'<b>GaussianDiffusion.{m}</b>' in api, m   # added with @patch
    for stem, s in site.items():
        if 'id="api"' in s:
            shown = prose(s[s.index('id="api"'):])
            assert '`' not in shown, f'{stem}: a literal backtick in the API: {shown[shown.index("`") - 40:][:80]!r}'
