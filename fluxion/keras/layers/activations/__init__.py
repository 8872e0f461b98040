"""Activation layers: `ReLU`, `LeakyReLU`, `PReLU`, `ELU` and `Softmax` (`Activation`, which
applies any activation function, lives with the core layers)."""
from fluxion.keras.layers.activations.rectifiers import ELU, LeakyReLU, PReLU, ReLU
from fluxion.keras.layers.activations.softmax import Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
