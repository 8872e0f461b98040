"""Array kernels for pooling, written against the array module `xp`.

Every axis is a window axis (batch and channel axes have window 1, stride 1); the kernels loop
over window *offsets* (taps, a handful), never over pixels, and split the batch between threads
when windows keep to one batch element.

Max pooling follows TF: NaN never wins a window, the result is at least the lowest finite
value, and the gradient goes to the first maximum of each window in row-major tap order (to the
first tap where no element equals the maximum: all NaN or -inf). The gradient is scattered onto
zeros, as TF accumulates it: elsewhere it is +0.0, never NaN or -0.0 from the incoming gradient,
so the routing selects bits (`select`) instead of multiplying by a mask.
"""
from __future__ import annotations

from fluxion.ops.conv_kernels import crop, offsets, pad, windows
from fluxion.ops.conv_threads import over_batch


def lowest(xp, dtype):
    return xp.finfo(dtype).min if dtype.kind == "f" else xp.iinfo(dtype).min


def fill_value(xp, dtype):
    """What max pooling pads with: never a window's maximum."""
    return -xp.inf if dtype.kind == "f" else xp.iinfo(dtype).min


def select(xp, mask, values, out):
    """out = values where mask, else 0, bit for bit: an AND with all-ones or all-zeros words
    (a product by the mask would leave NaN and -0.0 where the mask is False)."""
    bits = xp.dtype(f"i{values.dtype.itemsize}")
    ones = xp.negative(mask.view(xp.int8))  # True -> -1: every bit set
    return xp.bitwise_and(values.view(bits), ones, out=out.view(bits)).view(values.dtype)


def _batch_parts(fn, ksize, strides, pads, outs, nbytes: int) -> None:
    """Runs fn(lo, hi, outs_of_part) over batch slices (threads) when windows keep to one
    batch element, else once over everything. (One slice per thread: cache-sized slices
    measured slower, their Python overhead costing more than the cache saves.)"""
    if ksize[0] == 1 and strides[0] == 1 and pads[0] == (0, 0):
        over_batch(lambda lo, hi: fn(lo, hi, (hi - lo,) + tuple(outs[1:])), outs[0], nbytes)
    else:
        fn(0, outs[0], outs)


# --- max pooling ---------------------------------------------------------------------------------
def max_pool(xp, x, ksize, strides, dilations, pads, outs):
    """Max over windows; like TF, NaN never wins and the result is at least the lowest value."""
    xpad = pad(xp, x, pads, fill_value(xp, x.dtype))
    biggest = xp.fmax if x.dtype.kind == "f" else xp.maximum
    acc = xp.empty(outs, x.dtype)
    taps = list(offsets(ksize))

    def part(lo, hi, part_outs):
        xb, ab = xpad[lo:hi], acc[lo:hi]
        wins = [xb[windows(o, strides, dilations, part_outs)] for o in taps]
        if len(wins) == 1:
            xp.copyto(ab, wins[0])
        else:  # the first two taps straight into the result: no copy
            biggest(wins[0], wins[1], out=ab)
        for win in wins[2:]:
            biggest(ab, win, out=ab)
        if x.dtype.kind == "f":
            xp.fmax(ab, lowest(xp, x.dtype), out=ab)

    _batch_parts(part, ksize, strides, pads, outs, xpad.nbytes)
    return acc


def first_max(xp, xpad, y, ksize, strides, dilations, outs, inside=None, tf_grad=False):
    """Yields (window slices, mask, extra) per tap: mask marks outputs whose first maximum (in
    row-major tap order, as TF) is at this tap. Windows without an element equal to their
    maximum (all -inf or NaN) route to their first tap in last `extra` items.

    With `tf_grad`, TF's MaxPoolGrad rule (a running argmax from each window's first real
    element, by strict comparisons): a window whose first real element is NaN routes there, and
    windows without a hit route to their first real element. `inside` marks the real elements
    of a padded `xpad` (None: no padding)."""
    free = xp.ones(y.shape, bool)
    hit = xp.empty(y.shape, bool)
    started = None if inside is None else xp.zeros(y.shape, bool)
    firsts = []  # (slices, first real element) per tap, for padded windows without a hit
    for t, o in enumerate(offsets(ksize)):
        sl = windows(o, strides, dilations, outs)
        win = xpad[sl]
        xp.equal(win, y, out=hit)
        if inside is not None:  # padding never wins (an integer pad can equal the maximum)
            xp.logical_and(hit, inside[sl], out=hit)
        if tf_grad and inside is not None:
            first = xp.logical_and(inside[sl], xp.logical_not(started))
            xp.logical_or(started, first, out=started)
            firsts.append((sl, first))
            if win.dtype.kind == "f":
                xp.logical_or(hit, xp.isnan(win) & first, out=hit)
        elif tf_grad and t == 0 and win.dtype.kind == "f":
            xp.logical_or(hit, xp.isnan(win), out=hit)
        xp.logical_and(hit, free, out=hit)
        xp.logical_xor(free, hit, out=free)
        if t == 0:
            firsts = firsts or [(sl, None)]
        yield sl, hit, False
    if firsts and free.any():
        for sl, first in firsts:
            yield sl, free if first is None else free & first, True


