"The app as a user meets it: `unclip_nb app` started on a local port, every tab called over HTTP with gradio_client, then stopped."
import os, select, signal, socket, subprocess, sys, time
from pathlib import Path
import numpy as np
import pytest
from PIL import Image
from gradio_client import Client, handle_file
from unclip_nb.names import WEIGHTS
from unclip_nb.shapes import Scene, Obj, render

EXE = str(Path(sys.executable).parent / 'unclip_nb')
SHIPPED = all((WEIGHTS / c / 'config.json').exists() for c in ('clip', 'decoder', 'upsampler1', 'upsampler2'))

def free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def client(tmp_path_factory):
    "A running `unclip_nb app` and a client of it; the server is stopped with Ctrl-C (SIGINT) at the end."
    port = free_port()
    p = subprocess.Popen([EXE, 'app', '--port', str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, HF_HUB_OFFLINE='1', GRADIO_ANALYTICS_ENABLED='False'))
    line, t0 = '', time.time()
    while 'serving' not in line and time.time() - t0 < 120 and p.poll() is None:
        if select.select([p.stdout], [], [], 1)[0]: line = p.stdout.readline()
    assert line.startswith(f'unclip_nb app: serving http://127.0.0.1:{port}'), (line, p.poll(), p.stderr.read() if p.poll() is not None else '')
    yield Client(f'http://127.0.0.1:{port}/', verbose=False)
    p.send_signal(signal.SIGINT)
    assert p.wait(timeout=30) in (0, 130)

def pixels(item) -> np.ndarray: return np.asarray(Image.open(item['image'] if isinstance(item, dict) else item).convert('RGB'))

def png(tmp_path, scene: Scene, name: str) -> str:
    path = tmp_path / name; Image.fromarray(render(scene, 128)).save(path); return str(path)

pytestmark = pytest.mark.skipif(not SHIPPED, reason='the package does not ship a decoder and upsamplers yet')

def test_text_to_image_shows_every_stage(client):
    gallery, note = client.predict('a small red circle in the top left', 'diffusion', 1, 2.0, 0, 10, api_name='/generate')
    assert note == ''
    caps = [g['caption'] for g in gallery]
    assert len(gallery) == 4 and caps[0].startswith("the prior's pick: ") and [c.split(',')[0] for c in caps[1:]] == ['32 px', '64 px', '128 px'], caps
    assert 'the judge reads' in caps[-1]
    ims = [pixels(g) for g in gallery]
    assert all(a.shape == (128, 128, 3) for a in ims) and all(a.std() > 5 for a in ims)   # shown at one size, and not blank

def test_out_of_world_words_are_named_on_the_page(client):
    gallery, note = client.predict('three pink dogs', 'diffusion', 1, 2.0, 0, 3, api_name='/generate')
    assert len(gallery) == 4
    assert "'pink', 'dogs' are not in ShapesWorld" in note and 'counts above two are not supported' in note and 'shapes are circle' in note, note

def test_variations_interpolation_and_the_frame_slider(client, tmp_path):
    star = png(tmp_path, Scene((Obj('star', 'blue', 'large', 'center'),)), 'star.png')
    heart = png(tmp_path, Scene((Obj('heart', 'yellow', 'small', 'bottom right'),)), 'heart.png')
    gallery, note = client.predict(handle_file(star), 0.5, 2, 0, 5, 32, api_name='/vary')
    assert [g['caption'] for g in gallery] == ['input', 'variation 1, eta 0.5', 'variation 2, eta 0.5'] and note == ''
    assert pixels(gallery[0]).shape == (128, 128, 3)
    gallery, note, first = client.predict(handle_file(star), handle_file(heart), 3, 'slerp', 0, 5, 32, api_name='/interpolate')
    assert [g['caption'] for g in gallery] == ['t = 0.00', 't = 0.50', 't = 1.00'] and note == ''
    assert np.array_equal(pixels(first), pixels(gallery[0]))
    assert np.array_equal(pixels(client.predict(1.0, api_name='/frame')), pixels(gallery[-1]))   # the slider steps through this session's frames

def test_text_diff_and_an_image_unlike_the_world(client, tmp_path):
    white = tmp_path / 'white.png'; Image.new('RGB', (128, 128), 'white').save(white)
    gallery, note = client.predict(handle_file(str(white)), 'a large red heart in the center', '', 0.5, 0, 5, 32, api_name='/edit')
    assert [g['caption'].split(':')[0] for g in gallery] == ['input', 'theta 0.5']
    assert 'do not look like ShapesWorld' in note, note

def test_a_missing_image_is_an_error_box(client):
    with pytest.raises(Exception, match='upload an image first'):
        client.predict(None, 0.5, 2, 0, 5, 32, api_name='/vary')
