"""parse_sequence_example as a graph op: values against hand-built arrays, and a SavedModel
whose serving function parses SequenceExamples (TF's values are pinned in
tools/reference/io_sequence.py)."""
from __future__ import annotations

import numpy as np

import fluxion as tf


def _example(steps, label):
    lists = tf.train.FeatureLists(feature_list={"x": tf.train.FeatureList(feature=[
        tf.train.Feature(float_list=tf.train.FloatList(value=s)) for s in steps])})
    context = tf.train.Features(feature={
        "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[label]))})
    return tf.train.SequenceExample(context=context, feature_lists=lists).SerializeToString()


SPEC = {"x": tf.io.FixedLenSequenceFeature([2], tf.float32)}
CONTEXT = {"label": tf.io.FixedLenFeature([], tf.int64)}


def test_batch_pads_steps_and_counts_them():
    rng = np.random.default_rng(0)
    steps = [rng.random((n, 2)).astype(np.float32) for n in (3, 1, 0, 2)]
    serialized = [_example(s.tolist(), i) for i, s in enumerate(steps)]
    context, lists, lengths = tf.io.parse_sequence_example(serialized, CONTEXT, SPEC)
    want = np.zeros((4, 3, 2), np.float32)
    for i, s in enumerate(steps):
        want[i, :len(s)] = s
    np.testing.assert_array_equal(lists["x"].numpy(), want)
    assert lengths["x"].numpy().tolist() == [3, 1, 0, 2]
    assert context["label"].numpy().tolist() == [0, 1, 2, 3]


def test_saved_serving_function_parses_sequence_examples(tmp_path):
    class Model(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def serve(self, serialized):
            context, lists, lengths = tf.io.parse_sequence_example(serialized, CONTEXT, SPEC)
            total = tf.reduce_sum(lists["x"], axis=[1, 2])
            return {"total": total, "steps": lengths["x"], "label": context["label"]}

    tf.saved_model.save(Model(), str(tmp_path / "m"))
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    batch = tf.constant([_example([[1, 2], [3, 4]], 7), _example([[0.5, 0.5]], 8)])
    out = loaded.serve(batch)
    np.testing.assert_allclose(out["total"].numpy(), [10.0, 1.0])
    assert out["steps"].numpy().tolist() == [2, 1]
    assert out["label"].numpy().tolist() == [7, 8]
