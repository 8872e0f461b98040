"""``tf.Module``: a container that finds its variables and sub-modules through its attributes."""
from __future__ import annotations

import re

from fluxion.core.context import name_scope
from fluxion.core.variable import Variable

# an underscore before a capital that follows a lower-case letter or digit, or that starts a
# capitalised word inside an acronym run:
# MLP -> mlp, MyModule -> my_module, HTTPServer -> http_server
_CAMEL = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


class Module:
    """Base class of models and layers: `variables`, `trainable_variables` and `submodules` are
    collected by walking attributes (and lists, tuples and dicts in them), in attribute order."""

    _TF_MODULE_IGNORED_PROPERTIES = frozenset()

    def __init__(self, name: str | None = None) -> None:
        if name is None:
            name = _CAMEL.sub(r"_\1", type(self).__name__).lower()
        elif not re.fullmatch(r"[A-Za-z_][\w.\-]*", name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid "
                             f"Python identifiers (e.g. a valid class name).")
        self._name = name
        self._scope = name_scope(name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self):
        return self._scope

    @property
    def variables(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Variable)))

    @property
    def trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Variable) and v.trainable))

    @property
    def non_trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Variable) and not v.trainable))

    @property
    def submodules(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Module)))

    def _flatten(self, predicate, recursive: bool = True) -> list:
        found, seen = [], {id(self)}
        self._walk(self, predicate, found, seen, recursive)
        return found

    @classmethod
    def _walk(cls, module, predicate, found, seen, recursive):
        for key in sorted(vars(module)):
            if key in module._TF_MODULE_IGNORED_PROPERTIES or key == "_scope":
                continue
            cls._visit(vars(module)[key], predicate, found, seen, recursive)

    @classmethod
    def _visit(cls, value, predicate, found, seen, recursive):
        if isinstance(value, dict):
            items = [value[k] for k in sorted(value, key=str)]
        elif isinstance(value, (list, tuple)):
            items = list(value)
        else:
            if id(value) in seen:
                return
            if isinstance(value, (Variable, Module)):
                seen.add(id(value))
                if predicate(value):
                    found.append(value)
                if isinstance(value, Module) and recursive:
                    cls._walk(value, predicate, found, seen, recursive)
            return
        for item in items:
            cls._visit(item, predicate, found, seen, recursive)

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: runs `method` inside the module's name scope."""
        def wrapper(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        wrapper.__name__ = method.__name__
        wrapper.__doc__ = method.__doc__
        return wrapper

    def __repr__(self) -> str:
        return f"<{type(self).__module__}.{type(self).__name__} object named {self._name!r}>"
