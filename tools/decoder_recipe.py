"""Time to quality of a decoder recipe on this machine: train a decoder from scratch for a fixed number of
minutes, judging it every few minutes of training on unseen single-object scenes decoded from their true z_i.

    python tools/decoder_recipe.py small --minutes 16 --every 4        # the small preset, as the `cpu` plan trained it before
    python tools/decoder_recipe.py fast-z8 --minutes 20 --every 4      # the first laptop decoder (ch 32)
    python tools/decoder_recipe.py p2-trunc5 --minutes 20 --every 4 --caption   # the `cpu` plan's decoder now (`32a_laptop`)
    python tools/decoder_recipe.py p2-trunc5 --clip runs/cpu/clip --name p2-trunc5-own   # on another CLIP's z_i
    python tools/decoder_recipe.py --list                              # every recipe

The runs in bench/decoder_recipes/ were made with these commands, one at a time on 2 CPU cores, with
--minutes and --every as their file names and records say (10-minute runs: --every 2.5).

Writes runs/recipes/RECIPE-Mmin.json (and the latest samples as RECIPE-Mmin.png): the recipe, images/s, and one row per measurement (training minutes, step,
judge accuracies: 'all' is every attribute right). The measurement decodes the z_i of 100 unseen single-object
scenes (seed 7) with 25 DDIM steps at guidance 3; the CLIP is the shipped one (image tower and the text tower
the shipped decoder reads), so every recipe learns the same z_i space as the shipped decoder, unless --clip names
another.
"""
import argparse, json, time
from dataclasses import replace, asdict
from pathlib import Path
import torch
from unclip_nb.clip import load_clip
from unclip_nb.unet import UNetConfig
from unclip_nb.decoder import DecoderConfig, Decoder, decoder_data, decoder_loss, decoder_report, image_embeddings, SHIPPED_DECODER_TEXT
from unclip_nb.viz import image_grid
from unclip_nb.learner import TensorBatches, MeasureEveryCB, fit_and_save

