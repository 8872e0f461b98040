"""The functional API's symbolic values: `KerasTensor`, `Input`, and the nodes layers record.

A layer called on KerasTensors records a `Node` (the layer, its arguments with the KerasTensors
in place, and its outputs) and returns new KerasTensors whose shapes come from tracing the
layer's `call` once on example tensors, the unknown dims left unknown
(`fluxion.function(...).get_concrete_function(TensorSpec...)`): the same code path as running
it, so no layer needs a separate shape rule.
"""
from __future__ import annotations

import itertools

import fluxion as tf
from fluxion.core import nest
from fluxion.keras.engine.op_layer import OpLayer  # noqa: F401 - its home before
from fluxion.keras.layers.layer import Layer, dtype_name

_names = itertools.count()


class KerasTensor:
    """A symbolic tensor: shape (with None dims), dtype, and the layer call that made it."""

    def __init__(self, shape, dtype="float32", name: str | None = None, sparse: bool = False,
                 history=None) -> None:
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = dtype_name(dtype)
        self.name = name or f"keras_tensor_{next(_names)}"
        self.sparse = sparse
        self._keras_history = history  # (layer, node_index, tensor_index)
        self._mask_spec = None  # (shape, dtype) of the mask its values carry, if any

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def _keras_mask(self):
        """The symbolic mask its values will carry (a KerasTensor), or None, as Keras'."""
        if self._mask_spec is None:
            return None
        shape, dtype = self._mask_spec
        return KerasTensor(shape, dtype)

    def __repr__(self) -> str:
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"name={self.name}>")

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a Python boolean")

    # Python operators call keras.ops, recorded as operations: `2.0 - x` is subtract(2.0, x)
    def _op(self, name, *args):
        from fluxion.keras.engine.op_layer import op_function, record_op  # noqa: PLC0415

        return record_op(op_function(name), name, args, {})

    __add__ = lambda self, o: self._op("add", self, o)  # noqa: E731
    __radd__ = lambda self, o: self._op("add", o, self)  # noqa: E731
    __sub__ = lambda self, o: self._op("subtract", self, o)  # noqa: E731
    __rsub__ = lambda self, o: self._op("subtract", o, self)  # noqa: E731
    __mul__ = lambda self, o: self._op("multiply", self, o)  # noqa: E731
    __rmul__ = lambda self, o: self._op("multiply", o, self)  # noqa: E731
    __truediv__ = lambda self, o: self._op("true_divide", self, o)  # noqa: E731
    __rtruediv__ = lambda self, o: self._op("true_divide", o, self)  # noqa: E731
    __pow__ = lambda self, o: self._op("power", self, o)  # noqa: E731
    __rpow__ = lambda self, o: self._op("power", o, self)  # noqa: E731
    __matmul__ = lambda self, o: self._op("matmul", self, o)  # noqa: E731
    __rmatmul__ = lambda self, o: self._op("matmul", o, self)  # noqa: E731
    __mod__ = lambda self, o: self._op("mod", self, o)  # noqa: E731
    __rmod__ = lambda self, o: self._op("mod", o, self)  # noqa: E731
    __floordiv__ = lambda self, o: self._op("floor_divide", self, o)  # noqa: E731
    __rfloordiv__ = lambda self, o: self._op("floor_divide", o, self)  # noqa: E731
    # comparisons (not == / !=: KerasTensors stay usable in sets and `in` tests)
    __lt__ = lambda self, o: self._op("less", self, o)  # noqa: E731
    __le__ = lambda self, o: self._op("less_equal", self, o)  # noqa: E731
    __gt__ = lambda self, o: self._op("greater", self, o)  # noqa: E731
    __ge__ = lambda self, o: self._op("greater_equal", self, o)  # noqa: E731
    # & | ^ ~ are Keras' logical ops (inputs taken as booleans), not bitwise ones
    __and__ = lambda self, o: self._op("logical_and", self, o)  # noqa: E731
    __rand__ = lambda self, o: self._op("logical_and", o, self)  # noqa: E731
    __or__ = lambda self, o: self._op("logical_or", self, o)  # noqa: E731
    __ror__ = lambda self, o: self._op("logical_or", o, self)  # noqa: E731
    __xor__ = lambda self, o: self._op("logical_xor", self, o)  # noqa: E731
    __rxor__ = lambda self, o: self._op("logical_xor", o, self)  # noqa: E731
    __invert__ = lambda self: self._op("logical_not", self)  # noqa: E731
    __neg__ = lambda self: self._op("negative", self)  # noqa: E731
    __abs__ = lambda self: self._op("absolute", self)  # noqa: E731
    __getitem__ = lambda self, key: self._op("get_item", self, key)  # noqa: E731


class Node:
    """One call of `layer` in a functional graph."""

    def __init__(self, layer: Layer, args, kwargs, outputs) -> None:
        self.layer = layer
        self.args, self.kwargs = args, kwargs
        self.outputs = outputs
        self.input_tensors = [x for x in nest.flatten((args, kwargs))
                              if isinstance(x, KerasTensor)]
        self.output_tensors = nest.flatten(outputs)

    @property
    def parents(self) -> list:
        return [t._keras_history[0]._inbound_nodes[t._keras_history[1]]
                for t in self.input_tensors if t._keras_history is not None]


