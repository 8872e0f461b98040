"""Keras 3's `serialize_keras_object` / `deserialize_keras_object` for whole objects: configs
that name a public Keras class by module (`{"module": "keras.layers", "class_name": "Dense"}`),
registered or custom classes, functions, and the special values Keras writes (`__numpy__`,
`__bytes__`, `__slice__`, `__ellipsis__`, `__tensor__`, `__lambda__`), plus each layer's
`build_config` and each model's `compile_config`.

Deserialization only ever looks classes up in Fluxion's own public Keras modules, the
registry or `custom_objects`, and calls their `from_config`: a config never names a module to
import or code to run. The one exception, Python lambdas (stored as bytecode), is refused
unless safe mode is off (`safe_mode=False` or `keras.config.enable_unsafe_deserialization()`).
"""
from __future__ import annotations

import importlib
import inspect
import types
import warnings

import numpy as np

from fluxion.keras.utils import serialization as registry
from fluxion.keras.utils.serialization import (
    CustomObjectScope,
    custom_object_scope,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)

PLAIN_TYPES = (str, int, float, bool)
BUILTIN_MODULES = ("activations", "constraints", "initializers", "losses", "metrics",
                   "optimizers", "regularizers")
# public Keras modules (as configs name them) -> the Fluxion module with the same objects
_PUBLIC_MODULES = {
    "keras.layers": "layers", "keras.models": "models", "keras.optimizers": "optimizers",
    "keras.optimizers.schedules": "optimizers.schedules", "keras.losses": "losses",
    "keras.metrics": "metrics", "keras.activations": "activations",
    "keras.initializers": "initializers", "keras.regularizers": "regularizers",
    "keras.constraints": "constraints",
    # keras.utils.FeatureSpace and its parts (Keras' feature_space module)
    "keras.utils": "utils.feature_space", "keras.utils.feature_space": "utils.feature_space",
}
_LAMBDA_REFUSED = (
    "Requested the deserialization of a Python lambda. This carries a potential risk of "
    "arbitrary code execution and thus it is disallowed by default. If you trust the source "
    "of the artifact, you can override this error by passing `safe_mode=False` to the "
    "loading function, or calling `keras.config.enable_unsafe_deserialization().")

__all__ = ["CustomObjectScope", "SafeModeScope", "custom_object_scope",
           "deserialize_keras_object", "enable_unsafe_deserialization", "get_registered_name",
           "get_registered_object", "in_safe_mode", "register_keras_serializable",
           "serialize_keras_object"]


def _safe_mode_module():
    # the Lambda layer owns the safe-mode state (its from_config consults it)
    return importlib.import_module("fluxion.keras.layers.core.lambda_layer")


def SafeModeScope(safe_mode: bool | None = True):  # noqa: N802 - Keras' class name
    """`with SafeModeScope(False):` allows Python lambdas in configs loaded in the block."""
    return _safe_mode_module().SafeModeScope(safe_mode)


def in_safe_mode():
    """The innermost SafeModeScope's value, else the global setting (None when never set)."""
    return _safe_mode_module().in_safe_mode()


def enable_unsafe_deserialization() -> None:
    """Turns safe mode off for the whole process."""
    _safe_mode_module().enable_unsafe_deserialization()


