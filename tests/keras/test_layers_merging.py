"""Merging layers: elementwise merges (with broadcasting, rank expansion and masks),
Concatenate, Dot (batch_dot and normalize), and the functional shortcuts."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.losses_base import get_keras_mask, set_keras_mask
from tests.keras.test_layers_common import check_modes, rand

keras = tf.keras
L = keras.layers

_A, _B, _C = rand((3, 4), 1), rand((3, 4), 2), rand((3, 4), 3)


@pytest.mark.parametrize("cls,fn,want", [
    (L.Add, "add", _A + _B + _C), (L.Multiply, "multiply", _A * _B * _C),
    (L.Average, "average", (_A + _B + _C) / 3),
    (L.Maximum, "maximum", np.maximum(np.maximum(_A, _B), _C)),
    (L.Minimum, "minimum", np.minimum(np.minimum(_A, _B), _C)),
])
def test_elementwise_merges(cls, fn, want):
    check_modes(cls(), [_A, _B, _C], want, rtol=1e-6)
    np.testing.assert_allclose(getattr(L, fn)([_A, _B, _C]).numpy(), want, rtol=1e-6)


def test_subtract_takes_exactly_two_inputs():
    check_modes(L.Subtract(), [_A, _B], _A - _B)
    np.testing.assert_allclose(L.subtract([_A, _B]).numpy(), _A - _B)
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        L.Subtract()([_A, _B, _C])


def test_merges_broadcast_and_expand_lower_ranks():
    column = rand((3, 1), 4)
    check_modes(L.Add(), [_A, column], _A + column)
    seq, vec = rand((3, 2, 4), 5), rand((3, 4), 6)
    check_modes(L.Multiply(), [seq, vec], seq * vec[:, None, :])
    with pytest.raises(ValueError, match="incompatible shapes"):
        L.Add()([_A, rand((3, 5))])
    with pytest.raises(ValueError, match="different batch sizes"):
        L.Add()([_A, rand((2, 4))])
    with pytest.raises(ValueError, match="list of inputs"):
        L.Add()(_A)


def test_merge_gradients_route_to_the_chosen_inputs():
    a, b = tf.constant(_A), tf.constant(_B)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        top = tf.reduce_sum(L.Maximum()([a, b]))
        prod = tf.reduce_sum(L.Multiply()([a, b]))
        mean = tf.reduce_sum(L.Average()([a, b]))
    np.testing.assert_allclose(tape.gradient(top, a).numpy(), (_A >= _B).astype(np.float32))
    np.testing.assert_allclose(tape.gradient(prod, a).numpy(), _B)
    np.testing.assert_allclose(tape.gradient(mean, b).numpy(), np.full_like(_B, 0.5))


def test_masked_maximum_and_multiply_ignore_masked_steps():
    a, b = rand((2, 3, 2), 7), rand((2, 3, 2), 8)
    ma = np.array([[True, False, True], [False, False, True]])
    mb = np.array([[True, True, False], [False, True, True]])
    ta, tb = tf.constant(a), tf.constant(b)
    set_keras_mask(ta, tf.constant(ma))
    set_keras_mask(tb, tf.constant(mb))
    top = L.Maximum()([ta, tb])
    ea, eb = ma[..., None], mb[..., None]
    # Keras: a masked entry takes the other operand's value; where both are masked, the first
    want = np.where(ea & eb, np.maximum(a, b), np.where(eb & ~ea, b, a))
    np.testing.assert_allclose(top.numpy(), want)
    np.testing.assert_array_equal(get_keras_mask(top).numpy(), ma | mb)
    prod = L.Multiply()([ta, tb])
    want = np.where(ea | eb, np.where(ea, a, 1) * np.where(eb, b, 1), 0)
    np.testing.assert_allclose(prod.numpy(), want)
    np.testing.assert_array_equal(get_keras_mask(prod).numpy(), ma | mb)


def test_concatenate():
    x, y = rand((2, 3, 2), 1), rand((2, 3, 4), 2)
    check_modes(L.Concatenate(), [x, y], np.concatenate([x, y], -1))
    check_modes(L.Concatenate(axis=1), [x, x], np.concatenate([x, x], 1))
    np.testing.assert_allclose(L.concatenate([x, x], axis=0).numpy(), np.concatenate([x, x]))
    with pytest.raises(ValueError, match="matching shapes"):
        L.Concatenate(axis=1)([x, y])
    with pytest.raises(ValueError, match="matching shapes"):
        L.Concatenate()([rand((2, 3)), rand((2, 2, 1))])
    assert L.Concatenate(axis=2).get_config()["axis"] == 2


def _np_batch_dot(x, y, axes):
    """Keras' batch_dot from its definition: per batch entry, tensordot over the axes."""
    out = np.stack([np.tensordot(x[i], y[i], axes=(axes[0] - 1, axes[1] - 1))
                    for i in range(x.shape[0])])
    return out[:, None] if out.ndim == 1 else out


@pytest.mark.parametrize("axes,shapes", [(1, [(3, 4), (3, 4)]), (-1, [(3, 4), (3, 4)]),
                                         ((1, 2), [(2, 3, 4), (2, 5, 3)]),
                                         ((2, 1), [(2, 3, 4), (2, 4)]),
                                         (2, [(2, 3, 4), (2, 5, 4)])])
def test_dot_matches_batch_dot(axes, shapes):
    x, y = rand(shapes[0], 1), rand(shapes[1], 2)
    pair = [axes, axes] if isinstance(axes, int) else list(axes)
    pair = [a % len(s) for a, s in zip(pair, shapes)]
    check_modes(L.Dot(axes=axes), [x, y], _np_batch_dot(x, y, pair), rtol=1e-5)


def test_dot_normalize_is_cosine_and_its_gradient():
    x, y = rand((3, 4), 1), rand((3, 4), 2)
    cos = (x * y).sum(1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)
    check_modes(L.Dot(axes=1, normalize=True), [x, y], cos[:, None], rtol=1e-5)
    np.testing.assert_allclose(L.dot([x, y], axes=1, normalize=True).numpy(), cos[:, None],
                               rtol=1e-5)
    from tests.opcheck import check_gradient
    check_gradient(lambda a, b: L.Dot(axes=1, normalize=True, dtype="float64")([a, b]),
                   [x, y])
    with pytest.raises(ValueError, match="two elements"):
        L.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match="Incompatible input shapes"):
        L.Dot(axes=1)([x, rand((3, 5))])


def test_merge_layers_in_a_functional_model():
    a, b = keras.Input((4,)), keras.Input((4,))
    s = L.add([a, b])
    c = L.Concatenate()([s, L.Maximum()([a, b])])
    d = L.Dot(axes=1)([s, a])
    assert (s.shape, c.shape, d.shape) == ((None, 4), (None, 8), (None, 1))
    model = keras.Model([a, b], [c, d])
    out_c, out_d = model([_A, _B])
    np.testing.assert_allclose(out_c.numpy(), np.concatenate([_A + _B, np.maximum(_A, _B)], 1),
                               rtol=1e-6)
    np.testing.assert_allclose(out_d.numpy(), ((_A + _B) * _A).sum(1, keepdims=True),
                               rtol=1e-5)
    nodes = [layer["inbound_nodes"] for layer in model.get_config()["layers"]
             if layer["class_name"] == "Concatenate"][0]
    assert [ref["config"]["keras_history"][0] for ref in nodes[0]["args"][0]] == \
        [model.layers[2].name, model.layers[3].name]
