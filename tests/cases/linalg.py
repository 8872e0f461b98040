"""Cases for the tf.linalg primitives (structure ops, solvers, decompositions, expm).

References are NumPy (np.linalg) or small loop-based re-implementations of TF's diagonal
layout. Ops whose gradient only holds on a manifold (cholesky: symmetric inputs) or whose
outputs are complex (eig) have grad=False here and are checked in tests/test_linalg.py.
"""
import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(11)
SQ = R.standard_normal((3, 3)).astype(np.float32)
BATCH = R.standard_normal((2, 3, 3))
BATCH32 = BATCH.astype(np.float32)
TALL = R.standard_normal((4, 3))
WIDE = R.standard_normal((3, 5)).astype(np.float32)
RHS = R.standard_normal((3, 2)).astype(np.float32)
SPD = (BATCH @ BATCH.transpose(0, 2, 1) + 3 * np.eye(3))
C = (R.standard_normal((3, 3)) + 1j * R.standard_normal((3, 3))).astype(np.complex64)
HPD = (C @ C.conj().T + 3 * np.eye(3)).astype(np.complex128)
I32 = np.arange(12, dtype=np.int32).reshape(3, 4)
EMPTY = np.zeros((2, 0, 0), np.float32)


def _adj(x):
    return np.conj(np.swapaxes(x, -1, -2))


def _diag_ref(d, lo, hi, rows, cols, pad=0, align="RIGHT_LEFT"):
    """Loop-based MatrixDiagV3 (one batch level at most)."""
    if d.ndim == (1 if lo == hi else 2):
        return _diag_ref(d[None], lo, hi, rows, cols, pad, align)[0]
    out = np.full(d.shape[:1] + (rows, cols), pad, d.dtype)
    band = d[:, None, :] if lo == hi else d
    width = band.shape[-1]
    for b in range(d.shape[0]):
        for r, k in enumerate(range(hi, lo - 1, -1)):
            length = min(rows + min(0, k), cols - max(0, k))
            left = (k >= 0 and align.startswith("LEFT")) or (k <= 0 and align.endswith("LEFT"))
            off = 0 if left else width - length
            for t in range(length):
                out[b, t + max(0, -k), t + max(0, k)] = band[b, r, t + off]
    return out


def _diag_part_ref(x, lo, hi, pad=0, align="RIGHT_LEFT"):
    rows, cols = x.shape[-2:]
    lengths = [min(rows + min(0, k), cols - max(0, k)) for k in range(hi, lo - 1, -1)]
    width = max(lengths)
    out = np.full(x.shape[:-2] + (hi - lo + 1, width), pad, x.dtype)
    for r, k in enumerate(range(hi, lo - 1, -1)):
        left = (k >= 0 and align.startswith("LEFT")) or (k <= 0 and align.endswith("LEFT"))
        off = 0 if left else width - lengths[r]
        for t in range(lengths[r]):
            out[..., r, t + off] = x[..., t + max(0, -k), t + max(0, k)]
    return out[..., 0, :] if lo == hi else out


def _set_diag_ref(x, d, lo, hi, align="RIGHT_LEFT"):
    out = x.copy()
    rows, cols = x.shape[-2:]
    band = d[..., None, :] if lo == hi else d
    width = band.shape[-1]
    for r, k in enumerate(range(hi, lo - 1, -1)):
        length = min(rows + min(0, k), cols - max(0, k))
        left = (k >= 0 and align.startswith("LEFT")) or (k <= 0 and align.endswith("LEFT"))
        off = 0 if left else width - length
        for t in range(length):
            out[..., t + max(0, -k), t + max(0, k)] = band[..., r, t + off]
    return out


def _band_ref(x, lower, upper):
    i, j = np.indices(x.shape[-2:])
    keep = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
    return np.where(keep, x, 0).astype(x.dtype)


def _tri_solve_ref(a, b, lower, adjoint):
    tri = np.tril(a) if lower else np.triu(a)
    tri = _adj(tri) if adjoint else tri
    batch = np.broadcast_shapes(tri.shape[:-2], b.shape[:-2])
    return np.linalg.solve(np.broadcast_to(tri, batch + tri.shape[-2:]),
                           np.broadcast_to(b, batch + b.shape[-2:]))


def _svd_ref(a, full_matrices, compute_uv):
    if not compute_uv:
        s = np.linalg.svd(a, compute_uv=False)
        return s, np.zeros((0,), a.dtype), np.zeros((0,), a.dtype)
    u, s, vh = np.linalg.svd(a, full_matrices=full_matrices)
    return s, u, _adj(vh)