def _inside(xp, shape, pads):
    """Which elements of the padded array are real (None without padding)."""
    if not any(lo or hi for lo, hi in pads):
        return None
    return pad(xp, xp.ones(shape, bool), pads, False)


def _disjoint(ksize, strides, dilations) -> bool:
    """Whether no input element belongs to two windows."""
    return all(s >= (k - 1) * d + 1 for k, s, d in zip(ksize, strides, dilations))


def _tiled(ksize, strides, dilations, pads) -> bool:
    """Whether the windows tile the input: stride = window, no dilation, no padding."""
    return tuple(ksize) == tuple(strides) and all(d == 1 for d in dilations) and \
        not any(lo or hi for lo, hi in pads)


def _plus_zero(xp, g):
    """g + 0: turns -0.0 into +0.0 (TF adds each gradient onto a zero), keeps the rest."""
    return g + g.dtype.type(0) if g.dtype.kind == "f" else g


def max_pool_grad(xp, x, y, g, ksize, strides, dilations, pads, outs, relu=False):
    """TF's MaxPoolGrad; `relu`: followed by ReluGrad on the pooled input x (see
    `max_pool_relu_grad` in pool_ops)."""
    if _tiled(ksize, strides, dilations, pads):
        return _tiled_max_pool_grad(xp, x, y, g, ksize, outs, relu)
    if relu:
        dx = max_pool_grad(xp, x, y, g, ksize, strides, dilations, pads, outs)
        return xp.multiply(dx, x > 0, out=dx)
    xpad = pad(xp, x, pads, fill_value(xp, x.dtype))
    inside = _inside(xp, x.shape, pads)
    dx = xp.zeros(xpad.shape, g.dtype)
    disjoint = _disjoint(ksize, strides, dilations)
    gz = _plus_zero(xp, g)

    def route(lo, hi, part_outs):
        gb, dxb = gz[lo:hi], dx[lo:hi]
        picked = None
        for sl, hit, extra in first_max(xp, xpad[lo:hi], y[lo:hi], ksize, strides, dilations,
                                        part_outs, None if inside is None else inside[lo:hi],
                                        tf_grad=True):
            if disjoint and not extra:  # each input element is written once
                select(xp, hit, gb, dxb[sl])
                continue
            picked = select(xp, hit, gb, xp.empty(gb.shape, gb.dtype) if picked is None
                            else picked)
            dst = dxb[sl]
            dst += picked

    _batch_parts(route, ksize, strides, pads, outs, dx.nbytes)
    return crop(dx, pads, x.shape)


def _split(xp, a, ksize, outs):
    """A view of `a` with each axis split into (out, window): the windows of a tiling."""
    shape = tuple(v for o, k in zip(outs, ksize) for v in (o, k))
    steps = tuple(v for st, k in zip(a.strides, ksize) for v in (st * k, st))
    return xp.lib.stride_tricks.as_strided(a, shape, steps)


def _tiled_max_pool_grad(xp, x, y, g, ksize, outs, relu=False):
    """max_pool_grad when the windows tile the input: one comparison of the input's (out,
    window) view against the broadcast maximum gives every tap's hits at once, and one
    bitwise select writes the whole gradient, which needs no zeroing first (measured 1.1-1.3x
    faster than the pass per tap of the general path, on the Keras CNN's 2x2 pooling)."""
    covered = all(o * k == n for o, k, n in zip(outs, ksize, x.shape))
    dx = (xp.empty if covered else xp.zeros)(x.shape, g.dtype)  # uncovered edges stay zero
    expand = tuple(v for o in outs for v in (o, 1))
    taps = list(offsets(ksize))

    def part(lo, hi, part_outs):
        hits = xp.equal(_split(xp, x[lo:hi], ksize, part_outs), y[lo:hi].reshape(
            (hi - lo,) + expand[1:]))
        views = [hits[tuple(v for i in o for v in (slice(None), i))] for o in taps]
        first = _split(xp, x[lo:hi], ksize, part_outs)[tuple(v for _ in outs
                                                             for v in (slice(None), 0))]
        # TF: a window whose first element is NaN routes there (max propagates NaN: a quick
        # test for the rare case)
        nan_first = x.dtype.kind == "f" and first.size and xp.isnan(first.max())
        if nan_first:
            xp.logical_or(views[0], xp.isnan(first), out=views[0])
        gz = _plus_zero(xp, g[lo:hi])
        # relu: ReluGrad on x zeroes every window whose maximum is not positive, whatever
        # the routing, so their ties (all-zero windows after a relu: common) need no sorting
        positive = xp.greater(y[lo:hi], 0) if relu else None
        if not _one_hit_each(xp, views, positive):  # ties, or windows without a hit
            _first_hits(xp, views)
        if relu:
            gz = select(xp, positive, gz, gz)
        gz = gz.reshape((hi - lo,) + expand[1:])
        select(xp, hits, xp.broadcast_to(gz, hits.shape), _split(xp, dx[lo:hi], ksize,
                                                                 part_outs))
        if relu and nan_first:  # routed to a NaN that ReluGrad zeroes: mask as it does
            xp.multiply(dx[lo:hi], x[lo:hi] > 0, out=dx[lo:hi])

    _batch_parts(part, ksize, ksize, ((0, 0),) * len(ksize), outs, dx.nbytes)
    return dx


