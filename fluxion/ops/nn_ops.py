"""Activations, losses and normalisation (``tf.nn``)."""
from __future__ import annotations

__all__: list = []
