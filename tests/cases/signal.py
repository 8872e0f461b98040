"""Cases for the tf.signal primitives (fluxion/signal): fft/ifft, rfft/irfft, frame and
overlap_add. FFT cases have complex inputs or outputs, which the registry walker's finite
differences cannot probe (grad=False): their gradients are checked through real compositions
(tf.complex -> op -> tf.math.real / imag / abs) in tests/test_signal.py."""
import numpy as np

import fluxion.signal  # noqa: F401 - registers the primitives
from tests.opcheck import Case

R = np.random.default_rng(11)


def _c(shape, dtype=np.complex64):
    return (R.standard_normal(shape) + 1j * R.standard_normal(shape)).astype(dtype)


F32 = R.standard_normal((3, 5)).astype(np.float32)
F64 = R.standard_normal((2, 3, 4))
C64 = _c((3, 5))
C128 = _c((2, 3, 4), np.complex128)
NOTE = "complex input or output: gradients checked in tests/test_signal.py"


def _fftn(x, rank, inverse=False):
    axes = tuple(range(-rank, 0))
    out = np.fft.ifftn(x, axes=axes) if inverse else np.fft.fftn(x, axes=axes)
    return out.astype(x.dtype)


def _rfftn(length):
    def ref(x):
        out = np.fft.rfftn(x.astype(np.float64), s=length, axes=tuple(range(-len(length), 0)))
        return out.astype(np.complex64 if x.dtype == np.float32 else np.complex128)
    return ref


def _irfftn(length):
    def ref(z):
        out = np.fft.irfftn(z.astype(np.complex128), s=length,
                            axes=tuple(range(-len(length), 0)))
        return out.astype(np.float32 if z.dtype == np.complex64 else np.float64)
    return ref


