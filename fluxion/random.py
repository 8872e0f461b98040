"""The ``tf.random`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("random"))

from fluxion.ops.sampled_losses import all_candidate_sampler  # noqa: E402,F401