def _lu_ref(a):
    """Doolittle with partial pivoting, one matrix at a time."""
    flat = a.reshape((-1,) + a.shape[-2:])
    lus, perms = [], []
    for m in flat:
        m = m.copy()
        n = m.shape[0]
        perm = np.arange(n)
        for k in range(n):
            p = k + int(np.argmax(np.abs(m[k:, k])))
            m[[k, p]], perm[[k, p]] = m[[p, k]], perm[[p, k]]
            m[k + 1:, k] /= m[k, k]
            m[k + 1:, k + 1:] -= np.outer(m[k + 1:, k], m[k, k + 1:])
        lus.append(m)
        perms.append(perm)
    return (np.reshape(lus, a.shape).astype(a.dtype),
            np.reshape(perms, a.shape[:-1]).astype(np.int32))


def _expm_ref(a):
    """Taylor series after scaling (plenty for these small, well-scaled inputs)."""
    flat = a.reshape((-1,) + a.shape[-2:]).astype(np.complex128 if a.dtype.kind == "c"
                                                   else np.float64)
    out = []
    for m in flat:
        s = max(0, int(np.ceil(np.log2(max(np.abs(m).sum(0).max(), 1e-300)))) + 1)
        x = m / 2 ** s
        term, total = np.eye(len(m)), np.eye(len(m), dtype=x.dtype)
        for k in range(1, 30):
            term = term @ x / k
            total = total + term
        for _ in range(s):
            total = total @ total
        out.append(total)
    return np.reshape(out, a.shape).astype(a.dtype)


def _eigh_ref(a, compute_v):
    if not compute_v:
        return np.linalg.eigvalsh(a).astype(a.dtype), np.zeros((0,), a.dtype)
    e, v = np.linalg.eigh(a)
    return e.astype(a.dtype), v


def _eig_ref(a):
    e, v = np.linalg.eig(a)
    kind = np.complex64 if a.dtype in (np.float32, np.complex64) else np.complex128
    return e.astype(kind), v.astype(kind)


def _cross_ref(a, b):
    return np.cross(a, b).astype(a.dtype)


def _qr_ref(mode):
    return lambda a: tuple(np.linalg.qr(a, mode=mode))


