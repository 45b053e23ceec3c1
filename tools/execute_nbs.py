"""Run notebooks and save their outputs in place, skipping cells flagged `#| slow` or `#| cuda` (unless asked) and `#| eval: false`.

    python tools/execute_nbs.py nbs/04_judge.ipynb [more.ipynb ...] [--slow] [--slow-grep REGEX]

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

def smaller_png(b64: str) -> str:
    "The PNG in `b64` with at most 256 colours (over white where it was transparent), if that is smaller: flat shapes and plots lose nothing visible."
    import base64, io
    from PIL import Image
    im = Image.open(io.BytesIO(base64.b64decode(b64)))
    if im.mode in ('RGBA', 'LA') or 'transparency' in im.info:
        im = Image.alpha_composite(Image.new('RGBA', im.size, 'white'), im.convert('RGBA'))
    buf = io.BytesIO(); im.convert('RGB').quantize(colors=256).save(buf, 'PNG', optimize=True)
    new = base64.b64encode(buf.getvalue()).decode()
    return new if len(new) < len(b64.replace('\n', '')) else b64

def one_image_each(nb: Path):
    "Keep one copy of each picture (a PIL image's output carries both a PNG and a JPEG of it; keep the PNG), in at most 256 colours."
    d = json.loads(nb.read_text())
    for c in d['cells']:
        for o in c.get('outputs', []):
            if 'image/png' in o.get('data', {}):
                o['data'].pop('image/jpeg', None)
                png = o['data']['image/png']; png = ''.join(png) if isinstance(png, list) else png
                o['data']['image/png'] = smaller_png(png)
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
    a = ap.parse_args()
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
