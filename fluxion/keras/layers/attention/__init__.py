"""Attention layers, and EinsumDense (their projections)."""
from fluxion.keras.layers.attention.attention import AdditiveAttention, Attention
from fluxion.keras.layers.attention.einsum_dense import EinsumDense
from fluxion.keras.layers.attention.multi_head_attention import MultiHeadAttention

__all__ = ["AdditiveAttention", "Attention", "EinsumDense", "MultiHeadAttention"]
