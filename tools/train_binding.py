"""Fine-tune the shipped CLIP with rendered twins (`13_binding`) on the CPU, and measure it before and after.

    python tools/train_binding.py --out runs/binding --steps 1200            # about 40 min on 2 cores
    python tools/train_binding.py --out runs/binding --steps 1200            # the same again resumes an unfinished run

Writes the CLIP to OUT/clip and its measurements, with the shipped CLIP's beside them, to bench/binding/NAME.json
(NAME: the last part of OUT): the swap tests of every kind, the linear probes of two-object scenes, zero-shot
accuracy, retrieval and one-attribute prompts in both halves of the grammar.
"""
import argparse, json, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def report(clip) -> dict:
    from unclip_nb.binding import KINDS, swap_test, object_probes
    from unclip_nb.clip import zero_shot_accuracy, retrieval_r1
    from unclip_nb.lit import attribute_accuracy
    return dict(swap={k: swap_test(clip, k) for k in KINDS}, probes=object_probes(clip), zero_shot=zero_shot_accuracy(clip),
                r1_single=retrieval_r1(clip, 1), r1_two=retrieval_r1(clip, 2),
                attribute_train=attribute_accuracy(clip, 'train'), attribute_heldout=attribute_accuracy(clip, 'heldout'))

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', default='runs/binding', help='the run folder (default: runs/binding)')
    p.add_argument('--steps', type=int, default=1200, help='training steps (default: 1200)')
    p.add_argument('--lr', type=float, default=5e-4, help='peak learning rate (default: 5e-4)')
    p.add_argument('--pairs', type=int, default=192, help='twin pairs per batch (default: 192)')
    p.add_argument('--plain', type=int, default=128, help='plain image-caption pairs per batch (default: 128)')
    p.add_argument('--seconds', type=float, default=None, help='time budget (default: none)')
    a = p.parse_args()
    from unclip_nb.clip import load_clip
    from unclip_nb.binding import train_binding
    from unclip_nb.learner import Callback
    out, t0, cmd = Path(a.out), time.time(), 'python tools/train_binding.py ' + ' '.join(sys.argv[1:])
    class Log(Callback):
        def after_step(self, learn):
            if learn.step % 50 == 0: print(f'step {learn.step}: loss {sum(learn.losses[-50:]) / len(learn.losses[-50:]):.4f}, {time.time() - t0:.0f} s', flush=True)
    clip, learn = train_binding(out / 'clip', steps=a.steps, bs=a.plain, pairs=a.pairs, lr=a.lr, seconds=a.seconds, progress=False,
                                cbs=[Log()], command=cmd)
    minutes = (time.time() - t0) / 60
    print(f'trained in {minutes:.1f} min; measuring', flush=True)
    res = dict(command=cmd, steps=learn.step, minutes=round(minutes, 1), hardware='2 CPU cores, no GPU',
               before=report(load_clip()), after=report(clip))
    dest = ROOT / 'bench' / 'binding' / f'{out.name}.json'; dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(res, indent=1) + '\n'); print('wrote', dest)

if __name__ == '__main__': main()
