"""`print_v2`: tf.print inside a traced function, a stateful graph op that prints each time
the graph runs (TF's PrintV2). Python values among the arguments are formatted while tracing;
tensors are the op's inputs and are formatted when it runs."""
from __future__ import annotations

import sys

from fluxion.core.op import STATE, defop
from fluxion.core.tensor import Tensor, convert_to_tensor

# output streams that are not names ("stdout", "stderr", "file://..."): kept here by number
_STREAMS: dict[int, object] = {}


def _stream_attr(stream) -> str:
    if stream in (sys.stdout, "stdout", print):
        return "stdout"
    if stream in (sys.stderr, "stderr"):
        return "stderr"
    if isinstance(stream, str):
        return stream
    _STREAMS[id(stream)] = stream
    return f"object:{id(stream)}"


def _stream(attr: str):
    if attr.startswith("object:"):
        return _STREAMS.get(int(attr[len("object:"):]), sys.stderr)
    return attr


def _print_kernel(xp, *tensors, template, stream, summarize, sep, end):
    from fluxion.core.context import format_values, write_text  # noqa: PLC0415

    if STATE.binding is not None:  # run while a graph is traced (a probe, a branch): silent
        return ()
    values = [tensors[part] if isinstance(part, int) else _Text(part) for part in template]
    write_text(format_values(values, summarize, sep, end), _stream(stream))
    return ()


class _Text(str):
    """A piece of text formatted while tracing (printed as it is)."""


print_v2 = defop("print_v2", _print_kernel, num_outputs=0, stateful=True, same_dtype=0,
                 infer=lambda *specs, **attrs: (), tf_name="PrintV2")


def print_in_graph(inputs, output_stream, summarize, sep: str, end: str) -> None:
    """Records a print_v2 node: tensor arguments become its inputs, the rest text."""
    from fluxion.core.context import _show  # noqa: PLC0415
    from fluxion.core.variable import Variable  # noqa: PLC0415

    tensors, template = [], []
    for x in inputs:
        if isinstance(x, (Tensor, Variable)):
            template.append(len(tensors))
            tensors.append(convert_to_tensor(x))
        else:
            template.append(_show(x, summarize))
    print_v2(*tensors, template=tuple(template), stream=_stream_attr(output_stream),
             summarize=int(summarize) if summarize is not None else -1, sep=sep, end=end)
