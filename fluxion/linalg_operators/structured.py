"""Structured operators: permutation, Householder reflection, Toeplitz, tridiagonal,
and the tf.linalg tridiagonal / banded functions they rest on."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.linalg_operators.base import (
    LinearOperator, batch_broadcast, check_dtype, convert_nonref)


def _shift(n: int, dtype):
    """The n x n matrix with ones on the first superdiagonal."""
    return tf.constant(np.eye(n, k=1), dtype=dtype)


def _tridiag_parts(diagonals, diagonals_format):
    """(superdiag, maindiag, subdiag), each [..., M], from any of TF's three formats."""
    if diagonals_format == "compact":
        diagonals = tf.convert_to_tensor(diagonals)
        return diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :]
    if diagonals_format == "sequence":
        sup, main, sub = (tf.convert_to_tensor(d) for d in diagonals)
        return sup, main, sub
    if diagonals_format == "matrix":
        m = tf.convert_to_tensor(diagonals)
        n = m.shape[-1]
        zero = tf.zeros_like(m[..., :1, 0])
        sup = tf.concat([tf.linalg.diag_part(m[..., :-1, 1:]), zero], axis=-1) if n > 1 else zero
        sub = tf.concat([zero, tf.linalg.diag_part(m[..., 1:, :-1])], axis=-1) if n > 1 else zero
        return sup, tf.linalg.diag_part(m), sub
    raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")


def _tridiag_dense(sup, main, sub):
    n = main.shape[-1]
    shift = _shift(n, main.dtype)
    dense = tf.linalg.diag(main)
    if n > 1:
        dense = dense + sup[..., :, None] * shift
        dense = dense + sub[..., :, None] * tf.linalg.matrix_transpose(shift)
    return dense


def tridiagonal_solve(diagonals, rhs, diagonals_format="compact", transpose_rhs=False,
                      conjugate_rhs=False, name=None, partial_pivoting=True,
                      perturb_singular=False):
    """Solves ``A x = rhs`` for a tridiagonal ``A`` (composed from a dense solve)."""
    if diagonals_format not in ("compact", "sequence", "matrix"):
        raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")
    matrix = _tridiag_dense(*_tridiag_parts(diagonals, diagonals_format))
    rhs = tf.convert_to_tensor(rhs, dtype=matrix.dtype)
    vector = rhs.shape.rank == matrix.shape.rank - 1
    if vector:
        rhs = rhs[..., None]
    elif transpose_rhs:
        rhs = tf.linalg.matrix_transpose(rhs)
    if conjugate_rhs:
        rhs = tf.math.conj(rhs)
    matrix, rhs = batch_broadcast(matrix, rhs)
    result = tf.linalg.solve(matrix, rhs)
    return result[..., 0] if vector else result


def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None):
    """Computes ``A @ rhs`` for a tridiagonal ``A`` given by its diagonals."""
    if diagonals_format not in ("compact", "sequence", "matrix"):
        raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")
    sup, main, sub = _tridiag_parts(diagonals, diagonals_format)
    rhs = tf.convert_to_tensor(rhs, dtype=main.dtype)
    n = main.shape[-1]
    result = main[..., :, None] * rhs
    if n > 1:
        zero_row = tf.zeros_like(rhs[..., :1, :])
        below = tf.concat([rhs[..., 1:, :], zero_row], axis=-2)
        above = tf.concat([zero_row, rhs[..., :-1, :]], axis=-2)
        result = result + sup[..., :, None] * below + sub[..., :, None] * above
    return result


def banded_triangular_solve(bands, rhs, lower=True, adjoint=False, name=None):
    """Solves with the triangular matrix stored as K bands in ``bands`` [..., K, M].

    lower=True: row k holds the k-th subdiagonal (row 0 the diagonal), right-aligned.
    lower=False: row K-1-d holds the d-th superdiagonal (row K-1 the diagonal), left-aligned.
    """
    bands = tf.convert_to_tensor(bands)
    rhs = tf.convert_to_tensor(rhs, dtype=bands.dtype)
    k, n = bands.shape[-2], bands.shape[-1]
    matrix = None
    for offset in range(k):
        values = bands[..., offset if lower else k - 1 - offset, :]
        band = tf.constant(np.eye(n, k=-offset if lower else offset), dtype=bands.dtype)
        term = values[..., :, None] * band
        matrix = term if matrix is None else matrix + term
    vector = rhs.shape.rank == bands.shape.rank - 1
    rhs = rhs[..., None] if vector else rhs
    matrix, rhs = batch_broadcast(matrix, rhs)
    result = tf.linalg.triangular_solve(matrix, rhs, lower=lower, adjoint=adjoint)
    return result[..., 0] if vector else result


