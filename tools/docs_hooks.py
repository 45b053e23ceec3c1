"""mkdocs hooks that turn the notebooks into the course's pages (run by `mkdocs build`, nothing else to call).

- Each notebook is rewritten into `build/docs_src/` as a reader should see it, and its page is built from that copy: cells marked `#| hide` dropped, the
  `#| export` and other directive lines taken off the code that stays.
- TeX in markdown (`$...$`, `$$...$$`) is typeset at build time into MathML, which browsers draw natively:
  no script and no CDN, so the pages read the same offline.
- Each page that exports a module ends with that module's API: every public name, its signature and docstring.
- Navigation is grouped by part, from the notebook's number, so a new notebook lands in its part by itself.
- Links to another notebook (`[10_clip](10_clip.ipynb)`, with an optional `#anchor`) become links to its page.
- Every heading gets a unique id, and the page's contents are built from the headings as they were rendered,
  so that every contents link lands (headings with code or TeX in them included).
- Code wraps inside its box instead of scrolling sideways.
"""
import copy, html, importlib, inspect, json, re, shutil
from pathlib import Path
from latex2mathml.converter import convert
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.structure.toc import get_toc

ROOT = Path(__file__).resolve().parents[1]
NBS, SRC = ROOT / 'nbs', ROOT / 'build' / 'docs_src'
PARTS = [('Foundations', '0'), ('CLIP', '1'), ('Priors', '2'), ('Decoder and training', '3'), ('Pipeline', '40'),
         ('Manipulations', '4'), ('Evaluation', '5'), ('The app', '59'), ('Command line', '60'),
         ('Reliability and scale', '6')]   # in the order of the navigation; the longest matching number prefix wins
DIRECTIVE = re.compile(r'^\s*#\|.*$\n?', re.M)
MATH = re.compile(r'\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)((?:[^$\n]|\n(?!\s*\n))+?)(?<!\s)\$(?![\w$])', re.S)   # inline: no blank line inside
CODE = re.compile(r'```.*?```|`[^`\n]*`', re.S)
NB_LINK = re.compile(r'\]\((\w+)\.ipynb(#[^)\s]*)?\)')
HEADING = re.compile(r'<h([1-6])([^>]*?)\sid="([^"]+)"([^>]*)>(.*?)</h\1>', re.S)
CSS = """<style>
.jupyter-wrapper .jp-InputPrompt, .jupyter-wrapper .jp-OutputPrompt { display: none; }
.jupyter-wrapper pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
.md-typeset .api-method { margin-left: 1.5em; }
</style>"""

def part(stem: str) -> str:
    hits = [(len(pre), name) for name, pre in PARTS if stem.startswith(pre)]
    return max(hits)[1] if hits else 'Foundations'

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

def docstring(obj) -> str:
    "The docstring as HTML, its `code` spans set as code."
    return re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(inspect.getdoc(obj) or ''))

def signature(obj) -> str:
    "The signature with its annotations as types, not strings (the modules use `from __future__ import annotations`)."
    for ev in (True, False):
        try: return html.escape(str(inspect.signature(obj, eval_str=ev)))
        except Exception: continue
    return '(...)'

def methods(cls) -> list:
    "The public methods and properties of `cls` itself, those added with `@patch` included, in the order they were added."
    out = []
    for name, m in vars(cls).items():
        if name.startswith('_'): continue
        f = m.fget if isinstance(m, property) else getattr(m, '__func__', m)
        if inspect.isfunction(f): out.append((name, f, isinstance(m, property)))
    return out

