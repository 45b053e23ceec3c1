"The package is layered: modules import only what another module defines (no private names, nothing passed through), and the import graph has no cycle."
import ast, importlib
from graphlib import TopologicalSorter
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / 'unclip_nb'
MODULES = sorted(p.stem for p in PKG.glob('*.py') if not p.stem.startswith('_'))

def imports(mod: str):
    "(target module, names) for every `from .x import ...` / `from unclip_nb.x import ...` in `mod`, lazy ones included."
    for node in ast.walk(ast.parse((PKG / f'{mod}.py').read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and (node.level == 1 or node.module.startswith('unclip_nb.')):
            target = node.module.split('.')[-1]
            if target in MODULES: yield target, [a.name for a in node.names]

def test_imports_name_what_their_module_defines():
    bad = []
    for mod in MODULES:
        for target, names in imports(mod):
            src = importlib.import_module(f'unclip_nb.{target}')
            for n in names:
                obj = getattr(src, n, None)
                if n.startswith('_') or (n not in getattr(src, '__all__', []) and getattr(obj, '__module__', None) != src.__name__):
                    bad.append(f'{mod} imports {n} from {target}')
    assert not bad, bad

def test_no_cycles_and_sibling_priors():
    graph = {mod: {t for t, _ in imports(mod) if t != mod} for mod in MODULES}
    list(TopologicalSorter(graph).static_order())   # raises CycleError on a cycle
    assert 'ar_prior' not in graph['diffusion_prior'] and 'diffusion_prior' not in graph['ar_prior']
    assert graph['names'] == set() and 'import torch' not in (PKG / 'names.py').read_text()

def test_lines_within_100_characters():
    """Every line written in a notebook's exported cells fits in 100 characters (nbdev's own `__all__` and
    module docstring lines are not written there)."""
    long = []
    for p in sorted(PKG.glob('*.py')):
        if p.stem == '_modidx': continue
        lines = p.read_text().split('\n'); in_all = False
        for k, line in enumerate(lines, 1):
            in_all = line.startswith('__all__') or (in_all and line.startswith(' ' * 11 + "'"))
            if k == 1 or in_all: continue
            if len(line) > 100: long.append(f'{p.name}:{k} ({len(line)})')
    assert not long, f'lines over 100 characters (wrap them in the notebook): {long}'
