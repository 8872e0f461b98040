"""Operators built from other operators: composition, inverse, adjoint, block-diagonal,
Kronecker product and low-rank update."""
from __future__ import annotations

import fluxion as tf
from fluxion.linalg_operators.base import LinearOperator, combine_hint, convert_nonref


def _check_operators(operators):
    operators = list(operators)
    if not operators:
        raise ValueError(f"Expected a non-empty list of operators. Found: {operators}")
    dtype = operators[0].dtype
    for op in operators:
        if op.dtype != dtype:
            found = "   ".join(f"({o.name}, {o.dtype})" for o in operators)
            raise TypeError(f"Expected all operators to have the same dtype.  Found {found}")
    return operators


def _batch_of(operators):
    batch = operators[0].batch_shape
    for op in operators[1:]:
        batch = tf.broadcast_static_shape(batch, op.batch_shape)
    return batch


def _all(operators, attr):
    return all(getattr(op, attr) for op in operators)


class LinearOperatorComposition(LinearOperator):
    """``A = A1 A2 ... Ak`` (applied right to left)."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        self._operators = _check_operators(operators)
        params = dict(operators=self._operators, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        if _all(self._operators, "is_non_singular"):
            if is_non_singular is False:
                raise ValueError("The composition of non-singular operators is always "
                                 "non-singular.")
            is_non_singular = True
        name = name or "_o_".join(op.name for op in self._operators)
        super().__init__(self._operators[0].dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        ops = self._operators
        for left, right in zip(ops[:-1], ops[1:]):
            if (left.domain_dimension is not None and right.range_dimension is not None
                    and left.domain_dimension != right.range_dimension):
                raise ValueError(f"Operators are incompatible. Expected `x` to have "
                                 f"dimension {left.domain_dimension} but got "
                                 f"{right.range_dimension}.")
        return _batch_of(ops).concatenate([ops[0].range_dimension, ops[-1].domain_dimension])

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        ops = self._operators if adjoint else self._operators[::-1]
        result = ops[0].matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in ops[1:]:
            result = op.matmul(result, adjoint=adjoint)
        return result

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if not _all(self._operators, "is_square") and self.is_square is not True:
            return super()._solve(rhs, adjoint, adjoint_arg)
        ops = self._operators[::-1] if adjoint else self._operators
        result = ops[0].solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in ops[1:]:
            result = op.solve(result, adjoint=adjoint)
        return result

    def _to_dense(self):
        dense = self._operators[-1].to_dense()
        for op in self._operators[-2::-1]:
            dense = op.matmul(dense)
        return dense

    def _determinant(self):
        if not all(op.is_square for op in self._operators):
            return super()._determinant()
        result = self._operators[0].determinant()
        for op in self._operators[1:]:
            result = result * op.determinant()
        return result

    def _log_abs_determinant(self):
        if not all(op.is_square for op in self._operators):
            return super()._log_abs_determinant()
        result = self._operators[0].log_abs_determinant()
        for op in self._operators[1:]:
            result = result + op.log_abs_determinant()
        return result


class LinearOperatorInversion(LinearOperator):
    """``A^{-1}`` for a square, non-singular ``operator``: matmul is its solve and back."""

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        params = dict(operator=operator, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._operator = operator
        if operator.is_non_singular is False or is_non_singular is False:
            raise ValueError(f"operator and supplied hints must have is_non_singular equal to "
                             f"True or None.  Found {operator.is_non_singular}, "
                             f"{is_non_singular}")
        if operator.is_square is False or is_square is False:
            raise ValueError(f"operator and supplied hints must have is_square equal to True "
                             f"or None.  Found {operator.is_square}, {is_square}")
        is_non_singular = combine_hint("is_non_singular", operator.is_non_singular,
                                       is_non_singular)
        is_self_adjoint = combine_hint("is_self_adjoint", operator.is_self_adjoint,
                                       is_self_adjoint)
        is_positive_definite = combine_hint("is_positive_definite",
                                            operator.is_positive_definite,
                                            is_positive_definite)
        is_square = combine_hint("is_square", operator.is_square, is_square)
        name = name or operator.name + "_inv"
        super().__init__(operator.dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        return self._operator.shape

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.solve(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return 1.0 / self._operator.determinant()

    def _log_abs_determinant(self):
        return -1.0 * self._operator.log_abs_determinant()

    def _to_dense(self):
        return tf.linalg.inv(self._operator.to_dense())

    def _linop_inverse(self):
        return self._operator


class LinearOperatorAdjoint(LinearOperator):
    """``A^H`` for ``operator`` ``A`` (conjugate transpose)."""

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        params = dict(operator=operator, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._operator = operator
        is_non_singular = combine_hint("is_non_singular", operator.is_non_singular,
                                       is_non_singular)
        is_self_adjoint = combine_hint("is_self_adjoint", operator.is_self_adjoint,
                                       is_self_adjoint)
        is_positive_definite = combine_hint("is_positive_definite",
                                            operator.is_positive_definite,
                                            is_positive_definite)
        is_square = combine_hint("is_square", operator.is_square, is_square)
        name = name or operator.name + "_adjoint"
        super().__init__(operator.dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        shape = self._operator.shape
        return shape[:-2].concatenate([shape[-1], shape[-2]])

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(x, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.solve(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        det = self._operator.determinant()
        return tf.math.conj(det) if self.dtype.is_complex else det

    def _log_abs_determinant(self):
        return self._operator.log_abs_determinant()

    def _trace(self):
        trace = self._operator.trace()
        return tf.math.conj(trace) if self.dtype.is_complex else trace

    def _diag_part(self):
        diag = self._operator.diag_part()
        return tf.math.conj(diag) if self.dtype.is_complex else diag

    def _to_dense(self):
        return tf.linalg.adjoint(self._operator.to_dense())

    def _linop_adjoint(self):
        return self._operator


class LinearOperatorBlockDiag(LinearOperator):
    """``A = diag(A1, ..., Ak)``: a block-diagonal operator of square blocks."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, name=None):
        self._operators = _check_operators(operators)
        params = dict(operators=self._operators, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        for attr, value, text in (
                ("is_non_singular", is_non_singular, "non-singular"),
                ("is_self_adjoint", is_self_adjoint, "self-adjoint"),
                ("is_positive_definite", is_positive_definite, "positive-definite")):
            if _all(self._operators, attr) and value is False:
                raise ValueError(f"The direct sum of {text} operators is always {text}.")
        if _all(self._operators, "is_non_singular"):
            is_non_singular = True
        if _all(self._operators, "is_self_adjoint"):
            is_self_adjoint = True
        if _all(self._operators, "is_positive_definite"):
            is_positive_definite = True
        if not is_square:
            raise ValueError(f"A block diagonal operator is always square.  Found is_square "
                             f"{is_square}")
        name = name or "_ds_".join(op.name for op in self._operators)
        super().__init__(self._operators[0].dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, params)

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        rows = sum(op.range_dimension for op in self._operators)
        cols = sum(op.domain_dimension for op in self._operators)
        return _batch_of(self._operators).concatenate([rows, cols])

    def _split(self, x, adjoint, axis):
        sizes = [op.range_dimension if adjoint else op.domain_dimension
                 for op in self._operators]
        return tf.split(x, sizes, axis=axis)

    def _broadcast_blocks(self, blocks):
        batch = self.batch_shape
        out = []
        for block in blocks:
            full = tf.broadcast_static_shape(batch, block.shape[:-2])
            if block.shape[:-2] != full:
                block = tf.broadcast_to(block, full.concatenate(block.shape[-2:]))
            out.append(block)
        return out

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = tf.linalg.adjoint(x) if adjoint_arg else x
        parts = self._split(x, adjoint, -2)
        blocks = [op.matmul(part, adjoint=adjoint) for op, part in zip(self._operators, parts)]
        return tf.concat(self._broadcast_blocks(blocks), axis=-2)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = tf.linalg.adjoint(rhs) if adjoint_arg else rhs
        parts = self._split(rhs, not adjoint, -2)
        blocks = [op.solve(part, adjoint=adjoint) for op, part in zip(self._operators, parts)]
        return tf.concat(self._broadcast_blocks(blocks), axis=-2)

    def _reduce(self, method, combine):
        result = getattr(self._operators[0], method)()
        for op in self._operators[1:]:
            result = combine(result, getattr(op, method)())
        return result

    def _determinant(self):
        return self._reduce("determinant", lambda a, b: a * b)

    def _log_abs_determinant(self):
        return self._reduce("log_abs_determinant", lambda a, b: a + b)

    def _trace(self):
        return self._reduce("trace", lambda a, b: a + b)

    def _diag_part(self):
        parts = [op.diag_part()[..., None, :] for op in self._operators]
        return tf.concat(self._broadcast_blocks(parts), axis=-1)[..., 0, :]

    def _to_dense(self):
        rows = []
        total = self.domain_dimension
        offset = 0
        for op in self._operators:
            dense = op.to_dense()
            n = op.domain_dimension
            pad = [[0, 0]] * (dense.shape.rank - 1) + [[offset, total - offset - n]]
            rows.append(tf.pad(dense, pad))
            offset += n
        return tf.concat(self._broadcast_blocks(rows), axis=-2)

    def _eigvals(self):
        parts = [op.eigvals()[..., None, :] for op in self._operators]
        return tf.concat(self._broadcast_blocks(parts), axis=-1)[..., 0, :]


def _kron_dense(a, b):
    """Kronecker product of the last two dims of two matrices (batch dims broadcast)."""
    m, n = a.shape[-2], a.shape[-1]
    p, q = b.shape[-2], b.shape[-1]
    prod = a[..., :, None, :, None] * b[..., None, :, None, :]
    return tf.reshape(prod, tf.concat([tf.shape(prod)[:-4], [m * p, n * q]], axis=0))


class LinearOperatorKronecker(LinearOperator):
    """``A = A1 ⊗ A2 ⊗ ... ⊗ Ak`` (Kronecker product)."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        self._operators = _check_operators(operators)
        params = dict(operators=self._operators, is_non_singular=is_non_singular,
                      is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        for attr, value, text in (("is_non_singular", is_non_singular, "non-singular"),
                                  ("is_self_adjoint", is_self_adjoint, "self-adjoint")):
            if _all(self._operators, attr):
                if value is False:
                    raise ValueError(f"The Kronecker product of {text} operators is always "
                                     f"{text}.")
        if _all(self._operators, "is_non_singular"):
            is_non_singular = True
        if _all(self._operators, "is_self_adjoint"):
            is_self_adjoint = True
        name = name or "_x_".join(op.name for op in self._operators)
        super().__init__(self._operators[0].dtype, None, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, params)

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        rows, cols = 1, 1
        for op in self._operators:
            rows *= op.range_dimension
            cols *= op.domain_dimension
        return _batch_of(self._operators).concatenate([rows, cols])

    def _to_dense(self):
        dense = self._operators[0].to_dense()
        for op in self._operators[1:]:
            dense = _kron_dense(dense, op.to_dense())
        return dense

    def _determinant(self):
        total = self.domain_dimension
        result = None
        for op in self._operators:
            term = op.determinant() ** tf.cast(total // op.domain_dimension, self.dtype)
            result = term if result is None else result * term
        return result

    def _log_abs_determinant(self):
        total = self.domain_dimension
        result = None
        for op in self._operators:
            term = op.log_abs_determinant() * (total // op.domain_dimension)
            result = term if result is None else result + term
        return result

    def _trace(self):
        result = self._operators[0].trace()
        for op in self._operators[1:]:
            result = result * op.trace()
        return result

    def _diag_part(self):
        diag = self._operators[0].diag_part()
        for op in self._operators[1:]:
            other = op.diag_part()
            prod = diag[..., :, None] * other[..., None, :]
            diag = tf.reshape(prod, tf.concat([tf.shape(prod)[:-2], [-1]], axis=0))
        return diag

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        inverses = [op.inverse() for op in self._operators]
        return LinearOperatorKronecker(inverses).matmul(rhs, adjoint=adjoint,
                                                        adjoint_arg=adjoint_arg)

    def _eigvals(self):
        vals = self._operators[0].eigvals()
        for op in self._operators[1:]:
            prod = vals[..., :, None] * op.eigvals()[..., None, :]
            vals = tf.reshape(prod, tf.concat([tf.shape(prod)[:-2], [-1]], axis=0))
        return vals


class LinearOperatorLowRankUpdate(LinearOperator):
    """``A = L + U D V^H`` for a base operator ``L`` and thin ``U``, ``V`` (default ``U``)."""

    def __init__(self, base_operator, u, diag_update=None, v=None,
                 is_diag_update_positive=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorLowRankUpdate"):
        params = dict(base_operator=base_operator, u=u, diag_update=diag_update, v=v,
                      is_diag_update_positive=is_diag_update_positive,
                      is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                      is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        dtype = base_operator.dtype
        self._base_operator = base_operator
        self._u = convert_nonref(u, dtype=dtype, name="u")
        self._v = self._u if v is None else convert_nonref(v, dtype=dtype, name="v")
        self._diag_update = (None if diag_update is None
                             else convert_nonref(diag_update, dtype=dtype))
        self._is_diag_update_positive = is_diag_update_positive
        if v is None and base_operator.is_self_adjoint:
            if is_self_adjoint is False:
                raise ValueError("A = L + UDU^H, with L self-adjoint and D real diagonal. "
                                 "Since UDU^H is self-adjoint, this must be a self-adjoint "
                                 "operator.")
            is_self_adjoint = True
        positive_update = diag_update is None or is_diag_update_positive
        if v is None and base_operator.is_positive_definite and positive_update:
            if is_positive_definite is False:
                raise ValueError("A = L + UDU^H, with L positive definite and D positive "
                                 "definite. This must be positive definite.")
            is_positive_definite = True
        if base_operator.is_square is False:
            raise ValueError("The base operator must be square.")
        super().__init__(dtype, None, is_non_singular, is_self_adjoint, is_positive_definite,
                         True, name, params)

    @property
    def base_operator(self):
        return self._base_operator

    @property
    def u(self):
        return self._u

    @property
    def v(self):
        return self._v

    @property
    def diag_update(self):
        return self._diag_update

    @property
    def is_diag_update_positive(self):
        return self._is_diag_update_positive

    def _shape(self):
        batch = tf.broadcast_static_shape(self._base_operator.batch_shape,
                                          self._u.shape[:-2])
        batch = tf.broadcast_static_shape(batch, self._v.shape[:-2])
        return batch.concatenate(self._base_operator.shape[-2:])

    def _scaled_u(self):
        if self._diag_update is None:
            return self._u
        return self._u * self._diag_update[..., None, :]

    def _to_dense(self):
        update = tf.linalg.matmul(self._scaled_u(), self._v, adjoint_b=True)
        return self._base_operator.to_dense() + update

    def _capacitance(self):
        """``C = D^{-1} + V^H L^{-1} U`` (matrix determinant lemma / Woodbury)."""
        linv_u = self._base_operator.solve(self._u)
        vh_linv_u = tf.linalg.matmul(self._v, linv_u, adjoint_a=True)
        if self._diag_update is None:
            return vh_linv_u + tf.eye(self._u.shape[-1], dtype=self.dtype)
        return tf.linalg.set_diag(vh_linv_u, tf.linalg.diag_part(vh_linv_u)
                                  + 1.0 / self._diag_update)

    def _log_abs_determinant(self):
        _, log_abs_c = tf.linalg.slogdet(self._capacitance())
        result = self._base_operator.log_abs_determinant() + log_abs_c
        if self._diag_update is not None:
            log_d = tf.reduce_sum(tf.math.log(tf.abs(self._diag_update)), axis=-1)
            result = result + (tf.cast(log_d, self.dtype) if self.dtype.is_complex else log_d)
        return result

    def _determinant(self):
        result = self._base_operator.determinant() * tf.linalg.det(self._capacitance())
        if self._diag_update is not None:
            result = result * tf.reduce_prod(self._diag_update, axis=-1)
        return result
