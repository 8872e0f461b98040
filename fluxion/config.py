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
    return [LogicalDevice("/device:CPU:0", "CPU")] if device_type in (None, "CPU") else []


def get_visible_devices(device_type: str | None = None) -> list:
    return list_physical_devices(device_type)


def set_visible_devices(devices, device_type: str | None = None) -> None:
    """Accepted for compatibility: the CPU is always visible."""


def run_functions_eagerly(run_eagerly: bool) -> None:
    """Makes `fluxion.function` run its Python body eagerly (for debugging)."""
    _settings["run_functions_eagerly"] = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    return _settings["run_functions_eagerly"]


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
