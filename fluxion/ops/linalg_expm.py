"""The matrix exponential ``tf.linalg.expm``: scaling and squaring with Pade approximants.

The degree of the approximant is chosen per matrix from its 1-norm (Higham, "The scaling and
squaring method for the matrix exponential revisited", 2005), with the single-precision
(degrees 3/5/7) or double-precision (3/5/7/9/13) bounds, and floor(log2(norm / bound))
squarings as TF does, so results agree with TF to rounding.
"""
from __future__ import annotations

import numpy as np

from fluxion.core.op import defop
from fluxion.core.tensor import Tensor
from fluxion.ops import _infer, array_ops
from fluxion.ops._util import FLOAT_COMPLEX, shape_of
from fluxion.ops.linalg_solve import as_tensor, check_square, no_half
from fluxion.ops.linalg_struct import adjoint

# coefficients b_0..b_m of the [m/m] Pade approximant of exp
_PADE = {
    3: (120., 60., 12., 1.),
    5: (30240., 15120., 3360., 420., 30., 1.),
    7: (17297280., 8648640., 1995840., 277200., 25200., 1512., 56., 1.),
    9: (17643225600., 8821612800., 2075673600., 302702400., 30270240., 2162160., 110880.,
        3960., 90., 1.),
    13: (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800.,
         129060195264000., 10559470521600., 670442572800., 33522128640., 1323241920.,
         40840800., 960960., 16380., 182., 1.),
}
# (degree, largest 1-norm it is used for); the last degree is used with scaling beyond that
_SINGLE = ((3, 4.258730016922831e-1), (5, 1.880152677804762), (7, 3.925724783138660))
_DOUBLE = ((3, 1.495585217958292e-2), (5, 2.539398330063230e-1), (7, 9.504178996162932e-1),
           (9, 2.097847961257068), (13, 5.371920351148152))


def _pade(xp, x, degree: int):
    """U, V with exp(x) ~= (V - U)^-1 (V + U)."""
    b = _PADE[degree]
    eye = xp.eye(x.shape[-1], dtype=x.dtype)
    x2 = x @ x
    if degree == 13:
        x4 = x2 @ x2
        x6 = x4 @ x2
        u = x @ (x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2)
                 + b[7] * x6 + b[5] * x4 + b[3] * x2 + b[1] * eye)
        v = (x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2)
             + b[6] * x6 + b[4] * x4 + b[2] * x2 + b[0] * eye)
        return u, v
    odd, even, power = b[1] * eye, b[0] * eye, eye
    for j in range(2, degree + 1, 2):
        power = power @ x2
        odd = odd + b[j + 1] * power
        even = even + b[j] * power
    return x @ odd, even


def _expm_kernel(xp, a):
    check_square(a, "MatrixExponential")
    no_half(a, "MatrixSolve")
    if a.size == 0:
        return xp.array(a)
    bounds = _SINGLE if a.dtype in (np.float32, np.complex64) else _DOUBLE
    norm1 = xp.abs(a).sum(axis=-2).max(axis=-1)
    top_degree, top_bound = bounds[-1]
    with np.errstate(divide="ignore"):
        squarings = np.maximum(0, np.floor(np.log2(norm1 / top_bound))).astype(np.int64)
    choice = np.searchsorted([bound for _, bound in bounds[:-1]], norm1, side="right")
    out = xp.empty_like(a)
    for i in np.unique(choice):
        degree = bounds[i][0]
        sel = choice == i
        x = a[sel]
        if degree == top_degree:
            x = x / (2.0 ** squarings[sel])[..., None, None].astype(a.real.dtype)
        u, v = _pade(xp, x, degree)
        out[sel] = xp.linalg.solve(v - u, v + u)
    for step in range(int(squarings.max(initial=0))):
        out = xp.where((squarings > step)[..., None, None], out @ out, out)
    return out


def _vjp_expm(g, out, a):
    # d expm(A)[dA] is the upper-right block of expm([[A, dA], [0, A]]); its adjoint map takes
    # g to the same block of expm([[A^H, g], [0, A^H]])
    n = shape_of(a)[-1]
    ah = adjoint(a)
    top = array_ops.concat([ah, g], axis=-1)
    bottom = array_ops.concat([array_ops.zeros_like(ah), ah], axis=-1)
    return (expm(array_ops.concat([top, bottom], axis=-2))[..., :n, n:],)


_expm = defop("matrix_exponential", _expm_kernel, vjp=_vjp_expm, infer=_infer.same,
              dtypes=FLOAT_COMPLEX, tf_name="MatrixExponential")


def expm(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """Matrix exponential of each square matrix."""
    x = as_tensor(input)
    if x._value.dtype.kind not in "fc":
        raise ValueError(f"tf.linalg.expm does not support matrices of type {x.dtype!r}")
    return _expm(x)


__all__: list = []
_linalg_exports = ("expm",)
