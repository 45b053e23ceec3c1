"""Training images/s of `unclip_nb train` in one process and in N data-parallel processes (torchrun) on this machine.

    python tools/ddp_speed.py [--procs 2] [--stages decoder upsampler1] [--steps 60] [--preset small] [--device cpu]

Every run trains on the same 512-image folder from `unclip_nb shapes --folder` with the shipped CLIP, the plan's
batch size as the global batch; the time is the training loop's alone (the `minutes` its checkpoint records)."""
import argparse, json, os, shutil, subprocess, sys, tempfile
from pathlib import Path

p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
p.add_argument('--procs', type=int, default=2); p.add_argument('--steps', type=int, default=60)
p.add_argument('--stages', nargs='+', default=['decoder', 'upsampler1']); p.add_argument('--preset', default='small')
p.add_argument('--plan', default='cpu'); p.add_argument('--device', default=None)
a = p.parse_args()
bin_, env = Path(sys.executable).parent, os.environ | {'HF_HUB_OFFLINE': '1'}
from unclip_nb.names import WEIGHTS
with tempfile.TemporaryDirectory() as d:
    d = Path(d); subprocess.run([str(bin_ / 'unclip_nb'), 'shapes', '--folder', str(d / 'data'), '-n', '512', '--size', '128', '--language', 'train'], check=True, env=env, stdout=subprocess.DEVNULL)
    rows = []
    for n in (1, a.procs):
        out = d / f'm{n}'; out.mkdir(); shutil.copytree(WEIGHTS / 'clip', out / 'clip')
        cmd = ['train', '--out', str(out), '--stages', *a.stages, '--steps', str(a.steps), '--data', str(d / 'data'),
               '--preset', a.preset, '--plan', a.plan, '--quiet'] + (['--device', a.device] if a.device else [])
        launch = [str(bin_ / 'unclip_nb')] if n == 1 else [str(bin_ / 'torchrun'), '--nproc_per_node', str(n), str(bin_ / 'unclip_nb')]
        subprocess.run(launch + cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for s in a.stages:
            m = json.loads((out / s / 'config.json').read_text())['meta']
            rows.append((s, m['processes'], m['bs'], m['steps'], m['minutes'] * 60, m['steps'] * m['bs'] / (m['minutes'] * 60), m['device_name']))
import torch
print(f"torch {torch.__version__}, {os.cpu_count()} CPU cores, preset {a.preset}, plan {a.plan}, {a.steps} steps")
print(f"{'stage':12s} {'processes':>9s} {'global batch':>12s} {'seconds':>8s} {'images/s':>9s}  device")
for s, n, bs, steps, sec, ips, dev in sorted(rows): print(f"{s:12s} {n:9d} {bs:12d} {sec:8.1f} {ips:9.1f}  {dev}")
