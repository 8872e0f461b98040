"""Keras 3's object serialization: configs as JSON-ready dicts, and the registry of custom
classes that `register_keras_serializable` fills and deserialization reads.

    {"module": "keras.optimizers", "class_name": "Adam", "config": {...}, "registered_name": None}

Deserialization only ever calls `from_config` of a class it finds by name (built-in, registered,
or passed in `custom_objects`): a config never names code to import or run.
"""
from __future__ import annotations

import contextlib
import inspect
import threading

_REGISTERED: dict[str, object] = {}  # "package>name" -> class or function
_NAMES: dict[object, str] = {}  # class or function -> "package>name"
_SCOPES = threading.local()  # custom_object_scope stack


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator registering a class or function under ``"package>name"``."""
    def decorator(obj):
        key = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _REGISTERED[key] = obj
        _NAMES[obj] = key
        return obj
    return decorator


def get_registered_name(obj) -> str:
    return _NAMES.get(obj, getattr(obj, "__name__", type(obj).__name__))


def get_registered_object(name: str, custom_objects: dict | None = None,
                          module_objects: dict | None = None):
    """Finds `name` in the active custom-object scopes, `custom_objects`, the registry, then
    `module_objects`; None if absent."""
    for scope in reversed(getattr(_SCOPES, "stack", [])):
        if name in scope:
            return scope[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _REGISTERED:
        return _REGISTERED[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


@contextlib.contextmanager
def custom_object_scope(*scopes: dict):
    """Makes the given name -> object maps visible to deserialization inside the block."""
    stack = _SCOPES.__dict__.setdefault("stack", [])
    merged = {}
    for scope in scopes:
        merged.update(scope or {})
    stack.append(merged)
    try:
        yield
    finally:
        stack.pop()


CustomObjectScope = custom_object_scope


def serialize_keras_object(obj):
    """A JSON-ready description of `obj`, as Keras 3 writes it."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        registered = _NAMES.get(obj)
        return {"module": "builtins" if registered is None else None, "class_name": "function",
                "config": obj.__name__,
                "registered_name": "function" if registered is None else registered}
    if hasattr(obj, "get_config"):
        cls = type(obj)
        registered = _NAMES.get(cls)
        if (cls.__module__ or "").startswith("fluxion."):  # a Keras class: Keras' module name
            module = None if registered else getattr(cls, "_keras_module", cls.__module__)
        else:  # a user's class: its own module, found again by its (registered) name
            module, registered = cls.__module__, registered or cls.__name__
        return {"module": module, "class_name": cls.__name__, "config": obj.get_config(),
                "registered_name": registered}
    raise TypeError(f"Cannot serialize {obj!r}: it has no get_config() method")


def deserialize_keras_object(config, module_objects: dict | None = None,
                             custom_objects: dict | None = None,
                             printable_module_name: str = "object"):
    """The object `config` describes: a name (looked up), or a dict with `class_name` and
    `config` (the class's `from_config`)."""
    if config is None:
        return None
    if isinstance(config, str):
        found = get_registered_object(config, custom_objects, module_objects)
        if found is None:
            raise ValueError(f"Could not interpret {printable_module_name} identifier: "
                             f"{config}")
        return found
    if isinstance(config, (list, tuple, int, float, bool)):
        return config  # plain values deserialize to themselves, as in Keras
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret {printable_module_name} identifier: {config}")
    class_name, inner = config["class_name"], config.get("config", {})
    if class_name == "function":
        name = config.get("registered_name")
        name = inner if name in (None, "function") else name
        return deserialize_keras_object(name, module_objects, custom_objects,
                                        printable_module_name)
    cls = None
    if config.get("registered_name"):
        cls = get_registered_object(config["registered_name"], custom_objects, module_objects)
    if cls is None:
        cls = get_registered_object(class_name, custom_objects, module_objects)
    if cls is None:
        raise TypeError(f"Could not locate class '{class_name}'. Make sure custom classes are "
                        f"decorated with `@keras.saving.register_keras_serializable()` or passed "
                        f"in `custom_objects`. Full object config: {config}")
    if not hasattr(cls, "from_config"):
        raise TypeError(f"{printable_module_name} {class_name} has no from_config()")
    if custom_objects:
        with custom_object_scope(custom_objects):
            return cls.from_config(inner)
    return cls.from_config(inner)


def get_object(identifier, module_objects: dict, printable_module_name: str):
    """Keras' `get(identifier)` of a module of objects (regularizers, constraints): None, a
    name, a config dict, a class (instantiated) or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        found = deserialize_keras_object(identifier, module_objects=module_objects,
                                         printable_module_name=printable_module_name)
    elif isinstance(identifier, str):
        found = module_objects.get(identifier) or get_registered_object(identifier)
    else:
        found = identifier
    if callable(found):
        return found() if inspect.isclass(found) else found
    raise ValueError(f"Could not interpret {printable_module_name} identifier: {identifier}")
