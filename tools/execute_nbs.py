"""Run notebooks and save their outputs in place, skipping cells flagged `#| slow` or `#| cuda` (unless asked) and `#| eval: false`.

    python tools/execute_nbs.py nbs/04_judge.ipynb [more.ipynb ...] [--slow] [--slow-grep REGEX]
    python tools/execute_nbs.py nbs/*.ipynb --shrink-only   # only make the saved pictures small

`--slow-grep REGEX` runs, of the slow cells, only those whose source matches REGEX (the others keep their saved
outputs): for refreshing one slow measurement without rerunning a notebook's every long cell.

Saved outputs must come from the committed code: run this after changing a notebook, then `nbdev_clean`.

Each notebook run is stamped, in its metadata (`unclip_nb`), with the fingerprint of the shipped weights that made its
outputs (`weights_fingerprint`): `weights` for the cells the tests run, and `slow` when every slow cell ran too
(`--slow`, without `--slow-grep`). tests/test_results.py checks the stamps against the weights shipped now.
"""
import argparse, json, os, re
from pathlib import Path
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory

MAX_WIDTH = 800   # px: wider figures are drawn at high dpi, and a page shows them narrower anyway

def smaller_image(b64: str) -> tuple:
    """(mime, base64) of the picture in `b64` made small: at most `MAX_WIDTH` px wide, in at most 256 colours
    (over white where it was transparent), or a JPEG where that is under half the PNG (photo-like grids of
    samples); the original where nothing is smaller. Flat shapes and plots lose nothing visible."""
    import base64, io
    from PIL import Image
    im = Image.open(io.BytesIO(base64.b64decode(b64)))
    if im.mode in ('RGBA', 'LA') or 'transparency' in im.info:
        im = Image.alpha_composite(Image.new('RGBA', im.size, 'white'), im.convert('RGBA'))
    im = im.convert('RGB')
    if im.width > MAX_WIDTH: im = im.resize((MAX_WIDTH, round(im.height * MAX_WIDTH / im.width)), Image.LANCZOS)
    png, jpg = io.BytesIO(), io.BytesIO()
    im.quantize(colors=256).save(png, 'PNG', optimize=True); im.save(jpg, 'JPEG', quality=85, optimize=True)
    mime, best = ('image/jpeg', jpg) if len(jpg.getvalue()) < len(png.getvalue()) / 2 else ('image/png', png)
    new = base64.b64encode(best.getvalue()).decode()
    return (mime, new) if len(new) < len(b64.replace('\n', '')) else ('image/png', b64)

def one_image_each(nb: Path):
    """Keep one copy of each picture (a PIL image's output carries both a PNG and a JPEG of it), made small
    (`smaller_image`)."""
    d = json.loads(nb.read_text())
    for c in d['cells']:
        for o in c.get('outputs', []):
            if 'image/png' in o.get('data', {}):
                o['data'].pop('image/jpeg', None)
                png = o['data'].pop('image/png'); png = ''.join(png) if isinstance(png, list) else png
                mime, data = smaller_image(png)
                o['data'][mime] = data
    nb.write_text(json.dumps(d, indent=1, ensure_ascii=False) + '\n')

def stamp(nb: Path, slow: bool):
    "Record in the notebook's metadata which weights made its outputs (and its slow cells' outputs, if they all ran)."
    from unclip_nb.core import weights_fingerprint
    from unclip_nb.names import WEIGHTS
    d = json.loads(nb.read_text()); fp = weights_fingerprint(WEIGHTS)
    d['metadata']['unclip_nb'] = dict(d['metadata'].get('unclip_nb', {}), weights=fp) | (dict(slow=fp) if slow else {})
    nb.write_text(json.dumps(d, indent=1, ensure_ascii=False) + '\n')

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('nbs', nargs='+'); ap.add_argument('--slow', action='store_true', help='also run #| slow cells')
    ap.add_argument('--slow-grep', default=None, help='run only the slow cells whose source matches this regex')
    ap.add_argument('--shrink-only', action='store_true', help='run nothing: only make the saved pictures small')
    a = ap.parse_args()
    if a.shrink_only:
        for nb in a.nbs: one_image_each(Path(nb))
        return
    os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    skip = ['cuda'] + ([] if a.slow else ['slow'])
    pat, slow = re.compile(r'^#\|\s*(' + '|'.join(skip) + r')\s*$', re.M), re.compile(r'^#\|\s*slow\s*$', re.M)
    off = re.compile(r'^#\|\s*eval:\s*false\s*$', re.M)   # as nbdev_test: e.g. a module's `if __name__ == '__main__': main()`
    def no_eval(cell):
        if cell.cell_type != 'code' or 'nbdev_export(' in cell.source or off.search(cell.source): return True
        if a.slow_grep and slow.search(cell.source): return not re.search(a.slow_grep, cell.source)
        return bool(pat.search(cell.source))
    for nb in a.nbs:
        nb = Path(nb).resolve()
        with working_directory(nb.parent): CaptureShell().execute(nb, nb, exc_stop=True, preproc=no_eval)
        one_image_each(nb); stamp(nb, a.slow and not a.slow_grep); print('executed', nb.name)

if __name__ == '__main__': main()
