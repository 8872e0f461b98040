"""``tf.keras.backend.rnn``: the Keras 2 loop that runs a step function over the time axis, with
masking, reversed order, constants and optional per-sample lengths."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.backend_legacy import static_dims


def _swap_batch_time(x):
    rank = len(x.shape)
    return tf.transpose(x, [1, 0] + list(range(2, rank)))


def _expand_to(mask_t, value):
    """``mask_t`` (batch, ...) with trailing unit dims so it broadcasts against ``value``."""
    for _ in range(len(value.shape) - len(mask_t.shape)):
        mask_t = tf.expand_dims(mask_t, -1)
    return mask_t


def _select(mask_t, new, old):
    return tuple(tf.where(_expand_to(mask_t, n), n, o) for n, o in zip(new, old))


def _step_masks(mask, input_length, go_backwards, steps):
    """A function time -> (batch, ...) bool mask, or None without masking."""
    if mask is not None:
        mask = tf.reverse(mask, [0]) if go_backwards else mask
        return lambda t: mask[t]
    if tf.is_tensor(input_length):
        lengths = input_length
        if go_backwards:
            rev = tf.reduce_max(lengths, axis=0) - 1 - lengths
            return lambda t: tf.less(rev, t)
        return lambda t: tf.greater(lengths, t)
    return None


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, time_major=False, zero_output_for_mask=False,
        return_all_outputs=True):
    """Runs ``step_function(input_t, states + constants) -> (output_t, new_states)`` over time.

    Returns ``(last_output, outputs, new_states)``; outputs are (batch, time, ...) (time-major
    if ``time_major``), only the last step when ``return_all_outputs`` is False. Masked steps
    keep the previous states and repeat the previous output (or give zeros when
    ``zero_output_for_mask``).
    """
    if not time_major:
        inputs = tf.nest.map_structure(_swap_batch_time, inputs)
    flat_inputs = tf.nest.flatten(inputs)
    for x in flat_inputs:
        if len(x.shape) < 3:
            raise ValueError(f"Shape {x.shape} must have rank at least 3")
    time_steps = static_dims(flat_inputs[0])[0]
    if mask is not None:
        mask = tf.cast(mask, tf.bool) if mask.dtype != tf.bool else mask
        mask = tf.expand_dims(mask, -1) if len(mask.shape) == 2 else mask
        mask = mask if time_major else _swap_batch_time(mask)
    constants = list(constants or [])
    if unroll and not time_steps:
        raise ValueError("Unrolling requires a fixed number of timesteps.")
    if go_backwards:
        flat_inputs = [tf.reverse(x, [0]) for x in flat_inputs]
    masks = _step_masks(mask, None if unroll else input_length, go_backwards, time_steps)

    def step(t, prev_output, states):
        current = tf.nest.pack_sequence_as(inputs, [x[t] for x in flat_inputs])
        output, new_states = step_function(current, tuple(states) + tuple(constants))
        flat_out = tuple(tf.nest.flatten(output))
        if masks is None:
            return output, flat_out, tuple(tf.nest.flatten(new_states)), new_states
        mask_t = masks(t)
        fallback = tuple(tf.zeros_like(o) for o in flat_out) if (
            zero_output_for_mask or prev_output is None) else prev_output
        flat_out = _select(mask_t, flat_out, fallback)
        flat_states = _select(mask_t, tf.nest.flatten(new_states), tf.nest.flatten(states))
        return output, flat_out, flat_states, tf.nest.pack_sequence_as(new_states,
                                                                        list(flat_states))

    if time_steps is not None:
        result = _static_loop(step, initial_states, time_steps, return_all_outputs)
    else:
        result = _dynamic_loop(step, initial_states, flat_inputs, return_all_outputs)
    structure, outputs, states = result
    outputs = tf.nest.pack_sequence_as(structure, list(outputs))
    last_output = tf.nest.map_structure(lambda o: o[-1], outputs)
    if not time_major:
        outputs = tf.nest.map_structure(_swap_batch_time, outputs)
    if not unroll:
        states = tuple(tf.nest.pack_sequence_as(tuple(initial_states),
                                                tf.nest.flatten(states)))
    return last_output, outputs, states


def _static_loop(step, initial_states, time_steps, return_all):
    states = tuple(initial_states)
    prev = None
    collected = []
    structure = None
    for t in range(time_steps):
        output, prev, _, states = step(t, prev, states)
        structure = output
        if return_all or t == time_steps - 1:
            collected.append(prev)
    outputs = tuple(tf.stack(list(col)) for col in zip(*collected))
    return structure, outputs, states


def _dynamic_loop(step, initial_states, flat_inputs, return_all):
    """A ``tf.while_loop`` over an unknown number of steps (time-major TensorArrays)."""
    steps = tf.shape(flat_inputs[0])[0]
    states = tuple(initial_states)
    first, first_flat, _, _ = step(0, None, states)  # shapes/dtypes of the outputs
    zero = tuple(tf.zeros_like(o) for o in first_flat)
    arrays = tuple(tf.TensorArray(o.dtype, size=steps if return_all else 1)
                   for o in first_flat)
    flat_states = tuple(tf.nest.flatten(states))

    def body(t, arrays, prev, *flat_st):
        st = tf.nest.pack_sequence_as(states, list(flat_st))
        _, out, new_flat, _ = step(t, prev, st)
        index = t if return_all else 0
        arrays = tuple(a.write(index, o) for a, o in zip(arrays, out))
        return (t + 1, arrays, tuple(out)) + tuple(new_flat)

    loop = tf.while_loop(lambda t, *_: t < steps, body,
                         (tf.constant(0), arrays, zero) + flat_states)
    outputs = tuple(a.stack() for a in loop[1])
    return first, outputs, tf.nest.pack_sequence_as(states, list(loop[3:]))
