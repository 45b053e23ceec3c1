"""Where the text side fails, without the decoder: for each GenEval-style task, how often the real scenes nearest to z_i satisfy the prompt.

    python tools/prior_neighbours.py [--model DIR] [--samples 8] [--k 5]

For every benchmark prompt, `samples` image embeddings are drawn with each prior ('none' is z_t itself); the
`k` nearest CLIP image embeddings among 4,000 rendered unseen scenes (3,000 with two objects, 1,000 with one;
seeds 777 and 778) are looked up, and the share of them that satisfy the prompt is averaged over the prompts
of each task. 'chance' is the share of the bank that satisfies a prompt. A prompt whose embeddings land among
the wrong scenes cannot be drawn right by any decoder; one whose neighbours are right but whose images are
wrong points at the decoder.
"""
import argparse
import numpy as np, torch

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', default=None, help='a model folder (default: the shipped model)')
    p.add_argument('--samples', type=int, default=8); p.add_argument('--k', type=int, default=5)
    a = p.parse_args()
    from unclip_nb.pipeline import UnCLIP
    from unclip_nb.evaluation import geneval_prompts, satisfying_scenes
    from unclip_nb.shapes import ShapesWorld, render_tensor, satisfies
    pipe = UnCLIP.from_pretrained(a.model) if a.model else UnCLIP.load_default()
    bank = ShapesWorld(3000, seed=777, n_objects=2, cache=False).scenes() + ShapesWorld(1000, seed=778, n_objects=1, cache=False).scenes()
    with torch.no_grad():
        zb = torch.cat([pipe.clip.encode_image(render_tensor(bank[i:i + 500], pipe.clip.image_size)) for i in range(0, len(bank), 500)])
    P = geneval_prompts(); tasks = list(dict.fromkeys(t for t, _ in P))
    print(f"{'task':14s}" + ''.join(f'{k:>11s}' for k in ('none', 'diffusion', 'ar', 'oracle', 'chance')))
    for task in tasks:
        caps, row = [c for t, c in P if t == task], []
        for prior in ('none', 'diffusion', 'ar'):
            hits = []
            for c in caps:
                z, _, _ = pipe.embed_prompts([c.text] * a.samples, prior, 0)
                hits.append(np.mean([satisfies(bank[j], c) for j in (z @ zb.T).topk(a.k, dim=1).indices.flatten().tolist()]))
            row.append(np.mean(hits))
        hits = []
        for c in caps:
            with torch.no_grad(): z = pipe.clip.encode_image(render_tensor(satisfying_scenes([c], a.samples), pipe.clip.image_size))
            hits.append(np.mean([satisfies(bank[j], c) for j in (z @ zb.T).topk(a.k, dim=1).indices.flatten().tolist()]))
        row.append(np.mean(hits))
        row.append(np.mean([np.mean([satisfies(s, c) for s in bank]) for c in caps]))
        print(f'{task:14s}' + ''.join(f'{v:11.2f}' for v in row), flush=True)

if __name__ == '__main__': main()
