"""``tf.linalg.LinearOperator`` and its subclasses, plus the tridiagonal/banded solvers.

Loaded lazily by ``fluxion.linalg.__getattr__``; everything here composes public ops.
"""
from fluxion.linalg_operators.base import LinearOperator
from fluxion.linalg_operators.basic import (
    LinearOperatorDiag, LinearOperatorFullMatrix, LinearOperatorIdentity,
    LinearOperatorLowerTriangular, LinearOperatorScaledIdentity, LinearOperatorZeros)
from fluxion.linalg_operators.composite import (
    LinearOperatorAdjoint, LinearOperatorBlockDiag, LinearOperatorComposition,
    LinearOperatorInversion, LinearOperatorKronecker, LinearOperatorLowRankUpdate)
from fluxion.linalg_operators.structured import (
    LinearOperatorCirculant, LinearOperatorHouseholder, LinearOperatorPermutation,
    LinearOperatorToeplitz, LinearOperatorTridiag, banded_triangular_solve, tridiagonal_matmul,
    tridiagonal_solve)

__all__ = [
    "LinearOperator", "LinearOperatorAdjoint", "LinearOperatorBlockDiag",
    "LinearOperatorCirculant", "LinearOperatorComposition", "LinearOperatorDiag",
    "LinearOperatorFullMatrix", "LinearOperatorHouseholder", "LinearOperatorIdentity",
    "LinearOperatorInversion", "LinearOperatorKronecker", "LinearOperatorLowRankUpdate",
    "LinearOperatorLowerTriangular", "LinearOperatorPermutation", "LinearOperatorScaledIdentity",
    "LinearOperatorToeplitz", "LinearOperatorTridiag", "LinearOperatorZeros",
    "banded_triangular_solve", "tridiagonal_matmul", "tridiagonal_solve",
]