def _frame_ref(length, step, axis, pad_end=False, pad_value=0):
    def ref(x):
        n = x.shape[axis]
        if pad_end:
            count = -(-n // step)
            total = max(n, (count - 1) * step + length) if count else n
            widths = [(0, 0)] * x.ndim
            widths[axis] = (0, total - n)
            x = np.pad(x, widths, constant_values=pad_value)
            n = total
        count = max(0, 1 + (n - length) // step)
        moved = np.moveaxis(x, axis, -1)
        frames = [moved[..., i * step:i * step + length] for i in range(count)]
        out = np.stack(frames, -2) if frames else np.zeros(moved.shape[:-1] + (0, length),
                                                            x.dtype)
        return np.moveaxis(out, (-2, -1), (axis, axis + 1))
    return ref


def _overlap_ref(length, step, axis, total):
    def ref(frames):
        moved = np.moveaxis(frames, (axis, axis + 1), (-2, -1))
        natural = max(0, (moved.shape[-2] - 1) * step + length)
        size = natural if total is None else total
        out = np.zeros(moved.shape[:-2] + (max(size, natural),), frames.dtype)
        for f in range(moved.shape[-2]):
            out[..., f * step:f * step + length] += moved[..., f, :]
        return np.moveaxis(out[..., :size], -1, axis)
    return ref


def _frame_grad_case(g, x, length, step, axis, pad_end):
    def ref(g, x):
        total = x.shape[axis]
        out = _overlap_ref(length, step, axis, total + length + step)(g)
        return np.moveaxis(np.moveaxis(out, axis, -1)[..., :total], -1, axis)
    attrs = {"frame_length": length, "frame_step": step, "axis": axis, "pad_end": pad_end}
    return Case("frame_grad", [g, x], attrs, ref=ref, grad_argnums=(0,))


def _oa_case(frames, length, step, axis, total, **kw):
    attrs = {"frame_length": length, "frame_step": step, "axis": axis, "length": total}
    return Case("overlap_add", [frames], attrs, ref=_overlap_ref(length, step, axis, total), **kw)


CASES = [
    Case("fft", [C64], {"rank": 1}, ref=lambda x: _fftn(x, 1), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("fft", [C128], {"rank": 2}, ref=lambda x: _fftn(x, 2), grad=False, note=NOTE),
    Case("fft", [C128], {"rank": 3}, ref=lambda x: _fftn(x, 3), grad=False, note=NOTE),
    Case("fft", [np.zeros((2, 0), np.complex64)], {"rank": 1}, ref=lambda x: x, grad=False),
    Case("ifft", [C64], {"rank": 1}, ref=lambda x: _fftn(x, 1, True), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("ifft", [C128], {"rank": 2}, ref=lambda x: _fftn(x, 2, True), grad=False, note=NOTE),
    Case("ifft", [C128], {"rank": 3}, ref=lambda x: _fftn(x, 3, True), grad=False, note=NOTE),
    Case("rfft", [F32], {"fft_length": (5,)}, ref=_rfftn((5,)), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("rfft", [F32], {"fft_length": (8,)}, ref=_rfftn((8,)), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("rfft", [F32], {"fft_length": (3,)}, ref=_rfftn((3,)), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("rfft", [F64], {"fft_length": (3, 4)}, ref=_rfftn((3, 4)), grad=False, note=NOTE),
    Case("rfft", [F64], {"fft_length": (2, 5, 6)}, ref=_rfftn((2, 5, 6)), grad=False,
         note=NOTE),
    Case("rfft", [np.zeros((0, 4), np.float32)], {"fft_length": (4,)}, ref=_rfftn((4,)),
         grad=False),
    Case("irfft", [C64], {"fft_length": (8,)}, ref=_irfftn((8,)), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("irfft", [C64], {"fft_length": (5,)}, ref=_irfftn((5,)), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("irfft", [C64], {"fft_length": (12,)}, ref=_irfftn((12,)), grad=False, rtol=1e-4,
         atol=1e-5, note=NOTE),
    Case("irfft", [C128], {"fft_length": (3, 6)}, ref=_irfftn((3, 6)), grad=False,
         note=NOTE),
    Case("irfft", [C128], {"fft_length": (4, 2, 7)}, ref=_irfftn((4, 2, 7)), grad=False,
         note=NOTE),
    Case("frame", [F32], {"frame_length": 2, "frame_step": 1, "axis": 1}, ref=_frame_ref(2, 1, 1)),
    Case("frame", [F32], {"frame_length": 3, "frame_step": 2, "axis": 0}, ref=_frame_ref(3, 2, 0)),
    Case("frame", [F64], {"frame_length": 2, "frame_step": 2, "axis": 1}, ref=_frame_ref(2, 2, 1)),
    Case("frame", [F64], {"frame_length": 3, "frame_step": 1, "axis": 2}, ref=_frame_ref(3, 1, 2)),
    Case("frame", [F32], {"frame_length": 6, "frame_step": 1, "axis": 1}, ref=_frame_ref(6, 1, 1)),
    Case("frame", [F32], {"frame_length": 0, "frame_step": 2, "axis": 1}, ref=_frame_ref(0, 2, 1)),
    Case("frame", [np.arange(10, dtype=np.int32)], {"frame_length": 4, "frame_step": 3, "axis": 0},
         ref=_frame_ref(4, 3, 0)),
    Case("frame", [C64], {"frame_length": 2, "frame_step": 2, "axis": 1}, ref=_frame_ref(2, 2, 1),
         grad=False, note=NOTE),
    Case("frame", [F32], {"frame_length": 2, "frame_step": 2, "axis": 1, "pad_end": True,
                          "pad_value": 0.5}, ref=_frame_ref(2, 2, 1, True, 0.5)),
    Case("frame", [F64], {"frame_length": 3, "frame_step": 2, "axis": 1, "pad_end": True},
         ref=_frame_ref(3, 2, 1, True)),
    Case("frame", [F32[:, :2]], {"frame_length": 4, "frame_step": 3, "axis": 1, "pad_end": True,
                                 "pad_value": -1.0}, ref=_frame_ref(4, 3, 1, True, -1.0)),
    Case("frame", [np.zeros((2, 0), np.float32)],
         {"frame_length": 4, "frame_step": 3, "axis": 1, "pad_end": True},
         ref=_frame_ref(4, 3, 1, True)),
    _frame_grad_case(R.standard_normal((2, 2, 2, 4)), F64, 2, 1, 1, False),
    _frame_grad_case(R.standard_normal((2, 2, 3, 4)), F64, 3, 2, 1, True),
    _frame_grad_case(R.standard_normal((2, 2, 5)).astype(np.float32), F32, 2, 2, 0, True),
    _frame_grad_case(R.standard_normal((3, 0, 6)).astype(np.float32), F32, 6, 1, 1, False),
    _oa_case(F32, 5, 2, 0, None),
    _oa_case(F64, 4, 3, 1, None),
    _oa_case(F32, 5, 2, 0, 9),
    _oa_case(F32, 5, 5, 0, 15),
    _oa_case(F32, 5, 7, 0, 19),
    _oa_case(F32, 5, 2, 0, 12),
    _oa_case(F64, 4, 3, 1, 10),
    _oa_case(F64, 3, 1, 0, 4),
    _oa_case(np.zeros((2, 0, 3), np.float32), 3, 2, 1, 1),
    _oa_case(np.arange(12, dtype=np.int32).reshape(3, 4), 4, 3, 0, 10),
    _oa_case(C64, 5, 3, 0, 11, grad=False, note=NOTE),
]