class LinearOperatorTridiag(LinearOperator):
    """A square tridiagonal operator given by its three diagonals."""

    def __init__(self, diagonals, diagonals_format="compact", is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorTridiag"):
        params = dict(diagonals=diagonals, diagonals_format=diagonals_format,
                      is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        if diagonals_format not in ("compact", "sequence", "matrix"):
            raise ValueError(f"Diagonals Format must be one of compact, matrix, sequence"
                             f". Got {diagonals_format}")
        if is_square is False:
            raise ValueError("Tridiagonal operators are always square.")
        self._diagonals = diagonals if diagonals_format == "sequence" else (
            convert_nonref(diagonals, name="diagonals"))
        self._diagonals_format = diagonals_format
        check_dtype(self._parts[1], what="diagonals")
        super().__init__(self._parts[1].dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, params)

    @property
    def diagonals(self):
        return self._diagonals

    @property
    def _parts(self):  # recomputed per use: a variable's current value is read each time
        return _tridiag_parts(self._diagonals, self._diagonals_format)

    @property
    def diagonals_format(self):
        return self._diagonals_format

    def _shape(self):
        batch = self._parts[0].shape[:-1]
        for part in self._parts[1:]:
            batch = tf.broadcast_static_shape(batch, part.shape[:-1])
        n = self._parts[1].shape[-1]
        return batch.concatenate([n, n])

    def _to_dense(self):
        return _tridiag_dense(*self._parts)

    def _diag_part(self):
        return self._parts[1]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        if adjoint:
            return tf.linalg.matmul(self._to_dense(), x, adjoint_a=True)
        return tridiagonal_matmul(self._parts, x, diagonals_format="sequence")


class LinearOperatorToeplitz(LinearOperator):
    """``A[i, j] = col[i - j]`` for i >= j and ``row[j - i]`` otherwise (row[0] is unused)."""

    def __init__(self, col, row, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorToeplitz"):
        params = dict(col=col, row=row, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._col = convert_nonref(col, name="col")
        self._row = convert_nonref(row, name="row", dtype=self._col.dtype)
        check_dtype(self._col, what="col")
        if self._col.shape[-1] != self._row.shape[-1]:
            raise ValueError("Expected square matrix, got row and col with mismatched "
                             "dimensions.")
        super().__init__(self._col.dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    @property
    def col(self):
        return self._col

    @property
    def row(self):
        return self._row

    def _shape(self):
        batch = tf.broadcast_static_shape(self._col.shape[:-1], self._row.shape[:-1])
        return batch.concatenate([self._col.shape[-1], self._row.shape[-1]])

    def _to_dense(self):
        batch = self.batch_shape.as_list()
        col = tf.broadcast_to(self._col, batch + self._col.shape[-1:].as_list())
        row = tf.broadcast_to(self._row, batch + self._row.shape[-1:].as_list())
        m, n = self._col.shape[-1], self._row.shape[-1]
        values = tf.concat([tf.reverse(row[..., 1:], axis=[-1]), col], axis=-1)
        index = (n - 1) + np.arange(m)[:, None] - np.arange(n)[None, :]
        return tf.gather(values, tf.constant(index, dtype=tf.int32), axis=-1,
                         batch_dims=len(batch))


class LinearOperatorPermutation(LinearOperator):
    """``A`` = the permutation matrix with ``A[i, perm[i]] = 1``."""

    def __init__(self, perm, dtype=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorPermutation"):
        params = dict(perm=perm, dtype=dtype, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._perm = convert_nonref(perm, name="perm")
        if not self._perm.dtype.is_integer:
            raise TypeError(f"Argument perm must have integer dtype. Found: {self._perm.dtype}")
        if self._perm.shape.rank is not None and self._perm.shape.rank < 1:
            raise ValueError(f"Argument perm must have at least 1 dimension. "
                             f"Found: {self._perm.shape.rank}")
        if is_non_singular is False:
            raise ValueError("A Permutation operator is always non-singular.")
        if is_square is False:
            raise ValueError("A Permutation operator is always square.")
        super().__init__(dtype or tf.float32, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, params)

    @property
    def perm(self):
        return self._perm

    def _shape(self):
        return self._perm.shape.concatenate(self._perm.shape[-1:])

    def _to_dense(self):
        return tf.one_hot(self._perm, self._perm.shape[-1], dtype=self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        perm = tf.argsort(self._perm, axis=-1) if adjoint else self._perm
        batch = tf.broadcast_static_shape(perm.shape[:-1], x.shape[:-2])
        perm = tf.broadcast_to(perm, batch.concatenate(perm.shape[-1:]))
        x = tf.broadcast_to(x, batch.concatenate(x.shape[-2:]))
        return tf.gather(x, perm, axis=-2, batch_dims=batch.rank)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _linop_inverse(self):
        return LinearOperatorPermutation(tf.argsort(self._perm, axis=-1), dtype=self.dtype)

    def _linop_adjoint(self):
        return self._linop_inverse()


class LinearOperatorHouseholder(LinearOperator):
    """``A = I - 2 v v^H / (v^H v)``: the reflection about the hyperplane orthogonal to v."""

    def __init__(self, reflection_axis, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorHouseholder"):
        params = dict(reflection_axis=reflection_axis, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._axis = convert_nonref(reflection_axis, name="reflection_axis")
        check_dtype(self._axis, what="reflection_axis")
        if is_self_adjoint is False:
            raise ValueError("A Householder operator is always self adjoint.")
        if is_non_singular is False:
            raise ValueError("A Householder operator is always non-singular.")
        if is_positive_definite is True:
            raise ValueError("A Householder operator is always non-positive definite.")
        if is_square is False:
            raise ValueError("A Householder operator is always square.")
        super().__init__(self._axis.dtype, None, is_non_singular, True, False, True, name,
                         params)

    @property
    def reflection_axis(self):
        return self._axis

    def _shape(self):
        return self._axis.shape.concatenate(self._axis.shape[-1:])

    def _unit_axis(self):
        norm = tf.sqrt(tf.reduce_sum(tf.math.real(tf.math.conj(self._axis) * self._axis),
                                     axis=-1, keepdims=True))
        return self._axis / tf.cast(norm, self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        v = self._unit_axis()[..., :, None]
        return x - 2.0 * v * tf.linalg.matmul(v, x, adjoint_a=True)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _to_dense(self):
        v = self._unit_axis()[..., :, None]
        n = self._axis.shape[-1]
        return tf.eye(n, dtype=self.dtype) - 2.0 * tf.linalg.matmul(v, v, adjoint_b=True)

    def _determinant(self):
        return -tf.ones(self.batch_shape, dtype=self.dtype)

    def _log_abs_determinant(self):
        return tf.zeros(self.batch_shape, dtype=self.dtype)

    def _trace(self):
        n = self._axis.shape[-1]
        return tf.fill(self.batch_shape, tf.cast(n - 2, self.dtype))

    def _eigvals(self):
        n = self._axis.shape[-1]
        values = tf.constant([-1.0] + [1.0] * (n - 1), dtype=self.dtype)
        return tf.broadcast_to(values, self.batch_shape.concatenate([n]))

    def _cond(self):
        return tf.ones(self.batch_shape, dtype=self.dtype)

    def _linop_inverse(self):
        return self

    def _linop_adjoint(self):
        return self


class LinearOperatorCirculant(LinearOperator):
    """A circulant operator given by its spectrum: ``A x = ifft(spectrum * fft(x))``."""

    def __init__(self, spectrum, input_output_dtype=tf.complex64, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True,
                 name="LinearOperatorCirculant"):
        params = dict(spectrum=spectrum, input_output_dtype=input_output_dtype,
                      is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._spectrum = convert_nonref(spectrum, name="spectrum")
        check_dtype(self._spectrum, ("float32", "float64", "complex64", "complex128"),
                    "spectrum")
        if not self._spectrum.dtype.is_complex:
            if is_self_adjoint is False:
                raise ValueError("A real spectrum always corresponds to a self-adjoint "
                                 "operator.")
            is_self_adjoint = True
        if is_square is False:
            raise ValueError("A [[nested] block] circulant operator is always square.")
        super().__init__(input_output_dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, params)

    @property
    def spectrum(self):
        return self._spectrum

    @property
    def block_depth(self):
        return 1

    @property
    def block_shape(self):
        return self._spectrum.shape[-1:]

    def block_shape_tensor(self):
        return tf.constant(self.block_shape.as_list(), dtype=tf.int32)

    def _shape(self):
        return self._spectrum.shape.concatenate(self._spectrum.shape[-1:])

    def _complex_dtype(self):
        return tf.complex128 if self._spectrum.dtype.name in ("float64", "complex128") \
            else tf.complex64

    def _complex_spectrum(self, adjoint=False):
        spectrum = tf.cast(self._spectrum, self._complex_dtype())
        return tf.math.conj(spectrum) if adjoint else spectrum

    def _out(self, value):
        return tf.cast(value, self.dtype)

    def _apply(self, x, scale):
        """ifft(scale * fft(x)) over the rows (axis -2) of x."""
        xt = tf.linalg.matrix_transpose(tf.cast(x, self._complex_dtype()))
        yt = tf.signal.ifft(scale[..., None, :] * tf.signal.fft(xt))
        return self._out(tf.linalg.matrix_transpose(yt))

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        return self._apply(x, self._complex_spectrum(adjoint))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = tf.linalg.adjoint(rhs) if adjoint_arg else rhs
        return self._apply(rhs, 1.0 / self._complex_spectrum(adjoint))

    def convolution_kernel(self, name="convolution_kernel"):
        return self._out(tf.signal.ifft(self._complex_spectrum()))

    def _to_dense(self):
        n = self._spectrum.shape[-1]
        kernel = self.convolution_kernel()
        index = (np.arange(n)[:, None] - np.arange(n)[None, :]) % n
        return tf.gather(kernel, tf.constant(index, dtype=tf.int32), axis=-1,
                         batch_dims=0)

    def _determinant(self):
        return self._out(tf.reduce_prod(self._complex_spectrum(), axis=-1))

    def _log_abs_determinant(self):
        log_det = tf.reduce_sum(tf.math.log(tf.abs(self._complex_spectrum())), axis=-1)
        return self._out(log_det)

    def _trace(self):
        return self._out(tf.reduce_sum(self._complex_spectrum(), axis=-1))

    def _diag_part(self):
        n = self._spectrum.shape[-1]
        mean = tf.reduce_mean(self._complex_spectrum(), axis=-1, keepdims=True)
        return self._out(mean * tf.ones([n], dtype=self._complex_dtype()))

    def _eigvals(self):
        return tf.convert_to_tensor(self._spectrum)

    def _cond(self):
        mags = tf.abs(self._spectrum)
        return tf.reduce_max(mags, axis=-1) / tf.reduce_min(mags, axis=-1)

    def _linop_inverse(self):
        return LinearOperatorCirculant(1.0 / self._spectrum, input_output_dtype=self.dtype,
                                       is_non_singular=self.is_non_singular,
                                       is_self_adjoint=self.is_self_adjoint,
                                       is_positive_definite=self.is_positive_definite)

    def _linop_adjoint(self):
        # TF builds the adjoint with the default input_output_dtype (complex64)
        return LinearOperatorCirculant(tf.math.conj(self._spectrum),
                                       is_non_singular=self.is_non_singular,
                                       is_self_adjoint=self.is_self_adjoint,
                                       is_positive_definite=self.is_positive_definite)

    def assert_hermitian_spectrum(self, name="assert_hermitian_spectrum"):
        kernel = tf.signal.ifft(self._complex_spectrum())
        return tf.debugging.assert_less_equal(
            tf.reduce_max(tf.abs(tf.math.imag(kernel))),
            tf.cast(1e-5, kernel.dtype.real_dtype),
            message="Spectrum was not Hermitian")
