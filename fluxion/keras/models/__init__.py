"""``tf.keras.models``."""
from fluxion.keras.models.model import Model
from fluxion.keras.models.sequential import Sequential
from fluxion.keras.saving.saving_api import clone_model, load_model, model_from_json, save_model

__all__ = ["Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"]
