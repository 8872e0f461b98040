"""``keras.utils.PyDataset`` (and its older name ``Sequence``), and the small helpers Keras
exports for custom `train_step` code and model inspection."""
from __future__ import annotations

from fluxion.keras.engine.data_adapter import pack_x_y_sample_weight, unpack_x_y_sample_weight

__all__ = ["PyDataset", "Sequence", "clear_session", "get_custom_objects", "get_source_inputs",
           "is_keras_tensor", "pack_x_y_sample_weight", "standardize_dtype",
           "unpack_x_y_sample_weight"]


class PyDataset:
    """Batches by index for `fit`/`evaluate`/`predict`: subclasses define `__len__` (batches
    per epoch) and `__getitem__(i)` (batch i: x, (x, y) or (x, y, sample_weight)).
    `on_epoch_begin`/`on_epoch_end` run around each epoch (e.g. to reshuffle). Batches are
    produced in order on the calling thread (`workers` and `use_multiprocessing` are accepted
    for Keras compatibility)."""

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False,
                 max_queue_size: int = 10) -> None:
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    @property
    def workers(self) -> int:
        return getattr(self, "_workers", 1)

    @property
    def use_multiprocessing(self) -> bool:
        return getattr(self, "_use_multiprocessing", False)

    @property
    def max_queue_size(self) -> int:
        return getattr(self, "_max_queue_size", 10)

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement `__getitem__`")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must implement `__len__`")

    @property
    def num_batches(self):
        return len(self) if hasattr(type(self), "__len__") else None

    def on_epoch_begin(self) -> None:
        """Called before each epoch."""

    def on_epoch_end(self) -> None:
        """Called after each epoch."""


Sequence = PyDataset  # the name before Keras 3


def clear_session(free_memory: bool = True) -> None:
    from fluxion.keras import backend  # noqa: PLC0415

    backend.clear_session()


def get_custom_objects() -> dict:
    from fluxion.keras import saving  # noqa: PLC0415

    return saving.get_custom_objects()


def is_keras_tensor(x) -> bool:
    from fluxion.keras.engine.keras_tensor import KerasTensor  # noqa: PLC0415

    return isinstance(x, KerasTensor)


def standardize_dtype(dtype) -> str:
    from fluxion.core import dtypes  # noqa: PLC0415

    if dtype is None:
        return "float32"
    if hasattr(dtype, "name") and not isinstance(dtype, str):
        dtype = dtype.name
    return dtypes.as_dtype(str(dtype) if not isinstance(dtype, str) else dtype).name


def get_source_inputs(tensor) -> list:
    """The Input tensors a symbolic tensor was computed from."""
    history = getattr(tensor, "_keras_history", None)
    if history is None:
        return [tensor]
    layer, node_index = history[0], history[1] if len(history) > 1 else 0
    nodes = getattr(layer, "_inbound_nodes", [])
    if not nodes or not getattr(nodes[node_index], "input_tensors", None):
        return [tensor]
    found: list = []
    for t in nodes[node_index].input_tensors:
        for source in get_source_inputs(t):
            if not any(source is f for f in found):
                found.append(source)
    return found
