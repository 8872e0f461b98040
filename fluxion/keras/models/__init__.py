"""``tf.keras.models``."""
from fluxion.keras.models.model import Model
from fluxion.keras.models.sequential import Sequential

__all__ = ["Model", "Sequential"]
