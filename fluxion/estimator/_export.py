"""`Estimator.export_saved_model`: the PREDICT model_fn behind the serving receiver, saved with
fluxion.saved_model under `export_dir_base/<timestamp>`.

1. The receiver fn runs once with stand-in placeholders, inside a throwaway trace (TF builds it
   in a graph: nothing computed from a placeholder runs on real data), to learn its inputs:
   each `tf.compat.v1.placeholder` call is one input, named by its `receiver_tensors` key.
2. In a PREDICT graph restored from the checkpoint, a probe function traces receiver fn +
   model_fn to learn the signatures (the spec's `export_outputs`, or a PredictOutput of the
   predictions as 'serving_default').
3. Each signature is a `fluxion.function` whose body calls the receiver fn with its traced
   inputs as the placeholders and returns that export output's tensors; the functions are
   saved into `temp-<timestamp>`, extra assets copied, and the folder renamed into place.
"""
from __future__ import annotations

import logging
import os
import shutil
import time

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, wrap
from fluxion.estimator import export as export_lib
from fluxion.estimator.model_fn import ModeKeys

_log = logging.getLogger("fluxion.estimator")
_CONTEXTS: list = []  # active placeholder contexts (innermost last)
MAX_DIRECTORY_CREATION_ATTEMPTS = 10


class _Placeholders:
    """Gives `placeholder()` calls their tensors: stand-ins (discovery) or the traced
    inputs of a signature function (feeding), in call order."""

    def __init__(self, feeds=None, tracer=None) -> None:
        self.feeds = feeds
        self.tracer = tracer  # discovery: the throwaway trace the stand-ins are inputs of
        self.made: list = []  # (name, TensorSpec, tensor)

    def make(self, dtype, shape, name):
        from fluxion.graph.function import TensorSpec

        dtype = dtypes.as_dtype(dtype)
        i = len(self.made)
        if self.feeds is not None:
            if i >= len(self.feeds):
                raise ValueError("serving_input_receiver_fn created more placeholders than when "
                                 "it was first called")
            tensor = self.feeds[i]
        else:  # stand-ins as fluxion.function traces a TensorSpec with (ones, unknown dims 0)
            dims = [0 if d is None else int(d) for d in (shape or [])]
            tensor = wrap(np.ones(dims, dtype._np))
            self.tracer.add_input(tensor, None if shape is None else list(shape))
        spec = TensorSpec(None if shape is None else list(shape), dtype, name)
        self.made.append((name, spec, tensor))
        return tensor


def placeholder(dtype, shape, name):
    """The tensor for a `compat.v1.placeholder` call, or None outside a receiver fn."""
    return _CONTEXTS[-1].make(dtype, shape, name) if _CONTEXTS else None


def _call_receiver(receiver_fn, feeds=None):
    """Calls the receiver fn with `feeds` as its placeholders (None: discovery stand-ins)."""
    from fluxion.core.op import STATE
    from fluxion.graph.trace import Tracer

    context = _Placeholders(feeds, None if feeds is not None else Tracer("receiver_fn"))
    _CONTEXTS.append(context)
    previous = STATE.trace
    if context.tracer is not None:
        STATE.trace = context.tracer
    try:
        receiver = receiver_fn()
    finally:
        STATE.trace = previous
        _CONTEXTS.pop()
    if not isinstance(receiver, (export_lib.ServingInputReceiver,
                                 export_lib.TensorServingInputReceiver)):
        raise TypeError(f"serving_input_receiver_fn must return a ServingInputReceiver or "
                        f"TensorServingInputReceiver; got {type(receiver).__name__}")
    return receiver, context


def _input_specs(receiver, context) -> list:
    """TensorSpecs of the placeholders, named by their receiver_tensors keys."""
    from fluxion.graph.function import TensorSpec

    names = {id(t): key for key, t in receiver.receiver_tensors.items()}
    missing = [k for k, t in receiver.receiver_tensors.items()
               if all(t is not made for _, _, made in context.made)]
    if missing:
        raise ValueError(f"receiver_tensors {missing} are not placeholders: a "
                         f"serving_input_receiver_fn must feed tf.compat.v1.placeholder "
                         f"tensors")
    if receiver.receiver_tensors_alternatives:
        _log.warning("receiver_tensors_alternatives are not exported by Fluxion")
    return [TensorSpec(spec.shape, spec.dtype, names.get(id(t), name or f"input_{i}"))
            for i, (name, spec, t) in enumerate(context.made)]


def _export_outputs(spec) -> dict:
    key = export_lib.DEFAULT_SERVING_SIGNATURE_DEF_KEY
    outputs = spec.export_outputs
    if outputs is None:
        return {key: export_lib.PredictOutput(spec.predictions)}
    if not isinstance(outputs, dict):
        raise TypeError(f"export_outputs must be dict, given: {outputs}")
    for value in outputs.values():
        if not isinstance(value, export_lib.ExportOutput):
            raise TypeError(f"Values in export_outputs must be ExportOutput objects. Given: "
                            f"{outputs}")
    outputs = dict(outputs)
    if key not in outputs:
        if len(outputs) != 1:
            raise ValueError("Multiple export_outputs were provided, but none of them is "
                             "specified as the default.  Do this by naming one of them with "
                             "signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY.")
        outputs[key] = next(iter(outputs.values()))
    return outputs


