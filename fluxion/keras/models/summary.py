"""`Model.summary()`: the table Keras 3 prints, drawn as its `rich` table renders without
colours (box characters, the same column widths and wrapping), then the parameter totals."""
from __future__ import annotations

import shutil

import numpy as np


def _count(weights) -> int:
    return int(sum(int(np.prod(w.shape.as_list())) for w in weights))


def _memory(weights) -> int:
    return int(sum(int(np.prod(w.shape.as_list())) * w.dtype.size for w in weights))


def readable_memory_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _sequential_like(model) -> bool:
    from fluxion.keras.models.sequential import Sequential  # noqa: PLC0415

    graph = getattr(model, "_graph", None)
    if isinstance(model, Sequential) or graph is None:
        return True
    seen: set = set()
    for node in graph.nodes:
        if len(node.input_tensors) > 1 or id(node.layer) in seen:
            return False  # several inputs, or a layer used twice
        seen.add(id(node.layer))
    users: dict = {}
    for node in graph.nodes:  # a tensor read by two nodes branches the graph
        for t in node.input_tensors:
            users[id(t)] = users.get(id(t), 0) + 1
    return all(n <= 1 for n in users.values()) and len(graph.flat_inputs) == 1


def _shape_text(layer) -> str:
    """The output shape of the layer's last symbolic call, else what compute_output_shape
    gives for the shape it was built with (a subclassed model's layers), else "?"."""
    def one(shape):
        return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    nodes = getattr(layer, "_inbound_nodes", [])
    if nodes:
        outs = nodes[-1].output_tensors
        if len(outs) == 1:
            return one(outs[0].shape)
        return "[" + ", ".join(one(t.shape) for t in outs) + "]"
    built = getattr(layer, "_build_shapes_dict", None)
    if not built:
        return "?"
    try:
        shape = layer.compute_output_shape(*built.values())
    except Exception:  # noqa: BLE001 - a layer without the rule: Keras prints "?" too
        return "?"
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return "[" + ", ".join(one(s) for s in shape) + "]"
    return one(tuple(shape))


def _connections(layer, graph) -> str:
    nodes = [n for n in getattr(layer, "_inbound_nodes", []) if n in graph.nodes]
    names = [f"{t._keras_history[0].name}[{t._keras_history[1]}][{t._keras_history[2]}]"
             for node in nodes for t in node.input_tensors if t._keras_history is not None]
    return ", ".join(names) or "-"


def _layers(model, sequential: bool) -> list:
    from fluxion.keras.models.sequential import Sequential  # noqa: PLC0415

    if getattr(model, "_graph", None) is None or isinstance(model, Sequential):
        return list(model.layers)
    # a functional model's layers start with its InputLayers; its operations are listed too
    return list(model._functional_layers)


def print_summary(model, line_length=None, positions=None, print_fn=None,
                  expand_nested=False, show_trainable=False, layer_range=None) -> None:
    sequential = _sequential_like(model)
    if sequential:
        default, positions = 88, positions or [0.45, 0.80, 1.0]
        header, align = ["Layer (type)", "Output Shape", "Param #"], ["l", "l", "r"]
    else:
        default, positions = 108, positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        align = ["l", "l", "r", "l"]
    if show_trainable:
        default += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        align.append("c")
    line_length = line_length or min(default, shutil.get_terminal_size().columns - 4)
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    rows = []
    for layer in _layers(model, sequential):
        if not layer.built:
            params = "0 (unbuilt)"
        else:
            params = f"{layer.count_params():,}"
        row = [f"{layer.name} ({type(layer).__name__})", _shape_text(layer), params]
        if not sequential:
            row.append(_connections(layer, model._graph))
        if show_trainable:
            row.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        rows.append(row)
    trainable = _count(model.trainable_weights)
    frozen = _count(model.non_trainable_weights)
    opt = getattr(model, "optimizer", None)
    opt_vars = list(getattr(opt, "variables", []) or []) if opt is not None and \
        getattr(opt, "built", False) and getattr(model, "compiled", False) else []
    total = trainable + frozen + _count(opt_vars)
    memory = _memory(model.trainable_weights) + _memory(model.non_trainable_weights) + \
        _memory(opt_vars)
    console = shutil.get_terminal_size().columns  # rich crops wider tables to its console
    table = [line[:console] for line in _table(header, align, rows, widths, line_length)]
    lines = [f'Model: "{model.name}"', *table,
             f" Total params: {total:,} ({readable_memory_size(memory)})",
             f" Trainable params: {trainable:,} "
             f"({readable_memory_size(_memory(model.trainable_weights))})",
             f" Non-trainable params: {frozen:,} "
             f"({readable_memory_size(_memory(model.non_trainable_weights))})"]
    if opt_vars:
        lines.append(f" Optimizer params: {_count(opt_vars):,} "
                     f"({readable_memory_size(_memory(opt_vars))})")
    text = "\n".join(lines) + "\n"
    if print_fn is None:
        print(text, end="")
    else:
        print_fn(text)  # Keras hands its print_fn the whole summary at once


# --- the table, as rich draws it ------------------------------------------------------------------
def _rendered_widths(widths: list, line_length: int) -> list:
    """Each column's width between its borders: rich adds a space of padding on each side,
    then takes what overflows the table back evenly (its `ratio_reduce` with equal ratios)."""
    measured = [w + 2 for w in widths]
    excess = sum(measured) - (line_length - len(widths) - 1)
    if excess <= 0:
        return measured
    result, remaining, parts = [], excess, len(measured)
    for value in measured:
        taken = min(value, round(remaining / parts))
        result.append(value - taken)
        remaining -= taken
        parts -= 1
    return result


def _wrap(text: str, width: int) -> list:
    """Word-wrapped lines of at most `width` characters; a word longer than a line is cut
    with an ellipsis (rich's default overflow)."""
    lines, line = [], ""
    for word in text.split(" "):
        if len(word) > width:
            word = word[:width - 1] + "…"
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _cells(fields: list, align: list, widths: list) -> list:
    wrapped = [_wrap(f, w - 2) for f, w in zip(fields, widths)]
    height = max(len(w) for w in wrapped)
    out = []
    for i in range(height):
        parts = []
        for lines, a, w in zip(wrapped, align, widths):
            text = lines[i] if i < len(lines) else ""
            body = text.rjust(w - 2) if a == "r" else text.center(w - 2) if a == "c" \
                else text.ljust(w - 2)
            parts.append(f" {body} ")
        out.append(parts)
    return out


def _table(header: list, align: list, rows: list, widths: list, line_length: int) -> list:
    w = _rendered_widths(widths, line_length)
    lines = ["┏" + "┳".join("━" * n for n in w) + "┓"]
    lines += ["┃" + "┃".join(parts) + "┃" for parts in _cells(header, align, w)]
    lines.append("┡" + "╇".join("━" * n for n in w) + "┩")
    for i, row in enumerate(rows):
        if i:
            lines.append("├" + "┼".join("─" * n for n in w) + "┤")
        lines += ["│" + "│".join(parts) + "│" for parts in _cells(row, align, w)]
    lines.append("└" + "┴".join("─" * n for n in w) + "┘")
    return lines
