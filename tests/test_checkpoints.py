"Checkpoint faults a user can meet, and the shipped weights."
import json, pytest, torch
from unclip_nb.core import save_checkpoint, load_checkpoint, read_checkpoint, CheckpointError, FORMAT_VERSION
from unclip_nb.judge import Judge, JudgeConfig, load_judge
from unclip_nb.names import WEIGHTS

def small_model(): return torch.nn.Linear(4, 3)

def test_truncated_weights(tmp_path):
    save_checkpoint(tmp_path / 'ck', small_model(), kind='toy')
    f = tmp_path / 'ck' / 'model.safetensors'; f.write_bytes(f.read_bytes()[:40])
    with pytest.raises(CheckpointError, match='model.safetensors: corrupt'): load_checkpoint(tmp_path / 'ck', small_model())

def test_garbage_config(tmp_path):
    save_checkpoint(tmp_path / 'ck', small_model(), kind='toy')
    (tmp_path / 'ck' / 'config.json').write_text('{not json')
    with pytest.raises(CheckpointError, match='config.json: corrupt'): read_checkpoint(tmp_path / 'ck')

def test_future_format_version(tmp_path):
    save_checkpoint(tmp_path / 'ck', small_model(), kind='toy')
    f = tmp_path / 'ck' / 'config.json'; info = json.loads(f.read_text()); info['format_version'] = FORMAT_VERSION + 1
    f.write_text(json.dumps(info))
    with pytest.raises(CheckpointError, match='format version'): read_checkpoint(tmp_path / 'ck')

def test_no_half_written_checkpoint_on_failure(tmp_path):
    save_checkpoint(tmp_path / 'ck', small_model(), kind='toy')
    before = (tmp_path / 'ck' / 'model.safetensors').read_bytes()
    with pytest.raises(TypeError): save_checkpoint(tmp_path / 'ck', small_model(), kind='toy', meta={'bad': object()})
    assert (tmp_path / 'ck' / 'model.safetensors').read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ['ck']

def test_shipped_judge_is_small_fp16_and_loads_strictly():
    t, info = read_checkpoint(WEIGHTS / 'judge', kind='judge')
    assert all(v.dtype == torch.float16 for v in t.values() if v.is_floating_point())
    assert (WEIGHTS / 'judge' / 'model.safetensors').stat().st_size < 2 * 2**20
    j = load_judge()
    assert j.cfg == JudgeConfig.from_dict(info['config']) and not j.training
    with pytest.raises(CheckpointError, match='shape mismatches'): load_checkpoint(WEIGHTS / 'judge', Judge(JudgeConfig(width=8)))