U = lambda **k: UNetConfig(**(dict(ch=48, mults=(1, 2, 2), n_res=2, attn_res=(16, 8), head_dim=32, coords=True) | k))
RECIPES = {   # name: (decoder config, training settings)
    'small': (DecoderConfig(), dict(bs=32, lr=1e-3, bf16=False, precompute=False)),      # the `cpu` plan before
    'small-bf16-z': (DecoderConfig(), dict(bs=32, lr=1e-3, bf16=True, precompute=True)),
    'attn8': (DecoderConfig(unet=U(attn_res=(8,))), dict(bs=32, lr=1e-3, bf16=True, precompute=True)),
    'attn8-minsnr': (DecoderConfig(unet=U(attn_res=(8,)), min_snr=5.), dict(bs=32, lr=1e-3, bf16=True, precompute=True)),
    'ch32': (DecoderConfig(unet=U(ch=32, attn_res=(8,))), dict(bs=32, lr=1e-3, bf16=True, precompute=True)),
    'ch32-minsnr': (DecoderConfig(unet=U(ch=32, attn_res=(8,)), min_snr=5.), dict(bs=32, lr=1e-3, bf16=True, precompute=True)),
    'ch32-minsnr-bs64': (DecoderConfig(unet=U(ch=32, attn_res=(8,)), min_snr=5.), dict(bs=64, lr=2e-3, bf16=True, precompute=True)),
    'fast': (DecoderConfig(unet=U(ch=32, n_res=1, attn_res=(8,)), p_high=0.1), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    'fast-z8': (DecoderConfig(unet=U(ch=32, n_res=1, attn_res=(8,)), p_high=0.1, z_scale=8.), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    'fast-z8-r2': (DecoderConfig(unet=U(ch=32, n_res=2, attn_res=(8,)), p_high=0.1, z_scale=8.), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    'fast-z8-mid': (DecoderConfig(unet=U(ch=32, n_res=1, attn_res=(8,)), p_high=0.1, log_snr=(0.5, 1.5), z_scale=8.), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    'fast-mid': (DecoderConfig(unet=U(ch=32, n_res=1, attn_res=(8,)), p_high=0.15, log_snr=(0.5, 1.5)), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    # patch 2 (`06_unet`): the trunk runs at 16 px and below
    'p2': (DecoderConfig(unet=U(ch=64, mults=(1, 1), n_res=1, attn_res=(8,), patch=2), p_high=0.1, z_scale=8.), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    'p2-trunc5': (DecoderConfig(unet=U(ch=64, mults=(1, 1), n_res=1, attn_res=(8,), patch=2), p_high=0.1, z_scale=8., min_snr=5., snr_offset=1.), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    'p2-trunc2': (DecoderConfig(unet=U(ch=64, mults=(1, 1), n_res=1, attn_res=(8,), patch=2), p_high=0.1, z_scale=8., min_snr=2., snr_offset=1.), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
    'p2-3lvl': (DecoderConfig(unet=U(ch=48, mults=(1, 2, 2), n_res=1, attn_res=(4,), head_dim=48, patch=2), p_high=0.1, z_scale=8.), dict(bs=32, lr=2e-3, warmup=100, bf16=True, precompute=True)),
}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('recipe', nargs='?'); ap.add_argument('--list', action='store_true')
    ap.add_argument('--minutes', type=float, default=20); ap.add_argument('--every', type=float, default=4)
    ap.add_argument('--n', type=int, default=20000, help='training images (ShapesWorld seed 2000)')
    ap.add_argument('--eval-n', type=int, default=100); ap.add_argument('--guidance', type=float, default=3.0)
    ap.add_argument('--out', default='runs/recipes')
    ap.add_argument('--caption', action='store_true', help="also judge decoding with each scene's caption ('caption_' keys)")
    ap.add_argument('--save', action='store_true', help='keep the trained decoder in OUT/RECIPE-Mmin/')
    ap.add_argument('--clip', default=None, help='the CLIP whose z_i the decoder learns: a checkpoint folder (default: the shipped one)')
    ap.add_argument('--name', default=None, help='the name of the run files (default: RECIPE)')
    a = ap.parse_args()
    if a.list or a.recipe is None:
        for k, (c, s) in RECIPES.items(): print(f"{k:18s} {s} unet={asdict(c.unet)} min_snr={c.min_snr}")
        return
    cfg, s = RECIPES[a.recipe]
    out, name = Path(a.out), f"{a.name or a.recipe}-{a.minutes:g}min"
    torch.manual_seed(0)
    clip = load_clip(pretrained=a.clip or SHIPPED_DECODER_TEXT).freeze()
    cfg = replace(cfg, clip_dim=clip.embed_dim, text_dim=clip.token_dim)
    t0 = time.time(); data = decoder_data(clip, cfg.size, a.n)
    if s['precompute']: data = (*data, image_embeddings(clip, data[0]))
    prep = time.time() - t0
    def measure(learn):
        r = decoder_report(learn.ema_model, clip, n=a.eval_n, seed=7, guidance=a.guidance)
        out.mkdir(parents=True, exist_ok=True); image_grid(r['images'][:40], ncols=10, path=out / f"{name}.png")   # the latest samples, to look at
        row = {k: round(v, 3) for k, v in r.items() if k != 'images'}
        if a.caption:   # the same scenes decoded with their captions too, as the pipeline does
            rc = decoder_report(learn.ema_model, clip, n=a.eval_n, seed=7, guidance=a.guidance, caption=True)
            row |= {f'caption_{k}': round(v, 3) for k, v in rc.items() if k != 'images'}
        print(f"{a.recipe}: {row} at step {learn.step}", flush=True); return row
    me = MeasureEveryCB(measure, a.every)
    torch.manual_seed(0)
    model, learn = fit_and_save(Decoder(cfg), TensorBatches(*data, bs=s['bs']), decoder_loss(clip), 10**6,
                                out / name if a.save else None, kind='decoder', config=cfg,
                                lr=s['lr'], warmup=s.get('warmup', 500), bf16=s['bf16'], seconds=a.minutes * 60, cbs=[me], progress=False)
    res = dict(recipe=a.recipe, clip=a.clip or 'shipped', settings=s, config=cfg.to_dict(), params=sum(p.numel() for p in model.parameters()),
               minutes=a.minutes, steps=learn.step, images_per_s=learn.step * s['bs'] / (a.minutes * 60), data_seconds=round(prep, 1),
               threads=torch.get_num_threads(), eval=dict(n=a.eval_n, seed=7, guidance=a.guidance, steps=25, caption=a.caption), log=me.log)
    (out / f"{name}.json").write_text(json.dumps(res, indent=1))
    print(f"wrote {out / (name + '.json')}: {learn.step} steps, {res['images_per_s']:.0f} images/s, final {me.log[-1]}")

if __name__ == '__main__': main()
