"""Train the `cpu` plan's diffusion prior with some settings changed, on a model folder's CLIP, judged as it goes.

    python tools/prior_recipe.py runs/cpu-curves now                           # the plan's settings
    python tools/prior_recipe.py runs/cpu-curves w50-lr2e-3 --warmup 50 --lr 2e-3
    python tools/prior_recipe.py runs/cpu-curves outright --from-zt 0          # z_i predicted outright

The records in bench/prior_recipes were made on the same folder with the settings each names (lr, warmup, n,
from_zt): `plan` with the plan's first settings (--lr 5e-4 --warmup 500 --from-zt 0), `n60k` with those and
--n 60000, `w50-lr2e-4` with the rate and warm-up the plan has now but --from-zt 0, and `from-zt` with the
plan's settings now.

The prior trains for --minutes on the plan's data (`prior_data` of the folder's CLIP, n from the plan) and is
judged every --every minutes of training through the folder's decoder at 32 px (guidance 3, as
`tools/plan_curves.py` judges the priors): the share of images that satisfy the full captions of 100 unseen
single-object scenes (ShapesWorld seed --seed + 1; 41 by default, kept apart from the 31 that
`tools/judge_model.py` and `tools/pipeline_stages.py` report on), and of held-out phrasings of 100 others (seed
61, as the plan's curves). At the end, the three underspecified prompts of `50_evaluation` (48 images each):
the share that states them right and the entropy of what they leave unstated. Writes
bench/prior_recipes/NAME.json. About 10 min for 5 minutes of training on 2 CPU cores.
"""
import argparse, json, sys, time
from pathlib import Path
import torch
from unclip_nb.core import native_bf16
from unclip_nb.names import PLANS
from unclip_nb.clip import load_clip
from unclip_nb.decoder import load_decoder
from unclip_nb.priors import prior_data
from unclip_nb.diffusion_prior import train_diffusion_prior
from unclip_nb.learner import MeasureEveryCB
from unclip_nb.pipeline import UnCLIP
from unclip_nb.shapes import ShapesWorld
from unclip_nb.judge import evaluate
from unclip_nb.evaluation import caption_accuracy, fill_in, UNDERSPECIFIED

def main():
    plan = PLANS['cpu']['diffusion_prior']
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('model', help='a model folder of `unclip_nb train` (its clip/ and decoder/ are used)'); ap.add_argument('name')
    ap.add_argument('--minutes', type=float, default=plan['seconds'] / 60); ap.add_argument('--every', type=float, default=1.)
    ap.add_argument('--lr', type=float, default=plan['lr']); ap.add_argument('--bs', type=int, default=plan['bs'])
    ap.add_argument('--warmup', type=int, default=plan.get('warmup', 500)); ap.add_argument('--n', type=int, default=plan['n'])
    ap.add_argument('--from-zt', type=int, choices=(0, 1), default=int(plan.get('config', {}).get('from_zt', False)),
                    help="1: predict z_i as z_t plus a correction (`DiffusionPriorConfig.from_zt`); default: the plan's")
    ap.add_argument('--seed', type=int, default=40); ap.add_argument('--out', default='bench/prior_recipes')
    a = ap.parse_args()
    model = Path(a.model); clip, dec = load_clip(pretrained=model / 'clip').freeze(), load_decoder(model / 'decoder')
    ds = ShapesWorld(100, seed=a.seed + 1, size=32, n_objects=1, cache=False); caps = [ds.caption(i) for i in range(len(ds))]
    pipe = lambda prior: UnCLIP(clip, dec, diffusion_prior=prior, guidance_scale=3.0)
    def judge(learn):
        t = time.perf_counter(); p = pipe(learn.ema_model)
        x = torch.cat([p(caps[i:i + 50], size=32, seed=i, output='tensor', progress=False) for i in range(0, len(caps), 50)])
        r = evaluate(x, ds.scenes()); h = caption_accuracy(p, language='heldout', n=100, seed=61, size=32)
        row = {k: round(r[k], 3) for k in ('all', 'shape', 'color', 'size', 'position', 'count')} | dict(heldout=round(h['score'], 3))
        print(f"step {learn.step}: {row} ({time.perf_counter() - t:.0f} s)", flush=True)
        return row
    t0 = time.time(); data = prior_data(clip, a.n); prep = time.time() - t0
    me = MeasureEveryCB(judge, a.every)
    prior, learn = train_diffusion_prior(None, clip=clip, data=data, lr=a.lr, bs=a.bs, warmup=a.warmup, steps=10**6,
                                         seconds=a.minutes * 60, bf16=native_bf16(), progress=False, cbs=[me],
                                         config=dict(from_zt=bool(a.from_zt)))
    fills = {c.text: fill_in(pipe(prior), c, 'diffusion', n=48, size=32, seed=5) for c in UNDERSPECIFIED}
    res = dict(model=str(model), minutes=a.minutes, lr=a.lr, bs=a.bs, warmup=a.warmup, n=a.n, from_zt=bool(a.from_zt), steps=learn.step, data_seconds=round(prep),
               seed=a.seed + 1, command='python tools/prior_recipe.py ' + ' '.join(sys.argv[1:]), log=me.log,
               fill={t: {k: round(v['score'], 3) for k, v in f.items()} for t, f in fills.items()})
    for t, f in res['fill'].items(): print(f'{t:20s} {f}')
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out / f'{a.name}.json').write_text(json.dumps(res, indent=1)); print(f"wrote {out / a.name}.json")

if __name__ == '__main__': main()
