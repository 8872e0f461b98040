"""``Dataset.save`` / ``Dataset.load`` (``tf.data.experimental.save`` / ``load``): a dataset's
elements written to a directory and read back with their element_spec.

The directory holds `element_spec.json` (the structure of TensorSpecs) and `data.tfrecord`:
one TFRecord record per component of each element, the component serialized as a TensorProto
(tf.io.serialize_tensor). This is Fluxion's own layout (TF's snapshot format is not read). The
directory is written beside its final name and renamed into place when complete, so a load
never sees a half-written save.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile

from fluxion.core import dtypes, nest
from fluxion.data.structure import flatten
from fluxion.errors import NotFoundError
from fluxion.graph.function import TensorSpec

SPEC_FILE = "element_spec.json"
DATA_FILE = "data.tfrecord"


def _encode(spec):
    if isinstance(spec, TensorSpec):
        return {"tensor": {"shape": spec.shape.as_list() if spec.shape.rank is not None
                           else None, "dtype": spec.dtype.name}}
    if isinstance(spec, dict):
        return {"dict": {k: _encode(v) for k, v in spec.items()}}
    if isinstance(spec, (list, tuple)):
        return {"tuple" if isinstance(spec, tuple) else "list": [_encode(s) for s in spec]}
    raise NotImplementedError(f"Dataset.save: elements with {type(spec).__name__} components "
                              f"are not supported (tensors, tuples, lists and dicts are)")


def _decode(record):
    if "tensor" in record:
        return TensorSpec(record["tensor"]["shape"], dtypes.as_dtype(record["tensor"]["dtype"]))
    if "dict" in record:
        return {k: _decode(v) for k, v in record["dict"].items()}
    items = [_decode(v) for v in record.get("tuple", record.get("list", []))]
    return tuple(items) if "tuple" in record else items


def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None) -> None:
    """Writes every element of `dataset` under the directory `path` (replaced if present)."""
    for _ in write_through(dataset, path, compression):
        pass


def write_through(dataset, path, compression=None):
    """Yields the flat elements of `dataset` while writing them as `save` does; the
    directory appears under `path` only when the pass completes."""
    from fluxion.io import TFRecordOptions, TFRecordWriter  # noqa: PLC0415
    from fluxion.io.tensor_proto import serialize_tensor  # noqa: PLC0415

    path = os.fspath(path)
    spec = _encode(dataset.element_spec)
    parent = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".tmp_dataset_", dir=parent)
    try:
        with open(os.path.join(staging, SPEC_FILE), "w", encoding="utf-8") as f:
            json.dump({"element_spec": spec, "compression": compression}, f)
        options = TFRecordOptions(compression) if compression else None
        with TFRecordWriter(os.path.join(staging, DATA_FILE), options) as writer:
            for element in dataset._elements():
                for component in element:
                    writer.write(serialize_tensor(component).numpy())
                yield element
        if os.path.isdir(path):
            shutil.rmtree(path)
        os.replace(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load(path, element_spec=None, compression=None, reader_func=None):
    """The dataset `save` wrote to `path`."""
    from fluxion.data.dataset import Dataset  # noqa: PLC0415
    from fluxion.io.tensor_proto import parse_tensor  # noqa: PLC0415
    from fluxion.io.tfrecord import iter_records  # noqa: PLC0415

    path = os.fspath(path)
    meta_path = os.path.join(path, SPEC_FILE)
    if not os.path.isfile(meta_path):
        raise NotFoundError(None, None, f"Could not find the saved dataset at {path} (no "
                                        f"{SPEC_FILE})")
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    spec = element_spec if element_spec is not None else _decode(meta["element_spec"])
    leaves = flatten(spec)
    data = os.path.join(path, DATA_FILE)
    kind = compression or meta.get("compression")

    def elements():
        group = []
        for record in iter_records(data, kind):
            group.append(parse_tensor(record, leaves[len(group)].dtype).numpy())
            if len(group) == len(leaves):
                yield nest.pack_sequence_as(spec, group)
                group = []

    return Dataset.from_generator(elements, output_signature=spec)
