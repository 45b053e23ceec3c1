"""Time to quality of a CLIP recipe on this machine: the `cpu` plan's CLIP stage with some settings changed,
trained from scratch for a fixed number of minutes and judged every minute of training by zero-shot accuracy
per attribute on 500 unseen single-object scenes (seed 7); at the end also by linear probes of each attribute
from z_i (trained on 2000 scenes of seed 12, tested on the 500 of seed 7): what a decoder can read.

    python tools/clip_recipe.py plan --minutes 8                      # the plan's CLIP as it is
    python tools/clip_recipe.py warmup50 --minutes 8 --warmup 50      # a shorter warm-up
    python tools/clip_recipe.py no-twins --pairs 0 --bs 256           # without the plan's twin pairs (`13_binding`)

Writes bench/clip_recipes/NAME-Mmin.json.
"""
import argparse, json, time
from pathlib import Path
import torch
from unclip_nb.core import native_bf16, get_device
from unclip_nb.names import PLANS, ATTRS, VALUES
from unclip_nb.shapes import ShapesWorld
from unclip_nb.learner import MeasureEveryCB
from unclip_nb.clip import train_clip, zero_shot_accuracy
from unclip_nb.clip_probing import embed, linear_probe, attribute_labels
from unclip_nb.binding import twin_batches

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('name'); ap.add_argument('--minutes', type=float, default=8); ap.add_argument('--every', type=float, default=1)
    plan = PLANS['cpu']['clip']
    ap.add_argument('--bs', type=int, default=plan['bs']); ap.add_argument('--lr', type=float, default=plan['lr'])
    ap.add_argument('--n', type=int, default=plan['n']); ap.add_argument('--warmup', type=int, default=plan.get('warmup', 200))
    twins = plan.get('twins', {})
    ap.add_argument('--pairs', type=int, default=twins.get('pairs', 0), help="twin pairs per batch, as the plan's (0: none)")
    ap.add_argument('--out', default='bench/clip_recipes')
    a = ap.parse_args()
    def zero_shot(learn):
        m = learn.model; m.eval(); r = zero_shot_accuracy(m, n=500, seed=7); m.train()
        r = {k: round(v, 3) for k, v in r.items()}; print(f"{a.name} at step {learn.step}: {r}", flush=True); return r
    me = MeasureEveryCB(zero_shot, a.every)
    t0 = time.time()
    hard = (lambda c: twin_batches(c, **(twins | dict(pairs=a.pairs)))) if a.pairs else None
    clip, learn = train_clip(None, bs=a.bs, lr=a.lr, n=a.n, warmup=a.warmup, steps=10**5, seconds=a.minutes * 60,
                             bf16=native_bf16(get_device(None)), progress=False, cbs=[me], extra=hard)
    tr, te = ShapesWorld(2000, seed=12, size=clip.image_size, n_objects=1, cache=False), ShapesWorld(500, seed=7, size=clip.image_size, n_objects=1, cache=False)
    ztr, zte = embed(clip, tr), embed(clip, te)
    probes = {k: round(linear_probe(ztr, attribute_labels(tr, k), zte, attribute_labels(te, k), len(VALUES[k])), 3) for k in ATTRS}
    res = dict(name=a.name, minutes=a.minutes, bs=a.bs, lr=a.lr, n=a.n, warmup=a.warmup, pairs=a.pairs, steps=learn.step, threads=torch.get_num_threads(),
               wall_minutes=round((time.time() - t0) / 60, 2), probes=probes, log=me.log)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out / f"{a.name}-{a.minutes:g}min.json").write_text(json.dumps(res, indent=1))
    print(f"{a.name}: {learn.step} steps; zero-shot {me.log[-1]}; probes {probes}")

if __name__ == '__main__': main()
