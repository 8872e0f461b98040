"""``tf.linalg.LinearOperator``: the abstract base of structured matrix operators.

Every method is a composition of public ops (matmul, solve, slogdet, ...), so gradients and
tf.function tracing come for free. Subclasses describe their structure with ``_shape`` and
``_to_dense`` and override the methods where the structure gives a cheaper formula.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.core.module import Module

_FLOAT_AND_COMPLEX = ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")


def combine_hint(name: str, first, second):
    """The agreed value of two hints (None = unknown); ValueError if they contradict."""
    if first is not None and second is not None and first != second:
        raise ValueError(f"Incompatible hints for {name}: {first} and {second}.")
    return first if first is not None else second


def convert_nonref(value, dtype=None, name=None):
    """A tensor from ``value``, but variables stay variables so that each method reads them
    (and gradients reach them), as TF's ``convert_nonref_to_tensor``."""
    if isinstance(value, tf.Variable):
        if dtype is not None and value.dtype != tf.as_dtype(dtype):
            raise TypeError(f"Expected dtype {tf.as_dtype(dtype)}, got {value.dtype}")
        return value
    return tf.convert_to_tensor(value, dtype=dtype, name=name)


def check_dtype(tensor, allowed=_FLOAT_AND_COMPLEX, what: str = "matrix"):
    if tensor.dtype.name not in allowed:
        raise TypeError(f"Argument {what} must have dtype in {list(allowed)}. "
                        f"Found: {tensor.dtype}")


def batch_broadcast(a, b):
    """Broadcasts the batch dims (all but the last two) of two matrices against each other."""
    batch = tf.broadcast_static_shape(a.shape[:-2], b.shape[:-2])
    if a.shape[:-2] != batch:
        a = tf.broadcast_to(a, batch.concatenate(a.shape[-2:]))
    if b.shape[:-2] != batch:
        b = tf.broadcast_to(b, batch.concatenate(b.shape[-2:]))
    return a, b


def eye(num_rows: int, batch_shape, dtype):
    return tf.eye(num_rows, batch_shape=list(batch_shape) or None, dtype=dtype)


