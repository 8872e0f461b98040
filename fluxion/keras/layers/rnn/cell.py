"""What the built-in recurrent cells share: their arguments and config, their weights, dropout
masks, and the delegation of a recurrent layer's attributes to its cell."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations, constraints, initializers, regularizers
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils.serialization import serialize_keras_object


class DropoutRNNCell:
    """Dropout masks of a cell, drawn once per layer call and reused at every timestep
    (Keras' `DropoutRNNCell`): `dropout` on the inputs, `recurrent_dropout` on the state."""

    dropout = 0.0
    recurrent_dropout = 0.0
    seed = None
    _dropout_mask = None
    _recurrent_dropout_mask = None

    def _create_dropout_mask(self, step_input, rate: float):
        ones = tf.ones_like(step_input)
        count = getattr(self, "dropout_mask_count", None)
        if count is None:
            return tf.nn.dropout(ones, rate, seed=self.seed)
        return [tf.nn.dropout(ones, rate, seed=self.seed) for _ in range(count)]

    def get_dropout_mask(self, step_input):
        if self._dropout_mask is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, step_input):
        if self._recurrent_dropout_mask is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(step_input,
                                                                     self.recurrent_dropout)
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self) -> None:
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        self._recurrent_dropout_mask = None


def _dot(x, kernel):
    if x.shape.rank == 2:
        return tf.matmul(x, kernel)
    return tf.tensordot(x, kernel, axes=[[x.shape.rank - 1], [0]])


def _serialize_activation(fn):
    return activations.serialize(fn) if fn is not None else None


# (config key, attribute) of every built-in cell, in Keras' config order
_INIT_KEYS = ("kernel_initializer", "recurrent_initializer", "bias_initializer")
_REG_KEYS = ("kernel_regularizer", "recurrent_regularizer", "bias_regularizer")
_CONSTRAINT_KEYS = ("kernel_constraint", "recurrent_constraint", "bias_constraint")


class RecurrentCell(Layer, DropoutRNNCell):
    """Base of SimpleRNNCell, LSTMCell and GRUCell: `gates` blocks of `units` columns in the
    kernel, recurrent kernel and bias."""

    gates = 1
    _zero_initial_state = True  # get_initial_state gives zeros (the RNN can build them)

    def __init__(self, units: int, activation="tanh", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed=None,
                 **kwargs) -> None:
        if not isinstance(units, int) or units <= 0:
            raise ValueError(f"Received an invalid value for argument `units`, expected a "
                             f"positive integer, got {units}.")
        self.implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.recurrent_activation = None  # set by gated cells
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.seed = seed
        self.state_size = self.units
        self.output_size = self.units

    def _bias_shape(self) -> tuple:
        return (self.units * self.gates,)

    def _bias_initializer(self):
        return self.bias_initializer

    def build(self, input_shape) -> None:
        width = self.units * self.gates
        self.kernel = self.add_weight(shape=(input_shape[-1], width), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(shape=(self.units, width),
                                                name="recurrent_kernel",
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        self.bias = self.add_weight(shape=self._bias_shape(), name="bias",
                                    initializer=self._bias_initializer(),
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    # --- one step = project the input, then the recurrent update --------------------------
    def _masks(self, kind: str, like, training) -> list | None:
        """The "input" or "recurrent" dropout masks of this call (one per gate when there are
        several), or None."""
        rate = self.dropout if kind == "input" else self.recurrent_dropout
        if not (training and 0.0 < rate < 1.0):
            return None
        masks = self.get_dropout_mask(like) if kind == "input" else \
            self.get_recurrent_dropout_mask(like)
        return masks if isinstance(masks, list) else [masks]

    def project_inputs(self, inputs, training=False):
        """`inputs @ kernel + input bias` for [batch, features] or [batch, time, features]
        inputs (a whole sequence at once: the masks are the same at every step)."""
        masks = self._masks("input", inputs[:, 0] if inputs.shape.rank == 3 else inputs,
                            training)
        if masks is None:
            out = _dot(inputs, self.kernel)
        else:
            if inputs.shape.rank == 3:
                masks = [tf.expand_dims(m, 1) for m in masks]
            if len(masks) == 1:
                out = _dot(inputs * masks[0], self.kernel)
            else:  # a mask per gate (Keras' implementation 1)
                kernels = tf.split(self.kernel, self.gates, axis=1)
                out = tf.concat([_dot(inputs * m, k) for m, k in zip(masks, kernels)], -1)
        bias = self._input_bias()
        return out + bias if bias is not None else out

    def _input_bias(self):
        return self.bias

    def _recurrent_product(self, h, training, columns=None):
        """`h @ recurrent_kernel[:, columns]` with the recurrent dropout masks applied (one per
        gate when there are several)."""
        kernel = self.recurrent_kernel if columns is None else \
            self.recurrent_kernel[:, columns[0]:columns[1]]
        masks = self._masks("recurrent", h, training)
        if masks is None:
            return tf.matmul(h, kernel)
        if len(masks) == 1:
            return tf.matmul(h * masks[0], kernel)
        first = 0 if columns is None else columns[0] // self.units
        count = kernel.shape[1] // self.units
        blocks = tf.split(kernel, count, axis=1)
        return tf.concat([tf.matmul(h * masks[first + g], k) for g, k in enumerate(blocks)], -1)

    def step(self, projected, states, training=False):
        """The recurrent update from `project_inputs`' output: `(output, new_states)`."""
        raise NotImplementedError

    def call(self, inputs, states, training=False):
        return self.step(self.project_inputs(inputs, training), states, training)

    def get_initial_state(self, batch_size=None) -> list:
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else \
            [self.state_size]
        return [tf.zeros((batch_size, d), self.compute_dtype) for d in sizes]

    def _extra_config(self) -> dict:
        """Cell-specific keys placed after `use_bias` / before the initializers (Keras)."""
        return {}

    def cell_config(self) -> dict:
        """The cell's own keys (shared with the recurrent layer's config)."""
        config = {"units": self.units, "activation": _serialize_activation(self.activation)}
        if self.recurrent_activation is not None:
            config["recurrent_activation"] = _serialize_activation(self.recurrent_activation)
        config["use_bias"] = self.use_bias
        config.update(self._extra_config())
        for key in _INIT_KEYS + _REG_KEYS + _CONSTRAINT_KEYS:
            config[key] = serialize_keras_object(getattr(self, key))
        config.update(dropout=self.dropout, recurrent_dropout=self.recurrent_dropout)
        return config

    def get_config(self) -> dict:
        return {**super().get_config(), **self.cell_config(), "seed": self.seed}


# attributes a recurrent layer reads from its cell (LSTM.units is LSTM.cell.units)
CELL_ATTRIBUTES = ("units", "activation", "recurrent_activation", "use_bias",
                   "kernel_initializer", "recurrent_initializer", "bias_initializer",
                   "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                   "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                   "recurrent_dropout", "unit_forget_bias", "reset_after")


def delegate_to_cell(cls):
    """Class decorator: read-only properties forwarding CELL_ATTRIBUTES that the layer's cell
    class defines."""
    for name in CELL_ATTRIBUTES:
        if name not in cls.__dict__:
            setattr(cls, name, property(lambda self, n=name: getattr(self.cell, n)))
    return cls
