"""Quality against minutes for every stage of a training plan: train the plan into OUT as `unclip_nb train`
does, and measure each stage on unseen data every few minutes of its training.

    python tools/plan_curves.py runs/cpu-curves --plan cpu     # 2 CPU cores: 51.5 min of training, plus data and measuring

Measuring pauses the stage's clock (`MeasureEveryCB`), so each stage trains for as long as its time budget
says, measured or not. What each stage is measured by (every scene unseen in training):
- clip: zero-shot accuracy per attribute on 500 single-object scenes of seed 7 (`zero_shot_accuracy`, full
  captions), and the same with prompts that state one attribute ('... said': `attribute_accuracy`); a plan that
  trains the text tower after CLIP (`lit`) is measured in both parts;
- decoder: the judge's accuracy decoding the true z_i of 100 single-object scenes of seed 7, guidance 3,
  25 DDIM steps (`decoder_report`, as `tools/decoder_recipe.py` measures recipes);
- diffusion_prior, ar_prior: the share of images that satisfy their caption, for held-out phrasings of 100
  single-object scenes of seed 61, drawn by this folder's CLIP and decoder at the decoder's size with
  guidance 3 (`caption_accuracy`);
- upsampler1, upsampler2: PSNR and SSIM of the upsampler and of bicubic upsampling against 50 renders of
  seed 25 (`upsampler_report`).
Writes OUT/curves.json after every stage (with each stage's wall minutes and the part of them spent
measuring), and copies it to --save at the end. Stages already in OUT are skipped, as `train_all` skips them.
"""
import argparse, json, shutil, time
from pathlib import Path
import torch
from unclip_nb.core import read_checkpoint
from unclip_nb.names import PLANS
from unclip_nb.learner import MeasureEveryCB
from unclip_nb.train import train_all
from unclip_nb.clip import load_clip, zero_shot_accuracy
from unclip_nb.lit import attribute_accuracy, lit_loss
from unclip_nb.decoder import decoder_report, load_decoder
from unclip_nb.upsamplers import upsampler_report
from unclip_nb.pipeline import UnCLIP
from unclip_nb.evaluation import caption_accuracy

EVERY = dict(clip=1., decoder=4., diffusion_prior=1., ar_prior=1., upsampler1=1., upsampler2=1.)   # training minutes between measurements

def measure_fn(stage: str, out: Path, guidance: float = 3.):
    "learn -> dict of this stage's quality (the model under training, with the folder's finished stages)."
    def clip_(learn):
        m = learn.model; m.eval()
        r = zero_shot_accuracy(m, n=500, seed=7) | {f'{a} said': v for a, v in attribute_accuracy(m, 'train', n=500, seed=7).items()}
        m.train()
        return r | dict(part='text tower' if learn.loss_fn is lit_loss else 'both towers')
    def decoder_(learn):
        clip = load_clip(pretrained=out / 'clip')
        return {k: v for k, v in decoder_report(learn.ema_model, clip, n=100, seed=7, guidance=guidance).items() if k != 'images'}
    def prior_(learn):
        clip, dec = load_clip(pretrained=out / 'clip'), load_decoder(out / 'decoder')
        # the decoder reads captions with the CLIP it was trained with (`decoder_text`, where the plan keeps one)
        reader = load_clip(pretrained=out / 'decoder_text') if (out / 'decoder_text' / 'config.json').exists() else None
        kind = 'diffusion' if stage == 'diffusion_prior' else 'ar'
        pipe = UnCLIP(clip, dec, **{stage: learn.ema_model}, decoder_text=reader, prior=kind, guidance_scale=guidance)
        r = caption_accuracy(pipe, language='heldout', n=100, seed=61, prior=kind)
        return dict(caption=r['score'], lo=r['lo'], hi=r['hi'], misses=r['misses'])
    def upsampler_(learn):
        return {k: v for k, v in upsampler_report(learn.ema_model, n=50, seed=25).items() if k != 'images'}
    fn = dict(clip=clip_, decoder=decoder_, diffusion_prior=prior_, ar_prior=prior_, upsampler1=upsampler_, upsampler2=upsampler_)[stage]
    def timed(learn):
        t = time.perf_counter()
        with torch.inference_mode(): row = fn(learn)
        row = {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}
        row['measure_s'] = round(time.perf_counter() - t, 1)
        print(f"{stage} at step {learn.step}: {row}", flush=True)
        return row
    return timed

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('out'); ap.add_argument('--plan', default='cpu', choices=list(PLANS))
    ap.add_argument('--save', default=None, help='where to copy curves.json at the end (default: bench/plan_curves/PLAN.json)')
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    path = out / 'curves.json'
    res = json.loads(path.read_text()) if path.exists() else dict(plan=a.plan, plan_settings=PLANS[a.plan], threads=torch.get_num_threads(), every=EVERY, stages={})
    started, cbs = {}, {}
    def stage_cbs(stage):
        started[stage] = time.perf_counter(); cbs[stage] = MeasureEveryCB(measure_fn(stage, out), EVERY[stage]); return [cbs[stage]]
    def after(stage, p):
        meta = read_checkpoint(p)[1]['meta']
        log = cbs[stage].log
        # a stage of two parts (CLIP, then its text tower): the second's minutes follow the first's
        first = [r['minutes'] for r in log if r.get('part') == 'both towers']
        for r in log:
            if r.get('part') == 'text tower': r['minutes'] = round(r['minutes'] + max(first, default=0), 3)
        res['stages'][stage] = dict(wall_minutes=round((time.perf_counter() - started[stage]) / 60, 2),
                                    measuring_minutes=round(sum(r['measure_s'] for r in log) / 60, 2),
                                    steps=meta.get('steps'), bs=meta.get('bs'), log=log)
        path.write_text(json.dumps(res, indent=1))
    t0 = time.perf_counter()
    train_all(out, plan=a.plan, progress=False, cbs=stage_cbs, after_stage=after)
    done = res['stages']
    res['total'] = dict(wall_minutes=round(sum(s['wall_minutes'] for s in done.values()), 2),
                        without_measuring_minutes=round(sum(s['wall_minutes'] - s['measuring_minutes'] for s in done.values()), 2),
                        this_call_minutes=round((time.perf_counter() - t0) / 60, 2))
    path.write_text(json.dumps(res, indent=1))
    save = Path(a.save or f'bench/plan_curves/{a.plan}.json'); save.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, save); print(f"wrote {path} and {save}: {res['total']}")

if __name__ == '__main__': main()
