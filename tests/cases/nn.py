"""Cases for the nn family: activations and their gradient primitives, softmax, log-softmax,
the cross-entropies, l2_loss, bias_add and the LRN window sum
(fluxion/ops/nn_activations.py, nn_losses.py, nn_norm.py).

Inputs of piecewise functions stay away from the kinks (0, and 6 for relu6) so that central
finite differences see a smooth function.
"""
import math

import numpy as np

from tests.opcheck import Case

R = np.random.default_rng(11)


def _away(shape, lo=0.1, hi=2.5, dtype=np.float32):
    """Random values with |x| in [lo, hi]: no element sits on a kink at 0."""
    mag = R.uniform(lo, hi, shape)
    return (mag * R.choice([-1.0, 1.0], shape)).astype(dtype)


X = _away((3, 4))
X64 = _away((2, 5), dtype=np.float64)
X16 = _away((4,), dtype=np.float16)
X3 = _away((2, 3, 4))
WIDE = np.array([[-3.0, -0.5, 0.5, 2.0], [5.5, 6.5, 9.0, -7.0]], np.float32)  # both relu6 kinks
I32 = np.array([[-3, 0, 4], [7, -1, 2]], np.int32)
U8 = np.array([0, 3, 200], np.uint8)
G = R.standard_normal((3, 4)).astype(np.float32)
GW = R.standard_normal((2, 4)).astype(np.float32)
EMPTY = np.zeros((0, 3), np.float32)
LOGITS = (R.standard_normal((3, 5)) * 2).astype(np.float32)
LOGITS3 = R.standard_normal((2, 3, 4)).astype(np.float32)
PROBS = R.dirichlet(np.ones(5), 3).astype(np.float32)
PROBS3 = np.ascontiguousarray(  # sums to 1 along axis 1
    R.dirichlet(np.ones(3), (2, 4)).transpose(0, 2, 1).astype(np.float32))
LABELS = np.array([0, 4, 2], np.int32)
LABELS3 = np.array([[0, 3, 1], [2, 2, 0]], np.int64)
SELU_A, SELU_S = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def _sig(x):
    return 1 / (1 + np.exp(-np.asarray(x, np.float64)))


def _cast(fn):
    """A float64 NumPy reference, cast back to the first input's dtype."""
    return lambda *xs: np.asarray(fn(*[np.asarray(x, np.float64) if x.dtype.kind == "f" else x
                                       for x in xs])).astype(xs[0].dtype)


def _cdf(x):
    return 0.5 * np.vectorize(math.erfc)(-x / np.sqrt(2))


def _gelu(x):
    return x * _cdf(x)


def _gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def _d_gelu_tanh(x, eps=1e-6):
    return (_gelu_tanh(x + eps) - _gelu_tanh(x - eps)) / (2 * eps)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def _elu(x):
    return np.where(x < 0, np.expm1(np.minimum(x, 0)), x)


def _sparse_xent(logits, labels):
    """(loss, backprop = softmax - one_hot): both outputs of the primitive."""
    x = logits.astype(np.float64)
    loss = -np.take_along_axis(_log_softmax(x), labels[..., None], -1)[..., 0]
    onehot = np.eye(logits.shape[-1])[labels]
    return loss.astype(logits.dtype), (_softmax(x) - onehot).astype(logits.dtype)


def _dense_xent(axis):
    """(loss, backprop = softmax - labels) of softmax_cross_entropy_with_logits along `axis`."""
    def ref(p, x):
        x64, p64 = x.astype(np.float64), p.astype(np.float64)
        loss = -(p64 * _log_softmax(x64, axis)).sum(axis)
        return loss.astype(x.dtype), (_softmax(x64, axis) - p64).astype(x.dtype)
    return ref


def _window(x, r):
    n = x.shape[-1]
    out = np.zeros_like(x, np.float64)
    for i in range(n):
        out[..., i] = x[..., max(0, i - r):i + r + 1].sum(-1)
    return out.astype(x.dtype)


