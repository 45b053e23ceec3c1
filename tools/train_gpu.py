"""Train the decoder, both upsamplers and the AR prior on one GPU at once, packing each into OUT/<stage>.tar when done.

    python tools/train_gpu.py OUT [--scale S] [--device cuda|cpu] [--lanes bench,decoder48c,attr,...]

Small models leave most of a large GPU idle (each step is a few hundred short kernels), so the stages run as
parallel "lanes", one process per stage, all against the shipped CLIP (`unclip_nb/weights/clip`):

    decoder      the decoder with 32 base channels (the small preset before these runs)
    decoder48    the decoder with 48 base channels (the small preset since: the shipped decoder began here)
    decoder48c   (only with `--lanes`) continues training the shipped decoder (unclip_nb/weights/decoder)
    ups          upsampler1, then upsampler2
    ups2         (only with `--lanes`) upsampler2 alone
    ar           the AR prior
    attr         (only with `--lanes`) the attribute-conditioned model of 06a, judged every 400 steps
    bench        (only with `--lanes`) bench/unet_speed.py on the GPU, run alone before the other lanes start

Each stage renders its training data *before* it touches CUDA (forking a process that holds a CUDA context
can hang it). The decoders are judged every minute on 100 unseen single-object scenes (ShapesWorld seed 11),
which gives accuracy against training time (`<stage>_eval.json`); `decoder48c` is judged on 200 scenes of seed 11 at guidance
2 and 4 and also keeps the EMA weights that scored best there (`decoder48c_best`, chosen on seed 11 only, so the
notebook's seed-7 figures stay unseen). `--scale` multiplies every time budget (`--scale 0.02 --device cpu` is a
quick check of the script itself); `--lr` and `--n` replace a decoder stage's peak learning rate and scene count.
"""
import sys, os, json, time, tarfile, argparse, subprocess, threading
from pathlib import Path

BUDGET = dict(decoder=400, decoder48=400, decoder48c=360, upsampler1=170, upsampler2=300, ar_prior=280, attr=300)  # seconds of training
LANES = dict(decoder=['decoder'], decoder48=['decoder48'], ups=['upsampler1', 'upsampler2'], ar=['ar_prior'],
             decoder48c=['decoder48c'], attr=['attr'], ups2=['upsampler2'])
WORK = Path(os.environ.get('UNCLIP_GPU_WORK', '/tmp/unclip_gpu_work'))   # set it under OUT to get partial results back

