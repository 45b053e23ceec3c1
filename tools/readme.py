"""Write README.md (and README_files/, the pictures of its outputs) from nbs/index.ipynb.

    python tools/readme.py                 # rewrite README.md and README_files/ in the repository root
    python tools/readme.py --out DIR       # write them into DIR instead (what .ci/checks.py compares)

nbconvert turns the notebook into markdown; links to `images/...` and to other notebooks (`10_clip.ipynb`) are
relative to nbs/, so they are pointed into nbs/ to work from the repository root.
"""
import argparse, re, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def fix_links(md: str) -> str:
    "Links relative to nbs/ made relative to the repository root."
    md = md.replace('](images/', '](nbs/images/')
    return re.sub(r'\]\((\w+\.ipynb)', r'](nbs/\1', md)

def write(out: Path):
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([sys.executable, '-m', 'jupyter', 'nbconvert', '--to', 'markdown', str(ROOT / 'nbs' / 'index.ipynb'),
                        '--output-dir', d, '--output', 'README', '--log-level', 'ERROR'], check=True)
        out.mkdir(parents=True, exist_ok=True)
        (out / 'README.md').write_text(fix_links((Path(d) / 'README.md').read_text()))
        shutil.rmtree(out / 'README_files', ignore_errors=True)
        if (Path(d) / 'README_files').exists(): shutil.copytree(Path(d) / 'README_files', out / 'README_files')

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', default=str(ROOT), help='where to write README.md and README_files/ (default: the repository root)')
    write(Path(p.parse_args().out))
