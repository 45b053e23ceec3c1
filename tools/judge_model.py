"""Judge a trained model folder (`unclip_nb train OUT`) as the `cpu` plan's goals measure it.

    python tools/judge_model.py runs/cpu                 # -> runs/cpu/judged.json
    python tools/judge_model.py runs/cpu --n 200 --seed 30

Prints and writes: the text-to-image pipeline on the full captions of unseen single-object scenes (seed
SEED+1, one image each, at 128 px and the diffusion prior), the judge's accuracy per attribute ('all': every
attribute right); the same for two-object scenes; and the decoder alone on the true z_i of unseen
single-object scenes (seed 7, guidance 3, 25 DDIM steps), as `tools/decoder_recipe.py` measures it.
"""
import argparse, json, time
from pathlib import Path
import torch
from unclip_nb.pipeline import UnCLIP, pipeline_report
from unclip_nb.decoder import decoder_report

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('model'); ap.add_argument('--n', type=int, default=100, help='scenes of each kind')
    ap.add_argument('--seed', type=int, default=30); ap.add_argument('--prior', default='diffusion')
    a = ap.parse_args()
    t0 = time.time(); pipe = UnCLIP.from_pretrained(a.model)
    res = dict(model=str(a.model), n=a.n, seed=a.seed, prior=a.prior)
    res['pipeline_128px'] = {k: round(v, 3) for k, v in pipeline_report(pipe, a.prior, n1=a.n, n2=a.n, seed=a.seed, size=128).items()}
    r = decoder_report(pipe.decoder, pipe.clip, n=a.n, seed=7, guidance=3.0)
    res['decoder_true_zi_32px'] = {k: round(v, 3) for k, v in r.items() if k != 'images'}
    res['seconds'] = round(time.time() - t0)
    print(json.dumps(res, indent=1))
    (Path(a.model) / 'judged.json').write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
