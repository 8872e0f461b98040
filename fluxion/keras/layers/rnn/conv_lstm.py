"""`ConvLSTM1D/2D/3D` (Shi et al. 2015): an LSTM whose products are convolutions. Keras'
gate order i, f, c, o along the kernels' last axis and the bias:

    z = conv(x, kernel, strides, padding, dilation) + bias + conv_same(h, recurrent_kernel)
    i, f, g, o = split(z, 4);  c' = sigma(f) * c + sigma(i) * act(g);  h' = sigma(o) * act(c')
"""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations, constraints, initializers, regularizers
from fluxion.keras.layers import argument_validation as av
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.rnn.cell import DropoutRNNCell
from fluxion.keras.layers.rnn.rnn import RNN
from fluxion.keras.utils.serialization import serialize_keras_object

def _conv_length(size: int, kernel: int, stride: int, dilation: int, padding: str) -> int:
    if padding == "same":
        return -(-size // stride)
    return (size - (kernel - 1) * dilation - 1) // stride + 1


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One ConvLSTM step on [batch, *spatial, channels] (or channels-first) inputs."""

    def __init__(self, rank: int, filters: int, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation="tanh",
                 recurrent_activation="sigmoid", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias: bool = True,
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed=None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if rank > 3:
            raise ValueError(f"Rank {rank} convolutions are not currently implemented. "
                             f"Received: rank={rank}")
        self.rank, self.filters, self.seed = rank, filters, seed
        self.kernel_size = av.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = av.standardize_tuple(strides, rank, "strides", allow_zero=True)
        self.padding = av.standardize_padding(padding)
        self.data_format = av.standardize_data_format(data_format)
        self.dilation_rate = av.standardize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("Specifying `strides > 1` is not compatible with "
                             "`dilation_rate > 1`. Please provide `strides=1` or "
                             f"`dilation_rate=1`. Received: strides={self.strides} and "
                             f"dilation_rate={self.dilation_rate}")
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.unit_forget_bias = unit_forget_bias
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
        self.dropout_mask_count = 4
        self.state_size = -1  # the states are feature maps (get_initial_state builds them)

    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape, states_shape=None) -> None:
        input_shape = tuple(input_shape)
        spatial = input_shape[1:-1] if self.data_format == "channels_last" else input_shape[2:]
        if None in spatial:
            raise ValueError("ConvLSTM layers only support static input shapes for the spatial "
                             f"dimension. Received invalid input shape: "
                             f"input_shape={input_shape}")
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError("The channel dimension of the inputs (last axis) should be "
                             "defined. Found None. Full input shape received: "
                             f"input_shape={input_shape}")
        self.spatial_dims, self.input_dim = tuple(spatial), channels
        width = self.filters * 4
        self.kernel = self.add_weight(shape=self.kernel_size + (channels, width), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, width), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(shape=(width,), name="bias",
                                        initializer=self._bias_initializer(),
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.built = True

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, n = self.bias_initializer, self.filters

        def forget_ones(shape, dtype=None):  # the forget gate's bias starts at one
            return tf.concat([base((n,), dtype=dtype), tf.ones((n,), dtype),
                              base((n * 2,), dtype=dtype)], 0)
        return forget_ones

    def _conv(self, x, kernel, strides, padding, dilation):
        layout = av.tf_layout(self.data_format, self.rank)
        return tf.nn.convolution(x, kernel, strides=list(strides), padding=padding.upper(),
                                 data_format=layout, dilations=list(dilation))

    def _gate_inputs(self, x, kind: str, training):
        rate = self.dropout if kind == "input" else self.recurrent_dropout
        if not (training and 0.0 < rate < 1.0):
            return [x] * 4
        masks = self.get_dropout_mask(x) if kind == "input" else \
            self.get_recurrent_dropout_mask(x)
        return [x * m for m in masks]

    def call(self, inputs, states, training=False):
        h, c = states[0], states[1]
        kernels = tf.split(self.kernel, 4, axis=self.rank + 1)
        recurrent = tf.split(self.recurrent_kernel, 4, axis=self.rank + 1)
        biases = tf.split(self.bias, 4) if self.use_bias else [None] * 4
        ones = (1,) * self.rank
        z = []
        for x, h_g, k, r, b in zip(self._gate_inputs(inputs, "input", training),
                                   self._gate_inputs(h, "recurrent", training),
                                   kernels, recurrent, biases):
            out = self._conv(x, k, self.strides, self.padding, self.dilation_rate)
            if b is not None:
                shape = ones + (1, self.filters) if self.data_format == "channels_last" \
                    else (1, self.filters) + ones
                out = out + tf.reshape(b, shape)
            z.append(out + self._conv(h_g, r, ones, "same", ones))
        sigma = self.recurrent_activation
        c = sigma(z[1]) * c + sigma(z[0]) * self.activation(z[2])
        h = sigma(z[3]) * self.activation(c)
        return h, [h, c]

    def state_shape(self) -> tuple:
        """The shape of h and c without the batch dim."""
        out = tuple(_conv_length(*args, self.padding) for args in zip(
            self.spatial_dims, self.kernel_size, self.strides, self.dilation_rate))
        return out + (self.filters,) if self.data_format == "channels_last" \
            else (self.filters,) + out

    def compute_output_shape(self, inputs_shape, states_shape=None):
        shape = (tuple(inputs_shape)[0],) + self.state_shape()
        return shape, [shape, shape]

    def get_initial_state(self, batch_size=None) -> list:
        shape = (batch_size,) + self.state_shape()
        return [tf.zeros(shape, self.compute_dtype), tf.zeros(shape, self.compute_dtype)]

    def cell_config(self) -> dict:
        config = {"filters": self.filters, "kernel_size": self.kernel_size,
                  "strides": self.strides, "padding": self.padding,
                  "data_format": self.data_format, "dilation_rate": self.dilation_rate,
                  "activation": activations.serialize(self.activation),
                  "recurrent_activation": activations.serialize(self.recurrent_activation),
                  "use_bias": self.use_bias}
        for key in ("kernel_initializer", "recurrent_initializer", "bias_initializer"):
            config[key] = serialize_keras_object(getattr(self, key))
        config["unit_forget_bias"] = self.unit_forget_bias
        for key in ("kernel_regularizer", "recurrent_regularizer", "bias_regularizer"):
            config[key] = serialize_keras_object(getattr(self, key))
        return config

    def _constraints_config(self) -> dict:
        return {key: serialize_keras_object(getattr(self, key)) for key in
                ("kernel_constraint", "recurrent_constraint", "bias_constraint")}

    def get_config(self) -> dict:
        return {**super().get_config(), "rank": self.rank, **self.cell_config(),
                **self._constraints_config(), "dropout": self.dropout,
                "recurrent_dropout": self.recurrent_dropout, "seed": self.seed}


_CELL_ATTRIBUTES = ("filters", "kernel_size", "strides", "padding", "data_format",
                    "dilation_rate", "activation", "recurrent_activation", "use_bias",
                    "kernel_initializer", "recurrent_initializer", "bias_initializer",
                    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
                    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                    "bias_constraint", "dropout", "recurrent_dropout")


class ConvLSTM(RNN):
    """Base of ConvLSTM1D/2D/3D: runs a ConvLSTMCell over axis 1 of
    [batch, time, *spatial, channels] inputs."""

    def __init__(self, rank: int, filters: int, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation="tanh",
                 recurrent_activation="sigmoid", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias: bool = True,
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout: float = 0.0, recurrent_dropout: float = 0.0,
                 seed=None, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, **kwargs) -> None:
        cell = ConvLSTMCell(
            rank=rank, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, name="conv_lstm_cell",
            dtype=kwargs.get("dtype"))
        kwargs.pop("unroll", None)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.state_size = [-1, -1]

    def build(self, sequences_shape, initial_state_shape=None) -> None:
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) != self.rank + 3:
            raise ValueError(f"Input 0 of layer '{self.name}' is incompatible with the layer: "
                             f"expected ndim={self.rank + 3}, found "
                             f"ndim={len(sequences_shape)}. Full shape received: "
                             f"{sequences_shape}")
        super().build(sequences_shape, initial_state_shape)

    def _zero_state(self, sequences) -> list:
        # elementwise on the input (not tf.zeros of a computed shape), so a graph keeps the
        # static feature-map dims and only the batch dim unknown
        first = sequences[:, 0]
        while first.shape.rank > 1:
            first = first[:, 0]
        state_shape = self.cell.state_shape()
        column = tf.reshape(tf.cast(first, tf.float32), [-1] + [1] * len(state_shape))
        zero = tf.zeros([], self.compute_dtype)
        zeros = tf.where(tf.math.is_nan(column), zero, zero) + \
            tf.zeros(state_shape, self.compute_dtype)
        return [zeros, zeros]

    def _initial_state(self, sequences, initial_state):
        if initial_state is None and not self.stateful:
            return self._zero_state(sequences)
        return super()._initial_state(sequences, initial_state)

    def inner_loop(self, sequences, initial_state, mask, training=False):
        return super().inner_loop(sequences, initial_state, mask, training=training)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch,) + sequences_shape[2:]
        state = self.cell.compute_output_shape(step_shape)[0][1:]
        output = (batch, steps) + state if self.return_sequences else (batch,) + state
        if self.return_state:
            return output, (batch,) + state, (batch,) + state
        return output

    def get_config(self) -> dict:
        config = self._rnn_config()
        config.update(self.cell.cell_config())
        config["activity_regularizer"] = serialize_keras_object(self.activity_regularizer)
        config.update(self.cell._constraints_config())
        config.update(dropout=self.cell.dropout, recurrent_dropout=self.cell.recurrent_dropout,
                      seed=self.cell.seed)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        return cls(**config)


for _name in _CELL_ATTRIBUTES:
    setattr(ConvLSTM, _name, property(lambda self, n=_name: getattr(self.cell, n)))


def _fixed_rank(rank: int, name: str):
    class Fixed(ConvLSTM):
        def __init__(self, filters: int, kernel_size, strides=1, padding="valid",
                     data_format=None, dilation_rate=1, **kwargs) -> None:
            kwargs.pop("rank", None)
            super().__init__(rank, filters, kernel_size, strides=strides, padding=padding,
                             data_format=data_format, dilation_rate=dilation_rate, **kwargs)

    Fixed.__name__ = Fixed.__qualname__ = name
    Fixed.__doc__ = f"{rank}D convolutional LSTM."
    return Fixed


ConvLSTM1D = _fixed_rank(1, "ConvLSTM1D")
ConvLSTM2D = _fixed_rank(2, "ConvLSTM2D")
ConvLSTM3D = _fixed_rank(3, "ConvLSTM3D")

__all__ = ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]
