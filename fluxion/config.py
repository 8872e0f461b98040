"""``tf.config``: the one place for Fluxion's global settings and device listing.

Fluxion runs on the CPU through NumPy; device calls describe that single CPU device and accept
TF's arguments so programs that query or configure devices run unchanged.
"""
from __future__ import annotations

import collections

PhysicalDevice = collections.namedtuple("PhysicalDevice", "name device_type")
LogicalDevice = collections.namedtuple("LogicalDevice", "name device_type")

_CPU = PhysicalDevice("/physical_device:CPU:0", "CPU")
_settings = {"run_functions_eagerly": False, "soft_device_placement": True,
             "intra_op_threads": 0, "inter_op_threads": 0}


def list_physical_devices(device_type: str | None = None) -> list:
    """Fluxion's devices: one CPU. `list_physical_devices('GPU')` is empty."""
    return [_CPU] if device_type in (None, "CPU") else []


def list_logical_devices(device_type: str | None = None) -> list:
    """The logical devices: one per `LogicalDeviceConfiguration` set on the CPU (default one).
    Listing them initializes the devices, as in TF."""
    _logical["initialized"] = True
    if device_type not in (None, "CPU"):
        return []
    count = len(_logical["cpu"]) if _logical["cpu"] else 1
    return [LogicalDevice(f"/device:CPU:{i}", "CPU") for i in range(count)]


def get_visible_devices(device_type: str | None = None) -> list:
    return list_physical_devices(device_type)


def set_visible_devices(devices, device_type: str | None = None) -> None:
    """Accepted for compatibility: the CPU is always visible."""


def run_functions_eagerly(run_eagerly: bool) -> None:
    """Makes `fluxion.function` run its Python body eagerly (for debugging)."""
    _settings["run_functions_eagerly"] = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    return _settings["run_functions_eagerly"]


experimental_run_functions_eagerly = run_functions_eagerly  # TF's deprecated names
experimental_functions_run_eagerly = functions_run_eagerly


def set_soft_device_placement(enabled: bool) -> None:
    _settings["soft_device_placement"] = bool(enabled)


def get_soft_device_placement() -> bool:
    return _settings["soft_device_placement"]


class experimental:  # noqa: N801 - TF's namespace name
    """``tf.config.experimental``: memory settings have no effect on the CPU backend."""

    list_physical_devices = staticmethod(list_physical_devices)

    @staticmethod
    def set_memory_growth(device, enable: bool) -> None:
        return None

    @staticmethod
    def get_memory_growth(device) -> bool:
        return False


class threading:  # noqa: N801 - TF's namespace name
    """``tf.config.threading``: recorded; NumPy's BLAS decides its own threads."""

    @staticmethod
    def set_intra_op_parallelism_threads(num_threads: int) -> None:
        _settings["intra_op_threads"] = int(num_threads)

    @staticmethod
    def get_intra_op_parallelism_threads() -> int:
        return _settings["intra_op_threads"]

    @staticmethod
    def set_inter_op_parallelism_threads(num_threads: int) -> None:
        _settings["inter_op_threads"] = int(num_threads)

    @staticmethod
    def get_inter_op_parallelism_threads() -> int:
        return _settings["inter_op_threads"]


# --- memory allocator ----------------------------------------------------------------------------
def _tune_allocator() -> bool:
    """Keeps freed array memory in the process for reuse (glibc only).

    Eager training allocates and frees the same large temporaries every step. glibc serves
    blocks over its mmap threshold with fresh mmaps and trims freed heap back to the OS, so each
    step pays page faults again: an MLP training step measured 1.29 ms with glibc's defaults and
    1.01 ms with these settings (NumPy's own baseline was unchanged). Frameworks with caching
    allocators (TensorFlow, PyTorch) keep memory the same way. Set FLUXION_MALLOC_TUNING=0 to
    leave the allocator alone.
    """
    import ctypes  # noqa: PLC0415 - import-time cost only where used
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    if os.environ.get("FLUXION_MALLOC_TUNING", "1") == "0" or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (e.g. musl): nothing to tune
    m_trim_threshold, m_mmap_threshold = -1, -3
    ok = mallopt(m_mmap_threshold, 64 << 20) == 1
    return mallopt(m_trim_threshold, 256 << 20) == 1 and ok


