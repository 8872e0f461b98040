"""The ``tf.math`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("math"))

from fluxion.extras import confusion_matrix  # noqa: E402,F401 - a composite of ops
