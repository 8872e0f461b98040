"""The ``tf.linalg`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("linalg"))
