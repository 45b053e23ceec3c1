"""Launch a short two-process `unclip_nb train` many times in a row and count how each launch ended: whether a finished
run can abort at exit ('terminate called without an active exception', SIGABRT in a worker).

    python tools/ddp_stress.py --runs 30                       # accelerate launch, as tests/test_distributed.py does
    python tools/ddp_stress.py --runs 30 --launcher torchrun --load 2   # torchrun, beside two busy processes
    python tools/ddp_stress.py --runs 90 --parallel 3                # three launches at a time: 6 ranks on the cores
"""
import argparse, multiprocessing as mp, os, socket, subprocess, sys, tempfile, time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent

def free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def command(launcher: str, out: Path, steps: int) -> list:
    train = ['train', '--out', str(out), '--preset', 'tiny', '--plan', 'tiny', '--stages', 'upsampler1', '--steps', str(steps), '--quiet']
    if launcher == 'torchrun': return [str(BIN / 'torchrun'), '--nproc_per_node', '2', '--master_port', str(free_port()), str(BIN / 'unclip_nb'), *train]
    return [str(BIN / 'accelerate'), 'launch', '--multi_gpu', '--num_processes', '2', '--num_machines', '1', '--mixed_precision', 'no',
            '--dynamo_backend', 'no', '--main_process_port', str(free_port()), '-m', 'unclip_nb.cli', *train]

def busy(_):
    "Keep one core busy (the load a CI machine may have beside the test)."
    while True: pass

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--runs', type=int, default=30)
    p.add_argument('--launcher', choices=('accelerate', 'torchrun'), default='accelerate')
    p.add_argument('--steps', type=int, default=20, help='training steps per launch (few: exit comes soon after the last collective)')
    p.add_argument('--load', type=int, default=0, help='busy processes beside the launches')
    p.add_argument('--parallel', type=int, default=1, help='launches running at once')
    a = p.parse_args()
    loaders = [mp.Process(target=busy, args=(i,), daemon=True) for i in range(a.load)]
    for l in loaders: l.start()
    env = os.environ | {'HF_HUB_OFFLINE': '1'}
    ends, t0 = Counter(), time.time()
    def launch(_):
        with tempfile.TemporaryDirectory() as d:
            return subprocess.run(command(a.launcher, Path(d) / 'run', a.steps), capture_output=True, text=True, env=env)
    try:
        with ThreadPoolExecutor(a.parallel) as ex:
            for i, r in enumerate(ex.map(launch, range(a.runs))):
                abort = 'terminate called' in r.stdout + r.stderr or 'SIGABRT' in r.stdout + r.stderr
                end = 'ok' if r.returncode == 0 and not abort else ('abort at exit' if abort else f'exit {r.returncode}')
                ends[end] += 1
                print(f"run {i + 1:3d}/{a.runs}: {end} ({time.time() - t0:.0f} s)", flush=True)
                if end != 'ok': print('   ' + (r.stdout + r.stderr)[-1500:].replace('\n', '\n   '), flush=True)
    finally:
        for l in loaders: l.terminate()
    print(f"{a.launcher}, {a.steps} steps, {a.load} busy process(es), {a.parallel} at a time: " + ', '.join(f'{k}: {v}' for k, v in ends.most_common()) + f" of {a.runs}")
    sys.exit(0 if ends['ok'] == a.runs else 1)

if __name__ == '__main__': main()
