"""Where are held-out phrasings lost: in z_t, in the token features the prior reads, or in the decoder?

    python tools/heldout_stages.py [--model DIR] [--seed 777] [--n 200] [--variants held-out 'train z_t' 'train tokens' 'train both']

For `n` single-object captions of unseen scenes in the held-out half of the grammar (ShapesWorld seed `seed`), each
caption is also said in the training half, stating exactly the same attributes (`say`). The pipeline then draws
every caption four ways, which differ only in what the diffusion prior is given:

- held-out:      z_t and token features of the held-out caption (the pipeline as it is);
- train z_t:     z_t of the training phrasing, token features of the held-out caption;
- train tokens:  z_t of the held-out caption, token features of the training phrasing;
- train both:    z_t and token features of the training phrasing.

The decoder reads the held-out caption every time, and image seeds are the same in all four, so a variant's gain
over 'held-out' is what the held-out phrasing costs in that part of the prior's input; what 'train both' still
misses is lost elsewhere (the prior's sampling, the decoder, or the caption the decoder reads). Each line: share of
images that satisfy their caption with a 95% interval, the misses by reason, and how many misses are captions in
the held-out word order ("a circle that is large"); after the first, the paired difference to it (bootstrap over
captions), so 'held-out' must come first. About 15 min
for all four variants of 200 captions on 2 CPU cores.
"""
import argparse, types

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', default=None, help='a model folder (default: the shipped model)')
    p.add_argument('--seed', type=int, default=777, help='ShapesWorld seed of the scenes, and the image seed (default: 777)')
    p.add_argument('--n', type=int, default=200, help='captions (default: 200)')
    p.add_argument('--size', type=int, default=32, help='output side (default: 32, the decoder\'s own)')
    p.add_argument('--threads', type=int, default=0, help='torch threads (default: all cores)')
    p.add_argument('--variants', nargs='+', default=list(VARIANTS), choices=list(VARIANTS))
    a = p.parse_args()
    if a.variants[0] != 'held-out': p.error("the first variant must be 'held-out': the others are compared with it")
    import numpy as np, torch
    if a.threads: torch.set_num_threads(a.threads)
    from unclip_nb.pipeline import UnCLIP
    from unclip_nb.shapes import ShapesWorld, say
    from unclip_nb.diffusion_prior import sample_diffusion_prior
    from unclip_nb.evaluation import run_prompts, mean_interval, misses, ci
    pipe = UnCLIP.from_pretrained(a.model) if a.model else UnCLIP.load_default()
    ds = ShapesWorld(a.n, seed=a.seed, n_objects=1, cache=False, language='heldout')
    caps = [ds.stated_caption(i) for i in range(a.n)]
    rng = np.random.default_rng(a.seed)
    train = {c.text: say(c.objects[0], rng, 'train') for c in caps}
    dec = pipe.decoder_text or pipe.clip
    base = None
    for v in a.variants:
        z_from, h_from = VARIANTS[v]
        def embed(self, prompts, prior, seed, prior_guidance=1.0):
            held, said = self.clip.encode_text_tokens(prompts), self.clip.encode_text_tokens([train[q] for q in prompts])
            z_t = (said if z_from == 'train' else held)[0]
            _, h, m = said if h_from == 'train' else held
            z = sample_diffusion_prior(self.diffusion_prior, z_t, h, m, guidance=prior_guidance, seed=seed)
            return (z, *dec.encode_text_tokens(prompts)[1:])   # the decoder reads the held-out caption
        pipe.embed_prompts = types.MethodType(embed, pipe)
        x, hits = run_prompts(pipe, caps, 'diffusion', 1, a.size, a.seed)
        hits = np.array([bool(h) for h in hits], float)
        late = np.array([' that is ' in c.text for c in caps])   # the held-out word order: adjectives after the noun
        line = (f'{v:13s} {ci(mean_interval(hits))}  misses {misses(x, caps)}, '
                f'{int((hits[late] == 0).sum())} of them among the {int(late.sum())} captions with adjectives after the noun')
        if base is None: base = hits
        else:
            d = mean_interval(hits - base)
            line += f"  difference {d['score']:+.3f} [{d['lo']:+.3f}, {d['hi']:+.3f}]"
        print(line, flush=True)

VARIANTS = {'held-out': ('held', 'held'), 'train z_t': ('train', 'held'), 'train tokens': ('held', 'train'), 'train both': ('train', 'train')}

if __name__ == '__main__': main()
