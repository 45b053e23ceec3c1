"""The GenEval-style benchmark for two pipelines on the same prompts and seeds, and their difference with a paired bootstrap.

    git archive 0cafba3 unclip_nb/weights | tar -x -C /tmp/old        # the weights shipped at some commit
    python tools/paired_geneval.py /tmp/old/unclip_nb/weights shipped   # about 20 min on 2 CPU cores
    python tools/paired_geneval.py shipped shipped --prior-guidance 1 2   # one pipeline, two settings
    python tools/paired_geneval.py OLD shipped --tasks counting --first-seed 3   # one task, other seeds
    python tools/paired_geneval.py shipped runs/binding --json bench/binding/paired_geneval.json   # and keep what it prints

Each pipeline draws one image per prompt and seed (seeds 0 to 2 unless told, 32 px, 25 DDIM steps, diffusion prior), as
`geneval_seeds` does. The interval of the difference resamples prompts within each task, the same prompts for both
pipelines, so what the two share (which prompts are hard) cancels.
"""
import argparse
import numpy as np

def main():
    from unclip_nb.names import GENEVAL_TASKS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('a', help="a pipeline folder, or 'shipped'"); p.add_argument('b', help="a pipeline folder, or 'shipped'")
    p.add_argument('--prior-guidance', type=float, nargs=2, default=(1., 1.), metavar=('A', 'B'), help="each pipeline's prior guidance (default: 1 1)")
    p.add_argument('--seeds', type=int, default=3, help='how many image seeds (default: 3)'); p.add_argument('--first-seed', type=int, default=0, help='the first image seed (default: 0, the benchmark\'s)')
    p.add_argument('--tasks', nargs='+', default=None, choices=GENEVAL_TASKS, help='only these tasks (default: all)'); p.add_argument('--every', type=int, default=1, help='every k-th prompt only (a quick check)'); p.add_argument('--reps', type=int, default=4000)
    p.add_argument('--json', default=None, help='also write what it prints to this JSON file, with the command')
    a = p.parse_args()
    from unclip_nb.pipeline import UnCLIP
    from unclip_nb.evaluation import run_prompts, geneval_prompts
    P = [(t, c) for t, c in geneval_prompts() if a.tasks is None or t in a.tasks][::a.every]; tasks = np.array([t for t, _ in P])
    def hits(path, g):
        pipe = UnCLIP.load_default() if path == 'shipped' else UnCLIP.from_pretrained(path)
        return np.mean([run_prompts(pipe, [c for _, c in P], 'diffusion', 1, 32, s, prior_guidance=g)[1] for s in range(a.first_seed, a.first_seed + a.seeds)], 0)   # per prompt
    A, B = (f'{a.a} (prior guidance {a.prior_guidance[0]:g})', f'{a.b} (prior guidance {a.prior_guidance[1]:g})') if a.a == a.b else (a.a, a.b)
    h = {A: hits(a.a, a.prior_guidance[0]), B: hits(a.b, a.prior_guidance[1])}
    by = {t: np.where(tasks == t)[0] for t in GENEVAL_TASKS if (tasks == t).any()}
    overall = lambda x, idx: np.mean([x[idx][tasks[idx] == t].mean() for t in by])
    rng, every = np.random.default_rng(0), np.arange(len(P))
    boot = np.array([[overall(h[k], i) for k in (A, B)] for i in (np.concatenate([rng.choice(v, len(v)) for v in by.values()]) for _ in range(a.reps))])
    q = lambda x: f'[{np.quantile(x, 0.025):+.3f}, {np.quantile(x, 0.975):+.3f}]'
    print(f'A = {A}, B = {B}')
    for t, v in by.items(): print(f'{t:15s} {h[A][v].mean():.3f} -> {h[B][v].mean():.3f}')
    for k, col in ((A, 0), (B, 1)): print(f'overall {k}: {overall(h[k], every):.3f} {q(boot[:, col]).replace("+", "")} (95% bootstrap over prompts)')
    print(f'difference B - A: {overall(h[B], every) - overall(h[A], every):+.3f} {q(boot[:, 1] - boot[:, 0])} (95% paired bootstrap over prompts)')
    if a.json:
        import json, sys
        qs = lambda x: [round(float(np.quantile(x, 0.025)), 4), round(float(np.quantile(x, 0.975)), 4)]
        out = dict(command='python tools/paired_geneval.py ' + ' '.join(sys.argv[1:]), a=A, b=B, seeds=list(range(a.first_seed, a.first_seed + a.seeds)),
                   tasks={t: [round(float(h[A][v].mean()), 4), round(float(h[B][v].mean()), 4)] for t, v in by.items()},   # [a, b]
                   overall={ab: [round(float(overall(h[k], every)), 4), *qs(boot[:, col])] for ab, k, col in (('a', A, 0), ('b', B, 1))},
                   difference=[round(float(overall(h[B], every) - overall(h[A], every)), 4), *qs(boot[:, 1] - boot[:, 0])])
        with open(a.json, 'w') as f: f.write(json.dumps(out, indent=1) + '\n')

if __name__ == '__main__': main()
