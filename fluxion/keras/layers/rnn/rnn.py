"""`RNN(cell)`: runs a cell over the time axis; `StackedRNNCells`: several cells as one."""
from __future__ import annotations

import fluxion as tf
from fluxion.core import nest
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.rnn import loop
from fluxion.keras.layers.rnn.cell import DropoutRNNCell, RecurrentCell
from fluxion.keras.losses_base import get_keras_mask, set_keras_mask
from fluxion.keras.utils.serialization import serialize_keras_object


def _deserialize_layer(config, custom_objects=None):
    from fluxion.keras import layers  # noqa: PLC0415 - the layers package imports this module

    return layers.deserialize(config, custom_objects=custom_objects)


def _is_nested(x) -> bool:
    return isinstance(x, (list, tuple, dict))


def _call_cell(cell, inputs, states, training):
    """One step. Fluxion's built cells run `call` directly (the per-step Layer.__call__ work -
    symbolic checks, input conversion, the training stack - is done once by the RNN); a
    user's cell is called as a layer (AutoGraph converts its `call` in graphs)."""
    if isinstance(cell, Layer):
        kwargs = {"training": training} if cell._call_has_training else {}
        if cell.built and cell.activity_regularizer is None and \
                type(cell).call.__module__.startswith("fluxion."):
            return cell.call(inputs, states, **kwargs)
        return cell(inputs, states, **kwargs)
    return cell.call(inputs, states)


