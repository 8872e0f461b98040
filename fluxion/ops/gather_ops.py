"""Indexing, gathering, scattering, masking, sorting and contractions (``tf.gather``, ``tf.where``, ``tf.einsum`` ...)."""
from __future__ import annotations

__all__: list = []
