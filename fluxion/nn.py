"""The ``tf.nn`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("nn"))

from fluxion.extras import depth_to_space, space_to_depth  # noqa: E402,F401 - composites
