"""Kill -9 trials for the README: a real window types steadily and is killed at a random moment.

``cd /work/main && .venv/bin/python bench/fault_trials.py [TRIALS]`` (default 200; half of them while
another program holds the database's write lock, so every save fails and only the recovery journal
holds the text). Prints trials, damaged files, crashes, trials that lost more than a second of typing,
and the median and worst loss. The harness is ``tests/faults/trials.py``; CI runs a few trials of it.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.faults.trials import MAX_LOSS_S, run_trial  # noqa: E402


def main(trials: int) -> None:
    rng = random.Random(2026)
    outcomes = []
    for number in range(trials):
        with tempfile.TemporaryDirectory(prefix="fault-trial-") as folder:
            outcomes.append(run_trial(Path(folder) / "data", rng, locked=number % 2 == 1))
        print(f"\r{number + 1}/{trials}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    for locked in (False, True):
        group = [o for o in outcomes if o.locked == locked]
        losses = [o.lost_s for o in group]
        print(f"{'locked database' if locked else 'normal'}: {len(group)} trials, "
              f"{sum(not o.sound for o in group)} damaged files, {sum(bool(o.crashed) for o in group)} crashes, "
              f"{sum(not o.prefix for o in group)} garbled texts, "
              f"{sum(o.lost_s > MAX_LOSS_S for o in group)} lost more than {MAX_LOSS_S:.0f} s; "
              f"typing lost: median {statistics.median(losses):.2f} s, worst {max(losses):.2f} s; "
              f"{sum(o.typed for o in group)} keystrokes typed")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