# --- serialization -----------------------------------------------------------------------------
def serialize_keras_object(obj):
    """The JSON-ready config of `obj`, as Keras 3 writes it (with `build_config` and
    `compile_config` for layers and models)."""
    if obj is None or isinstance(obj, PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    special = _serialize_special(obj)
    if special is not None:
        return special
    config = registry.serialize_keras_object(obj)
    if isinstance(config, dict) and not inspect.isfunction(obj):
        _fix_custom_class(obj, config)
        add_build_and_compile_config(obj, config)
    return config


def _serialize_special(obj):
    import fluxion as tf  # noqa: PLC0415

    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {
            "start": serialize_keras_object(obj.start), "stop": serialize_keras_object(obj.stop),
            "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, (np.ndarray, np.generic)):
        if isinstance(obj, np.ndarray) and obj.ndim > 0:
            return {"class_name": "__numpy__",
                    "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
        return obj.item()
    if isinstance(obj, tf.DType):
        return obj.name
    if isinstance(obj, tf.TensorShape):
        return obj.as_list() if obj.rank is not None else None
    if tf.is_tensor(obj) and not hasattr(obj, "_keras_history"):
        value = np.asarray(obj.numpy())
        return {"class_name": "__tensor__", "config": {"value": value.tolist(),
                                                       "dtype": value.dtype.name}}
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        warnings.warn("The object being serialized includes a `lambda`. This is unsafe. In "
                      "order to reload the object, you will have to pass `safe_mode=False` to "
                      "the loading function. Please avoid using `lambda` in the future, and "
                      "use named Python functions instead.", stacklevel=3)
        return {"class_name": "__lambda__",
                "config": {"value": list(_safe_mode_module().func_dump(obj))}}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):  # by (registered) name, as Keras
        return {"module": "builtins", "class_name": "function",
                "config": get_registered_name(obj), "registered_name": "function"}
    return None


def _fix_custom_class(obj, config: dict) -> None:
    """A user's class names its own module and its registered name (its class name when not
    registered), so Keras finds it through `custom_objects`."""
    cls = type(obj)
    if cls.__module__.startswith("fluxion."):
        return
    config["module"] = None if cls.__module__ == "__main__" else cls.__module__
    config["registered_name"] = get_registered_name(cls)


def add_build_and_compile_config(obj, config: dict) -> None:
    build_config = get_build_config(obj)
    if build_config is not None:
        config["build_config"] = serialize_keras_object(build_config)
    if _is_model(obj):
        config["compile_config"] = serialize_keras_object(get_compile_config(obj))


def _is_model(obj) -> bool:
    from fluxion.keras.models.model import Model  # noqa: PLC0415

    return isinstance(obj, Model)


# --- build and compile configs -----------------------------------------------------------------
def get_build_config(layer) -> dict | None:
    """`{"input_shape": ...}` of a built layer (Keras' `Layer.get_build_config`)."""
    if hasattr(layer, "get_build_config"):
        return layer.get_build_config()
    if not getattr(layer, "built", False) or not hasattr(layer, "_inbound_nodes"):
        return None
    shapes = getattr(layer, "_build_shapes_dict", None)
    if shapes:
        values = list(shapes.values())
        return {"input_shape": _listify(values[0])} if len(values) == 1 else \
            {"shapes_dict": _listify(shapes)}
    from fluxion.keras.engine.keras_tensor import InputLayer  # noqa: PLC0415
    from fluxion.keras.models.sequential import Sequential  # noqa: PLC0415

    if isinstance(layer, InputLayer):
        return None
    if isinstance(layer, Sequential):
        shape = layer._input_shape()
        return None if shape is None else {"input_shape": list(shape)}
    if getattr(layer, "_graph", None) is not None:  # functional: built by its graph
        return {"input_shape": None}
    if layer._inbound_nodes:
        inputs = layer._inbound_nodes[0].input_tensors
        if len(inputs) == 1:
            return {"input_shape": list(inputs[0].shape)}
    shape = getattr(layer, "_batch_input_shape", None)
    return None if shape is None else {"input_shape": list(shape)}


def _listify(value):
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_listify(v) for v in value]
    return value


def build_from_config(layer, config: dict | None) -> None:
    """Creates a deserialized layer's variables from its `build_config`."""
    if hasattr(layer, "build_from_config"):
        layer.build_from_config(config)
        return
    if not config or getattr(layer, "built", False):
        return
    if config.get("input_shape") is not None:
        shape = config["input_shape"]
        layer.build(_tuplify(shape))  # a subclassed model runs once to build its sublayers
    elif "shapes_dict" in config:
        layer.build(**{k: _tuplify(v) for k, v in config["shapes_dict"].items()})
    layer.built = True


def _tuplify(shape):
    """A shape list as a tuple; a list of shapes as a list of tuples."""
    if isinstance(shape, (list, tuple)) and shape and all(
            isinstance(s, (list, tuple)) for s in shape):
        return [_tuplify(s) for s in shape]
    if isinstance(shape, dict):
        return {k: _tuplify(v) for k, v in shape.items()}
    return tuple(shape) if isinstance(shape, (list, tuple)) else shape


def get_compile_config(model) -> dict:
    """What `compile` was given, serialized (`{}` for a model never compiled)."""
    if hasattr(model, "get_compile_config"):
        return model.get_compile_config()
    if not getattr(model, "compiled", False):
        return {}
    raw = getattr(model, "_compile_config", None)
    if raw is None:  # rebuilt from what the trainer kept
        loss, metrics = model._compile_loss, model._compile_metrics
        weights = None if loss is None or all(w == 1.0 for w in loss.weights) else \
            list(loss.weights)
        raw = {"optimizer": model.optimizer, "loss": None if loss is None else loss._spec,
               "loss_weights": weights,
               "metrics": None if metrics is None else metrics._raw[0],
               "weighted_metrics": None if metrics is None else metrics._raw[1],
               "run_eagerly": model.run_eagerly, "steps_per_execution": 1,
               "jit_compile": False}
    return serialize_keras_object(raw)


def compile_from_config(model, config: dict) -> None:
    """Compiles a loaded model as it was compiled, and creates its optimizer's variables (so
    their saved values can be loaded)."""
    if hasattr(model, "compile_from_config"):
        model.compile_from_config(config)
        return
    from fluxion.keras.engine.trainer import Trainer  # noqa: PLC0415

    if type(model).compile is not Trainer.compile:
        warnings.warn("`compile()` was not called as part of model loading because the "
                      "model's `compile()` method is custom. All subclassed Models that have "
                      "`compile()` overridden should also override `get_compile_config()` and "
                      "`compile_from_config(config)`. Alternatively, you can call `compile()` "
                      "manually after loading.", stacklevel=2)
        return
    model.compile(**deserialize_keras_object(config))
    if model.optimizer is not None and model.built:
        model.optimizer.build(model.trainable_variables)


# --- deserialization ---------------------------------------------------------------------------
def deserialize_keras_object(config, custom_objects: dict | None = None,
                             safe_mode: bool = True, **kwargs):
    """The object a Keras 3 config describes (see the module docstring for what is looked
    up where). `module_objects` / `printable_module_name` select the legacy name lookup."""
    scope = in_safe_mode()
    safe_mode = scope if scope is not None else safe_mode
    config = _compat(config)
    if "module_objects" in kwargs:
        return registry.deserialize_keras_object(config, custom_objects=custom_objects,
                                                 **kwargs)
    if config is None:
        return None
    if isinstance(config, str) and custom_objects and config in custom_objects:
        return custom_objects[config]
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, custom_objects, safe_mode) for x in config]
    if isinstance(config, PLAIN_TYPES):
        return config
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config}")
    custom_objects = custom_objects or {}
    if "class_name" not in config or "config" not in config:
        return {key: deserialize_keras_object(value, custom_objects, safe_mode)
                for key, value in config.items()}
    special = _deserialize_special(config, custom_objects, safe_mode)
    if special is not _NOT_SPECIAL:
        return special
    return _deserialize_class(config, custom_objects, safe_mode)


