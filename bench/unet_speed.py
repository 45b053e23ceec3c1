"""Training and sampling speed of unclip_nb's UNet against diffusers' UNet2DModel at about equal size.

    python bench/unet_speed.py [--rounds 5] [--bf16] [--threads N] [--pairs 1] [--device cuda] [--bs 256,1024] [--channels-last]
    python bench/unet_speed.py --decoders [--bf16] [--bs 32]   # the decoders of `32a_laptop`, no diffusers needed

Needs `pip install diffusers` (a comparison only; unclip_nb does not depend on it). Both models get a
32 px batch of 64 and a 128-d condition vector added to the timestep embedding (diffusers: class labels
with class_embed_type='identity'); a training step is forward + backward + AdamW. Sampling is 25 DDIM steps
with classifier-free guidance (one doubled batch) for 16 images, through unclip_nb's sampler for both.
With `--decoders` the pairs are instead the small preset's decoder against the ch-32 laptop decoder, and that
against the `cpu` plan's decoder now (patch 2; `32a_laptop`), each with z_i (64-d) and 16 caption tokens as
context.
The two models of a pair are timed in alternating rounds and the medians reported, so that a change in
machine load hits both alike. On a GPU (`--device cuda`) each timing synchronises the device, a round is 10 calls,
and `--channels-last` puts both models and their inputs in channels_last memory format.
"""
import argparse, contextlib, statistics, time
import torch
from unclip_nb.unet import UNet, UNetConfig
from unclip_nb.diffusion import GaussianDiffusion, guided_model_fn

def diffusers_unet(widths):
    from diffusers import UNet2DModel
    return UNet2DModel(sample_size=32, in_channels=3, out_channels=3, block_out_channels=widths, layers_per_block=2,
                       down_block_types=("DownBlock2D", "DownBlock2D", "AttnDownBlock2D"),
                       up_block_types=("AttnUpBlock2D", "UpBlock2D", "UpBlock2D"), attention_head_dim=32, class_embed_type="identity")

class Diffusers(torch.nn.Module):
    "diffusers' UNet2DModel behind the (x, t, cond) interface."
    def __init__(self, widths): super().__init__(); self.net = diffusers_unet(widths)
    def forward(self, x, t, cond): return self.net(x, t, class_labels=cond).sample

class DecoderNet(torch.nn.Module):
    "A `Decoder` behind the (x, t, cond) interface, with 16 fixed caption tokens as context."
    def __init__(self, cfg, cond_dim):
        super().__init__(); from unclip_nb.decoder import Decoder
        self.net = Decoder(cfg.merged(dict(clip_dim=cond_dim, text_dim=128)))
        self.register_buffer('h', torch.randn(1, 16, 128)); self.register_buffer('m', torch.ones(1, 16, dtype=torch.bool))
    def forward(self, x, t, cond): return self.net(x, t, cond, self.h.expand(len(x), -1, -1), self.m.expand(len(x), -1))

LAPTOP_CH32 = dict(unet=dict(ch=32, n_res=1, attn_res=(8,)))   # the `cpu` plan's decoder before patches

def decoder_pairs():
    "(small preset, ch-32 laptop decoder) and (ch-32 laptop decoder, the `cpu` plan's decoder now)."
    from unclip_nb.decoder import DecoderConfig
    from unclip_nb.names import PLANS
    small, ch32 = DecoderConfig.small(), DecoderConfig.small().merged(LAPTOP_CH32)
    plan = DecoderConfig.small().merged(PLANS['cpu']['decoder']['config'])
    return [(('decoder, small preset', DecoderNet(small, 64)), ('decoder, laptop ch32', DecoderNet(ch32, 64)), 64),
            (('decoder, laptop ch32', DecoderNet(ch32, 64)), ('decoder, cpu plan (patch 2)', DecoderNet(plan, 64)), 64)]

class Ours(torch.nn.Module):
    def __init__(self, ch, cond_dim): super().__init__(); self.net = UNet(UNetConfig(ch=ch, mults=(1, 2, 2), n_res=2, attn_res=(8,), head_dim=32, cond_dim=cond_dim))
    def forward(self, x, t, cond): return self.net(x, t, cond=cond)

def n_params(m): return sum(p.numel() for p in m.parameters())

DEV, MF = torch.device('cpu'), torch.contiguous_format   # set from the command line

def autocast(bf16): return (lambda: torch.autocast(DEV.type, dtype=torch.bfloat16)) if bf16 else contextlib.nullcontext

