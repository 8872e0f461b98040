"""``keras.ops.linalg`` over ``fluxion.linalg`` (Keras' argument names and conventions)."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.ops._common import floatx, result_type, tensor, wrap_module


def _float(x):
    x = tensor(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return x
    return tf.cast(x, floatx() if x.dtype.name == "int64" else result_type(x.dtype.name, float))


def cholesky(x, upper=False):
    out = tf.linalg.cholesky(_float(x))
    return tf.linalg.adjoint(out) if upper else out


def cholesky_inverse(x, upper=False):
    x = _float(x)
    lower = tf.linalg.adjoint(x) if upper else x
    eye = tf.eye(x.shape[-1], batch_shape=x.shape[:-2], dtype=x.dtype)
    return tf.linalg.cholesky_solve(lower, eye)


def det(x):
    return tf.linalg.det(_float(x))


def inv(x):
    return tf.linalg.inv(_float(x))


def eig(x):
    return tf.linalg.eig(_float(x))


def eigh(x):
    return tf.linalg.eigh(_float(x))


def solve(a, b):
    return tf.linalg.solve(_float(a), _float(b))


def solve_triangular(a, b, lower=False):
    a, b = _float(a), _float(b)
    if b.shape.rank == a.shape.rank - 1:
        return tf.squeeze(tf.linalg.triangular_solve(a, tf.expand_dims(b, -1), lower=lower), -1)
    return tf.linalg.triangular_solve(a, b, lower=lower)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError("`mode` argument value not supported. Expected one of "
                         f"{{'reduced', 'complete'}}. Received: mode={mode}")
    return tf.linalg.qr(_float(x), full_matrices=mode == "complete")


def svd(x, full_matrices=True, compute_uv=True):
    x = _float(x)
    if not compute_uv:
        return tf.linalg.svd(x, full_matrices=full_matrices, compute_uv=False)
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices, compute_uv=True)
    return u, s, tf.linalg.adjoint(v)


def pinv(x, rcond=None):
    x = _float(x)
    if rcond is None:
        return tf.linalg.pinv(x)
    return tf.linalg.pinv(x, rcond=rcond)


def lstsq(a, b, rcond=None):
    a, b = _float(a), _float(b)
    if a.shape[0] != b.shape[0]:
        raise ValueError("Leading dimensions of input arrays must match")
    vector = b.shape.rank == 1
    b2 = tf.expand_dims(b, -1) if vector else b
    m, n = a.shape
    eps = np.finfo(a.dtype.as_numpy_dtype).eps
    rcond = eps * max(n, m) if rcond is None else rcond
    u, s, vt = svd(a, full_matrices=False)
    keep = s >= tf.cast(rcond, s.dtype) * s[0]
    s_inv = tf.where(keep, 1.0 / tf.where(keep, s, tf.ones_like(s)), tf.zeros_like(s))
    out = tf.matmul(tf.transpose(vt), tf.expand_dims(s_inv, -1) *
                    tf.matmul(tf.transpose(u), b2))
    return tf.squeeze(out, -1) if vector else out


def matrix_rank(x, tol=None):
    x = _float(x)
    s = tf.linalg.svd(x, compute_uv=False)
    if tol is None:
        eps = np.finfo(x.dtype.as_numpy_dtype).eps
        tol = tf.reduce_max(s, axis=-1, keepdims=True) * max(x.shape[-2:]) * eps
    return tf.reduce_sum(tf.cast(s > tol, "int32"), axis=-1)


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norms as ``numpy.linalg.norm``."""
    x = _float(x)
    rank = x.shape.rank
    axis = tuple(range(rank)) if axis is None else (
        (axis,) if isinstance(axis, int) else tuple(axis))
    if any(a < -rank or a >= rank for a in axis):
        raise ValueError("All `axis` values must be in the range [-ndim, ndim). Received "
                         f"inputs with ndim={rank}, while axis={axis}")
    if len(axis) == 1:
        return _vector_norm(x, ord, axis[0], keepdims)
    if ord is None and len(axis) == 2:
        ord = "fro"
    if ord == "fro":
        return tf.math.sqrt(tf.reduce_sum(tf.math.square(tf.math.abs(x)), axis=list(axis),
                                          keepdims=keepdims))
    if ord in (1, -1, np.inf, -np.inf) and len(axis) == 2:
        a0, a1 = (a % rank for a in axis)
        sum_axis, red_axis = (a0, a1) if ord in (1, -1) else (a1, a0)
        sums = tf.reduce_sum(tf.math.abs(x), axis=sum_axis, keepdims=True)
        pick = tf.reduce_max if ord > 0 else tf.reduce_min
        out = pick(sums, axis=red_axis, keepdims=True)
        return out if keepdims else tf.squeeze(out, [a0, a1])
    return tf.norm(x, ord=ord, axis=list(axis), keepdims=keepdims)


def _vector_norm(x, ord, axis, keepdims):
    ax = tf.math.abs(x)
    if ord is None or ord == 2:
        return tf.math.sqrt(tf.reduce_sum(ax * ax, axis=axis, keepdims=keepdims))
    if ord == np.inf:
        return tf.reduce_max(ax, axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return tf.reduce_min(ax, axis=axis, keepdims=keepdims)
    if ord == 0:
        return tf.cast(tf.reduce_sum(tf.cast(tf.math.not_equal(x, 0), "int32"), axis=axis,
                                     keepdims=keepdims), x.dtype)
    if isinstance(ord, str):
        raise ValueError(  # noqa: TRY004 - as Keras
            f"Invalid `ord` argument for vector norm. Received: ord={ord}")
    p = tf.constant(float(ord), ax.dtype)
    return tf.math.pow(tf.reduce_sum(tf.math.pow(ax, p), axis=axis, keepdims=keepdims),
                       1.0 / p)


__all__ = ["cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "lstsq",
           "matrix_rank", "norm", "pinv", "qr", "solve", "solve_triangular", "svd"]
wrap_module(globals(), __all__)


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode Jacobian-vector product: `(fun(*primals), tangents_out[, aux])`."""
    flat_p = tf.nest.flatten(primals)
    flat_t = [tf.cast(t, p.dtype) for t, p in zip(tf.nest.flatten(tangents), flat_p)]
    with tf.autodiff.ForwardAccumulator(flat_p, flat_t) as acc:
        if has_aux:
            out, aux = fun(*primals)
        else:
            out = fun(*primals)
        tangents_out = tf.nest.map_structure(acc.jvp, out)
    return (out, tangents_out, aux) if has_aux else (out, tangents_out)


__all__ += ["jvp"]  # takes a function: not wrapped for symbolic inputs
