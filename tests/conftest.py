import os
os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('MPLBACKEND', 'Agg')

NB_TIMINGS = {}

def pytest_terminal_summary(terminalreporter):
    if NB_TIMINGS:
        terminalreporter.section('notebook timings (nbdev_test, seconds)')
        for name, secs in sorted(NB_TIMINGS.items()): terminalreporter.write_line(f'{secs:7.1f}  {name}')
        terminalreporter.write_line(f'{sum(NB_TIMINGS.values()):7.1f}  total')
