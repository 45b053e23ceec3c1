"""Where a decoder's shape errors lie: decode the true z_i of unseen single-object scenes and count the judge's
shape misses by object size, by true shape and by what was drawn instead; beside them, how well a linear probe
reads the shape from the same z_i (trained on 2000 scenes of seed 12), by size: what the CLIP lets any decoder read.

    python tools/shape_errors.py unclip_nb/weights --name shipped         # the shipped decoder and CLIP (about 4 min)
    python tools/shape_errors.py runs/cpu --name cpu-plan                 # a model folder of `unclip_nb train`

Writes bench/shape_errors/NAME.json. The decoding is `decoder_report`'s: seed 7, 25 DDIM steps, guidance 3.
"""
import argparse, collections, json, time
from pathlib import Path
import torch
from unclip_nb.pipeline import UnCLIP
from unclip_nb.decoder import decoder_report
from unclip_nb.judge import predict
from unclip_nb.shapes import ShapesWorld, SIZES
from unclip_nb.clip_probing import embed, train_probe, attribute_labels
from unclip_nb.names import VALUES

ROOT = Path(__file__).resolve().parents[1]

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('model', help='a model folder (the shipped one: unclip_nb/weights)')
    ap.add_argument('--name', required=True); ap.add_argument('--n', type=int, default=200, help='unseen scenes (seed 7)')
    a = ap.parse_args()
    t0 = time.time(); pipe = UnCLIP.from_pretrained(a.model)
    r = decoder_report(pipe.decoder, pipe.clip, n=a.n, seed=7, guidance=3.0)
    ds = ShapesWorld(a.n, seed=7, size=pipe.decoder.cfg.size, n_objects=1, cache=False)
    miss, seen, conf = collections.Counter(), collections.Counter(), collections.Counter()
    for s, f in zip(ds.scenes(), predict(r['images'])):
        o = s.objects[0]; drawn = f.objects[0].shape if len(f.objects) == 1 else f'{len(f.objects)} objects'
        for key in (o.size, o.shape): seen[key] += 1; miss[key] += drawn != o.shape
        if drawn != o.shape: conf[f'{o.shape} -> {drawn}'] += 1
    tr = ShapesWorld(2000, seed=12, size=pipe.clip.image_size, n_objects=1, cache=False)
    te = ShapesWorld(a.n, seed=7, size=pipe.clip.image_size, n_objects=1, cache=False)
    probe = train_probe(embed(pipe.clip, tr), attribute_labels(tr, 'shape'), len(VALUES['shape']))
    right = probe(embed(pipe.clip, te)) == attribute_labels(te, 'shape')
    sizes = [s.objects[0].size for s in te.scenes()]
    res = dict(model=a.model, n=a.n, accuracy={k: round(v, 3) for k, v in r.items() if k != 'images'},
               shape_misses={k: f'{miss[k]}/{seen[k]}' for k in (*SIZES, *VALUES['shape'])},
               confusions=dict(conf.most_common()),
               probe_shape=dict(all=round(float(right.float().mean()), 3),
                                **{k: round(float(right[[z == k for z in sizes]].float().mean()), 3) for k in SIZES}),
               seconds=round(time.time() - t0))
    print(json.dumps(res, indent=1))
    dest = ROOT / 'bench' / 'shape_errors' / f'{a.name}.json'; dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(res, indent=1) + '\n'); print('wrote', dest)

if __name__ == '__main__': main()
