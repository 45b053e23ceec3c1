"The text-to-image commands with the shipped model, run as a user would (offline)."
import os, subprocess, sys
from pathlib import Path
import pytest
from PIL import Image

EXE = str(Path(sys.executable).parent / 'unclip_nb')
ENV = dict(os.environ, HF_HUB_OFFLINE='1')
from unclip_nb.names import WEIGHTS
SHIPPED = all((WEIGHTS / c / 'config.json').exists() for c in ('clip', 'decoder', 'upsampler1', 'upsampler2'))
needs_model = pytest.mark.skipif(not SHIPPED, reason='the package does not ship a decoder and upsamplers yet')

def run(*args, cwd=None): return subprocess.run([EXE, *args], capture_output=True, text=True, env=ENV, cwd=cwd)

@needs_model
def test_sample_writes_a_png(tmp_path):
    out = tmp_path / 'out.png'
    r = run('sample', 'a small red circle in the top left', '-n', '2', '-o', str(out), '--quiet')
    assert r.returncode == 0, r.stderr
    im = Image.open(out)
    assert im.mode == 'RGB' and im.height >= 128 and im.width >= 2 * 128 and str(out) in r.stdout

@needs_model
def test_sample_draws_what_the_prompt_says(tmp_path):
    "The judge reads the prompt's object back from each sample (the shipped model, seed 0)."
    from unclip_nb.judge import predict
    from unclip_nb.pipeline import UnCLIP
    ims = UnCLIP.load_default()('a small red circle in the top left', n_per_prompt=4, progress=False)
    found = [s.objects for s in predict(ims)]
    assert all(len(o) == 1 and (o[0].shape, o[0].color, o[0].size, o[0].position) == ('circle', 'red', 'small', 'top left') for o in found), found

@needs_model
def test_sample_rejects_bad_input(tmp_path):
    r = run('sample', '   ', '-o', str(tmp_path / 'x.png'), '--quiet')
    assert r.returncode == 2 and 'argument prompt: expected a non-empty caption' in r.stderr and 'Traceback' not in r.stderr
    r = run('sample', 'a red circle', '--guidance', '-1', '-o', str(tmp_path / 'x.png'), '--quiet')
    assert r.returncode == 2 and 'argument --guidance: expected a finite number >= 0' in r.stderr
    r = run('sample', 'a red circle', '--size', '48', '-o', str(tmp_path / 'x.png'), '--quiet')   # caught before the model loads
    assert r.returncode == 2 and '--size: expected one of 32, 64, 128' in r.stderr and not (tmp_path / 'x.png').exists()

@needs_model
def test_sample_names_words_outside_the_world(tmp_path):
    "An out-of-world prompt: one warning line naming its unknown words (and a near miss's fix); with --strict, exit 2 before loading."
    r = run('sample', 'a blu dog', '-n', '1', '--size', '32', '--steps', '2', '-o', str(tmp_path / 'x.png'), '--quiet')
    assert r.returncode == 0 and (tmp_path / 'x.png').exists(), r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unclip_nb sample: warning: prompt 'a blu dog': 'blu' (did you mean 'blue'?), 'dog' are not in ShapesWorld"), r.stderr
    assert '.py:' not in r.stderr and 'shapes are circle, square' in r.stderr
    r = run('sample', 'three red stars', '--strict', '-o', str(tmp_path / 'y.png'), '--quiet')
    assert r.returncode == 2 and 'counts above two are not supported' in r.stderr and not (tmp_path / 'y.png').exists()
    r = run('sample', 'i can see a big red star toward the top left', '--strict', '-n', '1', '--size', '32', '--steps', '2', '-o', str(tmp_path / 'z.png'), '--quiet')
    assert r.returncode == 0 and r.stderr == '', r.stderr   # a held-out phrasing is in the world

@needs_model
def test_sample_to_a_file_writes_a_line_per_stage(tmp_path):
    "Output to a file (as `sample ... > log`): no bar updates, one line per stage, then the line naming the PNG."
    r = run('sample', 'a red star', '-n', '2', '-o', str(tmp_path / 'x.png'))
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and '\r' not in r.stdout and len(lines) <= 4 and lines[-1].startswith('wrote'), r.stdout
    assert all(' steps in ' in l for l in lines[:-1]), r.stdout

