"""Train CLIP and the decoder on a lent GPU and pack each into OUT/<stage>.tar as soon as it is done.

    python tools/train_gpu.py OUT [CLIP_SECONDS DECODER_SECONDS N]

The training images and captions are rendered in worker processes *before* CUDA is initialised (forking a
process that holds a CUDA context can hang it). The other stages (priors, upsamplers) train on a CPU with
`unclip_nb train`.
"""
import sys, tarfile, time, faulthandler
from pathlib import Path
faulthandler.enable()   # a crash prints the Python stack
import torch
from unclip_nb.clip import build_clip, clip_data, train_clip, ClipConfig
from unclip_nb.decoder import decoder_data, train_decoder, DecoderConfig

out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
clip_s, dec_s, n = (float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (50., 110., 40000)
work = Path('/tmp/unclip_work'); t0 = time.time()
log = lambda msg: print(f'[{time.time() - t0:5.0f} s] {msg}', flush=True)

cpu_clip = build_clip(ClipConfig.small())                      # on the CPU: only its tokenizer and image size are used here
cdata = clip_data(cpu_clip, n=n); log(f'CLIP data {tuple(cdata[0].shape)}')
ddata = decoder_data(cpu_clip, DecoderConfig.small().size, n=n); log(f'decoder data {tuple(ddata[0].shape)}')

torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
torch.backends.cudnn.benchmark = True
log(f'{torch.__version__} {torch.cuda.get_device_name()}')

def pack(stage):
    with tarfile.open(out / f'{stage}.tar', 'w') as tf: tf.add(work / stage, arcname=stage)
    log(f'packed {stage}')

clip, learn = train_clip(work / 'clip', steps=10**6, bs=512, lr=1e-3, n=n, bf16=True, device='cuda', seconds=clip_s, progress=False, data=cdata)
log(f'CLIP: {learn.step} steps, loss {sum(learn.losses[-50:]) / 50:.4f}'); pack('clip')
dec, learn = train_decoder(work / 'decoder', clip=clip, steps=10**6, bs=256, lr=5e-4, n=n, bf16=True, device='cuda', seconds=dec_s, progress=False, data=ddata)
log(f'decoder: {learn.step} steps, loss {sum(learn.losses[-100:]) / 100:.4f}'); pack('decoder')
