"Run by tests/test_distributed.py, plainly or under torchrun: fit a small MLP twice (a fixed loss, then one that draws noise), save what this rank ends with, end the process group and list the threads left."
import json, os, sys
from pathlib import Path
import torch
from unclip_nb.learner import TensorBatches, fit_and_save, end_distributed, native_threads

out = Path(sys.argv[1])
g = torch.Generator().manual_seed(0)
x = torch.randn(512, 8, generator=g); y = x @ torch.randn(8, 2, generator=g)
for noise in (False, True):   # with noise, the loss draws from torch's generator, as the diffusion losses do
    def loss_fn(m, b): return (m(b[0] + 0.1 * torch.randn_like(b[0]) if noise else b[0]) - b[1]).pow(2).mean()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    name = 'noise' if noise else 'fixed'
    m, learn = fit_and_save(model, TensorBatches(x, y, bs=64), loss_fn, 200, out / name, kind='toy', lr=3e-3, ema=None, progress=False, dtype=None)
    torch.save(dict(losses=learn.losses, state=m.state_dict(), world=learn.world), out / f"{name}_rank{os.environ.get('RANK', '0')}_of_{learn.world}.pt")
del m, learn, model   # nothing of this script holds the group now
end_distributed()
(out / f"threads_rank{os.environ.get('RANK', '0')}.json").write_text(json.dumps(native_threads()))
