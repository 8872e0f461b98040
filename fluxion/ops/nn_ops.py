"""The ``tf.nn`` family: activations, softmax, losses, normalisation and embedding lookup.

The ops live in three modules, imported here so their primitives register and re-exported
through this module's export lists: `nn_activations` (relu ... gelu, softmax, log_softmax),
`nn_losses` (cross-entropies with logits, l2_loss, averaging helpers) and `nn_norm`
(bias_add, moments, batch_normalization, l2_normalize, lrn, embedding_lookup).
Convolutions and pooling are in `conv_ops`, dropout in `random_ops`.
"""
from __future__ import annotations

from fluxion.ops import nn_activations, nn_losses, nn_norm
from fluxion.ops.math_ops import sigmoid, tanh  # noqa: F401 - also tf.nn.sigmoid / tf.nn.tanh

_MODULES = (nn_activations, nn_losses, nn_norm)
for _m in _MODULES:
    for _name in _m._nn_exports + getattr(_m, "_math_exports", ()):
        globals()[_name] = getattr(_m, _name)

__all__: list = []
_nn_exports = tuple(n for m in _MODULES for n in m._nn_exports) + ("sigmoid", "tanh")
_math_exports = tuple(n for m in _MODULES for n in getattr(m, "_math_exports", ()))
_linalg_exports = nn_norm._linalg_exports
