"""``tf.types.experimental``: types for annotations and isinstance checks.

`GenericFunction`/`PolymorphicFunction` are what `tf.function` returns; `ConcreteFunction` is
one traced graph of it. `TensorLike` is a typing Union of what converts to a tensor.
"""
from __future__ import annotations

import typing

import numpy as np

from fluxion.core.tensor import Tensor
from fluxion.core.variable import Variable
from fluxion.graph.function import ConcreteFunction, Function

GenericFunction = Function
PolymorphicFunction = Function
Callable = typing.Callable
TensorLike = typing.Union[Tensor, Variable, np.ndarray, int, float, bool, str, bytes, complex,
                          tuple, list, np.number]

__all__ = ["Callable", "ConcreteFunction", "GenericFunction", "PolymorphicFunction",
           "TensorLike"]