def run_stage(stage, out, scale, device, lr=None, n=None):
    "Train one stage in this process (called in a fresh subprocess)."
    import faulthandler; faulthandler.enable()
    import numpy as np, torch
    from unclip_nb.clip import load_clip
    small = device == 'cpu'                              # the quick check of this script
    secs = BUDGET[stage] * scale
    t0 = time.time(); log = lambda m: print(f'[{stage} {time.time() - t0:5.0f} s] {m}', flush=True)
    def cuda_flags(name=True):   # name=False: set the flags only (naming the device starts CUDA)
        if device == 'cuda':
            torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
            torch.backends.cudnn.benchmark = True
            if name: log(f'{torch.__version__} {torch.cuda.get_device_name()}')
    if stage.startswith('decoder'):
        from unclip_nb.decoder import DecoderConfig, decoder_data, train_decoder, decoder_report
        from unclip_nb.unet import UNetConfig
        from unclip_nb.learner import Callback
        from unclip_nb.core import save_checkpoint
        if stage in ('decoder', 'decoder48'):         # the two widths compared in one run
            base, ch = DecoderConfig.small(), 48 if stage == 'decoder48' else 32
            DecoderConfig.small = classmethod(lambda cls: cls(unet=UNetConfig(**{**base.unet.to_dict(), 'ch': ch})))
        clip = load_clip()                               # on the CPU until the data is rendered
        cont = stage == 'decoder48c'
        n = n or (300 if small else (160000 if cont else 80000))
        data = decoder_data(clip, 32, n=n); log(f'data {tuple(data[0].shape)}')
        rows, every = [], max(secs / 6, 1.)
        scales, n_val = ((2.0, 4.0), 200) if cont else ((1.0, 2.0), 100)
        best = dict(all=-1.)
        class JudgeCB(Callback):
            order = 30
            def before_fit(self, learn): self.t0, self.next = time.perf_counter(), every
            def after_step(self, learn):
                el = time.perf_counter() - self.t0
                if el < self.next and learn.step < learn.n_steps: return
                row = dict(step=learn.step, seconds=round(el, 1), loss=float(np.mean(learn.losses[-100:])))
                try:
                    for g in scales:   # unseen single-object scenes of seed 11 (not the notebook's seed 7)
                        r = decoder_report(learn.ema_model, clip, n=8 if small else n_val, seed=11, guidance=g)
                        row[f'g{g:g}'] = {k: round(v, 3) for k, v in r.items() if k != 'images'}
                    acc = max(row[f'g{g:g}']['all'] for g in scales)
                    if cont and acc > best['all']:   # the best validated EMA weights so far
                        best.update(all=acc, step=learn.step)
                        save_checkpoint(WORK / f'{stage}_best', learn.ema_model, learn.ema_model.cfg, kind='decoder', dtype=torch.float16,
                                        meta=dict(steps=learn.step, bs=learn.data.bs, lr=learn.lr, n=n, ema=0.999, minutes=el / 60, device=device,
                                                  device_name=torch.cuda.get_device_name() if device == 'cuda' else 'cpu',
                                                  final_loss=row['loss'], chosen_on='seed 11, 200 single-object scenes', val_all=acc))
                except Exception as e: row['error'] = repr(e)
                rows.append(row); log(json.dumps(row))
                self.next = time.perf_counter() - self.t0 + every   # the next one `every` seconds after this one ended
        cuda_flags()
        dec, learn = train_decoder(WORK / stage, clip=clip, steps=10**6, bs=16 if small else (512 if cont else 256), lr=lr or 6e-4, n=n,
                                   bf16=device == 'cuda', device=device, seconds=secs, progress=False, data=data, cbs=[JudgeCB()],
                                   init='unclip_nb/weights/decoder' if cont else None)
        (WORK / f'{stage}_eval.json').write_text(json.dumps(rows, indent=1))
        log(f'{learn.step} steps, loss {np.mean(learn.losses[-100:]):.4f}')
        return [stage, f'{stage}_eval.json'] + ([f'{stage}_best'] if (WORK / f'{stage}_best').exists() else [])
    if stage.startswith('upsampler'):
        from unclip_nb.upsamplers import train_upsampler
        k = int(stage[-1])
        bs, n = (4, 64) if small else ((512, 30000) if k == 1 else (256, 20000))
        ups, learn = train_upsampler(WORK / stage, stage=k, steps=10**6, bs=bs, lr=1e-3, n=n, bf16=device == 'cuda',
                                     device=device, seconds=secs, progress=False)
        log(f'{learn.step} steps, loss {np.mean(learn.losses[-100:]):.4f}')
        return [stage]
    if stage == 'ar_prior':
        from unclip_nb.ar_prior import prior_data, train_ar_prior
        torch.set_num_threads(8)
        clip = load_clip()
        data = prior_data(clip, 400 if small else 40000); log(f'data {tuple(data[0].shape)}')  # encoded on the CPU: CUDA not touched yet
        cuda_flags()
        prior, learn = train_ar_prior(WORK / stage, clip=clip, steps=10**6, bs=16 if small else 512, lr=1e-3, n=len(data[0]),
                                      bf16=device == 'cuda', device=device, seconds=secs, progress=False, data=data)
        log(f'{learn.step} steps, loss {np.mean(learn.losses[-100:]):.4f}')
        return [stage]
    if stage == 'attr':
        from unclip_nb.attr_diffusion import train_attr_diffusion
        cuda_flags(name=False)   # CUDA must not start before the data is rendered in worker processes
        _, learn, log_ = train_attr_diffusion(WORK / stage, steps=10**6, bs=16 if small else 256, lr=1e-3, n=300 if small else 100000,
                                              eval_every=20 if small else 400, bf16=device == 'cuda', progress=False,
                                              device=device, seconds=secs)
        for r in log_: log(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}))
        return [stage]
    raise ValueError(stage)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('out'); ap.add_argument('--scale', type=float, default=1.); ap.add_argument('--device', default='cuda')
    ap.add_argument('--stage', help='(internal) train this one stage'); ap.add_argument('--lanes', default='decoder,decoder48,ups,ar')
    ap.add_argument('--lr', type=float, help='peak learning rate of the decoder stages'); ap.add_argument('--n', type=int, help='training scenes of the decoder stages')
    a = ap.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True); WORK.mkdir(parents=True, exist_ok=True)
    if a.stage:
        names = run_stage(a.stage, out, a.scale, a.device, a.lr, a.n)
        with tarfile.open(out / f'{a.stage}.tar', 'w') as tf:
            for nm in names: tf.add(WORK / nm, arcname=nm)
        print(f'[{a.stage}] packed {out / a.stage}.tar', flush=True); return
    t0 = time.time(); lanes = a.lanes.split(',')
    if 'bench' in lanes:   # alone on the machine, so that its timings are not shared with training lanes
        lanes.remove('bench'); args = ['--rounds', '3', '--bs', '256,1024', '--bf16', '--channels-last', '--device', a.device]
        if a.device == 'cpu': args = ['--rounds', '1', '--bs', '8', '--pairs', '1']   # the quick check of this script
        with open(out / 'bench.txt', 'w') as f:
            rc = subprocess.run([sys.executable, str(Path(__file__).parent.parent / 'bench' / 'unet_speed.py'), *args], stdout=f).returncode
        print((out / 'bench.txt').read_text(), flush=True); print(f'[{time.time() - t0:5.0f} s] bench exited with {rc}', flush=True)
    def lane(stages):
        for s in stages:
            extra = [f'--{k}={v}' for k, v in (('lr', a.lr), ('n', a.n)) if v is not None]
            rc = subprocess.run([sys.executable, __file__, str(out), '--stage', s, '--scale', str(a.scale), '--device', a.device, *extra]).returncode
            print(f'[{time.time() - t0:5.0f} s] stage {s} exited with {rc}', flush=True)
            if rc: return
    threads = [threading.Thread(target=lane, args=(LANES[l],)) for l in lanes]
    for t in threads: t.start()
    for t in threads: t.join()
    print(f'all lanes done in {time.time() - t0:.0f} s', flush=True)

if __name__ == '__main__': main()
