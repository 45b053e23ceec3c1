"""Does a prior's z_i hold the shapes a prompt asks for? A probe reads them from the embedding, without the decoder.

    python tools/prior_probe.py [--model DIR] [--samples 16] [--seed 11] [--tasks two_object counting] [--sweep]

An MLP is trained to read, from a CLIP image embedding, how many of each shape a scene holds (0, 1 or 2 of each
of the five): 30,000 rendered scenes with one or two objects (ShapesWorld seed 5000), 3,000 steps, about 4 min on
2 CPU cores with the embedding. It is then applied to

- the embeddings of 2,000 unseen scenes (seed 5001): how well the probe reads real embeddings at all;
- for each benchmark prompt of the chosen tasks (`geneval_prompts`), `samples` embeddings: the true z_i of
  unseen scenes that satisfy it (`satisfying_scenes`), and each prior's samples ('none' is z_t itself).

- the embeddings of 300 unseen two-object scenes (seed 5003) and the diffusion prior's samples for their
  captions, in the templates and in the training grammar (those captions that name both shapes);
- with `--sweep`, the diffusion prior's samples for the two-object prompts under other sampling settings.

Each row of the table is the share of embeddings whose shapes the probe reads as the prompt's, averaged over the prompts of
the task. The 'true' column is what a prior that sampled exactly right would score under this probe, so a
prior's gap to it is the prior's (with the text tower's), whatever the decoder does; `tools/prior_neighbours.py`
cannot separate the two (its oracle scores as low as the priors).
"""
import argparse
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', default=None, help='a model folder (default: the shipped model)')
    p.add_argument('--samples', type=int, default=16); p.add_argument('--seed', type=int, default=11, help='seed of the prior samples')
    p.add_argument('--tasks', nargs='+', default=['two_object', 'counting', 'position', 'color_attr'])
    p.add_argument('--sweep', action='store_true', help="also the diffusion prior's two-object samples under other sampling settings")
    a = p.parse_args()
    from unclip_nb.pipeline import UnCLIP
    from unclip_nb.evaluation import geneval_prompts, satisfying_scenes
    from unclip_nb.shapes import ShapesWorld, render_tensor, SHAPES
    torch.manual_seed(0)
    pipe = UnCLIP.from_pretrained(a.model) if a.model else UnCLIP.load_default()
    count = lambda objs, key: torch.tensor([[sum(key(o) == s for o in os_) for s in SHAPES] for os_ in objs])
    @torch.no_grad()
    def embed(scenes): return torch.cat([pipe.clip.encode_image(render_tensor(scenes[i:i + 1000], pipe.clip.image_size)) for i in range(0, len(scenes), 1000)])
    train, test = ShapesWorld(30000, seed=5000, cache=False).scenes(), ShapesWorld(2000, seed=5001, cache=False).scenes()
    z, y = embed(train), count([s.objects for s in train], lambda o: o.shape)
    probe = nn.Sequential(nn.Linear(z.shape[1], 512), nn.GELU(), nn.Linear(512, 512), nn.GELU(), nn.Linear(512, 3 * len(SHAPES)))
    opt = torch.optim.AdamW(probe.parameters(), 1e-3, weight_decay=1e-4)
    for _ in range(3000):
        i = torch.randint(len(z), (512,))
        loss = F.cross_entropy(probe(z[i]).view(-1, 3), y[i].flatten()); opt.zero_grad(); loss.backward(); opt.step()
    probe.eval()
    @torch.no_grad()
    def read(zz): return probe(zz.clone()).view(len(zz), len(SHAPES), 3).argmax(-1)
    share = lambda zz, want: (read(zz) == want).all(1).float()   # per embedding: are its shapes the wanted ones
    ok, k = share(embed(test), count([s.objects for s in test], lambda o: o.shape)), torch.tensor([len(s.objects) for s in test])
    print(f'probe on 2,000 unseen scenes, shapes read right: one object {ok[k == 1].mean():.3f}, two objects {ok[k == 2].mean():.3f}')
    print(f"{'task':14s}" + ''.join(f'{k:>11s}' for k in ('true', 'diffusion', 'ar', 'none')))
    P = geneval_prompts()
    for task in a.tasks:
        row = {k: [] for k in ('true', 'diffusion', 'ar', 'none')}
        for c in (c for t, c in P if t == task):
            want = count([c.objects], lambda o: o['shape'])[0]
            row['true'].append(share(embed(satisfying_scenes([c], a.samples, pool=200000)), want).mean().item())
            for prior in ('diffusion', 'ar', 'none'): row[prior].append(share(pipe.embed_prompts([c.text] * a.samples, prior, a.seed)[0], want).mean().item())
        print(f'{task:14s}' + ''.join(f'{np.mean(v):11.3f}' for v in row.values()), flush=True)
    for lang in ('templates', 'train'):
        ds = ShapesWorld(300, seed=5003, n_objects=2, cache=False, language=lang); scenes = ds.scenes()
        caps = [ds.stated_caption(i) for i in range(len(ds))]; both = torch.tensor([all('shape' in o for o in c.objects) for c in caps])
        y = count([s.objects for s in scenes], lambda o: o.shape)
        zs = {'true': embed(scenes), 'diffusion': pipe.embed_prompts([c.text for c in caps], 'diffusion', a.seed)[0]}
        print(f'{lang} captions of 300 two-object scenes naming both shapes ({int(both.sum())}): ' +
              ', '.join(f'{k} {share(z, y)[both].mean():.3f}' for k, z in zs.items()))
    if not a.sweep: return
    from unclip_nb.diffusion_prior import sample_diffusion_prior
    for kw in (dict(best_of=1), dict(best_of=2), dict(best_of=8), dict(guidance=1.5, best_of=1), dict(guidance=2., best_of=1),
               dict(steps=250, eta=1., best_of=1), dict(steps=1000, eta=1., best_of=1)):
        ok = []
        for c in (c for t, c in P if t == 'two_object'):
            with torch.no_grad(): zs = sample_diffusion_prior(pipe.diffusion_prior, *pipe.clip.encode_text_tokens([c.text] * a.samples), seed=a.seed, **kw)
            ok.append(share(zs, count([c.objects], lambda o: o['shape'])[0]).mean().item())
        print(f'two_object, diffusion prior, {kw}: {np.mean(ok):.3f}', flush=True)

if __name__ == '__main__': main()