DIAG = dict(num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT")

CASES = [
    # --- structure ----------------------------------------------------------------------------
    Case("matrix_transpose", [BATCH32], ref=lambda x: np.swapaxes(x, -1, -2)),
    Case("matrix_transpose", [I32], ref=lambda x: x.T),
    Case("matrix_transpose", [C], ref=lambda x: x.T, grad=False),
    Case("matrix_transpose", [np.zeros((0, 2, 3), np.float32)],
         ref=lambda x: np.swapaxes(x, -1, -2)),
    Case("matrix_diag", [SQ[0]], {"k": (0, 0), **DIAG},
         ref=lambda d: _diag_ref(d, 0, 0, 3, 3)),
    Case("matrix_diag", [SQ[:, :2]], {"k": (1, 1), **DIAG},
         ref=lambda d: _diag_ref(d, 1, 1, 3, 3)),
    Case("matrix_diag", [SQ[:2]], {"k": (-1, 0), **DIAG},
         ref=lambda d: _diag_ref(d, -1, 0, 3, 3)),
    Case("matrix_diag", [SQ[:2]], {"k": (-1, 0), **{**DIAG, "align": "LEFT_RIGHT"}},
         ref=lambda d: _diag_ref(d, -1, 0, 3, 3, align="LEFT_RIGHT")),
    Case("matrix_diag", [I32[:2, :2]], {"k": (1, 1), **{**DIAG, "num_rows": 4,
                                                        "padding_value": 7}},
         ref=lambda d: _diag_ref(d, 1, 1, 4, 3, pad=7)),
    Case("matrix_diag", [BATCH32[:, :2]], {"k": (0, 1), **DIAG},
         ref=lambda d: _diag_ref(d, 0, 1, 3, 3)),
    Case("matrix_diag", [np.zeros((0,), np.float32)], {"k": (0, 0), **DIAG},
         ref=lambda d: np.zeros((0, 0), np.float32)),
    Case("matrix_diag_part", [TALL], {"k": (0, 0), "padding_value": 0, "align": "RIGHT_LEFT"},
         ref=lambda x: _diag_part_ref(x, 0, 0)),
    Case("matrix_diag_part", [TALL], {"k": (-2, 1), "padding_value": 0, "align": "RIGHT_LEFT"},
         ref=lambda x: _diag_part_ref(x, -2, 1)),
    Case("matrix_diag_part", [I32], {"k": (-1, 2), "padding_value": 9, "align": "LEFT_RIGHT"},
         ref=lambda x: _diag_part_ref(x, -1, 2, 9, "LEFT_RIGHT")),
    Case("matrix_diag_part", [BATCH32], {"k": (1, 1), "padding_value": 0, "align": "LEFT_LEFT"},
         ref=lambda x: _diag_part_ref(x, 1, 1, 0, "LEFT_LEFT")),
    Case("matrix_diag_part", [np.zeros((0, 3), np.float32)],
         {"k": (0, 0), "padding_value": 0, "align": "RIGHT_LEFT"},
         ref=lambda x: np.zeros((0,), np.float32)),
    Case("matrix_set_diag", [TALL, np.ones(3)], {"k": (0, 0), "align": "RIGHT_LEFT"},
         ref=lambda x, d: _set_diag_ref(x, d, 0, 0)),
    Case("matrix_set_diag", [TALL, R.standard_normal((3, 3))], {"k": (-1, 1),
                                                                "align": "LEFT_LEFT"},
         ref=lambda x, d: _set_diag_ref(x, d, -1, 1, "LEFT_LEFT")),
    Case("matrix_set_diag", [I32, np.array([[7, 8, 9], [1, 2, 0]], np.int32)],
         {"k": (0, 1), "align": "RIGHT_LEFT"},
         ref=lambda x, d: _set_diag_ref(x, d, 0, 1)),
    Case("matrix_set_diag", [BATCH32, BATCH32[:, 0]], {"k": (0, 0), "align": "RIGHT_LEFT"},
         ref=lambda x, d: _set_diag_ref(x, d, 0, 0)),
    Case("matrix_band_part", [TALL], {"num_lower": 1, "num_upper": 0},
         ref=lambda x: _band_ref(x, 1, 0)),
    Case("matrix_band_part", [BATCH32], {"num_lower": -1, "num_upper": 1},
         ref=lambda x: _band_ref(x, -1, 1)),
    Case("matrix_band_part", [I32], {"num_lower": 0, "num_upper": -1},
         ref=lambda x: _band_ref(x, 0, -1)),
    Case("matrix_band_part", [C], {"num_lower": 0, "num_upper": 0},
         ref=lambda x: _band_ref(x, 0, 0), grad=False),
    Case("cross", [BATCH32, BATCH32[::-1]], ref=_cross_ref),
    Case("cross", [I32[:, :3], I32[::-1, 1:]], ref=_cross_ref),
    Case("cross", [np.zeros((0, 3)), np.zeros((0, 3))], ref=_cross_ref),
    # --- solvers --------------------------------------------------------------------------------
    Case("matrix_inverse", [SQ], {"adjoint": False}, ref=np.linalg.inv, rtol=1e-4),
    Case("matrix_inverse", [BATCH], {"adjoint": True}, ref=lambda a: np.linalg.inv(_adj(a))),
    Case("matrix_inverse", [C], {"adjoint": True}, ref=lambda a: np.linalg.inv(_adj(a)),
         grad=False, rtol=1e-4),
    Case("matrix_inverse", [SQ.astype(np.float16)], {"adjoint": False}, grad=False,
         ref=lambda a: np.linalg.inv(a.astype(np.float32)).astype(np.float16), rtol=1e-2,
         atol=1e-2),
    Case("matrix_inverse", [EMPTY], {"adjoint": False}, ref=lambda a: a),
    Case("matrix_determinant", [SQ], ref=lambda a: np.asarray(np.linalg.det(a)), rtol=1e-4),
    Case("matrix_determinant", [BATCH], ref=np.linalg.det),
    Case("matrix_determinant", [C], ref=np.linalg.det, grad=False, rtol=1e-4),
    Case("matrix_determinant", [EMPTY], ref=np.linalg.det),
    Case("log_matrix_determinant", [BATCH],
         ref=lambda a: tuple(np.asarray(v) for v in np.linalg.slogdet(a))),
    Case("log_matrix_determinant", [SQ],
         ref=lambda a: tuple(np.asarray(v, np.float32) for v in np.linalg.slogdet(a)),
         rtol=1e-4),
    Case("log_matrix_determinant", [C], grad=False, rtol=1e-4,
         ref=lambda a: tuple(np.asarray(v, np.complex64) for v in np.linalg.slogdet(a))),
    Case("cholesky", [SPD], ref=np.linalg.cholesky, grad=False,
         note="gradient needs symmetric perturbations: test_linalg"),
    Case("cholesky", [SPD.astype(np.float32)], ref=np.linalg.cholesky, grad=False, rtol=1e-4),
    Case("cholesky", [HPD], ref=np.linalg.cholesky, grad=False),
    Case("matrix_solve", [BATCH, R.standard_normal((2, 3, 2))], {"adjoint": False},
         ref=np.linalg.solve),
    Case("matrix_solve", [SQ, RHS], {"adjoint": True}, rtol=1e-4,
         ref=lambda a, b: np.linalg.solve(a.T, b)),
    Case("matrix_solve", [C, C[:, :1]], {"adjoint": False}, ref=np.linalg.solve, grad=False,
         rtol=1e-4),
    Case("matrix_triangular_solve", [SPD[0], RHS.astype(np.float64)],
         {"lower": True, "adjoint": False}, ref=lambda a, b: _tri_solve_ref(a, b, True, False)),
    Case("matrix_triangular_solve", [SPD, RHS.astype(np.float64)],
         {"lower": False, "adjoint": True}, ref=lambda a, b: _tri_solve_ref(a, b, False, True)),
    Case("matrix_triangular_solve", [SPD[0].astype(np.float32), np.stack([RHS, RHS])],
         {"lower": False, "adjoint": False}, rtol=1e-4,
         ref=lambda a, b: _tri_solve_ref(a, b, False, False)),
    Case("matrix_triangular_solve", [HPD, HPD[:, :2]], {"lower": True, "adjoint": True},
         ref=lambda a, b: _tri_solve_ref(a, b, True, True), grad=False),
    # --- decompositions -----------------------------------------------------------------------
    Case("qr", [TALL], {"full_matrices": False}, ref=_qr_ref("reduced")),
    Case("qr", [BATCH32], {"full_matrices": False}, ref=_qr_ref("reduced"), rtol=1e-4,
         atol=1e-5),
    Case("qr", [WIDE], {"full_matrices": False}, ref=_qr_ref("reduced"), rtol=1e-4,
         atol=1e-5),
    Case("qr", [TALL], {"full_matrices": True}, ref=_qr_ref("complete"), grad=False,
         note="TF has no gradient for full tall QR (NotImplementedError)"),
    Case("qr", [C], {"full_matrices": False}, ref=_qr_ref("reduced"), grad=False, rtol=1e-4,
         atol=1e-5),
    Case("svd", [TALL], {"full_matrices": False, "compute_uv": True},
         ref=lambda a: _svd_ref(a, False, True)),
    Case("svd", [WIDE.astype(np.float64)], {"full_matrices": True, "compute_uv": True},
         ref=lambda a: _svd_ref(a, True, True), grad=False,
         note="the extra columns of a full U/V are not unique: test_linalg checks "
              "gauge-invariant losses"),
    Case("svd", [BATCH], {"full_matrices": False, "compute_uv": False},
         ref=lambda a: _svd_ref(a, False, False)),
    Case("svd", [C], {"full_matrices": False, "compute_uv": True},
         ref=lambda a: _svd_ref(a, False, True), grad=False, rtol=1e-4, atol=1e-5),
    Case("self_adjoint_eig", [SPD], {"compute_v": True}, ref=lambda a: _eigh_ref(a, True)),
    Case("self_adjoint_eig", [BATCH], {"compute_v": False},
         ref=lambda a: _eigh_ref(np.tril(a) + np.swapaxes(np.tril(a, -1), -1, -2), False)),
    Case("self_adjoint_eig", [HPD], {"compute_v": True}, ref=lambda a: _eigh_ref(a, True),
         grad=False),
    Case("eig", [SPD[0]], {"compute_v": False}, ref=lambda a: (_eig_ref(a)[0],
                                                               np.zeros((0,), np.complex128)),
         grad=False, note="complex outputs: gradient in test_linalg"),
    Case("eig", [BATCH32], {"compute_v": True}, ref=_eig_ref, grad=False, rtol=1e-4,
         atol=1e-5),
    Case("lu", [BATCH], {"output_idx_type": dtypes.int32}, ref=_lu_ref, grad=False,
         note="TF defines no gradient for Lu"),
    Case("lu", [SQ], {"output_idx_type": dtypes.int64}, grad=False, rtol=1e-4,
         ref=lambda a: (_lu_ref(a)[0], _lu_ref(a)[1].astype(np.int64))),
    Case("lu", [C], {"output_idx_type": dtypes.int32}, ref=_lu_ref, grad=False, rtol=1e-4),
    Case("matrix_exponential", [BATCH], ref=_expm_ref),
    Case("matrix_exponential", [SQ * 4], ref=_expm_ref, rtol=1e-4),
    Case("matrix_exponential", [C], ref=_expm_ref, grad=False, rtol=1e-4),
    Case("matrix_exponential", [EMPTY], ref=lambda a: a),
]