def _one_hit_each(xp, views, only=None) -> bool:
    """Whether every window (every one where `only`, if given) has exactly one hit (bool
    views, one per tap): then the hits are already the first maxima."""
    if len(views) == 1 or len(views) > 255:  # a byte count would overflow: check the slow way
        return False
    count = xp.add(views[0].view(xp.uint8), views[1].view(xp.uint8))
    for hit in views[2:]:
        count += hit.view(xp.uint8)
    one = count == 1
    if only is not None:
        xp.logical_or(one, xp.logical_not(only), out=one)
    return bool(one.all())


def _first_hits(xp, views) -> None:
    """Keeps each window's first hit only (in tap order), and marks the first tap of windows
    without one, in place."""
    seen = views[0].copy()
    for hit in views[1:]:
        xp.greater(hit, seen, out=hit)  # hit and no earlier hit
        xp.logical_or(seen, hit, out=seen)
    xp.greater_equal(views[0], seen, out=views[0])  # no hit at all: the first tap


def max_pool_grad_grad(xp, x, y, gg, ksize, strides, dilations, pads, outs):
    """The incoming gradient at each window's first maximum (TF gathers it: -0.0 is kept, and
    NaN elsewhere in the window does not leak)."""
    xpad = pad(xp, x, pads, fill_value(xp, x.dtype))
    ggpad = pad(xp, gg, pads)
    out = xp.zeros(y.shape, gg.dtype)
    picked = xp.empty(y.shape, gg.dtype)
    bits = xp.dtype(f"i{gg.dtype.itemsize}")
    inside = _inside(xp, x.shape, pads)
    for sl, hit, _ in first_max(xp, xpad, y, ksize, strides, dilations, outs, inside):
        select(xp, hit, ggpad[sl], picked)
        xp.bitwise_or(out.view(bits), picked.view(bits), out=out.view(bits))  # one hit each
    return out


# --- average pooling -----------------------------------------------------------------------------
def avg_counts(xp, in_sizes, ksize, strides, dilations, pads, outs, dtype):
    """How many real (unpadded) elements each window holds: a scalar without padding, else an
    array that broadcasts against the output (one factor per padded axis)."""
    count, scalar = None, 1
    for axis, (n, k, s, d, (lo, _), m) in enumerate(
            zip(in_sizes, ksize, strides, dilations, pads, outs)):
        taps = (xp.arange(m) * s - lo)[:, None] + xp.arange(k)[None, :] * d
        per = ((taps >= 0) & (taps < n)).sum(axis=1)
        if bool((per == k).all()):
            scalar *= k
            continue
        shape = [1] * len(outs)
        shape[axis] = m
        factor = per.reshape(shape).astype(dtype)
        count = factor if count is None else count * factor
    return dtype.type(scalar) if count is None else count * dtype.type(scalar)


def avg_pool(xp, x, ksize, strides, dilations, pads, outs):
    xpad = pad(xp, x, pads)
    acc = None
    for o in offsets(ksize):
        win = xpad[windows(o, strides, dilations, outs)]
        if acc is None:
            acc = win.copy()
        else:
            acc += win
    acc /= avg_counts(xp, x.shape, ksize, strides, dilations, pads, outs, x.dtype)
    return acc


def avg_pool_grad(xp, g, input_shape, ksize, strides, dilations, pads):
    outs = g.shape
    g = g / avg_counts(xp, input_shape, ksize, strides, dilations, pads, outs, g.dtype)
    padded = tuple(n + lo + hi for n, (lo, hi) in zip(input_shape, pads))
    dx = xp.zeros(padded, g.dtype)
    for o in offsets(ksize):
        dst = dx[windows(o, strides, dilations, outs)]
        dst += g
    return crop(dx, pads, input_shape)
