"""``tf.data.Options``: accepted and recorded; pipelines run the same whatever they say."""
from __future__ import annotations

import enum
from typing import ClassVar


class AutoShardPolicy(enum.IntEnum):
    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class ExternalStatePolicy(enum.Enum):
    WARN = 0
    IGNORE = 1
    FAIL = 2


class _OptionGroup:
    """A set of named options; setting an unknown name raises AttributeError like TF."""

    _FIELDS: ClassVar[dict] = {}

    def __init__(self) -> None:
        for name, default in self._FIELDS.items():
            value = default() if isinstance(default, type) else default
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value) -> None:
        if name not in self._FIELDS:
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        object.__setattr__(self, name, value)

    def _merge(self, other: _OptionGroup) -> None:
        """Takes every option `other` set (not None) that is not a nested group."""
        for name, default in self._FIELDS.items():
            value = getattr(other, name)
            if isinstance(default, type):
                getattr(self, name)._merge(value)
            elif value is not None:
                object.__setattr__(self, name, value)

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and all(
            getattr(self, n) == getattr(other, n) for n in self._FIELDS)

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._FIELDS)
        return f"{type(self).__name__}({fields})"


class AutotuneOptions(_OptionGroup):
    _FIELDS: ClassVar[dict] = {"enabled": None, "cpu_budget": None, "ram_budget": None,
               "autotune_algorithm": None, "initial_parallelism": None,
               "min_parallelism": None}


class DistributeOptions(_OptionGroup):
    _FIELDS: ClassVar[dict] = {"auto_shard_policy": None, "num_devices": None}


class OptimizationOptions(_OptionGroup):
    _FIELDS: ClassVar[dict] = {name: None for name in (
        "apply_default_optimizations", "filter_fusion", "filter_parallelization",
        "inject_prefetch", "map_and_batch_fusion", "map_and_filter_fusion", "map_fusion",
        "map_parallelization", "noop_elimination", "parallel_batch", "seq_interleave_prefetch",
        "shuffle_and_repeat_fusion")}


class ThreadingOptions(_OptionGroup):
    _FIELDS: ClassVar[dict] = {"max_intra_op_parallelism": None, "private_threadpool_size": None}


class Options(_OptionGroup):
    """``tf.data.Options``: merged along a pipeline; `Dataset.options()` returns them."""

    _FIELDS: ClassVar[dict] = {"autotune": AutotuneOptions, "deterministic": None,
               "experimental_deterministic": None, "experimental_distribute": DistributeOptions,
               "experimental_external_state_policy": None,
               "experimental_optimization": OptimizationOptions, "experimental_slack": None,
               "experimental_symbolic_checkpoint": None, "experimental_warm_start": None,
               "threading": ThreadingOptions, "dataset_name": None, "framework_type": None}

    def merge(self, options: Options) -> Options:
        merged = Options()
        merged._merge(self)
        merged._merge(options)
        return merged
