"""`EinsumDense`: `activation(einsum(equation, inputs, kernel) + bias)`, a Dense layer whose
contraction and kernel shape an einsum equation describes (used by MultiHeadAttention)."""
from __future__ import annotations

import re

import fluxion as tf
from fluxion.keras import activations, constraints, initializers, regularizers
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils.serialization import serialize_keras_object

_FORMS = (  # (pattern, elided dims on the left)
    (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", False),
    (r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$", True),
    (r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$", False),
)


def analyze_einsum(equation: str, bias_axes, input_shape, output_shape):
    """(kernel shape, bias shape or None, full output shape, kernel input axes, kernel output
    axes) for `equation` on inputs of `input_shape` (Keras' rules, `...` allowed at one end)."""
    dotted = re.sub(r"\.\.\.", "0", equation)
    for pattern, left in _FORMS:
        match = re.match(pattern, dotted)
        if match:
            return _analyze(*match.groups(), bias_axes, list(input_shape), output_shape, left)
    raise ValueError(f"Invalid einsum equation '{equation}'. Equations must be in the form "
                     f"[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....")


def _analyze(input_spec, weight_spec, output_spec, bias_axes, input_shape, output_shape, left):
    elided = len(input_shape) - len(input_spec)
    output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and left:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        output_shape.extend(input_shape[len(input_shape) - elided:])
    if left:
        in_map = {d: i + elided - len(input_shape) for i, d in enumerate(input_spec)}
        out_map = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        in_map = {d: i for i, d in enumerate(input_spec)}
        out_map = {d: i for i, d in enumerate(output_spec)}
    for d in input_spec:
        if d in out_map:
            want, have = output_shape[out_map[d]], input_shape[in_map[d]]
            if want is not None and want != have:
                raise ValueError(f"Input shape and output shape do not match at shared dimension "
                                 f"'{d}'. Input shape is {have}, and output shape is {want}.")
    for d in output_spec:
        if d not in input_spec and d not in weight_spec:
            raise ValueError(f"Dimension '{d}' was specified in the output '{output_spec}' but "
                             f"has no corresponding dim in the input spec '{input_spec}' or "
                             f"weight spec '{output_spec}'")
    kernel_shape, input_axes, output_axes = [], [], []
    for i, d in enumerate(weight_spec):
        if d in out_map:
            kernel_shape.append(output_shape[out_map[d]])
            output_axes.append(i)
        elif d in in_map:
            kernel_shape.append(input_shape[in_map[d]])
            input_axes.append(i)
        else:
            raise ValueError(f"Weight dimension '{d}' did not have a match in either the input "
                             f"spec '{input_spec}' or the output spec '{output_spec}'. For this "
                             f"layer, the weight must be fully specified.")
    bias_shape = None
    if bias_axes is not None:
        offset = elided if left else 0
        sizes = {d: output_shape[i + offset] for i, d in enumerate(output_spec)}
        for d in bias_axes:
            if d not in output_spec:
                raise ValueError(f"Bias dimension '{d}' was requested, but is not part of the "
                                 f"output spec '{output_spec}'")
        first = min(output_spec.find(d) for d in bias_axes)
        bias_shape = [sizes[d] if d in bias_axes else 1 for d in output_spec[first:]]
        if not left:
            bias_shape.extend([1] * elided)
    return kernel_shape, bias_shape, output_shape, input_axes, output_axes


class EinsumDense(Layer):
    """A dense layer of arbitrary dimensionality: `equation` contracts the inputs with a kernel
    ("ab,bc->ac" is Dense); `output_shape` gives the output dims after the batch (None where
    they come from the input); `bias_axes` the output letters the bias spans."""

    def __init__(self, equation: str, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None,
                 gptq_unpacked_column_size=None, quantization_config=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.equation = equation
        self.partial_output_shape = (output_shape,) if isinstance(output_shape, int) else \
            tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.quantization_config = quantization_config

    def _kernel_init(self, input_axes, output_axes):
        """Variance scaling initializers count fans over the kernel's input / output axes."""
        init = self.kernel_initializer
        if isinstance(init, initializers.VarianceScaling) and (
                init.input_axes is None or init.output_axes is None):
            config = {**init.get_config(), "seed": init.seed, "input_axes": input_axes,
                      "output_axes": output_axes}
            return type(init).from_config(config)
        return init

    def build(self, input_shape) -> None:
        kernel_shape, bias_shape, _, input_axes, output_axes = analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        self.kernel = self.add_weight(name="kernel", shape=tuple(kernel_shape),
                                      initializer=self._kernel_init(input_axes, output_axes),
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(name="bias", shape=tuple(bias_shape),
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(analyze_einsum(self.equation, self.bias_axes, input_shape,
                                    self.partial_output_shape)[2])

    def call(self, inputs, training=None):
        x = tf.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = x + self.bias
        if self.activation is not None:
            x = self.activation(x)
        return x

    def get_config(self) -> dict:
        config = {**super().get_config(), "output_shape": self.partial_output_shape,
                  "equation": self.equation, "activation": activations.serialize(self.activation),
                  "bias_axes": self.bias_axes}
        for key in ("kernel_initializer", "bias_initializer", "kernel_regularizer",
                    "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "bias_constraint", "quantization_config"):
            config[key] = serialize_keras_object(getattr(self, key))
        if self.lora_rank:
            config.update(lora_rank=self.lora_rank, lora_alpha=self.lora_alpha)
        return config
