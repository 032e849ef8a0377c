"""Kill -9 at random moments while a real window types: the database stays sound, at most a second is lost.

A few trials here (``FAULT_TRIALS``, default 8, half of them while another
program holds the database's lock); ``bench/fault_trials.py`` runs hundreds
for the README's figures.
"""

from __future__ import annotations

import os
import random

import pytest

from tests.faults.trials import MAX_LOSS_S, run_trial

TRIALS = int(os.environ.get("FAULT_TRIALS", "8"))


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_9_while_typing_loses_at_most_a_second(tmp_path, trial):
    outcome = run_trial(tmp_path / "data", random.Random(trial), locked=trial % 2 == 1)
    assert not outcome.crashed, outcome
    assert outcome.sound, "the database failed integrity_check"
    assert outcome.prefix, "what was stored is not what was typed"
    assert outcome.lost_s <= MAX_LOSS_S, outcome
    assert outcome.typed > 0
