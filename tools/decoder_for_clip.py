"""A decoder for another CLIP, from the shipped decoder: its z_i projections rebased onto the new CLIP's space by
a linear map (`embedding_map`, `rebase_decoder` in `32a_laptop`), then fine-tuned: first only the parameters
that read CLIP (`CONDITIONING`), then everything at a lower rate. Judged every few minutes of training.

    python tools/decoder_for_clip.py runs/cpu-curves/clip --minutes 20 --phase1 5     # the `cpu` plan's CLIP

Measured as `tools/decoder_recipe.py` measures recipes: the judge's accuracy decoding the new CLIP's z_i of 100
unseen single-object scenes (seed 7), guidance 3, 25 DDIM steps. Minute 0 is the rebased decoder before any
training, and (when the widths allow) the shipped decoder given the new z_i unchanged. With --two N, each
measurement also decodes the z_i of N unseen two-object scenes (seed 7), and minute 0 also has the shipped
decoder given the shipped CLIP's own z_i of the same scenes: the baseline. Writes
bench/decoder_for_clip/NAME.json (--name; default: the CLIP folder's parent and name) and NAME.png (the last samples); with
--save DIR, the final decoder too, as a checkpoint a model folder can hold.
"""
import argparse, json, sys, time
from pathlib import Path
import torch
from unclip_nb.core import seed_everything
from unclip_nb.clip import load_clip
from unclip_nb.decoder import load_decoder, decoder_data, decoder_report, image_embeddings, train_decoder, SHIPPED_DECODER_TEXT, CONDITIONING
from unclip_nb.learner import MeasureEveryCB
from unclip_nb.laptop import embedding_map, map_r2, rebase_decoder
from unclip_nb.viz import image_grid

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('clip', help='folder of the new CLIP (as `unclip_nb train` writes it)')
    ap.add_argument('--minutes', type=float, default=20, help='training minutes in all'); ap.add_argument('--phase1', type=float, default=5, help='of which: only the parameters that read CLIP')
    ap.add_argument('--every', type=float, default=2.5); ap.add_argument('--n', type=int, default=20000, help='training images (ShapesWorld seed 2000)')
    ap.add_argument('--lr1', type=float, default=1e-3); ap.add_argument('--lr2', type=float, default=2e-4); ap.add_argument('--bs', type=int, default=32)
    ap.add_argument('--two', type=int, default=0, help='also judge N two-object scenes at each measurement (default: 0, none)')
    ap.add_argument('--name', default=None); ap.add_argument('--out', default='bench/decoder_for_clip')
    ap.add_argument('--save', default=None, help='also save the final decoder (EMA weights) in this checkpoint folder (default: not saved)')
    a = ap.parse_args()
    name = a.name or f"{Path(a.clip).resolve().parent.name}-{Path(a.clip).name}-{a.minutes:g}min"
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    new_clip, old_clip, shipped = load_clip(pretrained=a.clip).freeze(), load_clip(pretrained=SHIPPED_DECODER_TEXT).freeze(), load_decoder()
    t0 = time.time(); seed_everything(0)
    imgs, toks = decoder_data(new_clip, shipped.cfg.size, a.n)
    z_new, z_old = image_embeddings(new_clip, imgs), image_embeddings(old_clip, imgs)
    A, c = embedding_map(z_new[:-1000], z_old[:-1000])
    fit = dict(r2_train=round(map_r2(z_new[:-1000], z_old[:-1000], A, c), 4), r2_heldout=round(map_r2(z_new[-1000:], z_old[-1000:], A, c), 4))
    prep = time.time() - t0
    print(f"map from the new z_i to the old: {fit} ({prep:.0f} s with the data)", flush=True)
    def judge(dec, clip=None):
        clip = clip or new_clip
        r = decoder_report(dec, clip, n=100, seed=7, guidance=3.0)
        if clip is new_clip: image_grid(r['images'][:40], ncols=10, path=out / f"{name}.png")
        res = {k: round(v, 3) for k, v in r.items() if k != 'images'}
        if a.two:
            r2 = decoder_report(dec, clip, n=a.two, seed=7, n_objects=2, guidance=3.0)
            res |= {f'two_{k}': round(v, 3) for k, v in r2.items() if k != 'images'}
        return res
    start = rebase_decoder(shipped, A, c, text_dim=new_clip.token_dim)
    base = dict(rebased=judge(start))
    if new_clip.embed_dim == shipped.cfg.clip_dim and new_clip.token_dim == shipped.cfg.text_dim: base['shipped_unchanged'] = judge(shipped)
    if a.two: base['shipped_own_clip'] = judge(shipped, old_clip)
    print(f"minute 0: {base}", flush=True)
    log, offset = [], 0.
    def phase(init, lr, minutes, only):
        me = MeasureEveryCB(lambda learn: judge(learn.ema_model), a.every)
        model, learn = train_decoder(None if only else a.save, clip=new_clip, data=(imgs, toks, z_new), init=init, train_only=only, lr=lr, warmup=50, bs=a.bs,
                                     bf16=True, seconds=minutes * 60, steps=10**6, progress=False, cbs=[me],
                                     command='python tools/decoder_for_clip.py ' + ' '.join(sys.argv[1:]))
        for r in me.log: log.append(dict(r, minutes=round(offset + r['minutes'], 3), phase='conditioning' if only else 'all')); print(log[-1], flush=True)
        return model, learn.step
    m1, s1 = phase(start, a.lr1, a.phase1, CONDITIONING) if a.phase1 > 0 else (start, 0)
    offset = a.phase1
    m2, s2 = phase(m1, a.lr2, a.minutes - a.phase1, ())
    res = dict(clip=str(a.clip), minutes=a.minutes, phase1_minutes=a.phase1, lr=(a.lr1, a.lr2), bs=a.bs, n=a.n, steps=(s1, s2), map=fit,
               data_seconds=round(prep), threads=torch.get_num_threads(), eval=dict(n=100, n_two=a.two, seed=7, guidance=3.0, steps=25), minute0=base, log=log)
    (out / f"{name}.json").write_text(json.dumps(res, indent=1)); print(f"wrote {out / (name + '.json')}")

if __name__ == '__main__': main()
