"""``keras.config``: Keras' global settings (float type, fuzz factor, image layout, dtype
policy, logging, safe deserialization, training limits)."""
from __future__ import annotations

from fluxion.debugging import (disable_traceback_filtering, enable_traceback_filtering,
                               is_traceback_filtering_enabled)
from fluxion.keras.backend import (backend, epsilon, floatx, image_data_format, set_epsilon,
                                   set_floatx, set_image_data_format)
from fluxion.keras.dtype_policies import dtype_policy, set_dtype_policy

_SETTINGS = {"interactive_logging": True, "flash_attention": None, "max_epochs": None,
             "max_steps_per_epoch": None}


def enable_unsafe_deserialization() -> None:
    """Allows loading Python lambdas from saved configs for the rest of the process."""
    from fluxion.keras.saving.serialization_lib import \
        enable_unsafe_deserialization as enable  # noqa: PLC0415

    enable()


def enable_interactive_logging() -> None:
    """Progress bars and summaries print to stdout (the default)."""
    _SETTINGS["interactive_logging"] = True


def disable_interactive_logging() -> None:
    """Keras' messages go to the Python logger instead of stdout."""
    _SETTINGS["interactive_logging"] = False


def is_interactive_logging_enabled() -> bool:
    return _SETTINGS["interactive_logging"]


def enable_flash_attention() -> None:
    _SETTINGS["flash_attention"] = True


def disable_flash_attention() -> None:
    _SETTINGS["flash_attention"] = False


def is_flash_attention_enabled():
    """None until set: attention layers choose (Fluxion never has a flash kernel)."""
    return _SETTINGS["flash_attention"]


def is_nnx_enabled() -> bool:
    return False


def set_max_epochs(max_epochs) -> None:
    """Caps the epochs every `fit` runs (None: no cap)."""
    _SETTINGS["max_epochs"] = max_epochs


def max_epochs():
    return _SETTINGS["max_epochs"]


def set_max_steps_per_epoch(max_steps_per_epoch) -> None:
    """Caps the steps of each epoch (None: no cap)."""
    _SETTINGS["max_steps_per_epoch"] = max_steps_per_epoch


def max_steps_per_epoch():
    return _SETTINGS["max_steps_per_epoch"]


def set_backend(backend) -> None:
    """Fluxion stands in for the TensorFlow backend only."""
    if backend != "tensorflow":
        raise ModuleNotFoundError(f"No module named '{backend}'")


__all__ = ["backend", "disable_flash_attention", "disable_interactive_logging",
           "disable_traceback_filtering", "dtype_policy", "enable_flash_attention",
           "enable_interactive_logging", "enable_traceback_filtering",
           "enable_unsafe_deserialization", "epsilon", "floatx", "image_data_format",
           "is_flash_attention_enabled", "is_interactive_logging_enabled", "is_nnx_enabled",
           "is_traceback_filtering_enabled", "max_epochs", "max_steps_per_epoch", "set_backend",
           "set_dtype_policy", "set_epsilon", "set_floatx", "set_image_data_format",
           "set_max_epochs", "set_max_steps_per_epoch"]