@needs_model
def test_sample_grid_is_labelled_with_its_prompt(tmp_path):
    "The prompt is written under the grid (one 32 px image: the caption rows are all the extra height); --plain leaves it out."
    heights = {}
    for extra in ([], ['--plain']):
        out = tmp_path / f"x{len(extra)}.png"
        r = run('sample', 'a large blue star in the center', '-n', '1', '--size', '32', '--steps', '2', '-o', str(out), '--quiet', *extra)
        assert r.returncode == 0, r.stderr
        heights[bool(extra)] = Image.open(out).height
    assert heights[True] == 32 and heights[False] > 32 + 10, heights

@needs_model
def test_images_from_outside_the_world_get_a_warning(tmp_path):
    "vary on a blue circle on white: one warning line that says what the model draws; on a render: none."
    from PIL import ImageDraw
    white = Image.new('RGB', (128, 128), (255, 255, 255)); ImageDraw.Draw(white).ellipse((30, 30, 90, 90), fill=(40, 80, 230))
    white.save(tmp_path / 'white.png')
    assert run('shapes', '-n', '1', '--size', '128', '--plain', '-o', str(tmp_path / 'render.png')).returncode == 0
    for name, warned in (('white', True), ('render', False)):
        r = run('vary', str(tmp_path / f'{name}.png'), '-n', '1', '--size', '32', '--steps', '2', '--quiet', '-o', str(tmp_path / f'v{name}.png'))
        assert r.returncode == 0, r.stderr
        lines = r.stderr.strip().splitlines()
        if warned: assert len(lines) == 1 and lines[0].startswith('unclip_nb vary: warning: 1 of 1 image(s)') and 'grey background' in lines[0], r.stderr
        else: assert lines == [], r.stderr

@needs_model
def test_demo_writes_a_grid(tmp_path):
    r = run('demo', '--quiet', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'demo.png').exists() and 'demo.png' in r.stdout

@pytest.mark.slow
@needs_model
def test_wheel_installs_and_runs_offline(tmp_path):
    "python -m build, then a fresh venv with only the wheel (and its dependencies from the local package store), then `unclip_nb demo`."
    root = Path(__file__).parents[1]
    subprocess.run([sys.executable, '-m', 'build', '--wheel', '--outdir', str(tmp_path / 'dist'), str(root)], check=True, capture_output=True)
    wheel = next((tmp_path / 'dist').glob('unclip_nb-*.whl'))
    venv = tmp_path / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
    pins = ['torch==2.14.1', 'torchvision==0.29.1', 'open_clip_torch==3.3.0', 'fastcore<2', 'fastprogress<1.1']
    subprocess.run([str(venv / 'bin' / 'pip'), 'install', '-q', str(wheel), *pins], check=True, capture_output=True)
    r = subprocess.run([str(venv / 'bin' / 'unclip_nb'), 'demo', '--quiet'], capture_output=True, text=True, env=ENV, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'demo.png').exists()

def test_missing_model_is_a_clear_error(tmp_path):
    r = run('sample', 'a red circle', '--model', str(tmp_path / 'nothing'), '-o', str(tmp_path / 'x.png'), '--quiet')
    assert r.returncode == 2 and '--model: there is no folder' in r.stderr and 'Traceback' not in r.stderr

@needs_model
def test_image_commands_write_grids_and_refuse_bad_input(tmp_path):
    "vary, interpolate and edit on renders written by `shapes --plain`; bad input is a one-line usage error (exit 2)."
    a, b = tmp_path / 'a.png', tmp_path / 'b.png'
    for p, seed in ((a, '1'), (b, '2')): assert run('shapes', '-n', '1', '--size', '128', '--seed', seed, '--plain', '-o', str(p)).returncode == 0
    for args, n in ((['vary', str(a), '-n', '2'], 3), (['interpolate', str(a), str(b), '-n', '3'], 3), (['edit', str(a), 'a blue star', '--theta', '0.5'], 2)):
        out = tmp_path / f'{args[0]}.png'
        r = run(*args, '--steps', '10', '--quiet', '-o', str(out))
        assert r.returncode == 0, r.stderr
        im = Image.open(out)
        assert im.mode == 'RGB' and im.height >= 128 and im.width >= n * 128 and str(out) in r.stdout
    (tmp_path / 'notes.txt').write_text('not an image')
    for args, msg in ((['vary', str(tmp_path / 'none.png')], 'no such file'), (['vary', str(tmp_path / 'notes.txt')], 'cannot read'),
                      (['vary', str(a), '-o', str(tmp_path / 'x.txt')], 'ending in .png'), (['edit', str(a), ' '], 'non-empty caption'),
                      (['vary', str(a), '--eta', '2'], '[0, 1]'), (['edit', str(a), 'a red star', '--theta', '-1'], '(0, 1]')):
        r = run(*args)
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (args, r.returncode, r.stderr)