_NOT_SPECIAL = object()


def _compat(config):
    """Keras 3.15 configs hold keys some Fluxion classes do not take yet: InputLayer's
    `ragged` (always False for dense inputs). Dropped here while InputLayer refuses it."""
    if isinstance(config, list):
        return [_compat(c) for c in config]
    if not isinstance(config, dict):
        return config
    config = {k: _compat(v) for k, v in config.items()}
    inner = config.get("config")
    if config.get("class_name") == "InputLayer" and isinstance(inner, dict) and \
            inner.get("ragged") is False and not _input_layer_takes("ragged"):
        config["config"] = {k: v for k, v in inner.items() if k != "ragged"}
    return config


def _input_layer_takes(name: str) -> bool:
    from fluxion.keras.engine.keras_tensor import InputLayer  # noqa: PLC0415

    return name in inspect.signature(InputLayer.__init__).parameters


def _deserialize_special(config: dict, custom_objects, safe_mode: bool):
    class_name = config["class_name"]
    inner = config["config"] if config["config"] is not None else {}
    if class_name == "__keras_tensor__":
        from fluxion.keras.engine.keras_tensor import KerasTensor  # noqa: PLC0415

        return KerasTensor(inner["shape"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        import fluxion as tf  # noqa: PLC0415

        return tf.constant(np.array(inner["value"], dtype=inner["dtype"]))
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        return slice(*(deserialize_keras_object(inner[k], custom_objects, safe_mode)
                       for k in ("start", "stop", "step")))
    if class_name == "__lambda__":
        if safe_mode:
            raise ValueError(_LAMBDA_REFUSED)
        return _safe_mode_module().func_load(inner["value"])
    if class_name == "function":
        if not isinstance(inner, str):
            raise TypeError(f"Expected 'config' to be a non-null str for a function "
                            f"classname,\ninstead got {type(inner)}\nFull config: {config}")
        return _retrieve(inner, config.get("registered_name", class_name), config.get("module"),
                         "function", config, custom_objects)
    return _NOT_SPECIAL


def _deserialize_class(config: dict, custom_objects: dict, safe_mode: bool):
    class_name, inner = config["class_name"], config["config"] or {}
    if not isinstance(inner, dict):
        raise TypeError(f"Expected 'config' to be a dict for {class_name},\ninstead got "
                        f"{type(inner)}\nFull config: {config}")
    cls = _retrieve(class_name, config.get("registered_name") or class_name,
                    config.get("module"), "class", config, custom_objects)
    if isinstance(cls, types.FunctionType):
        return cls
    if not hasattr(cls, "from_config"):
        raise TypeError(f"Unable to reconstruct an instance of '{class_name}' because the "
                        f"class is missing a `from_config()` method. Full object config: "
                        f"{config}")
    with custom_object_scope(custom_objects), SafeModeScope(safe_mode):
        try:
            instance = cls.from_config(inner)
        except TypeError as e:
            raise TypeError(
                f"{cls} could not be deserialized properly. Please ensure that components "
                f"that are Python object instances (layers, models, etc.) returned by "
                f"`get_config()` are explicitly deserialized in the model's `from_config()` "
                f"method.\n\nconfig={config}.\n\nException encountered: {e}") from None
        build_config = config.get("build_config")
        if build_config and not getattr(instance, "built", True):
            build_from_config(instance, build_config)
        if config.get("compile_config"):
            compile_from_config(instance, config["compile_config"])
    return instance


def _retrieve(name: str, registered_name, module, obj_type: str, full_config: dict,
              custom_objects: dict):
    """A class or function by registered/custom name, then among Fluxion's public Keras
    objects (by the config's module); never by importing what a config names."""
    custom = get_registered_object(name if obj_type == "function" else registered_name,
                                   custom_objects)
    if custom is not None:
        return custom
    if module == "builtins" and obj_type == "function":
        for mod in BUILTIN_MODULES:
            found = _public_object(f"keras.{mod}", name, obj_type)
            if found is not None:
                return found
        if ">" not in name:  # Keras <= 3.6 saved registered functions by plain name
            for custom_name, obj in custom_objects.items():
                if custom_name.endswith(f">{name}"):
                    return obj
    elif module == "keras" or (module or "").startswith("keras."):
        found = _public_object(module, name, obj_type)
        if found is not None:
            return found
    raise TypeError(
        f"Could not locate {obj_type} '{name}'. Make sure custom classes and functions are "
        f"decorated with `@keras.saving.register_keras_serializable()`. If they are already "
        f"decorated, make sure they are all imported so that the decorator is run before "
        f"trying to load them. Full object config: {full_config}")


def _public_object(module: str, name: str, obj_type: str):
    """A modeling class (one with `from_config`) or built-in function Keras exports from
    `module`; None for anything else."""
    if module in ("keras", "keras.models") or module.startswith("keras.src.models"):
        from fluxion.keras import models  # noqa: PLC0415

        found = {"Model": models.Model, "Functional": models.Model,
                 "Sequential": models.Sequential}.get(name)
        return found if obj_type == "class" else None
    if module == "keras.src.layers.preprocessing.feature_space":  # FeatureSpace's parts
        module = "keras.utils.feature_space"
    elif module.startswith("keras.src."):  # an internal module: its public home
        parts = module.split(".")
        module = f"keras.{parts[2]}" if len(parts) > 2 else module
    target = _PUBLIC_MODULES.get(module)
    if target is None:
        return None
    fluxion_module = importlib.import_module(f"fluxion.keras.{target}")
    obj = vars(fluxion_module).get(name)
    if obj_type == "class":
        return obj if inspect.isclass(obj) and hasattr(obj, "from_config") else None
    if target in BUILTIN_MODULES and callable(obj) and not inspect.isclass(obj):
        return obj
    return None
