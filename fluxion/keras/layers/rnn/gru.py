"""`GRUCell` / `GRU` (Cho 2014), Keras' gate order z, r, h in the kernel columns:

    z = sigma(x W_z + h U_z + b_z),  r = sigma(x W_r + h U_r + b_r)
    reset_after=True:  hh = act(x W_h + b_h + r * (h U_h + b'_h))   (bias of shape [2, 3 units])
    reset_after=False: hh = act(x W_h + b_h + (r * h) U_h)          (bias of shape [3 units])
    h' = z * h + (1 - z) * hh
"""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations
from fluxion.keras.layers.rnn.cell import RecurrentCell, delegate_to_cell
from fluxion.keras.layers.rnn.rnn import GatedRNN


class GRUCell(RecurrentCell):
    gates = 3

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid",
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0,
                 reset_after: bool = True, seed=None, **kwargs) -> None:
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer,
                         recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         recurrent_constraint=recurrent_constraint,
                         bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 3  # a mask per gate

    def _bias_shape(self) -> tuple:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def _input_bias(self):
        if self.bias is None:
            return None
        return self.bias[0] if self.reset_after else self.bias

    def cell_config(self) -> dict:
        return {**super().cell_config(), "reset_after": self.reset_after}

    def step(self, projected, states, training=False):
        nested = isinstance(states, (list, tuple))
        h = states[0] if nested else states
        units = self.units
        x_z, x_r, x_h = tf.split(projected, 3, axis=-1)
        if self.reset_after:
            inner = self._recurrent_product(h, training)
            if self.bias is not None:
                inner = inner + self.bias[1]
            r_z, r_r, r_h = tf.split(inner, 3, axis=-1)
        else:
            r_z, r_r = tf.split(self._recurrent_product(h, training, (0, 2 * units)), 2, -1)
        z = self.recurrent_activation(x_z + r_z)
        r = self.recurrent_activation(x_r + r_r)
        if self.reset_after:
            hh = self.activation(x_h + r * r_h)
        else:
            hh = self.activation(x_h + self._recurrent_product(r * h, training,
                                                               (2 * units, 3 * units)))
        h = z * h + (1 - z) * hh
        return h, [h] if nested else h


@delegate_to_cell
class GRU(GatedRNN):
    """Gated Recurrent Unit layer."""

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid",
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout: float = 0.0, recurrent_dropout: float = 0.0,
                 seed=None, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 reset_after: bool = True, use_cudnn="auto", **kwargs) -> None:
        cell = GRUCell(units, activation=activation, recurrent_activation=recurrent_activation,
                       use_bias=use_bias, kernel_initializer=kernel_initializer,
                       recurrent_initializer=recurrent_initializer,
                       bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                       recurrent_regularizer=recurrent_regularizer,
                       bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                       recurrent_constraint=recurrent_constraint,
                       bias_constraint=bias_constraint, dropout=dropout,
                       recurrent_dropout=recurrent_dropout, reset_after=reset_after,
                       dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
                       name="gru_cell", seed=seed,
                       implementation=kwargs.pop("implementation", 2))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self._set_use_cudnn(use_cudnn)


__all__ = ["GRU", "GRUCell"]
