"""mkdocs hooks that turn the notebooks into the course's pages (run by `mkdocs build`, nothing else to call).

- Each notebook is rewritten into `build/docs_src/` as a reader should see it, and its page is built from that copy: cells marked `#| hide` dropped, the
  `#| export` and other directive lines taken off the code that stays.
- TeX in markdown (`$...$`, `$$...$$`) is typeset at build time into MathML, which browsers draw natively:
  no script and no CDN, so the pages read the same offline.
- Each page that exports a module ends with that module's API: every public name, its signature and docstring.
- Navigation is grouped by part, from the notebook's number, so a new notebook lands in its part by itself.
"""
import copy, html, importlib, inspect, json, re, shutil
from pathlib import Path
from latex2mathml.converter import convert

ROOT = Path(__file__).resolve().parents[1]
NBS, SRC = ROOT / 'nbs', ROOT / 'build' / 'docs_src'
PARTS = [('Foundations', '0'), ('CLIP', '1'), ('Priors', '2'), ('Decoder and training', '3'), ('Pipeline', '40'),
         ('Manipulations', '4'), ('Evaluation', '5'), ('Command line', '60'), ('The app', '63'),
         ('Reliability and scale', '6')]   # first matching number prefix wins
DIRECTIVE = re.compile(r'^\s*#\|.*$\n?', re.M)
MATH = re.compile(r'\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)((?:[^$\n]|\n(?!\s*\n))+?)(?<!\s)\$(?![\w$])', re.S)   # inline: no blank line inside
CODE = re.compile(r'```.*?```|`[^`\n]*`', re.S)

def part(stem: str) -> str:
    return next((name for name, pre in PARTS if stem.startswith(pre)), 'Foundations')

def typeset(md: str) -> str:
    "Markdown with its TeX replaced by MathML, leaving code spans and blocks alone."
    out, last = [], 0
    for m in CODE.finditer(md):
        out += [_math(md[last:m.start()]), m.group(0)]; last = m.end()
    return ''.join(out + [_math(md[last:])])

def _math(text: str) -> str:
    def one(m):
        tex, display = (m.group(1), True) if m.group(1) is not None else (m.group(2), False)
        ml = convert(tex.strip(), display='block' if display else 'inline')
        return f'\n\n{ml}\n\n' if display else ml
    return MATH.sub(one, text)

def api(module: str) -> str:
    "A markdown section: every name in the module's `__all__` with its signature and docstring."
    mod = importlib.import_module(f'unclip_nb.{module}')
    rows = ['## API', '', f'`unclip_nb.{module}`: ' + (mod.__doc__ or '').strip(), '']
    for name in getattr(mod, '__all__', []):
        obj = getattr(mod, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            try: sig = str(inspect.signature(obj))
            except (TypeError, ValueError): sig = '(...)'
            kind = 'class' if inspect.isclass(obj) else 'def'
            doc = html.escape(inspect.getdoc(obj) or '')
            rows += [f'<p><code><b>{kind} {name}</b>{html.escape(sig)}</code><br>{doc}</p>', '']
        else:
            rows += [f'<p><code><b>{name}</b></code> = <code>{html.escape(repr(obj))[:160]}</code></p>', '']
    return '\n'.join(rows)

def page(nb: dict, nested: bool = True) -> dict:
    "The notebook as its page shows it; on a `nested` page (every one but the home page) links to `images/` go up a folder."
    nb = copy.deepcopy(nb); cells, module = [], None
    for c in nb['cells']:
        s = ''.join(c['source'])
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', s, re.M)
        if m: module = m.group(1)
        if c['cell_type'] == 'code':
            if re.search(r'^\s*#\|\s*(hide|default_exp)\b', s, re.M): continue
            s = DIRECTIVE.sub('', s)
            if not s.strip(): continue
        elif c['cell_type'] == 'markdown': s = typeset(s).replace('](images/', '](../images/') if nested else typeset(s)
        c['source'] = s; cells.append(c)
    if module: cells.append(dict(cell_type='markdown', metadata={}, source=typeset(api(module))))
    nb['cells'] = cells
    return nb

def on_config(config, **kw):
    stems = sorted(p.stem for p in NBS.glob('*.ipynb') if not p.name.startswith('_') and p.stem != 'index')
    nav = [{'Home': 'index.ipynb'}]
    for name, _ in PARTS:
        pages = [f'{s}.ipynb' for s in stems if part(s) == name]
        if pages: nav.append({name: pages})
    config['nav'] = nav
    return config

def on_pre_build(config, **kw):
    if SRC.exists(): shutil.rmtree(SRC)
    SRC.mkdir(parents=True)
    for p in NBS.glob('*.ipynb'):
        if not p.name.startswith('_'): (SRC / p.name).write_text(json.dumps(page(json.loads(p.read_text()), nested=p.stem != 'index')))

def on_files(files, config, **kw):
    for f in files:
        if f.src_uri.endswith('.ipynb'): f.abs_src_path = str(SRC / f.src_uri)
    return files
