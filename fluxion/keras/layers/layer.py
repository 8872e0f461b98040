"""`keras.layers.Layer`: state (`build`, `add_weight`), computation (`call`) and config.

A layer owns its variables and calls only public fluxion ops, so the same `call` runs eagerly,
inside `fluxion.function` (graph mode, how `fit` trains) and under GradientTape. Called on
`KerasTensor`s (functional API), a layer records a node and infers its output by tracing `call`
once on example tensors with the unknown dims left unknown.
"""
from __future__ import annotations

import inspect
import itertools
import threading

import warnings

import numpy as np

import fluxion as tf
from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor
from fluxion.core.variable import Variable
from fluxion.keras import dtype_policies
from fluxion.keras.dtype_policies import DTypePolicy
from fluxion.keras.utils import naming
from fluxion.keras.variables import KerasVariable

_CONTEXT = threading.local()  # the `training` value an outer layer call was given

_BASE_KWARGS = ("input_shape", "input_dim", "batch_size", "batch_input_shape", "weights")


_call_ids = itertools.count(1)


def _new_call_id() -> int:
    _CONTEXT.call_id = next(_call_ids)
    return _CONTEXT.call_id


def _training_stack() -> list:
    return _CONTEXT.__dict__.setdefault("training", [])


def dtype_name(dtype) -> str:
    """A dtype given as None, a string, a DType, a NumPy dtype, a DTypePolicy or its config:
    the dtype computations run in."""
    if dtype is None:
        from fluxion.keras import backend  # noqa: PLC0415

        return backend.floatx()
    if isinstance(dtype, dict):  # {"class_name": "DTypePolicy", "config": {"name": ...}}
        dtype = dtype["config"]["name"]
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        dtype = DTypePolicy(dtype)
    if isinstance(dtype, DTypePolicy):
        return dtype.compute_dtype
    return tf.as_dtype(dtype).name


def _layer_policy(dtype) -> DTypePolicy:
    """The policy of a layer given `dtype` (the global policy when None); bfloat16, which
    Fluxion lacks, is refused here rather than at the first call."""
    if isinstance(dtype, dict) and "class_name" in dtype:
        policy = dtype_policies.deserialize(dtype)
    elif isinstance(dtype, dict):
        policy = DTypePolicy(dtype["config"]["name"])
    else:
        policy = dtype_policies.get(dtype)
    if "bfloat16" in (policy.compute_dtype, policy.variable_dtype):
        raise ValueError(f"The dtype policy '{policy.name}' needs bfloat16, which Fluxion does "
                         "not support; use 'mixed_float16' or 'float32'.")
    return policy


