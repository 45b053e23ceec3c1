"""Judge a trained model folder (`unclip_nb train OUT`) as the `cpu` plan's goals measure it.

    python tools/judge_model.py runs/cpu                 # -> runs/cpu/judged.json
    python tools/judge_model.py runs/cpu --n 200 --seed 30

Prints and writes: the text-to-image pipeline on the full captions of unseen single-object scenes (seed
SEED+1, one image each, at 128 px and the diffusion prior), the judge's accuracy per attribute ('all': every
attribute right); the same for two-object scenes; and the decoder alone on the true z_i of unseen
single-object scenes (seed 7, guidance 3, 25 DDIM steps), as `tools/decoder_recipe.py` measures it. With
--prompts, also at 32 px: the underspecified prompts of `50_evaluation` (48 images each, seed 5: the share that
satisfy the prompt and the normalised entropy of each unstated attribute, `fill_in`) and held-out phrasings of 100
unseen scenes (seed 61, `caption_accuracy`).
"""
import argparse, json, time
from pathlib import Path
import torch
from unclip_nb.pipeline import UnCLIP, pipeline_report
from unclip_nb.decoder import decoder_report
from unclip_nb.evaluation import UNDERSPECIFIED, fill_in, caption_accuracy

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('model'); ap.add_argument('--n', type=int, default=100, help='scenes of each kind')
    ap.add_argument('--seed', type=int, default=30); ap.add_argument('--prior', default='diffusion')
    ap.add_argument('--prompts', action='store_true', help='also underspecified prompts and held-out phrasings')
    a = ap.parse_args()
    t0 = time.time(); pipe = UnCLIP.from_pretrained(a.model)
    res = dict(model=str(a.model), n=a.n, seed=a.seed, prior=a.prior)
    res['pipeline_128px'] = {k: round(v, 3) for k, v in pipeline_report(pipe, a.prior, n1=a.n, n2=a.n, seed=a.seed, size=128).items()}
    r = decoder_report(pipe.decoder, pipe.clip, n=a.n, seed=7, guidance=3.0)
    res['decoder_true_zi_32px'] = {k: round(v, 3) for k, v in r.items() if k != 'images'}
    if a.prompts:
        r3 = lambda d: {k: round(v, 3) if isinstance(v, float) else v for k, v in d.items()}
        res['underspecified_32px'] = {c.text: {k: r3(v) for k, v in fill_in(pipe, c, a.prior, n=48, size=32, seed=5).items()} for c in UNDERSPECIFIED}
        r = caption_accuracy(pipe, language='heldout', n=100, seed=61, size=32, prior=a.prior)
        res['heldout_32px'] = dict(score=round(r['score'], 3), lo=round(r['lo'], 3), hi=round(r['hi'], 3), misses=r.get('misses'))
    res['seconds'] = round(time.time() - t0)
    print(json.dumps(res, indent=1))
    (Path(a.model) / 'judged.json').write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
