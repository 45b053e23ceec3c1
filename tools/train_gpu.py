"""Train every stage with the `gpu` plan and pack each finished stage into OUT/<stage>.tar as soon as it is done.

    python tools/train_gpu.py OUT [WORK]

This is what made the shipped weights on a lent GPU, where the files must come back stage by stage (a run cut
short still returns the stages it finished). On a machine of your own, `unclip_nb train --plan gpu` does the same.
"""
import sys, tarfile, time
from pathlib import Path
import torch
from unclip_nb.train import train_all

out = Path(sys.argv[1]); work = Path(sys.argv[2] if len(sys.argv) > 2 else '/tmp/unclip_work')
out.mkdir(parents=True, exist_ok=True)
torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
torch.backends.cudnn.benchmark = True
print(torch.__version__, torch.cuda.get_device_name(), flush=True)
t0 = time.time()

def pack(stage, path):
    with tarfile.open(out / f'{stage}.tar', 'w') as tf: tf.add(path, arcname=stage)
    print(f'[{time.time() - t0:.0f} s] packed {stage}', flush=True)

train_all(work, plan='gpu', device='cuda', bf16=True, progress=False, after_stage=pack)
print(f'all stages done in {(time.time() - t0) / 60:.1f} min', flush=True)