class LinearOperator(Module):
    """A (batch of) linear operator(s) ``A`` with shape ``batch_shape + [M, N]``."""

    def __init__(self, dtype, graph_parents=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None, parameters=None):
        if is_positive_definite:
            if is_non_singular is False:
                raise ValueError("A positive definite matrix is always non-singular.")
            is_non_singular = True
        if is_non_singular:
            if is_square is False:
                raise ValueError("A non-singular matrix is always square.")
            is_square = True
        if is_self_adjoint:
            if is_square is False:
                raise ValueError("A self-adjoint matrix is always square.")
            is_square = True
        super().__init__(name=None)
        self._name = name or type(self).__name__
        self._dtype = tf.as_dtype(dtype) if dtype is not None else None
        self._graph_parents = list(graph_parents or [])
        self._is_non_singular = is_non_singular
        self._is_self_adjoint = is_self_adjoint
        self._is_positive_definite = is_positive_definite
        self._is_square_hint = is_square
        self._parameters = dict(parameters) if parameters is not None else {}

    # ------------------------------------------------------------------ properties
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def parameters(self):
        return dict(self._parameters)

    @property
    def graph_parents(self):
        return self._graph_parents

    @property
    def is_non_singular(self):
        return self._is_non_singular

    @property
    def is_self_adjoint(self):
        return self._is_self_adjoint

    @property
    def is_positive_definite(self):
        return self._is_positive_definite

    @property
    def is_square(self):
        rows, cols = self.range_dimension, self.domain_dimension
        auto = None if rows is None or cols is None else rows == cols
        if self._is_square_hint is False and auto:
            raise ValueError("User set is_square hint to False, but the operator was square.")
        return auto if self._is_square_hint is None else self._is_square_hint

    @property
    def shape(self):
        return tf.TensorShape(self._shape())

    def _shape(self):
        raise NotImplementedError("_shape is not implemented.")

    def shape_tensor(self, name="shape_tensor"):
        if self.shape.is_fully_defined():
            return tf.constant(self.shape.as_list(), dtype=tf.int32)
        return self._shape_tensor()

    def _shape_tensor(self):
        return tf.shape(self.to_dense())

    @property
    def batch_shape(self):
        return self.shape[:-2]

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        return self.shape_tensor()[:-2]

    @property
    def tensor_rank(self):
        return self.shape.rank

    def tensor_rank_tensor(self, name="tensor_rank_tensor"):
        return tf.constant(self.shape.rank, dtype=tf.int32)

    @property
    def domain_dimension(self):
        return self.shape[-1] if self.shape.rank is not None else None

    def domain_dimension_tensor(self, name="domain_dimension_tensor"):
        return self.shape_tensor()[-1]

    @property
    def range_dimension(self):
        return self.shape[-2] if self.shape.rank is not None else None

    def range_dimension_tensor(self, name="range_dimension_tensor"):
        return self.shape_tensor()[-2]

    @property
    def H(self):  # noqa: N802 - TF's name
        return self.adjoint()

    # ------------------------------------------------------------------ checks
    def _check_input_dtype(self, arg):
        if arg.dtype.base_dtype != self.dtype:
            raise TypeError(f"Expected argument to have dtype {self.dtype}. Found: {arg.dtype} "
                            f"in tensor {getattr(arg, 'name', '')}")

    def _to_input(self, x, what="x"):
        x = tf.convert_to_tensor(x)
        self._check_input_dtype(x)
        return x

    def _require_square(self, what: str):
        if self.is_square is False:
            raise NotImplementedError(f"{what} not implemented for an operator that is "
                                      f"expected to not be square.")

    def _check_dim(self, self_dim, other_dim):
        if self_dim is not None and other_dim is not None and self_dim != other_dim:
            raise ValueError(f"Dimensions {self_dim} and {other_dim} are not compatible")

    def _can_use_cholesky(self):
        return bool(self.is_self_adjoint and self.is_positive_definite)

    def assert_non_singular(self, name="assert_non_singular"):
        return tf.debugging.assert_less(
            tf.zeros([], self.dtype.real_dtype), tf.reduce_min(tf.abs(self.eigvals_any())),
            message="Singular operator: An eigenvalue was zero.")

    def eigvals_any(self):
        return tf.linalg.eigvals(self.to_dense())

    def assert_positive_definite(self, name="assert_positive_definite"):
        return tf.linalg.cholesky(self.to_dense())

    def assert_self_adjoint(self, name="assert_self_adjoint"):
        dense = self.to_dense()
        return tf.debugging.assert_equal(dense, tf.linalg.adjoint(dense),
                                         message="Matrix was not equal to its adjoint.")

    # ------------------------------------------------------------------ matmul / solve
    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        if isinstance(x, LinearOperator):
            left = self.adjoint() if adjoint else self
            right = x.adjoint() if adjoint_arg else x
            if (right.range_dimension is not None and left.domain_dimension is not None
                    and right.range_dimension != left.domain_dimension):
                raise ValueError(f"Operators are incompatible. Expected `x` to have dimension "
                                 f"{left.domain_dimension} but got {right.range_dimension}.")
            return left._linop_matmul(left, right)
        x = self._to_input(x)
        self_dim = self.shape[-2] if adjoint else self.shape[-1]
        self._check_dim(self_dim, x.shape[-1] if adjoint_arg else x.shape[-2])
        return self._matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def __matmul__(self, other):
        return self.matmul(other)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return tf.linalg.matmul(self.to_dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _linop_matmul(self, left, right):
        from fluxion.linalg_operators.basic import LinearOperatorIdentity  # noqa: PLC0415
        from fluxion.linalg_operators.composite import LinearOperatorComposition  # noqa: PLC0415

        if isinstance(right, LinearOperatorIdentity) and right.batch_shape.rank == 0:
            return left
        return LinearOperatorComposition([left, right])

    def matvec(self, x, adjoint=False, name="matvec"):
        if isinstance(x, LinearOperator):
            return self.matmul(x, adjoint=adjoint)
        x = self._to_input(x)
        self._check_dim(self.shape[-2] if adjoint else self.shape[-1], x.shape[-1])
        return self._matvec(x, adjoint=adjoint)

    def _matvec(self, x, adjoint=False):
        return tf.squeeze(self._matmul(tf.expand_dims(x, -1), adjoint=adjoint), -1)

    def _check_solvable(self):
        if self.is_non_singular is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is "
                                      "expected to be singular.")
        self._require_square("Exact solve")

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        self._check_solvable()
        if isinstance(rhs, LinearOperator):
            left = self.adjoint() if adjoint else self
            right = rhs.adjoint() if adjoint_arg else rhs
            return left._linop_solve(left, right)
        rhs = self._to_input(rhs)
        self._check_dim(self.shape[-1] if adjoint else self.shape[-2],
                        rhs.shape[-1] if adjoint_arg else rhs.shape[-2])
        return self._solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = tf.linalg.adjoint(rhs) if adjoint_arg else rhs
        if self._can_use_cholesky():
            chol, rhs = batch_broadcast(tf.linalg.cholesky(self.to_dense()), rhs)
            return tf.linalg.cholesky_solve(chol, rhs)
        matrix, rhs = batch_broadcast(self.to_dense(), rhs)
        return tf.linalg.solve(matrix, rhs, adjoint=adjoint)

    def _linop_solve(self, left, right):
        return left.inverse().matmul(right)

    def solvevec(self, rhs, adjoint=False, name="solve"):
        self._check_solvable()
        rhs = self._to_input(rhs)
        self._check_dim(self.shape[-1] if adjoint else self.shape[-2], rhs.shape[-1])
        return self._solvevec(rhs, adjoint=adjoint)

    def _solvevec(self, rhs, adjoint=False):
        return tf.squeeze(self._solve(tf.expand_dims(rhs, -1), adjoint=adjoint), -1)

    # ------------------------------------------------------------------ reductions
    def determinant(self, name="det"):
        self._require_square("Determinant")
        return self._determinant()

    def _determinant(self):
        if self._can_use_cholesky():
            return tf.exp(self._log_abs_determinant())
        return tf.linalg.det(self.to_dense())

    def log_abs_determinant(self, name="log_abs_det"):
        self._require_square("Determinant")
        return self._log_abs_determinant()

    def _log_abs_determinant(self):
        if self._can_use_cholesky():
            diag = tf.linalg.diag_part(tf.linalg.cholesky(self.to_dense()))
            return 2.0 * tf.reduce_sum(tf.math.log(tf.math.real(diag)), axis=-1)
        _, log_abs_det = tf.linalg.slogdet(self.to_dense())
        return log_abs_det

    def trace(self, name="trace"):
        return self._trace()

    def _trace(self):
        return tf.reduce_sum(self.diag_part(), axis=-1)

    def diag_part(self, name="diag_part"):
        return self._diag_part()

    def _diag_part(self):
        return tf.linalg.diag_part(self.to_dense())

    def to_dense(self, name="to_dense"):
        return self._to_dense()

    def _to_dense(self):
        rows = self.domain_dimension
        return self.matmul(eye(rows, self.batch_shape, self.dtype))

    def add_to_tensor(self, x, name="add_to_tensor"):
        x = self._to_input(x)
        return self._add_to_tensor(x)

    def _add_to_tensor(self, x):
        return self.to_dense() + x

    def eigvals(self, name="eigvals"):
        if not self.is_self_adjoint:
            raise NotImplementedError("Only self-adjoint matrices are supported.")
        return self._eigvals()

    def _eigvals(self):
        return tf.linalg.eigvalsh(self.to_dense())

    def cond(self, name="cond"):
        return self._cond()

    def _cond(self):
        if not self.is_self_adjoint:
            vals = tf.linalg.svd(self.to_dense(), compute_uv=False)
        else:
            vals = tf.abs(self._eigvals())
        return tf.reduce_max(vals, axis=-1) / tf.reduce_min(vals, axis=-1)

    # ------------------------------------------------------------------ derived operators
    def adjoint(self, name="adjoint"):
        if self.is_self_adjoint is True:
            return self
        return self._linop_adjoint()

    def _linop_adjoint(self):
        from fluxion.linalg_operators.composite import LinearOperatorAdjoint  # noqa: PLC0415

        return LinearOperatorAdjoint(self)

    def inverse(self, name="inverse"):
        if self.is_square is False:
            raise ValueError("Cannot take the Inverse: This operator represents a non square "
                             "matrix.")
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular "
                             "matrix.")
        return self._linop_inverse()

    def _linop_inverse(self):
        from fluxion.linalg_operators.composite import LinearOperatorInversion  # noqa: PLC0415

        return LinearOperatorInversion(self)

    def cholesky(self, name="cholesky"):
        if not self._can_use_cholesky():
            raise ValueError("Cannot take the Cholesky decomposition: Not a positive definite "
                             "self adjoint matrix.")
        return self._linop_cholesky()

    def _linop_cholesky(self):
        from fluxion.linalg_operators.basic import LinearOperatorLowerTriangular  # noqa: PLC0415

        return LinearOperatorLowerTriangular(tf.linalg.cholesky(self.to_dense()),
                                             is_non_singular=True, is_self_adjoint=False,
                                             is_square=True)

    def __repr__(self):
        return (f"<tf.linalg.{type(self).__name__} '{self.name}' is_non_singular="
                f"{self.is_non_singular} is_self_adjoint={self.is_self_adjoint} "
                f"is_positive_definite={self.is_positive_definite} is_square={self.is_square} "
                f"shape={self.shape} dtype={self.dtype and self.dtype.name}>")


def static_int(value, what: str) -> int:
    """A Python int from a scalar integer (tensor or number); ValueError otherwise."""
    arr = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
    if arr.ndim != 0:
        raise ValueError(f"Argument {what} must be a 0-D Tensor.")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"Argument {what} must be integer type. Found: {arr.dtype}")
    if int(arr) < 0:
        raise ValueError(f"Argument {what} must be non-negative. Found: {int(arr)}")
    return int(arr)
