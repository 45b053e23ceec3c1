"""Time the shipped text-to-image pipeline on this machine: seconds per 128 px image per stage, at batch 1 and 8.

    python bench/pipeline_speed.py [--repeats 2] [--threads N]

Same as `unclip_nb bench`. Default step counts: decoder 25 DDIM steps with guidance, upsamplers 27 and 15.
"""
import argparse, os
os.environ.setdefault('HF_HUB_OFFLINE', '1')
import torch
from unclip_nb.pipeline import UnCLIP, benchmark, format_benchmark

ap = argparse.ArgumentParser(); ap.add_argument('--repeats', type=int, default=2); ap.add_argument('--threads', type=int, default=None)
ap.add_argument('--guidance', type=float, default=None)
a = ap.parse_args()
if a.threads: torch.set_num_threads(a.threads)
pipe = UnCLIP.load_default()
kw = {} if a.guidance is None else dict(guidance_scale=a.guidance)
print(f'{pipe}; {torch.get_num_threads()} threads')
print(format_benchmark(benchmark(pipe, (1, 8), repeats=a.repeats, **kw)))
