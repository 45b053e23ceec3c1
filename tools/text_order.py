"""How much a text tower's z_t depends on the word order of a held-out phrasing.

    python tools/text_order.py shipped runs/sh/clip      # about 30 s per tower on 2 CPU cores

For 400 single-object captions of unseen scenes (seed 555) in the held-out half of the grammar, the same stated
attributes are also said in the training half (`say`). For each tower (a CLIP checkpoint folder, or 'shipped'): the
mean cosine between the two captions' z_t, among captions with adjectives after the noun ("a circle that is
large") and among the others; then single-object caption retrieval (R@1, `caption_retrieval`) in both halves, and
one-attribute zero-shot accuracy in held-out phrasings (`attribute_accuracy`).
"""
import sys

def main():
    if len(sys.argv) < 2 or sys.argv[1] in ('-h', '--help'): sys.exit(__doc__)
    import numpy as np, torch, torch.nn.functional as F
    from unclip_nb.clip import load_clip
    from unclip_nb.lit import attribute_accuracy, caption_retrieval
    from unclip_nb.shapes import ShapesWorld, say
    ds = ShapesWorld(400, seed=555, n_objects=1, cache=False, language='heldout')
    caps = [ds.stated_caption(i) for i in range(len(ds))]
    rng = np.random.default_rng(555); said = [say(c.objects[0], rng, 'train') for c in caps]
    late = torch.tensor([' that is ' in c.text for c in caps])   # adjectives after the noun
    for name in sys.argv[1:]:
        clip = load_clip(pretrained=None if name == 'shipped' else name)
        cos = F.cosine_similarity(clip.encode_text([c.text for c in caps]), clip.encode_text(said))
        attrs = {k: round(v, 3) for k, v in attribute_accuracy(clip, 'heldout').items()}
        print(f'{name}: cos(held-out, training phrasing) {cos[late].mean():.3f} with adjectives after the noun ({int(late.sum())}), '
              f'{cos[~late].mean():.3f} otherwise; R@1 1obj held-out {caption_retrieval(clip, "heldout", 1):.3f}, '
              f'training {caption_retrieval(clip, "train", 1):.3f}; one attribute, held-out phrasings {attrs}', flush=True)

if __name__ == '__main__': main()
