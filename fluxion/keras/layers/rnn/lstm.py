"""`LSTMCell` / `LSTM` (Hochreiter 1997), Keras' gate order i, f, c, o in the kernel,
recurrent kernel and bias columns:

    z = x @ kernel + h @ recurrent_kernel + bias;  i, f, g, o = split(z, 4)
    c' = sigma(f) * c + sigma(i) * act(g);  h' = sigma(o) * act(c')
"""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations
from fluxion.keras.layers.rnn.cell import RecurrentCell, delegate_to_cell
from fluxion.keras.layers.rnn.rnn import GatedRNN


class LSTMCell(RecurrentCell):
    gates = 4

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid",
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias: bool = True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, seed=None, **kwargs) -> None:
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
        self.unit_forget_bias = unit_forget_bias
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 4  # a mask per gate
        self.state_size = [self.units, self.units]

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, units = self.bias_initializer, self.units

        def forget_ones(shape, dtype=None):  # the forget gate's bias starts at one
            return tf.concat([base((units,), dtype=dtype), tf.ones((units,), dtype),
                              base((units * 2,), dtype=dtype)], 0)
        return forget_ones

    def _extra_config(self) -> dict:
        return {"unit_forget_bias": self.unit_forget_bias}

    def step(self, projected, states, training=False):
        h, c = states[0], states[1]
        z = projected + self._recurrent_product(h, training)
        i, f, g, o = tf.split(z, 4, axis=-1)
        sigma = self.recurrent_activation
        c = sigma(f) * c + sigma(i) * self.activation(g)
        h = sigma(o) * self.activation(c)
        return h, [h, c]


@delegate_to_cell
class LSTM(GatedRNN):
    """Long Short-Term Memory layer."""

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid",
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias: bool = True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed=None,
                 return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 use_cudnn="auto", **kwargs) -> None:
        cell = LSTMCell(units, activation=activation, recurrent_activation=recurrent_activation,
                        use_bias=use_bias, kernel_initializer=kernel_initializer,
                        unit_forget_bias=unit_forget_bias,
                        recurrent_initializer=recurrent_initializer,
                        bias_initializer=bias_initializer,
                        kernel_regularizer=kernel_regularizer,
                        recurrent_regularizer=recurrent_regularizer,
                        bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                        recurrent_constraint=recurrent_constraint,
                        bias_constraint=bias_constraint, dropout=dropout,
                        recurrent_dropout=recurrent_dropout, dtype=kwargs.get("dtype"),
                        trainable=kwargs.get("trainable", True), name="lstm_cell", seed=seed,
                        implementation=kwargs.pop("implementation", 2))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self._set_use_cudnn(use_cudnn)


__all__ = ["LSTM", "LSTMCell"]