class Layer:
    """Base class of every Keras layer and model."""

    _keras_module = "keras.layers"

    def __init_subclass__(cls, **kwargs) -> None:
        # as Keras' build wrapper: a build() records its input shape (saved as build_config)
        # and marks the layer built, however it is called
        super().__init_subclass__(**kwargs)
        build = cls.__dict__.get("build")
        if build is None or getattr(build, "_records_shapes", False):
            return

        def recording_build(self, *args, **kwargs):
            out = build(self, *args, **kwargs)
            if args and not hasattr(self, "_build_shapes_dict"):
                self._build_shapes_dict = {"input_shape": args[0]}
            self.built = True
            return out
        recording_build._records_shapes = True
        recording_build.__doc__, recording_build.__name__ = build.__doc__, build.__name__
        cls.build = recording_build

    def __init__(self, *, activity_regularizer=None, trainable: bool = True, dtype=None,
                 autocast: bool = True, name: str | None = None, **kwargs) -> None:
        unknown = {k: v for k, v in kwargs.items() if k not in _BASE_KWARGS}
        if unknown:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                             f"{unknown}")
        from fluxion.keras import regularizers  # noqa: PLC0415

        self._dtype_policy = _layer_policy(dtype)
        self._dtype = self._dtype_policy.compute_dtype  # what `call` computes in
        self._no_autocast: set = set()  # ids of weights added with autocast=False
        self.name = name or naming.uniquify(naming.to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self.autocast = autocast
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.built = False
        self._own_variables: list = []
        self._call_losses: list = []
        self._loss_call = None  # the top-level call the call losses belong to
        self._inbound_nodes: list = []
        if kwargs.get("input_shape") is not None or kwargs.get("input_dim") is not None:
            warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer. When "
                          "using Sequential models, prefer using an `Input(shape)` object as "
                          "the first layer in the model instead.", UserWarning, stacklevel=3)
        shape = kwargs.get("batch_input_shape")
        if shape is None and kwargs.get("input_shape") is not None:
            shape = (kwargs.get("batch_size"), *tuple(kwargs["input_shape"]))
        if shape is None and kwargs.get("input_dim") is not None:
            shape = (kwargs.get("batch_size"), kwargs["input_dim"])
        self._batch_input_shape = None if shape is None else tuple(shape)
        self._initial_weights = kwargs.get("weights")
        self._call_signature = inspect.signature(self.call)
        self._call_has_training = "training" in self._call_signature.parameters
        self._call_has_mask = "mask" in self._call_signature.parameters
        if not hasattr(self, "supports_masking"):
            self.supports_masking = False  # True: the input's mask passes to the output

    # --- dtypes ----------------------------------------------------------------------------
    @property
    def dtype(self) -> str:
        """The dtype of the layer's weights (Keras 3: the policy's variable dtype)."""
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._dtype_policy.variable_dtype

    @property
    def dtype_policy(self) -> DTypePolicy:
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value) -> None:
        self._dtype_policy = _layer_policy(value)
        self._dtype = self._dtype_policy.compute_dtype

    def _cast_weights_for_call(self) -> list:
        """Under a mixed policy (float16 compute, float32 weights), the float weights of this
        layer and its sublayers read in the compute dtype during the call, as Keras'
        autocast: each attribute holds a cast of its variable (the tape and the graph see
        the read, so gradients reach the float32 variable) until `_restore_weights`."""
        swapped, stack = [], [self]
        while stack:
            layer = stack.pop()
            stack.extend(layer._sublayers())
            policy = layer.__dict__.get("_dtype_policy")
            if policy is None or not layer.autocast or \
                    policy.compute_dtype == policy.variable_dtype:
                continue
            attrs, skip = layer.__dict__, layer.__dict__.get("_no_autocast", ())
            for key, value in list(attrs.items()):
                if isinstance(value, Variable) and value.trainable and id(value) not in skip \
                        and value.dtype.is_floating and value.dtype.name != policy.compute_dtype:
                    attrs[key] = tf.cast(value, policy.compute_dtype)
                    swapped.append((attrs, key, value))
        return swapped

    @staticmethod
    def _restore_weights(swapped: list) -> None:
        for attrs, key, value in swapped:
            attrs[key] = value

    # --- state -----------------------------------------------------------------------------
    def build(self, input_shape) -> None:
        self.built = True

    def add_weight(self, shape=None, initializer=None, dtype=None, trainable: bool = True,
                   autocast: bool = True, regularizer=None, constraint=None,
                   aggregation: str = "none", overwrite_with_gradient: bool = False,
                   name: str | None = None) -> KerasVariable:
        """Creates a variable owned by this layer (Keras 3's signature and defaults)."""
        from fluxion.keras import constraints, initializers, regularizers  # noqa: PLC0415

        if isinstance(shape, str):
            raise ValueError(f"`name` must be passed as a keyword argument to add_weight(); "
                             f"got the string {shape!r} as the shape")
        shape = () if shape is None else tuple(int(d) for d in shape)
        dtype = dtype_name(dtype or self._dtype_policy.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if "float" in dtype else "zeros"
        init = initializers.get(initializer)
        name = name or f"variable_{len(self._own_variables)}"
        variable = KerasVariable(_initial_value(init, shape, dtype), name=name,
                                 path=f"{self.name}/{name}", trainable=trainable, dtype=dtype,
                                 constraint=constraints.get(constraint),
                                 regularizer=regularizers.get(regularizer),
                                 aggregation=aggregation)
        self._own_variables.append(variable)
        if not autocast:
            self._no_autocast.add(id(variable))
        return tf.train.checkpoint.on_variable_created(self, variable)  # a pending restore

    def _sublayers(self) -> list:
        """Layers held in attributes (and lists, tuples, dicts of them), in assignment order."""
        found: list = []
        seen = {id(self)}

        def visit(value):
            if isinstance(value, Layer):
                if id(value) not in seen:
                    seen.add(id(value))
                    found.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    visit(item)
            elif isinstance(value, dict):
                for item in value.values():
                    visit(item)
        for key, value in vars(self).items():
            if not key.startswith("_inbound") and key != "_outbound_nodes":
                visit(value)
        return found

    @property
    def _layers(self) -> list:
        return self._sublayers()

    def _own_weights(self) -> list:
        own = list(self._own_variables)
        ids = {id(v) for v in own}
        for value in vars(self).values():  # variables assigned as attributes are tracked too
            if isinstance(value, Variable) and id(value) not in ids:
                own.append(value)
                ids.add(id(value))
        return own

    def _collect(self, pick) -> list:
        out, seen = [], set()
        for v in pick(self):
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
        return out

    @property
    def weights(self) -> list:
        def pick(layer):
            own = layer._own_weights()
            yield from [v for v in own if v.trainable] + [v for v in own if not v.trainable]
            for sub in layer._sublayers():
                yield from sub.weights
        return self._collect(pick)

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []

        def pick(layer):
            yield from [v for v in layer._own_weights() if v.trainable]
            for sub in layer._sublayers():
                yield from sub.trainable_weights
        return self._collect(pick)

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return self.weights

        def pick(layer):
            yield from [v for v in layer._own_weights() if not v.trainable]
            for sub in layer._sublayers():
                yield from sub.non_trainable_weights
        return self._collect(pick)

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for sub in self._sublayers():
            sub.trainable = value

    def get_weights(self) -> list:
        return [np.array(v.numpy()) for v in self.weights]

    def set_weights(self, weights) -> None:
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(f"You called `set_weights(weights)` on layer '{self.name}' with a "
                             f"weight list of length {len(weights)}, but the layer was expecting "
                             f"{len(own)} weights.")
        for variable, value in zip(own, weights):
            value = np.asarray(value)
            if tuple(variable.shape.as_list()) != value.shape:
                raise ValueError(f"Layer {self.name} weight shape "
                                 f"{tuple(variable.shape.as_list())} is not compatible with "
                                 f"provided weight shape {value.shape}.")
            variable.assign(value.astype(variable.dtype.as_numpy_dtype))

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but the "
                             f"layer isn't built. You can build it manually via: "
                             f"`layer.build(input_shape)`.")
        return int(sum(int(np.prod(v.shape.as_list())) for v in self.weights))

    # --- losses ----------------------------------------------------------------------------
    def add_loss(self, loss) -> None:
        from fluxion.keras.backend_scopes import get_stateless_scope  # noqa: PLC0415

        scope = get_stateless_scope()
        if scope is not None:  # Keras: a stateless call's losses go to its scope, if anywhere
            if scope.collect_losses:
                scope.add_loss(loss)
            return
        self._call_losses.append(loss)

    @property
    def losses(self) -> list:
        """Losses added during the last call, then the weight regularization penalties, for
        this layer and its sublayers."""
        return self._collect_losses(self._loss_call)

    def _collect_losses(self, call_id) -> list:
        # call losses count when they come from the same top-level call as the caller's (a
        # sublayer not called that time has none, as Keras clears them at each top-level call)
        out = list(self._call_losses) if self._loss_call == call_id else []
        for v in self._own_weights():
            reg = getattr(v, "regularizer", None)
            if reg is not None:
                out.append(reg(v))
        for sub in self._sublayers():
            out.extend(sub._collect_losses(call_id))
        return out

    # --- calling ---------------------------------------------------------------------------
    def call(self, inputs, *args, **kwargs):
        return inputs

    def __call__(self, *args, **kwargs):
        from fluxion.keras.engine import keras_tensor  # noqa: PLC0415

        if any(isinstance(x, keras_tensor.KerasTensor) for x in nest.flatten((args, kwargs))):
            return keras_tensor.symbolic_call(self, args, kwargs)
        if args:
            args = (self._convert_input(args[0]),) + tuple(args[1:])
        self._maybe_build(args, kwargs)
        stack = _training_stack()
        if self._call_has_training:
            if kwargs.get("training") is None and stack and stack[-1] is not None:
                kwargs["training"] = stack[-1]
        explicit = kwargs.get("training") if self._call_has_training else \
            kwargs.pop("training", None)  # a call without `training` still passes it down
        # each top-level call starts fresh call losses (numbered, so sublayers need no walk)
        call_id = _new_call_id() if not stack else _CONTEXT.call_id
        if self._loss_call != call_id:
            self._loss_call = call_id
            if self._call_losses:
                self._call_losses = []
        input_mask = self._input_mask(args, kwargs)
        if self._call_has_mask and kwargs.get("mask") is None and input_mask is not None:
            kwargs["mask"] = input_mask
        stack.append(explicit if explicit is not None else (stack[-1] if stack else None))
        policy = self._dtype_policy
        swapped = self._cast_weights_for_call() if \
            policy.compute_dtype != policy.variable_dtype else ()
        try:
            outputs = self._graph_call()(*args, **kwargs)
        finally:
            stack.pop()
            self._restore_weights(swapped)
        if input_mask is not None or type(self).compute_mask is not Layer.compute_mask:
            self._attach_mask(args, outputs, input_mask)
        if self.activity_regularizer is not None:
            for y in nest.flatten(outputs):
                batch = tf.cast(tf.shape(y)[0], y.dtype)
                self.add_loss(self.activity_regularizer(y) / batch)
        return outputs

    # --- masks (Keras' `_keras_mask`, kept in a side table beside the tensors) -----------
    def compute_mask(self, inputs, mask=None):
        """The output's mask: the input's when the layer supports masking, else none."""
        return mask if self.supports_masking else None

    @staticmethod
    def _input_mask(args, kwargs):
        from fluxion.keras.losses_base import get_keras_mask  # noqa: PLC0415

        if not args:
            return None
        if isinstance(args[0], (list, tuple)):
            masks = [get_keras_mask(x) for x in args[0]]
            return None if all(m is None for m in masks) else masks
        return get_keras_mask(args[0])

    def _warn_mask_lost(self) -> None:
        """Keras' warning for a masked KerasTensor given to a layer that does not support
        masking, when a functional model is built (not for operations on KerasTensors, which
        Keras does not treat as layers, nor models)."""
        from fluxion.keras.models.model import Model  # noqa: PLC0415

        if getattr(self, "_is_op_layer", False) or isinstance(self, Model):
            return
        warnings.warn(f"Layer '{self.name}' (of type {type(self).__name__}) was passed an "
                      f"input with a mask attached to it. However, this layer does not support "
                      f"masking and will therefore destroy the mask information. Downstream "
                      f"layers will not see the mask.", UserWarning, stacklevel=3)

    def _attach_mask(self, args, outputs, input_mask) -> None:
        from fluxion.keras.losses_base import get_keras_mask, set_keras_mask  # noqa: PLC0415

        if not args:
            return
        out_mask = self.compute_mask(args[0], input_mask)
        if out_mask is None:
            return
        flat_out = nest.flatten(outputs)
        flat_mask = out_mask if isinstance(out_mask, (list, tuple)) and len(out_mask) == len(
            flat_out) else [out_mask] * len(flat_out)
        for y, m in zip(flat_out, flat_mask):
            if m is not None and get_keras_mask(y) is None:
                set_keras_mask(y, m)

    def _graph_call(self):
        """`call`, converted by AutoGraph while a graph is being traced (Python `if`/`for` on
        tensors in a user's layer become graph control flow, as in TF's Keras). Fluxion's own
        layers are written for graphs already."""
        if STATE.trace is None or (type(self).call.__module__ or "").startswith("fluxion."):
            return self.call
        from fluxion import autograph  # noqa: PLC0415

        return autograph.to_graph(self.call)

    def _convert_input(self, x):
        """Arrays become tensors; floating inputs take the layer's dtype (Keras' autocast)."""
        def convert(v):
            if isinstance(v, (np.ndarray, np.generic, list, float, int)) and \
                    not isinstance(v, bool):
                v = tf.convert_to_tensor(np.asarray(v))
            if self.autocast and isinstance(v, (Tensor, Variable)) and v.dtype.is_floating \
                    and v.dtype.name != self._dtype and "float" in self._dtype:
                v = tf.cast(v, self._dtype)
            return v
        return nest.map_structure(convert, x)

    def _maybe_build(self, args, kwargs) -> None:
        if self.built:
            return
        first = args[0] if args else next(iter(kwargs.values()), None)
        shapes = nest.map_structure(lambda t: tuple(tf.TensorShape(t.shape).as_list())
                                    if hasattr(t, "shape") else None, first)
        self.build(shapes)
        self.built = True
        self._build_shapes_dict = {"input_shape": shapes}  # saved as the build_config
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    # --- shapes ----------------------------------------------------------------------------
    def compute_output_spec(self, *args, **kwargs):
        from fluxion.keras.engine import keras_tensor  # noqa: PLC0415

        return keras_tensor.output_spec(self, args, kwargs)

    def compute_output_shape(self, input_shape):
        """Output shape(s) for `input_shape` (a shape tuple, or a list/dict of them), found by
        tracing `call` with the unknown dims left unknown."""
        from fluxion.keras.engine.keras_tensor import KerasTensor  # noqa: PLC0415

        def is_shape(s):
            return isinstance(s, (tuple, list)) and all(d is None or isinstance(d, int)
                                                        for d in s)

        def symbolic(s):
            if is_shape(s):
                return KerasTensor(tuple(s), self._dtype)
            if isinstance(s, dict):
                return {k: symbolic(v) for k, v in s.items()}
            return [symbolic(v) for v in s]
        spec = self.compute_output_spec(symbolic(input_shape))
        return nest.map_structure(lambda t: t.shape, spec)

    # --- functional API ----------------------------------------------------------------------
    def _node_attr(self, attr: str):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no input to return.")
        values = getattr(self._inbound_nodes[0], attr)
        return values[0] if len(values) == 1 else values

    input = property(lambda self: self._node_attr("input_tensors"))
    output = property(lambda self: self._node_attr("output_tensors"))

    # --- config ----------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {"name": self.name, "trainable": self.trainable,
                "dtype": dtype_policies.serialize(self._dtype_policy)}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if "dtype" in config and isinstance(config["dtype"], dict):
            config["dtype"] = _layer_policy(config["dtype"])
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _initial_value(init, shape: tuple, dtype: str):
    """Runs a weight's initializer outside any graph being traced and any tape (TF's
    init_scope): the first call creates the weight eagerly, so its value is the one eager code
    would draw (global seed included) and nothing of it is recorded."""
    trace, binding, tapes = STATE.trace, STATE.binding, STATE.tapes
    STATE.trace, STATE.binding, STATE.tapes = None, None, []
    try:
        return init(shape, dtype=dtype)
    finally:
        STATE.trace, STATE.binding, STATE.tapes = trace, binding, tapes
