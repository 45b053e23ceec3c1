"""Retrain the text side of the shipped model for the caption grammar, on a CPU, one step at a time.

    python tools/retrain_language.py lit --out runs/language                # the text tower (LiT), about 20 min on 2 cores
    python tools/retrain_language.py lit --out runs/fits --targets fits     # ... with every image a caption fits as a positive
    python tools/retrain_language.py lit --out runs/unk --unknown 0.5       # ... with unknown words inserted into the captions (also for the priors)
    python tools/retrain_language.py lit --out runs/sh --unknown 0.5 --shuffle 0.5   # ... and the words of half of them locally shuffled (also for the priors)
    python tools/retrain_language.py data --out runs/language               # prior data: 50,000 embedded scenes, 8 captions each
    python tools/retrain_language.py data --out runs/nouns --p-state 0.6 shape=.85,color=.5,size=.4,position=.4
                                        # ... half of them with captions that name the shape more often than the rest
    python tools/retrain_language.py diffusion --out runs/language --seconds 900 --threads 1 &
    python tools/retrain_language.py ar --out runs/language --seconds 1200 --threads 1 &    # the two priors side by side
    python tools/retrain_language.py diffusion --out runs/language3 --data runs/language/prior_data.pt --prior-steps 3600 --seconds 2900 --threads 1
                                        # continue the shipped prior with a learning rate that decays over the run
    python tools/retrain_language.py decoder --out runs/decoder --seconds 3000 --decoder-steps 900
                                        # the decoder, continued on captions that leave things out, reading the text tower's tokens

Each prior continues from the shipped one, and so does the decoder (the image tower is locked, so z_i does not
change); the upsamplers are untouched. Without OUT/clip, the steps use the shipped text tower. The result is a
folder `UnCLIP.from_pretrained` reads once `assemble` has copied in the shipped parts the run did not retrain. A
decoder retrained here reads the run's text tower, so the shipped decoder's own text encoder (decoder_text) is
then left out.
"""
import argparse, shutil, sys, time
from pathlib import Path

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('step', choices=['lit', 'data', 'diffusion', 'ar', 'decoder', 'assemble'])
    p.add_argument('--out', default='runs/language', help='the run folder (default: runs/language)')
    p.add_argument('--seconds', type=float, default=900, help='time budget of a prior or the decoder (default: 900)')
    p.add_argument('--steps', type=int, default=2000, help='text tower steps (default: 2000)')
    p.add_argument('--decoder-steps', type=int, default=1000, help='steps the decoder\'s learning rate decays over, to a tenth (default: 1000)')
    p.add_argument('--prior-steps', type=int, default=10**6, help='steps a prior\'s learning rate decays over, to a tenth (default: 10**6, so that it stays nearly constant)')
    p.add_argument('--targets', default='pairs', choices=['pairs', 'fits'], help="text tower: each caption's own image is its positive ('pairs', CLIP's loss, default), or every image it fits ('fits')")
    p.add_argument('--threads', type=int, default=0, help='torch threads (default: all cores)')
    p.add_argument('--init', default=None, help='checkpoint the text tower or a prior continues from (default: the shipped one)')
    p.add_argument('--data', default=None, help='prior data file (default: OUT/prior_data.pt)')
    p.add_argument('--p-state', nargs='+', default=['0.6'], help="data: the probability that a caption states each attribute ('0.6', the default), or one each "
                   "('shape=.85,color=.5,size=.4,position=.4'); several split the 50,000 scenes evenly, the k-th from ShapesWorld seed 4000 + k")
    p.add_argument('--unknown', type=float, default=0., help='probability of each of two runs of words no caption uses inserted into a training caption (`UnknownWordsCB`; default: 0, none)')
    p.add_argument('--shuffle', type=float, default=0., help='probability that a training caption has its words locally shuffled (`ShuffledWordsCB`; default: 0, none)')
    a = p.parse_args()
    import torch
    if a.threads: torch.set_num_threads(a.threads)
    from unclip_nb.clip import load_clip
    from unclip_nb.names import WEIGHTS
    from unclip_nb.learner import Callback
    out, t0, cmd = Path(a.out), time.time(), 'python tools/retrain_language.py ' + ' '.join(sys.argv[1:])
    class Log(Callback):
        def after_step(self, learn):
            if learn.step % 100 == 0: print(f'{a.step} step {learn.step}: loss {sum(learn.losses[-100:]) / 100:.4f}, {time.time() - t0:.0f} s', flush=True)
    text_tower = lambda: load_clip(pretrained=out / 'clip') if (out / 'clip').exists() else load_clip()   # the run's, else the shipped one
    def callbacks(tokenizer):
        from unclip_nb.lit import UnknownWordsCB, ShuffledWordsCB   # shuffled first, so an inserted run stays whole
        return [Log()] + ([ShuffledWordsCB(p=a.shuffle)] if a.shuffle else []) + ([UnknownWordsCB(tokenizer, p=a.unknown)] if a.unknown else [])
    if a.step == 'lit':
        from unclip_nb.lit import train_text_tower
        train_text_tower(out / 'clip', init=a.init, steps=a.steps, targets=a.targets, progress=False, command=cmd, cbs=callbacks(load_clip().tokenizer))
    elif a.step == 'data':
        from unclip_nb.priors import prior_data
        spec = lambda s: float(s) if '=' not in s else {k: float(v) for k, v in (kv.split('=') for kv in s.split(','))}
        clip = text_tower()
        parts = [prior_data(clip, 50000 // len(a.p_state), seed=4000 + k, p_state=spec(s)) for k, s in enumerate(a.p_state)]
        dest = Path(a.data or out / 'prior_data.pt'); dest.parent.mkdir(parents=True, exist_ok=True)
        torch.save(tuple(torch.cat(t) for t in zip(*parts)), dest)
    elif a.step == 'decoder':   # 40,000 new scenes (seed 2100), four captions each from the training grammar
        from unclip_nb.decoder import train_decoder, decoder_data
        clip = text_tower()
        data = decoder_data(clip, 32, 40000, seed=2100, language='train')
        train_decoder(out / 'decoder', clip=clip, init=a.init or WEIGHTS / 'decoder', data=data, steps=a.decoder_steps, bs=64, lr=1e-4,
                      ema=0.995, seconds=a.seconds, progress=False, cbs=callbacks(clip.tokenizer), command=cmd)
    elif a.step == 'assemble':
        own_decoder = (out / 'decoder').exists()
        for c in ('clip', 'diffusion_prior', 'ar_prior', 'decoder', 'upsampler1', 'upsampler2') + (() if own_decoder else ('decoder_text',)):
            if not (out / c).exists(): shutil.copytree(WEIGHTS / c, out / c)
    else:
        clip, data = text_tower(), torch.load(a.data or out / 'prior_data.pt')
        if a.step == 'diffusion': from unclip_nb.diffusion_prior import train_diffusion_prior as train
        else: from unclip_nb.ar_prior import train_ar_prior as train
        name = f'{a.step}_prior'
        train(out / name, clip=clip, data=data, steps=a.prior_steps, bs=256, lr=3e-4, n=50000, seconds=a.seconds, progress=False,
              init=a.init or WEIGHTS / name, cbs=callbacks(clip.tokenizer), command=cmd)
    print(f'{a.step}: done in {(time.time() - t0) / 60:.1f} min -> {out}')

if __name__ == '__main__': main()