class _SignatureBodies:
    """The traced pieces: receiver fn + PREDICT model_fn -> one signature's outputs."""

    def __init__(self, estimator, scope, receiver_fn, mode) -> None:
        self.estimator, self.scope, self.receiver_fn, self.mode = (estimator, scope,
                                                                   receiver_fn, mode)

    def outputs(self, feeds):
        receiver, _ = _call_receiver(self.receiver_fn, list(feeds))
        labels = getattr(receiver, "labels", None)
        with self.scope.model_fn_call():
            spec = self.estimator._call_model_fn(receiver.features, labels, self.mode,
                                                 self.estimator.config)
        return receiver, _export_outputs(spec)

    def signature_fn(self, key: str, specs: list):
        from fluxion.graph.function import function

        def body(*feeds):
            _, outputs = self.outputs(feeds)
            out = outputs[key]
            return {name: t for name, t in out.outputs.items() if isinstance(t, Tensor)}

        return function(body, input_signature=specs, autograph=False,
                        name=key.replace(":", "_"))


def _signature_specs(out, specs: list) -> list:
    """Classification/regression signatures name their single input 'inputs' (TF)."""
    from fluxion.graph.function import TensorSpec

    if isinstance(out, (export_lib.ClassificationOutput, export_lib.RegressionOutput)):
        kind = type(out).__name__
        if len(specs) != 1 or specs[0].dtype != dtypes.string:
            raise ValueError(f"{kind.replace('Output', '')} input must be a "
                             f"single string Tensor; got {[s.name for s in specs]}")
        return [TensorSpec(specs[0].shape, specs[0].dtype, "inputs")]
    return specs


def get_timestamped_export_dir(export_dir_base) -> bytes:
    """`export_dir_base/<seconds since epoch>` that does not exist yet (as bytes)."""
    base = os.fsdecode(export_dir_base)
    for _ in range(MAX_DIRECTORY_CREATION_ATTEMPTS):
        path = os.path.join(base, str(int(time.time())))
        if not os.path.exists(path):
            return os.fsencode(path)
        time.sleep(1)
    raise RuntimeError(f"Failed to obtain a unique export directory name after "
                       f"{MAX_DIRECTORY_CREATION_ATTEMPTS} attempts.")


def get_temp_export_dir(timestamped_export_dir) -> bytes:
    head, tail = os.path.split(os.fsdecode(timestamped_export_dir))
    return os.fsencode(os.path.join(head, "temp-" + tail))


def _checkpoint_for_export(estimator, checkpoint_path):
    if checkpoint_path:
        return checkpoint_path
    latest = estimator.latest_checkpoint()
    if latest:
        return latest
    settings = estimator._warm_start_settings
    if settings is not None:
        from fluxion.train.checkpoint import checkpoint_prefix

        return checkpoint_prefix(settings.ckpt_to_initialize_from)
    raise ValueError(f"Couldn't find trained model at {estimator.model_dir}.")


def export_saved_model(estimator, export_dir_base, receiver_fn, assets_extra, checkpoint_path,
                       mode=ModeKeys.PREDICT) -> bytes:
    from fluxion.core.module import Module
    from fluxion.saved_model import save

    if mode != ModeKeys.PREDICT:
        raise ValueError(f"Fluxion exports serving (PREDICT) graphs only; got mode {mode!r}")
    checkpoint_path = _checkpoint_for_export(estimator, checkpoint_path)
    receiver, context = _call_receiver(receiver_fn)
    specs = _input_specs(receiver, context)
    export_dir = get_timestamped_export_dir(export_dir_base)
    temp_dir = os.fsdecode(get_temp_export_dir(export_dir))
    scope = estimator._scope(mode, checkpoint_path)
    bodies = _SignatureBodies(estimator, scope, receiver_fn, mode)
    with scope:
        from fluxion.graph.function import function

        plan = {}

        def probe(*feeds):
            _, outputs = bodies.outputs(feeds)
            plan.update(outputs)
            return 0

        try:
            function(probe, input_signature=specs, autograph=False).get_concrete_function()
        except errors.NotFoundError as e:
            raise ValueError(f"Could not load all requested variables from checkpoint. Please "
                             f"make sure your model_fn does not expect variables that were "
                             f"not saved in the checkpoint.\n\nEncountered error with mode "
                             f"`{mode}` while restoring checkpoint from: `{checkpoint_path}`. "
                             f"{e.message}") from None
        signatures = {}
        for key, out in plan.items():
            try:
                signatures[key] = bodies.signature_fn(key, _signature_specs(out, specs))
            except ValueError as e:
                _log.warning("Export: signature %s excluded: %s", key, e)
        save(Module(), temp_dir, signatures=signatures)
    _copy_assets(temp_dir, assets_extra)
    os.replace(temp_dir, os.fsdecode(export_dir))
    return export_dir


def _copy_assets(export_dir: str, assets_extra) -> None:
    for dest_relative, source in (assets_extra or {}).items():
        dest = os.path.join(export_dir, "assets.extra", os.fsdecode(dest_relative))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(os.fsdecode(source), dest)