def api(module: str) -> str:
    "A markdown section: every name in the module's `__all__` with its signature and docstring, and every class's methods."
    mod = importlib.import_module(f'unclip_nb.{module}')
    rows = ['## API', '', f'`unclip_nb.{module}`: ' + (mod.__doc__ or '').strip(), '']
    for name in getattr(mod, '__all__', []):
        obj = getattr(mod, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            kind = 'class' if inspect.isclass(obj) else 'def'
            rows += [f'<p><code><b>{kind} {name}</b>{signature(obj)}</code><br>{docstring(obj)}</p>', '']
            if inspect.isclass(obj) and obj.__module__.startswith('unclip_nb'):
                for m, f, prop in methods(obj):
                    where = '' if f.__module__ == mod.__name__ else f' (added in <code>{f.__module__}</code>)'
                    head = f'<b>{name}.{m}</b>' if prop else f'<b>{name}.{m}</b>{signature(f)}'
                    rows += [f'<p class="api-method"><code>{head}</code>{where}<br>{docstring(f)}</p>', '']
        else:
            rows += [f'<p><code><b>{name}</b></code> = <code>{html.escape(repr(obj).replace(str(ROOT) + "/", ""))[:160]}</code></p>', '']
    return '\n'.join(rows)

def page(nb: dict, nested: bool = True) -> dict:
    "The notebook as its page shows it; on a `nested` page (`page/index.html`: directory URLs, and not the home page) links go up a folder."
    nb = copy.deepcopy(nb); cells, module = [], None
    for c in nb['cells']:
        s = ''.join(c['source'])
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', s, re.M)
        if m: module = m.group(1)
        if c['cell_type'] == 'code':
            if re.search(r'^\s*#\|\s*(hide|default_exp)\b', s, re.M): continue
            s = DIRECTIVE.sub('', s)
            if not s.strip(): continue
        elif c['cell_type'] == 'markdown':
            up = '../' if nested else ''
            s = NB_LINK.sub(lambda m: f"]({up}{m.group(1)}{'/' if DIRECTORY_URLS else '.html'}{m.group(2) or ''})", typeset(s))
            s = s.replace('](images/', f']({up}images/')
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

DIRECTORY_URLS = False   # set from the config: pages are `stem/index.html` or, as the offline plugin makes them, `stem.html`

def on_pre_build(config, **kw):
    global DIRECTORY_URLS
    DIRECTORY_URLS = config['use_directory_urls']
    if SRC.exists(): shutil.rmtree(SRC)
    SRC.mkdir(parents=True)
    for p in NBS.glob('*.ipynb'):
        if not p.name.startswith('_'): (SRC / p.name).write_text(json.dumps(page(json.loads(p.read_text()), nested=DIRECTORY_URLS and p.stem != 'index')))

def on_files(files, config, **kw):
    for f in files:
        if f.src_uri.endswith('.ipynb'): f.abs_src_path = str(SRC / f.src_uri)
    return files

def on_page_content(html_, page, **kw):
    "Unique heading ids, and the page's contents made from its rendered headings."
    seen, tokens = {}, []
    def one(m):
        level, pre, id_, post, inner = m.groups()
        n = seen.get(id_, 0); seen[id_] = n + 1
        new = id_ if n == 0 else f'{id_}_{n}'
        inner = inner.replace(f'href="#{id_}"', f'href="#{new}"')
        name = html.unescape(re.sub(r'<[^>]+>', '', re.sub(r'<a class="anchor-link".*?</a>', '', inner, flags=re.S))).strip()
        tokens.append(dict(level=int(level), id=new, name=name, html=html.escape(name), children=[]))
        return f'<h{level}{pre} id="{new}"{post}>{inner}</h{level}>'
    html_ = HEADING.sub(one, html_)
    page.toc = get_toc(nest_toc_tokens(tokens))
    return html_

def on_post_build(config, **kw):
    "The search's worker shim (`mkdocs.yml`: `extra.polyfills`), shipped with the site instead of fetched."
    import shutil
    dest = Path(config['site_dir']) / 'assets' / 'javascripts' / 'iframe-worker.js'
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(__file__).parent / 'docs_assets' / 'iframe-worker.js', dest)

def on_post_page(output, **kw):
    output = output.replace('<script src=""> </script>', '')   # the notebook plugin's MathJax, with no URL here
    return output.replace('</head>', CSS + '</head>', 1)
