"""Array kernels for convolution, written against the array module `xp`.

Convolution kernels take channels-last arrays with one batch axis, already padded:
x [B, *spatial, C], filters [*k, C / groups, O], gradients [B, *out, O]. They use im2col (a
strided window view copied into a matrix) and matmuls, so BLAS does the work; col2im loops
over kernel *offsets* (a handful), never over pixels. Pooling kernels are in pool_kernels.

The matmul paths work on batch chunks small enough for their im2col matrix to stay in cache
between the copy and the matmul, shared between threads; big memory-bound loops are split
over the batch between threads too (conv_threads).
"""
from __future__ import annotations

import itertools

from fluxion.errors import InvalidArgumentError
from fluxion.ops.conv_threads import over_batch, run_chunks, workers


# --- geometry ----------------------------------------------------------------------------------
def geometry(in_sizes, ksize, strides, dilations, padding, op_name: str):
    """(pads, out_sizes) per axis. `padding` is "SAME", "VALID" or a tuple of (lo, hi) pairs.

    SAME follows TF: out = ceil(in / stride) and the odd padding element goes at the end.
    """
    pads, outs = [], []
    for i, (n, k, s, d) in enumerate(zip(in_sizes, ksize, strides, dilations)):
        eff = (k - 1) * d + 1
        if padding == "SAME":
            total = max((-(-n // s) - 1) * s + eff - n, 0)
            lo, hi = total // 2, total - total // 2
        elif padding == "VALID":
            lo = hi = 0
        else:
            lo, hi = padding[i]
        span = n + lo + hi - eff + s
        out = span // s if span >= 0 else -(-span // s)  # C++ division truncates, as in TF
        if out < 0:
            raise InvalidArgumentError(
                f"Computed output size would be negative: {out} [input_size: {n}, "
                f"effective_filter_size: {eff}, stride: {s}] [Op:{op_name}]")
        pads.append((lo, hi))
        outs.append(out)
    return tuple(pads), tuple(outs)


def window(offset: int, stride: int, dilation: int, out: int) -> slice:
    """The input positions that kernel tap `offset` reads for each of `out` outputs."""
    start = offset * dilation
    return slice(start, start + stride * (out - 1) + 1 if out > 0 else start, stride)


def windows(offsets, strides, dilations, outs) -> tuple:
    return tuple(window(o, s, d, n) for o, s, d, n in zip(offsets, strides, dilations, outs))


def offsets(ksize):
    return itertools.product(*(range(k) for k in ksize))


def pad(xp, x, pads, value=0):
    if not any(lo or hi for lo, hi in pads):
        return x
    return xp.pad(x, pads, constant_values=value)


def crop(x, pads, shape):
    return x[tuple(slice(lo, lo + n) for (lo, _), n in zip(pads, shape))]


# --- im2col / col2im ---------------------------------------------------------------------------
def im2col(xp, x, ksize, strides, dilations, outs):
    """[B, *sp, C] -> [B * prod(outs), prod(ksize) * C], rows in (b, *out) order, columns in
    (*k, c) order to match filters reshaped to [prod(k) * C, O]."""
    b, c = x.shape[0], x.shape[-1]
    n = len(ksize)
    rows = b * _prod(outs)
    if all(k == 1 for k in ksize) and all(s == 1 for s in strides):
        return x.reshape(rows, c)
    st = x.strides
    shape = (b,) + tuple(outs) + tuple(ksize) + (c,)
    steps = (st[0],) + tuple(st[1 + i] * strides[i] for i in range(n)) + \
        tuple(st[1 + i] * dilations[i] for i in range(n)) + (st[-1],)
    if dilations[-1] == 1 and st[-2] == c * st[-1]:
        # the last tap axis and the channels are contiguous: copy them as one run
        shape = shape[:-2] + (ksize[-1] * c,)
        steps = steps[:-2] + (st[-1],)
    view = xp.lib.stride_tricks.as_strided(x, shape, steps)
    cols = xp.empty(shape, x.dtype)

    def copy(lo, hi):
        xp.copyto(cols[lo:hi], view[lo:hi])

    over_batch(copy, b, cols.nbytes)
    return cols.reshape(rows, _prod(ksize) * c)


def im2col_taps(xp, x, ksize, strides, dilations, outs):
    """im2col transposed: [B, *sp, C] -> [prod(ksize) * C, B * prod(outs)], a row per (tap,
    channel). For inputs with few channels, whose im2col rows are copied in runs too short to
    be fast (one tap's window at a time instead: 5x faster for one channel)."""
    b, c, n = x.shape[0], x.shape[-1], x.ndim
    cols = xp.empty((_prod(ksize), c, b) + tuple(outs), x.dtype)
    channels_first = (n - 1,) + tuple(range(n - 1))
    for i, o in enumerate(offsets(ksize)):
        win = x[(slice(None),) + windows(o, strides, dilations, outs)]
        if c == 1:
            xp.copyto(cols[i, 0], win[..., 0])
        else:
            xp.copyto(cols[i], win.transpose(channels_first))
    return cols.reshape(_prod(ksize) * c, -1)


def _tap_major(c: int, ksize, strides) -> bool:
    """Whether im2col_taps beats im2col: few channels, and a copy to make at all."""
    return c < 4 and not (all(k == 1 for k in ksize) and all(s == 1 for s in strides))


def col2im(xp, cols, out, ksize, strides, dilations, outs):
    """Adjoint of im2col: scatter-adds [B * prod(outs), prod(k) * C] columns into the zeroed
    (padded) image `out`, which it returns."""
    b, c = out.shape[0], out.shape[-1]
    cols = cols.reshape((b,) + tuple(outs) + tuple(ksize) + (c,))
    n = len(ksize)
    taps = list(offsets(ksize))
    disjoint = all(s >= (k - 1) * d + 1 for k, s, d in zip(ksize, strides, dilations))

    def scatter(lo, hi):
        for o in taps:
            dst = out[(slice(lo, hi),) + windows(o, strides, dilations, outs)]
            src = cols[(slice(lo, hi),) + (slice(None),) * n + o]
            if disjoint:
                xp.copyto(dst, src)
            else:
                xp.add(dst, src, out=dst)

    over_batch(scatter, b, cols.nbytes)
    return out


def _prod(values) -> int:
    p = 1
    for v in values:
        p *= v
    return p


# --- convolution on padded, channels-last arrays -------------------------------------------------
# The matmul paths run over batch chunks whose im2col matrix is about _CHUNK_BYTES: the copy
# and the matmul that reads it then stay in cache (measured 1.4x faster single-threaded than
# one big matrix, and chunks let two cores overlap copies and matmuls). 2 MB measured best of
# 1-4 MB on the Keras CNN's second layer (2 cores, 1 MB L2 each), by a few percent.
_CHUNK_BYTES = 2 << 20
# few-channel filter gradients: rows per matmul, each a [taps * C, rows] x [rows, O] product
# (OpenBLAS measured 2x faster below ~3000 rows than with the whole chunk as inner size)
_TAP_ROWS = 2048


def _chunks(batch: int, bytes_per_item: int) -> list:
    """Batch ranges of about _CHUNK_BYTES each, as even as can be, and as many as a multiple
    of the worker threads (a last, smaller chunk would leave a thread idle)."""
    n = workers()
    count = max(1, -(-batch * bytes_per_item // _CHUNK_BYTES))
    count = min(batch, -(-count // n) * n)
    return [(batch * i // count, batch * (i + 1) // count) for i in range(count)]


def conv_forward(xp, x, w, strides, dilations, outs, epilogue=None):
    """x [B, *sp, C] (padded), w [*k, C/G, O] -> [B, *outs, O] for G = C // (C/G) groups.

    `epilogue(lo, hi, rows)`, when given, finishes in place the [(hi - lo) * prod(outs), O]
    output rows of images lo..hi while they are in cache (a bias, an activation)."""
    ksize, (cg, o) = w.shape[:-2], w.shape[-2:]
    groups = x.shape[-1] // cg
    b, rows = x.shape[0], _prod(outs)
    if groups == 1:
        w2 = w.reshape(-1, o)
        out = xp.empty((b * rows, o), x.dtype)
        taps = _tap_major(cg, ksize, strides)

        def chunk(lo, hi):
            if taps:
                cols = im2col_taps(xp, x[lo:hi], ksize, strides, dilations, outs).T
            else:
                cols = im2col(xp, x[lo:hi], ksize, strides, dilations, outs)
            xp.matmul(cols, w2, out=out[lo * rows:hi * rows])
            if epilogue is not None:
                epilogue(lo, hi, out[lo * rows:hi * rows])

        per_item = rows * w2.shape[0] * x.itemsize
        run_chunks(xp, chunk, _chunks(b, per_item), b * per_item)
        return out.reshape((b,) + tuple(outs) + (o,))
    if cg == 1:
        out = _depthwise_forward(xp, x, w, strides, dilations, outs)
    else:
        og = o // groups
        out = xp.concatenate([conv_forward(xp, x[..., i * cg:(i + 1) * cg],
                                           w[..., i * og:(i + 1) * og], strides, dilations, outs)
                              for i in range(groups)], axis=-1)
    if epilogue is not None:
        epilogue(0, b, out.reshape(-1, o))
    return out


def conv_input_grad(xp, w, g, padded_shape, strides, dilations, epilogue=None):
    """Gradient of conv_forward with respect to its (padded) input. `epilogue(lo, hi, dx)`,
    when given, finishes in place the gradient of images lo..hi while it is in cache."""
    ksize, (cg, o) = w.shape[:-2], w.shape[-2:]
    outs = g.shape[1:-1]
    groups = padded_shape[-1] // cg
    if groups == 1:
        # gathering the last kernel axis pays off unless col2im is cheap (few channels)
        gather = strides[-1] == 1 and ksize[-1] > 1 and cg >= 4
        # bytes of the matrix each image adds: the gathered gradient, or the columns
        rows = _prod(outs[:-1]) * padded_shape[-2] if gather else _prod(outs)
        per_item = rows * (ksize[-1] * o if gather else _prod(ksize) * cg) * g.itemsize
        if gather:  # writes every element of dx
            dx = xp.empty(padded_shape, g.dtype)
            # filter taps reversed along the gathered axis, as [kw * o, (other taps) * c]
            flipped = xp.moveaxis(w[..., ::-1, :, :], (-3, -1), (0, 1)).reshape(
                ksize[-1] * o, -1)
        else:
            dx = xp.zeros(padded_shape, g.dtype)

        def chunk(lo, hi):
            if gather:
                _input_grad_row_gather(xp, flipped, ksize, g[lo:hi], dx[lo:hi], strides,
                                       dilations)
            else:
                cols = g[lo:hi].reshape(-1, o) @ w.reshape(-1, o).T
                col2im(xp, cols, dx[lo:hi], ksize, strides, dilations, outs)
            if epilogue is not None:
                epilogue(lo, hi, dx[lo:hi])

        run_chunks(xp, chunk, _chunks(g.shape[0], per_item), g.shape[0] * per_item)
        return dx
    if cg == 1:
        dx = _depthwise_input_grad(xp, w, g, padded_shape, strides, dilations)
    else:
        og = o // groups
        part_shape = tuple(padded_shape[:-1]) + (cg,)
        dx = xp.concatenate([conv_input_grad(xp, w[..., i * og:(i + 1) * og],
                                             g[..., i * og:(i + 1) * og], part_shape, strides,
                                             dilations) for i in range(groups)], axis=-1)
    if epilogue is not None:
        epilogue(0, dx.shape[0], dx)
    return dx


def _input_grad_row_gather(xp, flipped, ksize, g, dx, strides, dilations):
    """conv_input_grad into `dx` (which it writes whole) when the last spatial stride is 1:
    the last kernel axis is gathered (an im2col of the zero-padded gradient along that axis,
    folded into the matmul) so that col2im only scatter-adds over the other kernel axes: KH
    adds instead of KH * KW."""
    n = dx.ndim - 2
    kw, d, o = ksize[-1], dilations[-1], g.shape[-1]
    reach, wo, wd = (kw - 1) * d, g.shape[-2], dx.shape[-2]
    # gathered[..., j, t, :] = g[..., j - reach + t * d, :], zero outside g (wd = wo + reach)
    gathered = xp.empty(g.shape[:-2] + (wd, kw, o), g.dtype)
    for t in range(kw):
        a = reach - t * d
        gathered[..., a:a + wo, t, :] = g
        gathered[..., :a, t, :] = 0
        gathered[..., a + wo:, t, :] = 0
    gathered = gathered.reshape(-1, kw * o)
    if n == 1:
        xp.matmul(gathered, flipped, out=dx.reshape(-1, dx.shape[-1]))
        return
    cols = gathered @ flipped
    rows_outs = tuple(g.shape[1:-2]) + (wd,)
    if n == 2 and strides[0] == 1:  # the first tap covers rows [0, ho): copy it, add the rest
        b, ho, kh, dh = g.shape[0], g.shape[1], ksize[0], dilations[0]
        cols = cols.reshape(b, ho, wd, kh, dx.shape[-1])
        xp.copyto(dx[:, :ho], cols[:, :, :, 0])
        dx[:, ho:] = 0
        for t in range(1, kh):
            dst = dx[:, t * dh:t * dh + ho]
            xp.add(dst, cols[:, :, :, t], out=dst)
        return
    dx[...] = 0
    col2im(xp, cols, dx, tuple(ksize[:-1]) + (1,), tuple(strides[:-1]) + (1,),
           tuple(dilations[:-1]) + (1,), rows_outs)


def conv_filter_grad(xp, x, g, filter_shape, strides, dilations):
    """Gradient of conv_forward with respect to its filters."""
    ksize, (cg, o) = filter_shape[:-2], filter_shape[-2:]
    outs = g.shape[1:-1]
    groups = x.shape[-1] // cg
    if groups == 1:
        b, rows, kc = x.shape[0], _prod(outs), _prod(ksize) * cg
        g2 = g.reshape(b * rows, o)
        taps = _tap_major(cg, ksize, strides)

        def chunk(lo, hi):
            if not taps:
                return im2col(xp, x[lo:hi], ksize, strides, dilations, outs).T @ \
                    g2[lo * rows:hi * rows]
            # a few thousand rows a matmul: measured 2x faster than one with a huge inner size
            cols = im2col_taps(xp, x[lo:hi], ksize, strides, dilations, outs)
            gc, part = g2[lo * rows:hi * rows], xp.zeros((kc, o), g.dtype)
            for r in range(0, cols.shape[1], _TAP_ROWS):
                part += cols[:, r:r + _TAP_ROWS] @ gc[r:r + _TAP_ROWS]
            return part

        dw = xp.zeros((kc, o), g.dtype)
        per_item = rows * kc * x.itemsize
        for part in run_chunks(xp, chunk, _chunks(b, per_item), b * per_item):
            dw += part  # in chunk order, so the sum does not depend on thread timing
        return dw.reshape(filter_shape)
    if cg == 1:
        return _depthwise_filter_grad(xp, x, g, filter_shape, strides, dilations)
    og = o // groups
    part_shape = tuple(filter_shape[:-1]) + (og,)
    parts = [conv_filter_grad(xp, x[..., i * cg:(i + 1) * cg], g[..., i * og:(i + 1) * og],
                              part_shape, strides, dilations) for i in range(groups)]
    return xp.concatenate(parts, axis=-1)


# --- depthwise convolution (one input channel per group) -----------------------------------------
# A multiply-add per kernel tap (a matmul's inner dimension would be the tap count alone), done
# one image at a time so the arrays stay in cache, on "rows" that merge the last spatial axis
# with the channels (possible when its stride is 1) so that NumPy's inner loops are long.
def _rows(a, merge: bool):
    return a.reshape(a.shape[:-2] + (a.shape[-2] * a.shape[-1],)) if merge else a


def _depthwise_setup(xp, w, c: int, strides, dilations, outs):
    """(taps [K, row, M] with each tap's C weights repeated along a row, merge, tap windows)."""
    merge = strides[-1] == 1
    taps = w.reshape(-1, c, w.shape[-1] // c)
    if merge and outs[-1] > 1:
        taps = xp.tile(taps, (1, outs[-1], 1))
    slices = [windows(o, strides, dilations, outs) for o in offsets(w.shape[:-2])]
    return taps, merge, slices


def _depthwise_forward(xp, x, w, strides, dilations, outs):
    c = x.shape[-1]
    m = w.shape[-1] // c
    taps, merge, slices = _depthwise_setup(xp, w, c, strides, dilations, outs)
    out = xp.empty((x.shape[0],) + tuple(outs) + (c, m), x.dtype)

    def part(lo, hi):
        for b in range(lo, hi):
            for j in range(m):
                acc = _rows(out[b, ..., j], merge)
                tmp = xp.empty(acc.shape, acc.dtype)
                for k, sl in enumerate(slices):
                    xp.multiply(_rows(x[b][sl], merge), taps[k, :, j], out=tmp if k else acc)
                    if k:
                        acc += tmp

    over_batch(part, x.shape[0], out.nbytes)
    return out.reshape(out.shape[:-2] + (c * m,))


def _depthwise_input_grad(xp, w, g, padded_shape, strides, dilations):
    c = padded_shape[-1]
    outs = g.shape[1:-1]
    taps, merge, slices = _depthwise_setup(xp, w, c, strides, dilations, outs)
    g = g.reshape(g.shape[:-1] + (c, -1))
    dx = xp.zeros(padded_shape, g.dtype)

    def part(lo, hi):
        for b in range(lo, hi):
            for j in range(g.shape[-1]):
                src = _rows(g[b, ..., j], merge)
                tmp = xp.empty(src.shape, src.dtype)
                for k, sl in enumerate(slices):
                    dst = _rows(dx[b][sl], merge)  # a view: merging is always possible here
                    xp.multiply(src, taps[k, :, j], out=tmp)
                    dst += tmp

    over_batch(part, g.shape[0], dx.nbytes)
    return dx


def _depthwise_filter_grad(xp, x, g, filter_shape, strides, dilations):
    c, outs = x.shape[-1], g.shape[1:-1]
    m = filter_shape[-1] // c
    _, merge, slices = _depthwise_setup(xp, xp.zeros(filter_shape, g.dtype), c, strides,
                                        dilations, outs)
    g = g.reshape(g.shape[:-1] + (c, m))
    lead = "abcdefgh"[:len(outs) - (1 if merge else 0)]  # output axes before the rows: summed
    partial: dict = {}

    def part(lo, hi):
        acc = None
        for b in range(lo, hi):
            for j in range(m):
                gr = _rows(g[b, ..., j], merge)
                for k, sl in enumerate(slices):
                    acc = xp.zeros((len(slices), m) + gr.shape[-1:], g.dtype) if acc is None \
                        else acc
                    acc[k, j] += xp.einsum(f"{lead}r,{lead}r->r", _rows(x[b][sl], merge), gr)
        partial[lo] = acc

    over_batch(part, g.shape[0], g.nbytes)
    parts = [partial[lo] for lo in sorted(partial) if partial[lo] is not None]
    if not parts:
        return xp.zeros(filter_shape, g.dtype)
    total = sum(parts[1:], parts[0])
    if merge:  # fold the rows back to channels
        total = total.reshape(total.shape[:2] + (-1, c)).sum(axis=2)
    return xp.moveaxis(total, 1, 2).reshape(filter_shape)
