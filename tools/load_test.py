"""Peak memory of one pipeline call on many prompts, with the shipped model at 32 px (one decoder step, no prior):

    python tools/load_test.py N_PROMPTS N_PER_PROMPT
"""
import resource, sys, time
from unclip_nb.pipeline import UnCLIP
n, k = int(sys.argv[1]), int(sys.argv[2])
pipe = UnCLIP.load_default()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
prompts = [f'a {c} {s}' for c in ('red', 'blue', 'green', 'white', 'yellow') for s in ('circle', 'square', 'star', 'heart')] * (n // 20 + 1)
t0 = time.time()
ims = pipe(prompts[:n], n_per_prompt=k, size=32, steps=1, prior='none', progress=False)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f'{len(ims)} images of {ims[0].size[0]} px in {time.time() - t0:.0f} s; peak RSS {peak:.0f} MB (after loading the model: {base:.0f} MB)')
