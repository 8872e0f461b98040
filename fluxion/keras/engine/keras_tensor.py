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

    def __repr__(self) -> str:
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"name={self.name}>")

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a Python boolean")

    # Python operators record a small layer, as Keras 3 does with keras.ops
    def _op(self, fn, name, *others):
        return OpLayer(fn, name)(self, *others)

    __add__ = lambda self, o: self._op(lambda a, b: a + b, "add", o)  # noqa: E731
    __radd__ = lambda self, o: self._op(lambda a, b: b + a, "add", o)  # noqa: E731
    __sub__ = lambda self, o: self._op(lambda a, b: a - b, "subtract", o)  # noqa: E731
    __rsub__ = lambda self, o: self._op(lambda a, b: b - a, "subtract", o)  # noqa: E731
    __mul__ = lambda self, o: self._op(lambda a, b: a * b, "multiply", o)  # noqa: E731
    __rmul__ = lambda self, o: self._op(lambda a, b: b * a, "multiply", o)  # noqa: E731
    __truediv__ = lambda self, o: self._op(lambda a, b: a / b, "divide", o)  # noqa: E731
    __rtruediv__ = lambda self, o: self._op(lambda a, b: b / a, "divide", o)  # noqa: E731
    __pow__ = lambda self, o: self._op(lambda a, b: a ** b, "power", o)  # noqa: E731
    __matmul__ = lambda self, o: self._op(lambda a, b: a @ b, "matmul", o)  # noqa: E731
    __rpow__ = lambda self, o: self._op(lambda a, b: b ** a, "power", o)  # noqa: E731
    __rmatmul__ = lambda self, o: self._op(lambda a, b: b @ a, "matmul", o)  # noqa: E731
    __mod__ = lambda self, o: self._op(lambda a, b: a % b, "mod", o)  # noqa: E731
    __rmod__ = lambda self, o: self._op(lambda a, b: b % a, "mod", o)  # noqa: E731
    __floordiv__ = lambda self, o: self._op(lambda a, b: a // b, "floor_divide", o)  # noqa: E731
    __rfloordiv__ = lambda self, o: self._op(lambda a, b: b // a, "floor_divide", o)  # noqa: E731
    # comparisons (not == / !=: KerasTensors stay usable in sets and `in` tests)
    __lt__ = lambda self, o: self._op(lambda a, b: a < b, "less", o)  # noqa: E731
    __le__ = lambda self, o: self._op(lambda a, b: a <= b, "less_equal", o)  # noqa: E731
    __gt__ = lambda self, o: self._op(lambda a, b: a > b, "greater", o)  # noqa: E731
    __ge__ = lambda self, o: self._op(lambda a, b: a >= b, "greater_equal", o)  # noqa: E731
    # & | ^ ~ are Keras' logical ops (inputs taken as booleans), not bitwise ones
    __and__ = lambda self, o: self._op(_logical("logical_and"), "logical_and", o)  # noqa: E731
    __rand__ = lambda self, o: self._op(_logical("logical_and"), "logical_and", o)  # noqa: E731
    __or__ = lambda self, o: self._op(_logical("logical_or"), "logical_or", o)  # noqa: E731
    __ror__ = lambda self, o: self._op(_logical("logical_or"), "logical_or", o)  # noqa: E731
    __xor__ = lambda self, o: self._op(_logical("logical_xor"), "logical_xor", o)  # noqa: E731
    __invert__ = lambda self: self._op(_logical("logical_not"), "logical_not")  # noqa: E731
    __neg__ = lambda self: self._op(lambda a: -a, "negative")  # noqa: E731
    __abs__ = lambda self: self._op(abs, "absolute")  # noqa: E731

    def __getitem__(self, key):
        return OpLayer(lambda a: a[key], "get_item")(self)


def _logical(name: str):
    def apply(*args):
        from fluxion.keras import ops  # noqa: PLC0415

        return getattr(ops, name)(*args)
    return apply


_OP_CLASSES: dict = {}


class OpLayer(Layer):
    """A function of tensors applied in a functional model (`x + 1`, `x[:, 0]`), shown as
    Keras 3 shows its operations: class `Multiply`, name `multiply` (`multiply_1`...), in the
    summary but not in `model.layers`. Not serializable: a config holds no code."""

    _is_op_layer = True

    def __new__(cls, fn=None, name: str = "op", **kwargs):
        if cls is OpLayer:  # one subclass per operation, named as Keras' op classes
            camel = "".join(part[:1].upper() + part[1:] for part in name.split("_"))
            if camel not in _OP_CLASSES:
                _OP_CLASSES[camel] = type(camel, (OpLayer,), {"__module__": __name__})
            cls = _OP_CLASSES[camel]
        return super().__new__(cls)

    def __init__(self, fn, name: str, **kwargs) -> None:
        super().__init__(name=None, **kwargs)
        self.fn = fn
        self.op_name = name

    def call(self, *args):
        return self.fn(*args)

    def get_config(self) -> dict:
        raise NotImplementedError(f"the operation {self.op_name!r} applied to a KerasTensor "
                                  f"cannot be saved in a config: wrap it in a layer with "
                                  f"get_config (or a Lambda layer)")


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
        layer.build(shapes)
        layer.built = True
        layer._build_shapes_dict = {"input_shape": shapes}
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
