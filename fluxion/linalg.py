"""The ``tf.linalg`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("linalg"))


def __getattr__(name: str):
    """LinearOperator classes and the tridiagonal/banded solvers load on first use."""
    from fluxion import linalg_operators  # noqa: PLC0415

    if name in linalg_operators.__all__:
        value = getattr(linalg_operators, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'fluxion.linalg' has no attribute {name!r}")


def __dir__():
    from fluxion import linalg_operators  # noqa: PLC0415

    return sorted(set(globals()) | set(linalg_operators.__all__))
