"""Core layers."""
from fluxion.keras.layers.core.dense import Dense

__all__ = ["Dense"]
