"""How well a pipeline follows prompts as people write them: the measurements of `50_evaluation`'s "What the numbers say".

    python tools/language_report.py                               # the shipped model, everything: about 40 min on 2 CPU cores
    python tools/language_report.py --model runs/sh --parts heldout underspecified --threads 1

Parts (all at 32 px, diffusion prior unless said, the pipeline's default settings):

- heldout:         single-object captions of unseen scenes in the held-out half of the grammar: 100 of seed 61,
                   200 of seed 261 and 200 of seed 361, each with a 95% interval and the misses by reason, then pooled;
- train:           100 single-object captions of seed 262 in the training half of the grammar;
- templates:       100 single-object captions of seed 62 in `describe`'s full templates;
- underspecified:  the three `UNDERSPECIFIED` prompts, 32 images each (seed 1), for the diffusion prior, the AR
                   prior and no prior: the share stated right and each unstated attribute's normalised entropy.

Image seeds are the scene seeds, so two models measured with the same part draw from the same noise.
"""
import argparse, time

CAPTIONS = {'heldout': [('heldout', 100, 61), ('heldout', 200, 261), ('heldout', 200, 361)],
            'train': [('train', 100, 262)], 'templates': [('templates', 100, 62)]}

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', default=None, help='a model folder (default: the shipped model)')
    p.add_argument('--parts', nargs='+', default=list(CAPTIONS) + ['underspecified'], choices=list(CAPTIONS) + ['underspecified'])
    p.add_argument('--threads', type=int, default=0, help='torch threads (default: all cores)')
    a = p.parse_args()
    import torch
    if a.threads: torch.set_num_threads(a.threads)
    from unclip_nb.pipeline import UnCLIP
    from unclip_nb.evaluation import caption_accuracy, fill_in, format_fill, mean_interval, ci, UNDERSPECIFIED
    pipe = UnCLIP.from_pretrained(a.model) if a.model else UnCLIP.load_default()
    print(f"model: {a.model or 'shipped'}", flush=True)
    for part in a.parts:
        t0 = time.time()
        if part == 'underspecified':
            for c in UNDERSPECIFIED:
                for prior in ('diffusion', 'ar', 'none'):
                    print(f'{c.text:20s} {prior:10s} ' + format_fill(fill_in(pipe, c, prior, n=32, size=32, seed=1)), flush=True)
        else:
            pooled = []
            for lang, n, seed in CAPTIONS[part]:
                r = caption_accuracy(pipe, lang, n, seed, size=32)
                pooled += list(r['hits'])
                print(f'{lang:10s} seed {seed:4d}  {ci(r)}  misses {r["misses"]}', flush=True)
            if len(CAPTIONS[part]) > 1: print(f'{part:10s} pooled     {ci(mean_interval(pooled))}', flush=True)
        print(f'  ({part}: {(time.time() - t0) / 60:.1f} min)', flush=True)

if __name__ == '__main__': main()
