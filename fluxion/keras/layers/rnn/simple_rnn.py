"""`SimpleRNNCell` / `SimpleRNN`: h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent)."""
from __future__ import annotations

from fluxion.keras.layers.rnn.cell import RecurrentCell, delegate_to_cell
from fluxion.keras.layers.rnn.rnn import RNN


class SimpleRNNCell(RecurrentCell):
    def __init__(self, units: int, activation="tanh", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout: float = 0.0, recurrent_dropout: float = 0.0,
                 seed=None, **kwargs) -> None:
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

    def step(self, projected, states, training=False):
        nested = isinstance(states, (list, tuple))
        previous = states[0] if nested else states
        output = projected + self._recurrent_product(previous, training)
        if self.activation is not None:
            output = self.activation(output)
        return output, [output] if nested else output


@delegate_to_cell
class SimpleRNN(RNN):
    """Fully-connected RNN whose output is fed back as its next input."""

    def __init__(self, units: int, activation="tanh", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, return_sequences: bool = False,
                 return_state: bool = False, go_backwards: bool = False,
                 stateful: bool = False, unroll: bool = False, seed=None, **kwargs) -> None:
        cell = SimpleRNNCell(units, activation=activation, use_bias=use_bias,
                             kernel_initializer=kernel_initializer,
                             recurrent_initializer=recurrent_initializer,
                             bias_initializer=bias_initializer,
                             kernel_regularizer=kernel_regularizer,
                             recurrent_regularizer=recurrent_regularizer,
                             bias_regularizer=bias_regularizer,
                             kernel_constraint=kernel_constraint,
                             recurrent_constraint=recurrent_constraint,
                             bias_constraint=bias_constraint, dropout=dropout,
                             recurrent_dropout=recurrent_dropout, seed=seed,
                             dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
                             name="simple_rnn_cell")
        # Keras 3 accepts activity_regularizer here but does not apply it (nor save it)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask,
                            training=training)

    def get_config(self) -> dict:
        config = {**self._rnn_config(), **self.cell.cell_config(), "activity_regularizer": None}
        return config


__all__ = ["SimpleRNN", "SimpleRNNCell"]