CASES = [
    # relu / relu6 / leaky_relu and their gradient primitives
    Case("relu", [X], ref=lambda x: np.maximum(x, 0)),
    Case("relu", [X64], ref=lambda x: np.maximum(x, 0)),
    Case("relu", [X16], ref=lambda x: np.maximum(x, 0), rtol=1e-3),
    Case("relu", [I32], ref=lambda x: np.maximum(x, 0)),
    Case("relu", [U8], ref=lambda x: x),
    Case("relu", [EMPTY], ref=lambda x: x),
    Case("relu_grad", [G, X], ref=lambda g, x: g * (x > 0)),
    Case("relu_grad", [X64, X64[::-1].copy()], ref=lambda g, x: g * (x > 0)),
    Case("relu6", [WIDE], ref=lambda x: np.clip(x, 0, 6)),
    Case("relu6", [I32 * 2], ref=lambda x: np.clip(x, 0, 6)),
    Case("relu6", [X64], ref=lambda x: np.clip(x, 0, 6)),
    Case("relu6_grad", [GW, WIDE], ref=lambda g, x: g * ((x > 0) & (x < 6))),
    Case("leaky_relu", [X], {"alpha": 0.2}, ref=lambda x: np.where(x > 0, x, 0.2 * x)),
    Case("leaky_relu", [X64], {"alpha": 1.5}, ref=lambda x: np.where(x > 0, x, 1.5 * x)),
    Case("leaky_relu", [X16], {"alpha": 0.1}, ref=_cast(lambda x: np.where(x > 0, x, 0.1 * x)),
         rtol=1e-3),
    Case("leaky_relu_grad", [G, X], {"alpha": 0.3}, ref=lambda g, x: np.where(x > 0, g, 0.3 * g)),
    # elu / selu: their gradient primitives take the forward output
    Case("elu", [X], ref=_cast(_elu)),
    Case("elu", [X64], ref=_elu),
    Case("elu", [X16], ref=_cast(_elu), rtol=1e-3, atol=1e-3),
    Case("elu", [EMPTY], ref=lambda x: x),
    Case("elu_grad", [G, _elu(X).astype(np.float32)],
         ref=lambda g, y: np.where(y < 0, g * (y + 1), g)),
    Case("selu", [X], ref=_cast(lambda x: SELU_S * np.where(x < 0, SELU_A * np.expm1(x), x))),
    Case("selu", [X64], ref=lambda x: SELU_S * np.where(x < 0, SELU_A * np.expm1(x), x)),
    Case("selu_grad", [G, (SELU_S * _elu(X)).astype(np.float32)],
         ref=_cast(lambda g, y: np.where(y < 0, g * (y + SELU_S * SELU_A), g * SELU_S))),
    # softplus / softsign
    Case("softplus", [X], ref=_cast(lambda x: np.logaddexp(x, 0))),
    Case("softplus", [np.array([-100.0, -20.0, 0.0, 20.0, 100.0], np.float32)],
         ref=_cast(lambda x: np.logaddexp(x, 0)), grad=False),
    Case("softplus", [X64], ref=lambda x: np.logaddexp(x, 0)),
    Case("softplus", [X16], ref=_cast(lambda x: np.logaddexp(x, 0)), rtol=1e-3),
    Case("softplus_grad", [G, X], ref=_cast(lambda g, x: g * _sig(x))),
    Case("softsign", [X], ref=lambda x: x / (1 + np.abs(x))),
    Case("softsign", [X64], ref=lambda x: x / (1 + np.abs(x))),
    Case("softsign_grad", [G, X], ref=_cast(lambda g, x: g / (1 + np.abs(x)) ** 2)),
    # swish (beta static) and gelu (both forms) with their gradient primitives
    Case("swish", [X], {"beta": 1.0}, ref=_cast(lambda x: x * _sig(x))),
    Case("swish", [X64], {"beta": 1.7}, ref=lambda x: x * _sig(1.7 * x)),
    Case("swish", [X16], {"beta": 1.0}, ref=_cast(lambda x: x * _sig(x)), rtol=2e-3, atol=1e-3),
    Case("swish", [np.array([-1000.0, -50.0, 50.0, 1000.0], np.float32)], {"beta": 1.0},
         ref=lambda x: np.array([0.0, -50 * _sig(-50.0), 50.0, 1000.0], np.float32),
         grad=False),
    Case("swish_grad", [G, X], {"beta": 0.5},
         ref=_cast(lambda g, x: g * (_sig(0.5 * x) * (1 + 0.5 * x * (1 - _sig(0.5 * x)))))),
    Case("gelu", [X], {"approximate": False}, ref=_cast(_gelu)),
    Case("gelu", [X64], {"approximate": False}, ref=_gelu, rtol=1e-6, atol=1e-7,
         note="the fused kernel's erfc fit has 1.2e-7 relative error (float64 uses erfc)"),
    Case("gelu", [X16], {"approximate": False}, ref=_cast(_gelu), rtol=2e-3, atol=1e-3),
    Case("gelu", [np.array([-30.0, -8.0, 8.0, 30.0], np.float32)], {"approximate": False},
         ref=_cast(_gelu), grad=False),
    Case("gelu", [X], {"approximate": True}, ref=_cast(_gelu_tanh)),
    Case("gelu", [X64], {"approximate": True}, ref=_gelu_tanh),
    Case("gelu_grad", [G, X], {"approximate": False}, ref=_cast(
        lambda g, x: g * (_cdf(x) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi)))),
    Case("gelu_grad", [G.astype(np.float64), X.astype(np.float64)], {"approximate": True},
         ref=lambda g, x: g * _d_gelu_tanh(x), rtol=1e-6, atol=1e-7),
    # softmax / log_softmax, several axes
    Case("softmax", [LOGITS], {"axis": 1}, ref=_cast(_softmax)),
    Case("softmax", [LOGITS], {"axis": 0}, ref=_cast(lambda x: _softmax(x, 0))),
    Case("softmax", [LOGITS3], {"axis": 1}, ref=_cast(lambda x: _softmax(x, 1))),
    Case("softmax", [X64], {"axis": 1}, ref=_softmax),
    Case("softmax", [X16], {"axis": 0}, ref=_cast(_softmax), rtol=1e-3),
    Case("softmax", [np.array([1000.0, 0.0, -1000.0], np.float32)], {"axis": 0},
         ref=lambda x: np.array([1.0, 0.0, 0.0], np.float32), grad=False),
    Case("softmax", [EMPTY], {"axis": 1}, ref=lambda x: x),
    Case("softmax", [EMPTY.T.copy()], {"axis": 1}, ref=lambda x: x),
    Case("log_softmax", [LOGITS], {"axis": 1}, ref=_cast(_log_softmax)),
    Case("log_softmax", [LOGITS3], {"axis": 2}, ref=_cast(_log_softmax)),
    Case("log_softmax", [LOGITS3], {"axis": 0}, ref=_cast(lambda x: _log_softmax(x, 0))),
    Case("log_softmax", [X16], {"axis": 0}, ref=_cast(_log_softmax), rtol=1e-3),
    Case("log_softmax", [np.array([1000.0, 0.0, -1000.0], np.float32)], {"axis": 0},
         ref=lambda x: np.array([0.0, -1000.0, -2000.0], np.float32), grad=False),
    Case("log_softmax", [EMPTY], {"axis": 1}, ref=lambda x: x),
    # cross-entropies
    Case("sigmoid_cross_entropy_with_logits", [R.random((3, 4)).astype(np.float32), X],
         ref=_cast(lambda z, x: -z * np.log(_sig(x)) - (1 - z) * np.log(1 - _sig(x)))),
    Case("sigmoid_cross_entropy_with_logits", [R.random((2, 5)), X64],
         ref=lambda z, x: -z * np.log(_sig(x)) - (1 - z) * np.log(1 - _sig(x))),
    Case("sigmoid_cross_entropy_with_logits",
         [np.array([0.0, 1.0, 0.0, 1.0], np.float32),
          np.array([100.0, -100.0, -100.0, 100.0], np.float32)],
         ref=lambda z, x: np.array([100.0, 100.0, 0.0, 0.0], np.float32)),
    Case("softmax_cross_entropy_with_logits", [PROBS, LOGITS], {"axis": 1}, ref=_dense_xent(1)),
    Case("softmax_cross_entropy_with_logits", [PROBS3, LOGITS3], {"axis": 1},
         ref=_dense_xent(1)),
    Case("softmax_cross_entropy_with_logits",
         [PROBS3.transpose(1, 0, 2).copy(), LOGITS3.transpose(1, 0, 2).copy()], {"axis": 0},
         ref=_dense_xent(0)),
    Case("softmax_cross_entropy_with_logits",
         [PROBS.T.astype(np.float64), LOGITS.T.astype(np.float64)], {"axis": 0},
         ref=_dense_xent(0)),
    Case("softmax_cross_entropy_with_logits",
         [PROBS.astype(np.float16), LOGITS.astype(np.float16)], {"axis": 1},
         ref=_dense_xent(1), rtol=2e-3, atol=1e-3),
    Case("softmax_cross_entropy_with_logits",  # long rows: the plain-reduction path
         [R.dirichlet(np.ones(1500), 2).astype(np.float32),
          R.standard_normal((2, 1500)).astype(np.float32)], {"axis": 1},
         ref=_dense_xent(1), grad=False, atol=1e-5),
    Case("softmax_cross_entropy_with_logits",
         [np.array([[0.0, 1.0]], np.float32), np.array([[1000.0, -1000.0]], np.float32)],
         {"axis": 1}, ref=lambda p, x: (np.array([2000.0], np.float32),
                                        np.array([[1.0, -1.0]], np.float32)), grad=False),
    Case("softmax_cross_entropy_with_logits", [EMPTY, EMPTY], {"axis": 1},
         ref=lambda p, x: (np.zeros(0, np.float32), np.zeros((0, 3), np.float32))),
    Case("softmax_cross_entropy_with_logits", [EMPTY.T.copy(), EMPTY.T.copy()], {"axis": 1},
         ref=lambda p, x: (np.zeros(3, np.float32), np.zeros((3, 0), np.float32))),
    Case("sparse_softmax_cross_entropy_with_logits", [LOGITS, LABELS], ref=_sparse_xent),
    Case("sparse_softmax_cross_entropy_with_logits", [LOGITS3[..., :4], LABELS3],
         ref=_sparse_xent),
    Case("sparse_softmax_cross_entropy_with_logits", [X64, np.array([4, 0], np.int64)],
         ref=_sparse_xent),
    Case("sparse_softmax_cross_entropy_with_logits", [LOGITS[0], np.array(3, np.int32)],
         ref=_sparse_xent),
    Case("sparse_softmax_cross_entropy_with_logits", [LOGITS.astype(np.float16), LABELS],
         ref=_sparse_xent, rtol=2e-3, atol=1e-3),
    Case("sparse_softmax_cross_entropy_with_logits",  # long rows: the plain-reduction path
         [R.standard_normal((3, 1500)).astype(np.float32), np.array([0, 1499, 700], np.int32)],
         ref=_sparse_xent, grad=False, atol=1e-5),
    Case("sparse_softmax_cross_entropy_with_logits",
         [np.array([[1000.0, -1000.0, 0.0]], np.float32), np.array([1], np.int32)],
         ref=lambda x, y: (np.array([2000.0], np.float32),
                           np.array([[1.0, -1.0, 0.0]], np.float32)), grad=False),
    Case("sparse_softmax_cross_entropy_with_logits", [EMPTY, np.zeros(0, np.int32)],
         ref=lambda x, y: (np.zeros(0, np.float32), np.zeros((0, 3), np.float32))),
    # l2_loss, bias_add, lrn window
    Case("l2_loss", [X], ref=_cast(lambda x: np.sum(x * x) / 2)),
    Case("l2_loss", [X64], ref=lambda x: np.sum(x * x) / 2),
    Case("l2_loss", [X16], ref=_cast(lambda x: np.sum(x * x) / 2), rtol=1e-3),
    Case("l2_loss", [EMPTY], ref=lambda x: np.float32(0)),
    Case("bias_add", [X, G[0]], {"channels_first": False}, ref=np.add),
    Case("bias_add", [X3, G[0, :3]], {"channels_first": True},
         ref=lambda x, b: x + b[:, None]),
    Case("bias_add", [LOGITS3[None], G[0, :2]], {"channels_first": True},
         ref=lambda x, b: x + b[:, None, None]),
    Case("bias_add", [I32, np.array([1, 2, 3], np.int32)], {"channels_first": False},
         ref=np.add),
    Case("bias_add", [EMPTY, G[0, :3]], {"channels_first": False}, ref=np.add),
    Case("lrn_window_sum", [X], {"radius": 1}, ref=lambda x: _window(x, 1)),
    Case("lrn_window_sum", [X3], {"radius": 2}, ref=lambda x: _window(x, 2)),
    Case("lrn_window_sum", [X64], {"radius": 5}, ref=lambda x: _window(x, 5)),
]
