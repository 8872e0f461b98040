"""Op definitions by family. Importing this package registers every primitive op."""
from fluxion.ops import array_ops, math_ops  # noqa: F401
from fluxion.ops import overloads as _overloads

_overloads.install()