def train_steps(model, cond_dim, bf16, bs=64):
    "A function that runs one training step (forward, backward, AdamW) on a fixed batch."
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x, c = torch.randn(bs, 3, 32, 32, device=DEV).contiguous(memory_format=MF), torch.randn(bs, cond_dim, device=DEV)
    ctx = autocast(bf16)
    def step():
        t = torch.randint(0, 1000, (bs,), device=DEV)
        with ctx(): loss = (model(x, t, c).float() - x).pow(2).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    return step

def sampler(model, cond_dim, bf16, n=16, steps=25):
    "A function that samples `n` images with 25 DDIM steps and guidance (one doubled batch per step)."
    diff = GaussianDiffusion('cosine', pred='v').respace(steps)
    fn = guided_model_fn(model, dict(cond=torch.randn(n, cond_dim, device=DEV)), dict(cond=torch.zeros(n, cond_dim, device=DEV)), 2.0)
    ctx = autocast(bf16)
    def run():
        with torch.inference_mode(), ctx(): diff.ddim_sample_loop(fn, (n, 3, 32, 32), progress=False, device=DEV)
    return run

def sync():
    if DEV.type == 'cuda': torch.cuda.synchronize()

def timed(f, k=1):
    sync(); t0 = time.perf_counter()
    for _ in range(k): f()
    sync(); return (time.perf_counter() - t0) / k

def compare(a, b, rounds, k):
    "Median seconds per call of `a` and `b`, measured in alternating rounds so both see the same machine load."
    a(); b(); ta, tb = [], []
    for _ in range(rounds): ta.append(timed(a, k)); tb.append(timed(b, k))
    return statistics.median(ta), statistics.median(tb)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--rounds', type=int, default=5); ap.add_argument('--bf16', action='store_true')
    ap.add_argument('--threads', type=int, default=0); ap.add_argument('--device', default='cpu')
    ap.add_argument('--bs', default='64', help='training batch sizes, comma-separated'); ap.add_argument('--channels-last', action='store_true')
    ap.add_argument('--pairs', type=int, default=2, help='1: only the 1.6 M pair')
    ap.add_argument('--decoders', action='store_true', help='the decoders of the laptop recipes instead of diffusers pairs'); a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    DEV, MF = torch.device(a.device), torch.channels_last if a.channels_last else torch.contiguous_format
    if DEV.type == 'cuda': torch.backends.cudnn.benchmark = True; torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    k = 10 if DEV.type == 'cuda' else 3
    torch.manual_seed(0)
    where = torch.cuda.get_device_name() if DEV.type == 'cuda' else f'{torch.get_num_threads()} CPU threads'
    print(f"torch {torch.__version__}, {where}, {'bf16 autocast' if a.bf16 else 'fp32'}{', channels_last' if a.channels_last else ''}, "
          f"32 px, median of {a.rounds} alternating rounds")
    print(f"{'model':38} {'params':>10} {'batch':>6} {'train step/s':>13} {'img/s':>8} {'DDIM25+CFG x16 (s)':>19}")
    pairs = decoder_pairs() if a.decoders else [(('diffusers UNet2DModel (32,64,64)', Diffusers((32, 64, 64))), ('unclip_nb UNet ch=32', Ours(32, 128)), 128),
                                   (('diffusers UNet2DModel (64,128,128)', Diffusers((64, 128, 128))), ('unclip_nb UNet ch=64', Ours(64, 256)), 256)][:a.pairs]
    for (na, ma), (nb, mb), cd in pairs:
        ma, mb = ma.to(DEV, memory_format=MF), mb.to(DEV, memory_format=MF)
        sa = compare(sampler(ma.eval(), cd, a.bf16), sampler(mb.eval(), cd, a.bf16), a.rounds, 1)
        ma.train(); mb.train()
        for bs in map(int, a.bs.split(',')):
            tr = compare(train_steps(ma, cd, a.bf16, bs), train_steps(mb, cd, a.bf16, bs), a.rounds, k)
            for name, m, t, s in ((na, ma, tr[0], sa[0]), (nb, mb, tr[1], sa[1])):
                print(f"{name:38} {n_params(m):>10,} {bs:>6} {1 / t:>13.2f} {bs / t:>8.0f} {s:>19.2f}", flush=True)
            print(f"{nb} over {na}: training {tr[0] / tr[1]:.2f}x, sampling {sa[0] / sa[1]:.2f}x as fast")
