"""Bring every figure up to date with the shipped weights, in one command: after a retraining, or to check nothing drifted.

    python tools/refresh.py                 # measure what the weights lack, re-execute every notebook, rewrite the README
    python tools/refresh.py --notebooks     # only re-execute the notebooks and rewrite the README
    python tools/refresh.py --force         # measure everything again, even results already kept for these weights

1. The long evaluations (`RECORD_COMMANDS` of 50_evaluation), each kept with the weights in unclip_nb/weights/results.json,
   stamped with their fingerprint (`record_result`): `unclip_nb eval --paper --record` (about an hour on 2 CPU cores) and
   `unclip_nb eval --ceiling --record` (about 10 minutes). A result already kept for these weights is not made again unless --force.
2. Every notebook executed in place (tools/execute_nbs.py, which stamps each with the weights' fingerprint), then
   `nbdev_clean`: about 10 minutes on 2 CPU cores. The notebooks print their tables from results.json. A notebook
   whose slow cells were last run whole (a `slow` stamp) runs them again too.
3. README.md from nbs/index.ipynb (tools/readme.py).

tests/test_results.py then checks that every result and every notebook's outputs were made with the weights shipped.
The slow cells of the other notebooks are not run (the long experiments of their lessons, some of an hour; run
one with `python tools/execute_nbs.py NB --slow`, which stamps it, and from then on this command keeps it up to date).
"""
import argparse, json, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def run(cmd: list):
    print('$', ' '.join(cmd), flush=True); t0 = time.time()
    subprocess.run(cmd, cwd=ROOT, check=True)
    print(f'  ({(time.time() - t0) / 60:.1f} min)', flush=True)

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--notebooks', action='store_true', help='skip the evaluations')
    p.add_argument('--force', action='store_true', help='make every evaluation again, even those kept for these weights')
    a = p.parse_args()
    from unclip_nb.core import result
    from unclip_nb.names import WEIGHTS
    from unclip_nb.evaluation import RECORD_COMMANDS   # {result: the command that makes it}
    bin_ = Path(sys.executable).parent
    if not a.notebooks:
        for name, cmd in RECORD_COMMANDS.items():
            if a.force or result(WEIGHTS, name) is None: run([str(bin_ / 'unclip_nb'), *cmd.split()[1:]])
            else: print(f'{name}: kept for these weights already (--force makes it again)')
    nbs = sorted(nb for nb in (ROOT / 'nbs').glob('*.ipynb') if not nb.name.startswith('_'))
    slow = [nb for nb in nbs if 'slow' in json.loads(nb.read_text())['metadata'].get('unclip_nb', {})]   # their slow cells too
    if slow: run([sys.executable, str(ROOT / 'tools' / 'execute_nbs.py'), *map(str, slow), '--slow'])
    run([sys.executable, str(ROOT / 'tools' / 'execute_nbs.py'), *[str(nb) for nb in nbs if nb not in slow]])
    run([str(bin_ / 'nbdev_clean')])
    run([sys.executable, str(ROOT / 'tools' / 'readme.py')])

if __name__ == '__main__': main()
