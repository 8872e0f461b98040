"""Operators defined by one tensor: full, diagonal, identity, scaled identity, triangular, zeros."""
from __future__ import annotations

import fluxion as tf
from fluxion.linalg_operators.base import (
    LinearOperator, convert_nonref, batch_broadcast, check_dtype, eye, static_int)


def _always(flag_name: str, value, wanted: bool, message: str):
    if value is not None and value != wanted:
        raise ValueError(message)
    return wanted


class LinearOperatorFullMatrix(LinearOperator):
    """``A`` given by a dense matrix of shape ``batch_shape + [M, N]``."""

    def __init__(self, matrix, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorFullMatrix"):
        self._matrix = convert_nonref(matrix, name="matrix")
        check_dtype(self._matrix)
        params = dict(matrix=matrix, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        super().__init__(self._matrix.dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    @property
    def matrix(self):
        return self._matrix

    def _shape(self):
        return self._matrix.shape

    def _to_dense(self):
        return self._matrix


class LinearOperatorDiag(LinearOperator):
    """``A = diag(d)`` for a (batch of) vector(s) ``d``."""

    def __init__(self, diag, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorDiag"):
        params = dict(diag=diag, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._diag = convert_nonref(diag, name="diag")
        check_dtype(self._diag, what="diag")
        if self._diag.shape.rank is not None and self._diag.shape.rank < 1:
            raise ValueError(f"Argument diag must have at least 1 dimension.  "
                             f"Found: {self._diag}")
        if not self._diag.dtype.is_complex:
            is_self_adjoint = _always("is_self_adjoint", is_self_adjoint, True,
                                      "A real diagonal operator is always self adjoint.")
        is_square = _always("is_square", is_square, True,
                            "Only square diagonal operators currently supported.")
        super().__init__(self._diag.dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    @property
    def diag(self):
        return self._diag

    def _shape(self):
        return self._diag.shape.concatenate(self._diag.shape[-1:])

    def _column(self, adjoint):
        d = tf.math.conj(self._diag) if adjoint else self._diag
        return tf.expand_dims(d, -1)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        return self._column(adjoint) * x

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = tf.linalg.adjoint(rhs) if adjoint_arg else rhs
        return rhs / self._column(adjoint)

    def _determinant(self):
        return tf.reduce_prod(self._diag, axis=-1)

    def _log_abs_determinant(self):
        log_det = tf.reduce_sum(tf.math.log(tf.abs(self._diag)), axis=-1)
        return tf.cast(log_det, self.dtype) if self.dtype.is_complex else log_det

    def _to_dense(self):
        return tf.linalg.diag(self._diag)

    def _diag_part(self):
        return self._diag

    def _add_to_tensor(self, x):
        return tf.linalg.set_diag(x, self._diag + tf.linalg.diag_part(x))

    def _eigvals(self):
        return self._diag

    def _cond(self):
        mags = tf.abs(self._diag)
        return tf.reduce_max(mags, axis=-1) / tf.reduce_min(mags, axis=-1)

    def _linop_adjoint(self):
        return LinearOperatorDiag(tf.math.conj(self._diag), is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint,
                                  is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_inverse(self):
        return LinearOperatorDiag(1.0 / self._diag, is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint,
                                  is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_cholesky(self):
        return LinearOperatorDiag(tf.sqrt(self._diag), is_non_singular=True,
                                  is_self_adjoint=True, is_positive_definite=True,
                                  is_square=True)

    def _linop_matmul(self, left, right):
        if isinstance(right, LinearOperatorDiag):
            return LinearOperatorDiag(left.diag * right.diag, is_square=True)
        return super()._linop_matmul(left, right)


def _batch_shape_list(batch_shape):
    if batch_shape is None:
        return []
    shape = [static_int(d, "batch_shape") for d in tf.convert_to_tensor(batch_shape).numpy()]
    return shape


class LinearOperatorIdentity(LinearOperator):
    """``A = I`` of size ``num_rows`` (optionally with a batch shape)."""

    def __init__(self, num_rows, batch_shape=None, dtype=None, is_non_singular=True,
                 is_self_adjoint=True, is_positive_definite=True, is_square=True,
                 assert_proper_shapes=False, name="LinearOperatorIdentity"):
        params = dict(num_rows=num_rows, batch_shape=batch_shape, dtype=dtype,
                      is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square,
                      assert_proper_shapes=assert_proper_shapes, name=name)
        for flag, text in ((is_non_singular, "non-singular"), (is_self_adjoint, "self-adjoint"),
                           (is_positive_definite, "positive-definite"), (is_square, "square")):
            if not flag:
                raise ValueError(f"An identity operator is always {text}.")
        self._num_rows = static_int(num_rows, "num_rows")
        self._batch = _batch_shape_list(batch_shape)
        super().__init__(dtype or tf.float32, None, True, True, True, True, name, params)

    def _shape(self):
        return tf.TensorShape(self._batch + [self._num_rows, self._num_rows])

    def _broadcast(self, x):
        if not self._batch:
            return x
        return x + tf.zeros(self._batch + [1, 1], dtype=self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._broadcast(tf.linalg.adjoint(x) if adjoint_arg else x)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return tf.ones(self._batch, dtype=self.dtype)

    def _log_abs_determinant(self):
        return tf.zeros(self._batch, dtype=self.dtype)

    def _trace(self):
        return tf.fill(self._batch, tf.cast(self._num_rows, self.dtype))

    def _diag_part(self):
        return tf.ones(self._batch + [self._num_rows], dtype=self.dtype)

    def _to_dense(self):
        return eye(self._num_rows, self._batch, self.dtype)

    def _add_to_tensor(self, x):
        return tf.linalg.set_diag(x, tf.linalg.diag_part(x) + 1)

    def _eigvals(self):
        return self._diag_part()

    def _cond(self):
        return tf.ones(self._batch, dtype=self.dtype)

    def _linop_inverse(self):
        return self

    def _linop_cholesky(self):
        return self

    def _linop_matmul(self, left, right):
        if left is self and not self._batch:
            return right
        return super()._linop_matmul(left, right)


class LinearOperatorScaledIdentity(LinearOperator):
    """``A = c I`` with a (batch of) scalar multiplier(s) ``c``."""

    def __init__(self, num_rows, multiplier, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorScaledIdentity"):
        params = dict(num_rows=num_rows, multiplier=multiplier, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square,
                      assert_proper_shapes=assert_proper_shapes, name=name)
        self._multiplier = convert_nonref(multiplier, name="multiplier")
        if not self._multiplier.dtype.is_complex:
            is_self_adjoint = _always("is_self_adjoint", is_self_adjoint, True,
                                      "A real diagonal operator is always self adjoint.")
        if is_square is False:
            raise ValueError("A ScaledIdentity operator is always square.")
        self._num_rows = static_int(num_rows, "num_rows")
        super().__init__(self._multiplier.dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, params)

    @property
    def multiplier(self):
        return self._multiplier

    def _shape(self):
        return self._multiplier.shape.concatenate([self._num_rows, self._num_rows])

    def _scale(self, adjoint):
        m = tf.math.conj(self._multiplier) if adjoint else self._multiplier
        return m[..., None, None]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        return x * self._scale(adjoint)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = tf.linalg.adjoint(rhs) if adjoint_arg else rhs
        return rhs / self._scale(adjoint)

    def _determinant(self):
        return self._multiplier ** self._num_rows

    def _log_abs_determinant(self):
        log_det = self._num_rows * tf.math.log(tf.abs(self._multiplier))
        return tf.cast(log_det, self.dtype) if self.dtype.is_complex else log_det

    def _trace(self):
        return self._multiplier * tf.cast(self._num_rows, self.dtype)

    def _diag_part(self):
        return self._multiplier[..., None] * tf.ones([self._num_rows], dtype=self.dtype)

    def _to_dense(self):
        return self._scale(False) * tf.eye(self._num_rows, dtype=self.dtype)

    def _add_to_tensor(self, x):
        return tf.linalg.set_diag(x, tf.linalg.diag_part(x) + self._multiplier[..., None])

    def _eigvals(self):
        return self._diag_part()

    def _cond(self):
        return tf.ones_like(tf.abs(self._multiplier))

    def _linop_inverse(self):
        return LinearOperatorScaledIdentity(self._num_rows, 1.0 / self._multiplier,
                                            is_non_singular=self.is_non_singular,
                                            is_self_adjoint=self.is_self_adjoint,
                                            is_positive_definite=self.is_positive_definite)

    def _linop_adjoint(self):
        return LinearOperatorScaledIdentity(self._num_rows, tf.math.conj(self._multiplier),
                                            is_non_singular=self.is_non_singular,
                                            is_self_adjoint=self.is_self_adjoint,
                                            is_positive_definite=self.is_positive_definite)

    def _linop_cholesky(self):
        return LinearOperatorScaledIdentity(self._num_rows, tf.sqrt(self._multiplier),
                                            is_non_singular=True, is_self_adjoint=True,
                                            is_positive_definite=True)

    def _linop_matmul(self, left, right):
        if isinstance(right, LinearOperatorScaledIdentity):
            return LinearOperatorScaledIdentity(self._num_rows,
                                                left.multiplier * right.multiplier)
        return super()._linop_matmul(left, right)


class LinearOperatorLowerTriangular(LinearOperator):
    """``A`` = the lower triangle (diagonal included) of ``tril``; the rest is ignored."""

    def __init__(self, tril, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name="LinearOperatorLowerTriangular"):
        params = dict(tril=tril, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        self._tril = convert_nonref(tril, name="tril")
        check_dtype(self._tril, what="tril")
        if self._tril.shape.rank is not None and self._tril.shape.rank < 2:
            raise ValueError(f"Argument tril must have at least 2 dimensions.  "
                             f"Found: {self._tril}")
        super().__init__(self._tril.dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, params)

    @property
    def tril(self):
        return self._tril

    def _shape(self):
        return self._tril.shape

    def _to_dense(self):
        return tf.linalg.band_part(self._tril, -1, 0)

    def _diag_part(self):
        return tf.linalg.diag_part(self._tril)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = tf.linalg.adjoint(rhs) if adjoint_arg else rhs
        matrix, rhs = batch_broadcast(self._to_dense(), rhs)
        return tf.linalg.triangular_solve(matrix, rhs, lower=True, adjoint=adjoint)

    def _determinant(self):
        return tf.reduce_prod(self._diag_part(), axis=-1)

    def _log_abs_determinant(self):
        log_det = tf.reduce_sum(tf.math.log(tf.abs(self._diag_part())), axis=-1)
        return tf.cast(log_det, self.dtype) if self.dtype.is_complex else log_det

    def _eigvals(self):
        return self._diag_part()


class LinearOperatorZeros(LinearOperator):
    """The all-zeros operator of shape ``batch_shape + [num_rows, num_columns]``."""

    def __init__(self, num_rows, num_columns=None, batch_shape=None, dtype=None,
                 is_non_singular=False, is_self_adjoint=True, is_positive_definite=False,
                 is_square=True, assert_proper_shapes=False, name="LinearOperatorZeros"):
        params = dict(num_rows=num_rows, num_columns=num_columns, batch_shape=batch_shape,
                      dtype=dtype, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                      is_square=is_square, assert_proper_shapes=assert_proper_shapes, name=name)
        if is_non_singular:
            raise ValueError("A Zeros operator is always singular.")
        if is_positive_definite:
            raise ValueError("A Zeros operator is always not positive-definite.")
        self._num_rows = static_int(num_rows, "num_rows")
        self._num_columns = (self._num_rows if num_columns is None
                             else static_int(num_columns, "num_columns"))
        if is_square and self._num_rows != self._num_columns:
            raise ValueError(f"LinearOperatorZeros initialized as is_square=True, but got "
                             f"num_rows({self._num_rows}) != num_columns({self._num_columns})")
        self._batch = _batch_shape_list(batch_shape)
        super().__init__(dtype or tf.float32, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    def _shape(self):
        return tf.TensorShape(self._batch + [self._num_rows, self._num_columns])

    def _zeros_like_product(self, x, rows):
        x = tf.zeros_like(x[..., :1, :]) * tf.zeros(self._batch + [rows, 1], dtype=self.dtype)
        return x

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        rows = self._num_columns if adjoint else self._num_rows
        return self._zeros_like_product(x, rows)

    def _determinant(self):
        return tf.zeros(self._batch, dtype=self.dtype)

    def _trace(self):
        return tf.zeros(self._batch, dtype=self.dtype)

    def _diag_part(self):
        n = min(self._num_rows, self._num_columns)
        return tf.zeros(self._batch + [n], dtype=self.dtype)

    def _to_dense(self):
        return tf.zeros(self._batch + [self._num_rows, self._num_columns], dtype=self.dtype)

    def _add_to_tensor(self, x):
        return self._to_dense() + x

    def _eigvals(self):
        return self._diag_part()

    def _linop_matmul(self, left, right):
        if left is self:
            return LinearOperatorZeros(self._num_rows, right.domain_dimension,
                                       batch_shape=self._batch, dtype=self.dtype)
        return super()._linop_matmul(left, right)