def output_spec(layer: Layer, args, kwargs):
    """`layer`'s outputs for these arguments, as KerasTensors without history. Masks travel
    too: an input KerasTensor with a mask gives the traced input one, and each output whose
    traced value carries a mask records its spec (`_mask_spec`), as Keras' symbolic masks."""
    from fluxion.keras.losses_base import get_keras_mask, set_keras_mask  # noqa: PLC0415

    flat = nest.flatten((args, kwargs))
    symbolic = [x for x in flat if isinstance(x, KerasTensor)]
    masked = [i for i, x in enumerate(symbolic) if x._mask_spec is not None]

    def run(*tensors):
        inputs, masks = tensors[:len(symbolic)], tensors[len(symbolic):]
        for i, mask in zip(masked, masks):
            set_keras_mask(inputs[i], mask)
        it = iter(inputs)
        filled = [next(it) if isinstance(x, KerasTensor) else x for x in flat]
        a, k = nest.pack_sequence_as((args, kwargs), filled)
        out = Layer.__call__(layer, *a, **k)
        if masked and not layer.supports_masking and \
                type(layer).compute_mask is Layer.compute_mask:
            # Keras: a layer given a mask that it does not support "destroys" it, even
            # where a sublayer inside set one on the tensor returned
            return out, [None for _ in nest.flatten(out)]
        return out, [get_keras_mask(o) for o in nest.flatten(out)]

    specs = [tf.TensorSpec(x.shape, x.dtype) for x in symbolic]
    specs += [tf.TensorSpec(*symbolic[i]._mask_spec) for i in masked]
    concrete = tf.function(run, autograph=True).get_concrete_function(*specs)
    graph_specs = concrete.graph.specs()
    flat_out = list(concrete._consts)
    for pos, name in zip(concrete._output_positions, concrete.graph.outputs):
        spec = graph_specs[name]
        if spec.shape is None:
            raise ValueError(f"Layer {layer.name!r}: the rank of its output could not be "
                             f"inferred for inputs {[x.shape for x in symbolic]}")
        flat_out[pos] = KerasTensor(spec.shape, spec.dtype.name)
    outputs, masks = nest.pack_sequence_as(concrete._structure, flat_out)
    for t, mask in zip(nest.flatten(outputs), masks):
        if isinstance(t, KerasTensor) and isinstance(mask, KerasTensor):
            t._mask_spec = (mask.shape, mask.dtype)
    return outputs


def symbolic_call(layer: Layer, args, kwargs):
    """Records `layer(*args, **kwargs)` on KerasTensors; returns its symbolic outputs."""
    kwargs = {k: v for k, v in kwargs.items() if not (k == "training" and v is None)}
    if not layer.built:
        first = args[0] if args else next(iter(kwargs.values()))
        shapes = nest.map_structure(lambda t: t.shape, first)
        if isinstance(first, KerasTensor) and hasattr(layer, "_seq_layers") and \
                getattr(layer, "_input_dtype", None) is None:
            layer._input_dtype = first.dtype  # a Sequential takes its Input's dtype from it
        layer.build(shapes)
        layer.built = True
        layer._build_shapes_dict = {"input_shape": shapes}
    first = args[0] if args else None
    if not layer.supports_masking and any(
            isinstance(t, KerasTensor) and t._mask_spec is not None
            for t in nest.flatten(first)):
        layer._warn_mask_lost()
    outputs = output_spec(layer, args, kwargs)
    node_index = len(layer._inbound_nodes)
    for i, t in enumerate(nest.flatten(outputs)):
        t._keras_history = (layer, node_index, i)
    layer._inbound_nodes.append(Node(layer, args, kwargs, outputs))
    return outputs


class InputLayer(Layer):
    """The layer behind `Input`: it only names the model's entry point."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, ragged=None, **kwargs) -> None:
        if "input_shape" in kwargs:  # the Keras 2 spelling
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        if dtype is None:  # floatx, whatever the global dtype policy (as Keras)
            from fluxion.keras import backend  # noqa: PLC0415

            dtype = backend.floatx()
        super().__init__(name=name, dtype=dtype, **kwargs)
        if batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument.")
            batch_shape = (batch_size, *tuple(shape))
        self.batch_shape = tuple(batch_shape)
        self.sparse = bool(sparse)
        self.built = True
        tensor = KerasTensor(self.batch_shape, self._dtype, name=self.name, sparse=self.sparse,
                             history=(self, 0, 0))
        self._inbound_nodes.append(Node(self, (), {}, tensor))
        self.output_tensor = tensor

    def call(self, inputs):
        return inputs

    def get_config(self) -> dict:
        return {"batch_shape": list(self.batch_shape), "dtype": self._dtype,
                "sparse": self.sparse, "name": self.name}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):  # noqa: N802 - Keras' public name
    """A symbolic input of a functional model: `Input(shape=(784,))` is `(None, 784)`."""
    return InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                      batch_shape=batch_shape, name=name).output_tensor
