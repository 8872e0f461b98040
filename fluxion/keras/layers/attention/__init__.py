"""Attention layers, and EinsumDense (their projections)."""
from fluxion.keras.layers.attention.attention import AdditiveAttention, Attention
from fluxion.keras.layers.attention.einsum_dense import EinsumDense
from fluxion.keras.layers.attention.grouped_query_attention import GroupQueryAttention
from fluxion.keras.layers.attention.multi_head_attention import MultiHeadAttention

__all__ = ["AdditiveAttention", "Attention", "EinsumDense", "GroupQueryAttention",
           "MultiHeadAttention"]
