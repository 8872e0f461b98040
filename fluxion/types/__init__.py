"""``tf.types``: public base types (``tf.types.experimental``)."""
from fluxion.types import experimental

__all__ = ["experimental"]
