"""Where does the text-to-image pipeline lose what its decoder keeps: in the prior's z_i, or in the upsamplers?

    python tools/pipeline_stages.py runs/cpu                     # -> bench/pipeline_stages/cpu.json
    python tools/pipeline_stages.py unclip_nb/weights --name shipped

The full captions of `n` unseen single-object scenes (ShapesWorld seed SEED+1, as `pipeline_report` and
`tools/judge_model.py` draw them) go through the pipeline with four sources of the decoder's input, the same
image seeds each time (chunks of 50, seeded by their first index, as `pipeline_report`):

- prior:      the pipeline as it is (z_i sampled by the prior from the caption);
- z_t:        no prior, the caption's CLIP text embedding given as z_i;
- true z_i:   the CLIP image embedding of the scene itself: what the prior should have sampled;
- true image: no decoder, the scene rendered at the decoder's size: what the upsamplers alone lose.

The decoder reads the caption's token features in the first three, as the pipeline does. Each source is judged
at every size the pipeline makes (the decoder's output, then after each upsampler), so a row's drop from one
size to the next is what that upsampler loses, and a column's drop from 'true z_i' to 'prior' is what the prior
loses. About 3 min for 100 scenes on 2 CPU cores with the `cpu` plan's folder, 7 with the shipped model.
"""
import argparse, json, time
from pathlib import Path
import torch
from unclip_nb.pipeline import UnCLIP
from unclip_nb.decoder import decode
from unclip_nb.upsamplers import upsample
from unclip_nb.shapes import ShapesWorld
from unclip_nb.judge import evaluate

SOURCES = ('prior', 'z_t', 'true z_i', 'true image')

@torch.inference_mode()
def stages(pipe: UnCLIP, source: str, ds: ShapesWorld, clip_ds: ShapesWorld, prior: str, bs: int = 50) -> dict:
    "Images of `ds`'s scenes from `source`, keyed by side: the decoder's, then after each upsampler."
    caps = [ds.caption(i) for i in range(len(ds))]
    out = {}
    for i in range(0, len(ds), bs):
        c, idx = caps[i:i + bs], range(i, min(i + bs, len(ds)))   # only this chunk's scenes are rendered
        if source == 'true image': x = ds.tensor(idx).float() / 127.5 - 1   # uint8 -> [-1, 1]
        else:
            z, h, m = pipe.embed_prompts(c, 'none' if source != 'prior' else prior, i, pipe.prior_guidance)
            if source == 'true z_i': z = pipe.clip.encode_image(clip_ds.tensor(idx).to(pipe.clip.device))
            x = decode(pipe.decoder, z, h, m, guidance=pipe.guidance_scale, steps=25, seed=i, clip=pipe.clip)
        xs = [x.float().cpu()]
        for up in (pipe.upsampler1, pipe.upsampler2):
            if up is not None: xs.append(upsample(up, xs[-1], seed=i).float().cpu())
        for y in xs: out.setdefault(y.shape[-1], []).append(y)
    return {s: torch.cat(v) for s, v in out.items()}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('model', help='a model folder (the shipped one: unclip_nb/weights)')
    ap.add_argument('--n', type=int, default=100, help='unseen single-object scenes (default: 100)')
    ap.add_argument('--seed', type=int, default=30, help='their ShapesWorld seed is SEED+1 (default: 30)')
    ap.add_argument('--prior', default='diffusion'); ap.add_argument('--sources', nargs='+', default=list(SOURCES), choices=SOURCES)
    ap.add_argument('--name', default=None, help="default: the model folder's name")
    ap.add_argument('--out', default='bench/pipeline_stages')
    a = ap.parse_args()
    t0 = time.time(); pipe = UnCLIP.from_pretrained(a.model)
    ds = ShapesWorld(a.n, seed=a.seed + 1, size=pipe.decoder.cfg.size, n_objects=1, cache=False)
    clip_ds = ShapesWorld(a.n, seed=a.seed + 1, size=pipe.clip.image_size, n_objects=1, cache=False)
    keys = ('all', 'shape', 'color', 'size', 'position', 'count')
    res = dict(model=str(a.model), n=a.n, seed=a.seed + 1, prior=a.prior, guidance=pipe.guidance_scale,
               prior_guidance=pipe.prior_guidance, steps=25, judged={})
    for src in a.sources:
        for side, x in stages(pipe, src, ds, clip_ds, a.prior).items():
            r = evaluate(x, ds.scenes())
            res['judged'].setdefault(src, {})[f'{side}px'] = {k: round(r[k], 3) for k in keys}
            print(f"{src:>10s} {side:3d} px  " + '  '.join(f'{k} {r[k]:.2f}' for k in keys), flush=True)
    res['seconds'] = round(time.time() - t0)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    name = a.name or Path(a.model).resolve().name
    (out / f'{name}.json').write_text(json.dumps(res, indent=1)); print(f"wrote {out / (name + '.json')} ({res['seconds']} s)")

if __name__ == '__main__': main()
