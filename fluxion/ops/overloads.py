"""Python operators on Tensor and Variable (``+``, ``@``, ``<``, ``[]`` ...), mapped to ops.

The table names each operator's function by module and name; reflected operators swap the
arguments. Operators whose op is not defined yet are left unset.
"""
from __future__ import annotations

import importlib

from fluxion.core.tensor import Tensor
from fluxion.core.variable import Variable

# dunder -> (module, function, reflected)
_TABLE = {
    "__add__": ("math_ops", "add", False), "__radd__": ("math_ops", "add", True),
    "__sub__": ("math_ops", "subtract", False), "__rsub__": ("math_ops", "subtract", True),
    "__mul__": ("math_ops", "_multiply_operator", False),
    "__rmul__": ("math_ops", "_multiply_operator", True),
    "__truediv__": ("math_ops", "truediv", False), "__rtruediv__": ("math_ops", "truediv", True),
    "__floordiv__": ("math_ops", "floordiv", False),
    "__rfloordiv__": ("math_ops", "floordiv", True),
    "__mod__": ("math_ops", "floormod", False), "__rmod__": ("math_ops", "floormod", True),
    "__pow__": ("math_ops", "pow", False), "__rpow__": ("math_ops", "pow", True),
    "__matmul__": ("math_ops", "matmul", False), "__rmatmul__": ("math_ops", "matmul", True),
    "__lt__": ("math_ops", "less", False), "__le__": ("math_ops", "less_equal", False),
    "__gt__": ("math_ops", "greater", False), "__ge__": ("math_ops", "greater_equal", False),
    "__and__": ("math_ops", "_and", False), "__rand__": ("math_ops", "_and", True),
    "__or__": ("math_ops", "_or", False), "__ror__": ("math_ops", "_or", True),
    "__xor__": ("math_ops", "_xor", False), "__rxor__": ("math_ops", "_xor", True),
    "__neg__": ("math_ops", "negative", False), "__abs__": ("math_ops", "abs", False),
    "__invert__": ("math_ops", "_invert", False),
    "__eq__": ("math_ops", "_tensor_equals", False),
    "__ne__": ("math_ops", "_tensor_not_equals", False),
    "__getitem__": ("array_ops", "_getitem", False),
}


def _reflect(fn):
    def reflected(self, other):
        return fn(other, self)
    return reflected


def install() -> None:
    for dunder, (module, name, reflected) in _TABLE.items():
        fn = getattr(importlib.import_module(f"fluxion.ops.{module}"), name, None)
        if fn is None:
            continue
        method = _reflect(fn) if reflected else fn
        setattr(Tensor, dunder, method)
        setattr(Variable, dunder, method)
    Tensor.__pos__ = Variable.__pos__ = lambda self: self
    # a slice of a variable remembers where it came from: `v[0].assign(x)` (as TF)
    from fluxion.ops.slicing_ops import _variable_getitem  # noqa: PLC0415

    Variable.__getitem__ = _variable_getitem
