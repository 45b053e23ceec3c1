"The unclip_nb console script, run as a user would."
import subprocess, sys
from pathlib import Path
from PIL import Image

EXE = str(Path(sys.executable).parent / 'unclip_nb')

def run(*args): return subprocess.run([EXE, *args], capture_output=True, text=True)

def test_help_lists_commands():
    r = run('--help')
    assert r.returncode == 0 and 'shapes' in r.stdout and 'train-judge' in r.stdout

def test_help_is_fast_and_imports_no_torch():
    "The parser is built from plain-Python names: no torch import (about 2 s on its own) before a command runs."
    code = "import sys, time; t = time.perf_counter(); from unclip_nb.cli import make_parser; make_parser(); print('torch' in sys.modules, time.perf_counter() - t)"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    torch_loaded, secs = r.stdout.split()
    assert torch_loaded == 'False' and float(secs) < 0.5, r.stdout + r.stderr

def test_version_and_every_option_documented():
    r = run('--version')
    assert r.returncode == 0 and r.stdout.startswith('unclip_nb ')
    from unclip_nb.cli import make_parser
    for name, sp in make_parser()._subparsers._group_actions[0].choices.items():
        assert sp.description, name
        for a in sp._actions:
            assert a.help, f'{name} {a.option_strings or a.dest}: no help text'

def test_shapes_writes_a_grid(tmp_path):
    out = tmp_path / 'grid.png'
    r = run('shapes', '-n', '6', '--size', '32', '--ncols', '3', '-o', str(out))
    assert r.returncode == 0, r.stderr
    im = Image.open(out)
    assert im.mode == 'RGB' and im.width == 3 * (96 + 2) + 2 and str(out) in r.stdout

def test_shapes_is_deterministic(tmp_path):
    a, b = tmp_path / 'a.png', tmp_path / 'b.png'
    for p in (a, b): assert run('shapes', '-n', '4', '-o', str(p)).returncode == 0
    assert a.read_bytes() == b.read_bytes()

def test_bad_arguments_are_named():
    r = run('shapes', '-n', '0')
    assert r.returncode == 2 and 'argument -n' in r.stderr and 'positive integer' in r.stderr
    r = run('train-judge')
    assert r.returncode == 2 and '--out' in r.stderr
