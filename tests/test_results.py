"""Every figure shown comes from the weights shipped now: the results kept with them (`unclip_nb/weights/results.json`) and
the notebooks' saved outputs carry the fingerprint of the weights that made them (`record_result`, tools/execute_nbs.py),
and it must be the fingerprint of the weights in the repository. After a retraining, `python tools/refresh.py` makes them
again."""
import json, re
from pathlib import Path
from unclip_nb.core import weights_fingerprint, read_results, stale_results
from unclip_nb.names import WEIGHTS

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(nb for nb in (ROOT / 'nbs').glob('*.ipynb') if not nb.name.startswith('_'))
SLOW = re.compile(r'^#\|\s*slow\s*$', re.M)
# Notebooks whose slow cells' saved outputs predate the stamps: which weights made them is not recorded. The list may only
# shrink: a notebook leaves it once `python tools/execute_nbs.py NB --slow` has run it whole (or its slow cells keep their
# results with the weights, as 50_evaluation's do).
UNSTAMPED_SLOW = {'06a_attr_diffusion', '30_decoder', '40_pipeline', '42_manipulations', '43_clip_space'}

def stamp(nb: Path) -> dict: return json.loads(nb.read_text())['metadata'].get('unclip_nb', {})

def slow_outputs(nb: Path) -> bool:
    return any(c['cell_type'] == 'code' and SLOW.search(''.join(c['source'])) and c.get('outputs') for c in json.loads(nb.read_text())['cells'])

def test_results_measured_these_weights():
    fp = weights_fingerprint(WEIGHTS)
    assert not stale_results(WEIGHTS), (f'results.json holds results of other weights than the shipped ones ({fp}): '
                                        f'{stale_results(WEIGHTS)}; make them again with `python tools/refresh.py`')
    for name, r in read_results(WEIGHTS).items(): assert r['command'] and r['date'], f'{name}: no command or date'

def test_saved_outputs_made_with_these_weights():
    fp = weights_fingerprint(WEIGHTS)
    wrong = {nb.stem: stamp(nb).get('weights') for nb in NBS if stamp(nb).get('weights') != fp}
    assert not wrong, (f'notebooks whose saved outputs were made with other weights than the shipped ones ({fp}), or not stamped: '
                       f'{wrong}; run `python tools/execute_nbs.py` on them (or `python tools/refresh.py`)')

def test_slow_outputs_stamped():
    fp = weights_fingerprint(WEIGHTS)
    stale = {nb.stem: stamp(nb)['slow'] for nb in NBS if 'slow' in stamp(nb) and stamp(nb)['slow'] != fp}
    assert not stale, f'slow cells run with other weights than the shipped ones ({fp}): {stale}'
    unstamped = {nb.stem for nb in NBS if slow_outputs(nb) and 'slow' not in stamp(nb)}
    assert unstamped <= UNSTAMPED_SLOW, f'slow outputs without a stamp: {sorted(unstamped - UNSTAMPED_SLOW)} (run them with --slow)'
    assert UNSTAMPED_SLOW <= unstamped, f'stamped now, take them off UNSTAMPED_SLOW: {sorted(UNSTAMPED_SLOW - unstamped)}'
