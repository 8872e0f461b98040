"""`Model.summary()`: the table Keras prints (layer, output shape, parameters, totals)."""
from __future__ import annotations

import numpy as np


def _count(weights) -> int:
    return int(sum(int(np.prod(w.shape.as_list())) for w in weights))


def _fmt_bytes(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.2f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024
    return f"{n:.2f} GB"


def print_summary(model, line_length=None, print_fn=None, show_trainable=False) -> None:
    print_fn = print_fn or print
    width = line_length or 80
    cols = [int(width * 0.45), int(width * 0.33), width - int(width * 0.45) - int(width * 0.33)]
    lines = [f'Model: "{model.name}"', "_" * width,
             _row(["Layer (type)", "Output Shape", "Param #"], cols), "=" * width]
    layers = model.layers  # Sequential's list holds no InputLayer; functional models show it
    for layer in layers:
        shape = "?"
        nodes = getattr(layer, "_inbound_nodes", [])
        if nodes:
            outs = nodes[-1].output_tensors
            shape = str(outs[0].shape) if len(outs) == 1 else str([t.shape for t in outs])
        params = layer.count_params() if layer.built else 0
        lines.append(_row([f"{layer.name} ({type(layer).__name__})", shape, str(params)], cols))
    lines.append("=" * width)
    trainable = _count(model.trainable_weights)
    total = _count(model.weights)
    size = sum(int(np.prod(w.shape.as_list())) * w.dtype.size for w in model.weights)
    lines += [f" Total params: {total} ({_fmt_bytes(size)})",
              f" Trainable params: {trainable}",
              f" Non-trainable params: {total - trainable}", "_" * width]
    for line in lines:
        print_fn(line)


def _row(fields, cols) -> str:
    return "".join(f" {f:<{c - 1}}" for f, c in zip(fields, cols)).rstrip()