class StackedRNNCells(Layer):
    """Several cells run as one: each cell's output is the next cell's input."""

    def __init__(self, cells, **kwargs) -> None:
        super().__init__(**kwargs)
        for cell in cells:
            if not hasattr(cell, "call"):
                raise ValueError(f"All cells must have a `call` method. Received cell without "
                                 f"a `call` method: {cell}")
            if not hasattr(cell, "state_size"):
                raise ValueError(f"All cells must have a `state_size` attribute. Received cell "
                                 f"without a `state_size`: {cell}")
        self.cells = list(cells)

    @property
    def _zero_initial_state(self) -> bool:
        return all(getattr(c, "_zero_initial_state", False) for c in self.cells)

    @property
    def state_size(self) -> list:
        return [c.state_size for c in self.cells]

    @property
    def output_size(self) -> int:
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        size = last.state_size
        return size[0] if isinstance(size, (list, tuple)) else size

    def get_initial_state(self, batch_size=None) -> list:
        states = []
        for cell in self.cells:
            if hasattr(cell, "get_initial_state"):
                states.append(cell.get_initial_state(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(tf.zeros((batch_size, cell.state_size), self.compute_dtype))
            else:
                states.append([tf.zeros((batch_size, d), self.compute_dtype)
                               for d in cell.state_size])
        return states

    def build(self, input_shape) -> None:
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
                cell.built = True
            size = getattr(cell, "output_size", None)
            if size is None:
                size = cell.state_size[0] if isinstance(cell.state_size, (list, tuple)) \
                    else cell.state_size
            input_shape = (input_shape[0], size)
        self.built = True

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, state in zip(self.cells, states):
            was_list = _is_nested(state)
            state = list(state) if was_list else [state]
            inputs, state = _call_cell(cell, inputs, state, training)
            if not _is_nested(state):
                state = [state]
            new_states.append(state[0] if len(state) == 1 and not was_list else state)
        return inputs, new_states[0] if len(new_states) == 1 else new_states

    def get_config(self) -> dict:
        return {**super().get_config(),
                "cells": [serialize_keras_object(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        cells = [_deserialize_layer(c, custom_objects) for c in config.pop("cells")]
        return super().from_config({**config, "cells": cells})


class RNN(Layer):
    """Base class of recurrent layers: runs `cell` over axis 1 of [batch, time, ...] inputs.

    A cell has `call(input_t, states) -> (output_t, new_states)`, a `state_size` (int or list
    of ints) and optionally `output_size` and `get_initial_state(batch_size)`; a list of cells
    is stacked (`StackedRNNCells`).
    """

    def __init__(self, cell, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs) -> None:
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call"):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: "
                             f"cell={cell}")
        if not hasattr(cell, "state_size"):
            raise ValueError("The RNN cell should have a `state_size` attribute (single integer "
                             "or list of integers, one integer per RNN state). Received: "
                             f"cell={cell}")
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.supports_masking = True
        self.states = None
        state_size = cell.state_size
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError(  # noqa: TRY004 - as Keras
                "state_size must be an integer, or a list/tuple of integers (one "
                "for each state tensor).")
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    def build(self, sequences_shape, initial_state_shape=None) -> None:
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) < 3:
            raise ValueError(f"Input 0 of layer '{self.name}' is incompatible with the layer: "
                             f"expected ndim=3, found ndim={len(sequences_shape)}. Full shape "
                             f"received: {sequences_shape}")
        step_shape = (sequences_shape[0],) + sequences_shape[2:]
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
            self.cell.built = True
        if self.stateful:
            if sequences_shape[0] is None:
                raise ValueError(f"When using `stateful=True` in a RNN, the batch size must be "
                                 f"static. Found dynamic batch size: sequence.shape="
                                 f"{sequences_shape}")
            if self.states is None:
                self.states = [tf.Variable(s, trainable=False, name="rnn_state") for s in
                               nest.flatten(self.get_initial_state(sequences_shape[0]))]
        self.built = True

    def get_initial_state(self, batch_size) -> list:
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is None:
            return [tf.zeros((batch_size, d), self.cell.compute_dtype) for d in self.state_size]
        state = fn(batch_size=batch_size)
        return list(state) if _is_nested(state) else [state]

    def _zero_state(self, sequences) -> list:
        """Zero initial states shaped from `sequences` (its batch dim may be unknown)."""
        first = sequences[:, 0]
        while first.shape.rank > 2:
            first = first[..., 0]

        def zeros(size):
            return loop.zeros_rows(first, size, self.compute_dtype)
        if isinstance(self.cell, StackedRNNCells):  # a list of states per cell, as theirs
            return [[zeros(s) for s in nest.flatten(size)] for size in self.state_size]
        return [zeros(s) for s in self.state_size]

    def reset_state(self, states=None) -> None:
        if self.states is None:
            return
        values = [None] * len(self.states) if states is None else nest.flatten(states)
        for variable, value in zip(self.states, values):
            variable.assign(tf.zeros_like(variable) if value is None else value)

    reset_states = reset_state

    def inner_loop(self, sequences, initial_state, mask, training=False):
        cell = self.cell
        if isinstance(cell, RecurrentCell) and cell.built and cell.activity_regularizer is None:
            # the input projections of all timesteps in one product, before the loop
            sequences = cell.project_inputs(sequences, training)

            def step(inputs, states):
                return cell.step(inputs, states, training)
        else:
            def step(inputs, states):
                output, new_states = _call_cell(cell, inputs, states, training)
                return output, new_states if _is_nested(new_states) else [new_states]

        return loop.rnn(step, sequences, initial_state, go_backwards=self.go_backwards,
                        mask=mask, unroll=self.unroll,
                        zero_output_for_mask=self.zero_output_for_mask,
                        return_all_outputs=self.return_sequences,
                        output_size=getattr(self.cell, "output_size", None))

    def _initial_state(self, sequences, initial_state):
        if initial_state is None:
            if self.stateful:
                return nest.pack_sequence_as(self.get_initial_state(1),
                                             [v.value() for v in self.states])
            if getattr(self.cell, "_zero_initial_state", False):
                return self._zero_state(sequences)
            return self.get_initial_state(tf.shape(sequences)[0])
        state = list(initial_state) if _is_nested(initial_state) else [initial_state]
        return nest.map_structure(lambda s: tf.cast(tf.convert_to_tensor(s),
                                                    self.compute_dtype), state)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if getattr(self, "use_cudnn", "auto") is True:
            raise ValueError("use_cudnn=True was specified, but cuDNN is not supported for "
                             "this layer configuration with this backend. Pass "
                             "use_cudnn='auto' to fallback to a non-cuDNN implementation.")
        if mask is None:  # the mask an upstream layer attached (Embedding(mask_zero=True))
            mask = get_keras_mask(sequences)
        initial_state = self._initial_state(sequences, initial_state)
        self._config_dropout_masks(self.cell, sequences[:, 0], initial_state)
        try:
            last_output, outputs, states = self.inner_loop(sequences, initial_state, mask,
                                                           training=training)
        finally:
            self._reset_dropout_masks(self.cell)
        if self.stateful:
            for variable, value in zip(self.states, nest.flatten(states)):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        if mask is not None and self.return_sequences:
            set_keras_mask(output, mask)
        if self.return_state:
            return (output, *states)
        return output

    def compute_mask(self, inputs, mask=None):
        """As Keras: the timestep mask passes to sequence outputs only (states get none)."""
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self.state_size)
        return output_mask

    def _config_dropout_masks(self, cell, step_input, state) -> None:
        """Draws the cells' dropout masks before the loop, so every step reuses them."""
        first = state[0] if isinstance(state, (list, tuple)) else state
        if isinstance(cell, DropoutRNNCell):
            cell.get_dropout_mask(step_input)
            cell.get_recurrent_dropout_mask(first)
        if isinstance(cell, StackedRNNCells):
            for inner, inner_state in zip(cell.cells, state):
                self._config_dropout_masks(inner, step_input, inner_state)
                size = getattr(inner, "output_size", None) or nest.flatten(inner.state_size)[0]
                step_input = loop.zeros_rows(step_input, size)  # the next cell's input shape

    def _reset_dropout_masks(self, cell) -> None:
        if isinstance(cell, DropoutRNNCell):
            cell.reset_dropout_mask()
            cell.reset_recurrent_dropout_mask()
        for inner in getattr(cell, "cells", ()) if isinstance(cell, StackedRNNCells) else ():
            self._reset_dropout_masks(inner)

    def _rnn_config(self) -> dict:
        return {**super().get_config(), "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards,
                "stateful": self.stateful, "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask}

    def get_config(self) -> dict:
        return {**self._rnn_config(), "cell": serialize_keras_object(self.cell)}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        if "cell" in config:  # LSTM, GRU, SimpleRNN build their cell from their own keys
            config["cell"] = _deserialize_layer(config["cell"], custom_objects)
        return super().from_config(config)


class GatedRNN(RNN):
    """What LSTM and GRU share on top of RNN: the `use_cudnn` argument (accepted; Fluxion has
    one implementation), Keras' `call` signature and the config of their cell's keys."""

    def _set_use_cudnn(self, use_cudnn) -> None:
        if use_cudnn not in ("auto", True, False):
            raise ValueError(f"Invalid valid received for argument `use_cudnn`. Expected one "
                             f"of {{'auto', True, False}}. Received: use_cudnn={use_cudnn}")
        self.use_cudnn = use_cudnn

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask,
                            training=training)

    def get_config(self) -> dict:
        from fluxion.keras.utils.serialization import serialize_keras_object  # noqa: PLC0415

        return {**self._rnn_config(), **self.cell.cell_config(),
                "activity_regularizer": serialize_keras_object(self.activity_regularizer),
                "seed": self.cell.seed}
