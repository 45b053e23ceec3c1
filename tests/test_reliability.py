"Crash safety and determinism, with real processes: kill -9 in the middle of a stage and of a checkpoint write, and seeds compared across fresh interpreters."
import hashlib, json, signal, subprocess, sys, time
from pathlib import Path
import torch
from unclip_nb.core import read_checkpoint

EXE = str(Path(sys.executable).parent / 'unclip_nb')
ENV_CODE = "import os; os.environ.setdefault('HF_HUB_OFFLINE', '1')\n"

def py(code: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-c', ENV_CODE + code, *args], capture_output=True, text=True)

def train(out: Path) -> list:
    return [EXE, 'train', '--out', str(out), '--preset', 'tiny', '--plan', 'tiny', '--stages', 'upsampler1', '--steps', '400', '--quiet']

def test_train_killed_mid_stage_resumes_bit_for_bit(tmp_path):
    "kill -9 of `unclip_nb train` inside a stage; the same command again resumes from its last training state and ends with the weights of an uninterrupted run."
    subprocess.run(train(tmp_path / 'ref'), check=True, capture_output=True)
    run = tmp_path / 'run'; state = run / 'upsampler1.train_state' / 'config.json'
    p = subprocess.Popen(train(run), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while time.time() - t0 < 300:   # wait for a training state past its first one, then kill without warning
        try: step = json.loads(state.read_text())['meta']['step']
        except (OSError, ValueError, KeyError): step = 0
        if step >= 120 or p.poll() is not None: break
        time.sleep(0.05)
    assert p.poll() is None, 'the run ended before it could be killed'
    p.send_signal(signal.SIGKILL); p.wait()
    assert p.returncode == -signal.SIGKILL and not (run / 'upsampler1' / 'config.json').exists()
    subprocess.run(train(run), check=True, capture_output=True)
    (a, _), (b, info) = read_checkpoint(tmp_path / 'ref' / 'upsampler1'), read_checkpoint(run / 'upsampler1')
    assert info['meta']['resumed_at'] >= 120 and info['meta']['steps'] == 400
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert not (run / 'upsampler1.train_state').exists()

def test_checkpoint_write_killed_keeps_the_old_one(tmp_path):
    "A process killed (SIGKILL) after writing the new tensors but before the directory is swapped in leaves the previous checkpoint whole."
    d = tmp_path / 'ck'
    r = py(f"""
import os, signal, torch, unclip_nb.core as core
core.save_checkpoint({str(d)!r}, {{'w': torch.zeros(4)}}, kind='toy')
real = core.save_file
def dying(t, path): real(t, path); os.kill(os.getpid(), signal.SIGKILL)
core.save_file = dying
core.save_checkpoint({str(d)!r}, {{'w': torch.ones(4)}}, kind='toy')
""")
    assert r.returncode == -signal.SIGKILL, r.stderr
    t, info = read_checkpoint(d, kind='toy')
    assert torch.equal(t['w'], torch.zeros(4))

def test_save_pretrained_killed_keeps_the_old_folder(tmp_path):
    "save_pretrained killed after three of its seven components leaves the previous folder as it was, loadable."
    d = tmp_path / 'model'
    r = py(f"""
import os, signal, torch, unclip_nb.core as core
from unclip_nb.pipeline import UnCLIP
pipe = UnCLIP.load_default(); pipe.save_pretrained({str(d)!r})
pipe.decoder.null.data += 1                    # the version that must not land
real, n = core.save_file, [0]
def dying(t, path):
    n[0] += 1; real(t, path)
    if n[0] == 3: os.kill(os.getpid(), signal.SIGKILL)
core.save_file = dying
pipe.save_pretrained({str(d)!r})
""")
    assert r.returncode == -signal.SIGKILL, r.stderr
    from unclip_nb.pipeline import UnCLIP
    old, shipped = UnCLIP.from_pretrained(d), UnCLIP.load_default()
    assert torch.allclose(old.decoder.null, shipped.decoder.null.half().float())

SAMPLE = """
import hashlib, sys, torch
torch.set_num_threads(int(sys.argv[1]))
from unclip_nb.pipeline import UnCLIP
x = UnCLIP.load_default()(sys.argv[3:], size=32, steps=5, seed=3, progress=False, output='tensor', prior=sys.argv[2])
torch.save(x[0].clone(), sys.argv[3].replace(' ', '_') + f'_{sys.argv[1]}_{sys.argv[2]}_{len(sys.argv)}.pt')
print(hashlib.sha256(((x[0].float().clamp(-1, 1) + 1) * 127.5).round().byte().numpy().tobytes()).hexdigest())
"""

def test_same_seed_same_image_in_a_fresh_process(tmp_path):
    "Same prompts, order, seed and thread count: the same 8-bit image, bit for bit, in two fresh interpreters."
    runs = [subprocess.run([sys.executable, '-c', ENV_CODE + SAMPLE, '2', 'diffusion', 'a red star'], capture_output=True, text=True, cwd=tmp_path)
            for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout

def test_what_an_image_depends_on(tmp_path):
    "The thread count and prompts after an item change its floats in the fifth decimal at most; with the AR prior a companion changes the image."
    def sample(threads, prior, *prompts):
        r = subprocess.run([sys.executable, '-c', ENV_CODE + SAMPLE, str(threads), prior, *prompts], capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        return torch.load(tmp_path / f"{prompts[0].replace(' ', '_')}_{threads}_{prior}_{len(prompts) + 3}.pt")
    one, ar = sample(2, 'diffusion', 'a red star'), sample(2, 'ar', 'a red star')
    d = dict(threads=(sample(1, 'diffusion', 'a red star') - one).abs().max().item(),
             companion=(sample(2, 'diffusion', 'a red star', 'a blue circle') - one).abs().max().item(),
             ar_companion=(sample(2, 'ar', 'a red star', 'a blue circle') - ar).abs().max().item())
    print('max |difference| to the image drawn alone with 2 threads:', {k: f'{v:.2g}' for k, v in d.items()})
    assert d['threads'] < 1e-4          # threads: summation order only
    assert d['companion'] < 1e-3        # a companion after it: batched arithmetic only
    assert d['ar_companion'] > 0.1      # the AR prior draws its tokens for the whole batch
