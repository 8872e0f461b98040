"""A training process killed mid-run (os._exit from a hook, no cleanup) leaves model_dir
valid; a new Estimator resumes from the last checkpoint (losing at most one checkpoint
interval) and, with deterministic input and a fixed seed, ends with exactly the weights of an
uninterrupted run."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap

import numpy as np

import fluxion as tf

ROOT = pathlib.Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import os, sys
    import numpy as np
    import fluxion as tf

    v1 = tf.compat.v1
    X = np.random.RandomState(0).randn(16, 3).astype(np.float32)
    Y = X @ np.array([1.0, -2.0, 0.5], np.float32)

    def input_fn():  # every step sees the same batch: a resumed run replays the same input
        return tf.data.Dataset.from_tensors(({"x": X}, Y)).repeat()

    def model_fn(features, labels, mode):
        hidden = tf.keras.layers.Dense(4, activation="tanh")(features["x"])
        pred = tf.keras.layers.Dense(1)(hidden)[:, 0]
        loss = v1.losses.mean_squared_error(labels, pred)
        train_op = v1.train.AdamOptimizer(0.05).minimize(loss, v1.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    class Crash(tf.estimator.SessionRunHook):
        def __init__(self, at):
            self.at = at

        def begin(self):
            self.step = v1.train.get_global_step()

        def after_run(self, run_context, run_values):
            if run_context.session.run(self.step) >= self.at:
                os._exit(3)  # dies at once: no end(), no final checkpoint

    model_dir, max_steps, crash_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    config = tf.estimator.RunConfig(tf_random_seed=42, save_checkpoints_steps=5,
                                    log_step_count_steps=None)
    est = tf.estimator.Estimator(model_fn, model_dir=model_dir, config=config)
    est.train(input_fn, max_steps=max_steps, hooks=[Crash(crash_at)] if crash_at else [])
""")


def run_training(script, model_dir, max_steps, crash_at=0) -> int:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, str(script), str(model_dir), str(max_steps),
                           str(crash_at)], env=env, cwd=str(ROOT), timeout=120,
                          check=False).returncode


def weights(model_dir) -> dict:
    reader = tf.train.load_checkpoint(str(model_dir))
    return {k: reader.get_tensor(k) for k in reader.get_variable_to_shape_map()
            if not k.startswith("_")}


def test_crash_then_resume_matches_uninterrupted_training(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    crashed, clean = tmp_path / "crashed", tmp_path / "clean"
    assert run_training(script, crashed, 20, crash_at=12) == 3
    # the last complete checkpoint is step 10 (saved every 5 steps); steps 11-12 are lost
    state = tf.train.get_checkpoint_state(str(crashed))
    assert os.path.basename(state.model_checkpoint_path) == "model.ckpt-10"
    for path in state.all_model_checkpoint_paths:  # every listed checkpoint is readable
        assert tf.train.load_checkpoint(path).get_tensor("global_step") >= 0
    assert not [f for f in os.listdir(crashed) if f.endswith(".tmp")]
    assert run_training(script, crashed, 20) == 0  # a new process resumes and finishes
    assert run_training(script, clean, 20) == 0
    resumed, uninterrupted = weights(crashed), weights(clean)
    assert resumed["global_step"] == uninterrupted["global_step"] == 20
    assert set(resumed) == set(uninterrupted)
    for name in uninterrupted:
        np.testing.assert_array_equal(resumed[name], uninterrupted[name], err_msg=name)