# --- graph optimizer ------------------------------------------------------------------------------
# TF's option names (tf.config.optimizer.set_experimental_options); those with a Fluxion pass
# switch it, the others are recorded. Unknown names are refused (TF ignores them silently, which
# hides typos).
_KNOWN_OPTIONS = ("layout_optimizer", "constant_folding", "shape_optimization", "remapping",
                  "arithmetic_optimization", "dependency_optimization", "loop_optimization",
                  "function_optimization", "debug_stripper", "disable_model_pruning",
                  "scoped_allocator_optimization", "pin_to_host_optimization",
                  "implementation_selector", "auto_mixed_precision", "disable_meta_optimizer",
                  "min_graph_nodes", "common_subgraph_elimination", "auto_parallel",
                  "buffer_reuse")  # the last is Fluxion's own: kernels write into dead buffers
_OPTIMIZER_OPTIONS: dict = {}  # what the program set, as TF reports it
_PASS_OF_OPTION = {"constant_folding": "fold", "arithmetic_optimization": "algebraic",
                   "common_subgraph_elimination": "cse"}


class optimizer:  # noqa: N801 - TF's namespace name
    """``tf.config.optimizer``: switches for the graph passes run on every traced function."""

    @staticmethod
    def set_experimental_options(options: dict) -> None:
        unknown = sorted(set(options) - set(_KNOWN_OPTIONS))
        if unknown:
            raise ValueError(f"Unknown optimizer options {unknown}; known: "
                             f"{sorted(_KNOWN_OPTIONS)}")
        _OPTIMIZER_OPTIONS.update({k: v if k == "min_graph_nodes" else bool(v)
                                   for k, v in options.items()})

    @staticmethod
    def get_experimental_options() -> dict:
        return {**_OPTIMIZER_OPTIONS, "disable_model_pruning":
                _OPTIMIZER_OPTIONS.get("disable_model_pruning", False),
                "disable_meta_optimizer": _OPTIMIZER_OPTIONS.get("disable_meta_optimizer", False)}


def _on(option: str) -> bool:
    return _OPTIMIZER_OPTIONS.get(option, True)


def fusion_enabled() -> bool:
    """Elementwise fusion (TF's option for op fusion is "remapping")."""
    return _on("remapping") and not _OPTIMIZER_OPTIONS.get("disable_meta_optimizer", False)


def buffer_reuse_enabled() -> bool:
    return _on("buffer_reuse") and not _OPTIMIZER_OPTIONS.get("disable_meta_optimizer", False)


def enabled_graph_passes() -> list:
    """The graph passes the optimizer options leave on (fluxion.graph.passes names)."""
    if _OPTIMIZER_OPTIONS.get("disable_meta_optimizer", False):
        return []
    passes = [p for opt, p in _PASS_OF_OPTION.items() if _on(opt)]
    # TF prunes unreachable nodes unless disable_model_pruning
    return passes if _OPTIMIZER_OPTIONS.get("disable_model_pruning") else passes + ["dce"]


# --- logical (virtual) devices --------------------------------------------------------------------
# The CPU can be split into several logical devices (tf.distribute runs one replica per device).
# As in TF the split is fixed once the devices are initialized: by listing the logical devices or
# by creating a distribution strategy.
LogicalDeviceConfiguration = collections.namedtuple(
    "LogicalDeviceConfiguration", "memory_limit experimental_priority experimental_device_ordinal",
    defaults=(None, None, None))
_logical: dict = {"cpu": None, "initialized": False}


def set_logical_device_configuration(device, logical_devices) -> None:
    """Splits the physical CPU into `len(logical_devices)` logical CPU devices."""
    if getattr(device, "device_type", None) != "CPU":
        raise ValueError(f"Unrecognized device: {device!r}")
    new = None if logical_devices is None else list(logical_devices)
    if new == []:
        new = None
    if _logical["initialized"] and new != _logical["cpu"]:
        raise RuntimeError("Virtual devices cannot be modified after being initialized")
    _logical["cpu"] = new


def get_logical_device_configuration(device):
    """The configurations set on `device`, or None."""
    if getattr(device, "device_type", None) != "CPU":
        raise ValueError(f"Unrecognized device: {device!r}")
    return None if _logical["cpu"] is None else list(_logical["cpu"])


def _reset_logical_devices() -> None:
    """Back to one uninitialized CPU device (tests only: TF needs a new process for this)."""
    _logical.update(cpu=None, initialized=False)


experimental.set_virtual_device_configuration = staticmethod(set_logical_device_configuration)
experimental.get_virtual_device_configuration = staticmethod(get_logical_device_configuration)
experimental.VirtualDeviceConfiguration = LogicalDeviceConfiguration
