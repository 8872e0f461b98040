"""Keras' variables: fluxion Variables that know their short name and their layer path."""
from __future__ import annotations

from fluxion.core.tensor import Tensor
from fluxion.core.variable import Variable, VariableSynchronization


class _ValueTensor(Tensor):
    """What Keras 3's `variable.value` property gives: the current value as a tensor. Still
    callable (`variable.value()`, tf.Variable's method form) so code of either kind works."""

    __slots__ = ()

    def __call__(self):
        return self


class KerasVariable(Variable):
    """A `Variable` with Keras 3's naming: `name` is the short name ("kernel") and `path` the
    layer path ("dense/kernel"); `regularizer` is the penalty the owning layer adds to its
    losses."""

    __slots__ = ("_short_name", "_path", "regularizer")

    def __init__(self, initial_value, *, name: str, path: str, trainable: bool = True,
                 dtype=None, constraint=None, regularizer=None, aggregation="none") -> None:
        super().__init__(initial_value, trainable=trainable, name=path, dtype=dtype,
                         constraint=constraint)
        self._short_name = name
        self._path = path
        self.regularizer = regularizer
        self.aggregation = aggregation

    @classmethod
    def _creator_call(cls, initial_value, *, name: str, path: str, trainable: bool = True,
                      dtype=None, constraint=None, regularizer=None, aggregation="none"):
        """As Keras 3 makes its tf.Variable: TF's creator keywords (`name` the short name),
        and the creator that builds the Keras variable from them (keeping Keras' path and
        `trainable` flag, as Keras keeps its own beside its tf.Variable's)."""
        kwargs = dict(initial_value=initial_value, trainable=trainable, validate_shape=True,
                      caching_device=None, name=name, variable_def=None, dtype=dtype,
                      import_scope=None, constraint=constraint,
                      synchronization=VariableSynchronization.AUTO,
                      aggregation=aggregation, shape=None,
                      experimental_enable_variable_lifting=None)

        def build(**kw):
            return type.__call__(cls, kw["initial_value"], name=name, path=path,
                                 trainable=trainable, dtype=kw["dtype"],
                                 constraint=kw["constraint"], regularizer=regularizer,
                                 aggregation=kw["aggregation"])

        return kwargs, build

    @property
    def value(self) -> Tensor:
        t = Variable.value(self)
        if type(t) is Tensor:
            t.__class__ = _ValueTensor
        return t

    read_value = Variable.value

    @property
    def name(self) -> str:
        return self._short_name

    @property
    def path(self) -> str:
        return self._path

    def __repr__(self) -> str:  # as Keras 3 prints its variables
        import numpy as np  # noqa: PLC0415

        return (f"<Variable path={self._path}, shape={tuple(self.shape.as_list())}, "
                f"dtype={self.dtype.name}, value={np.asarray(self._value)}>")

    __str__ = __repr__
