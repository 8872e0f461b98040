"""Cases for the tf.image primitives: resize, windows, codecs, files and box ops."""
import numpy as np

import fluxion.image  # registers the image primitives
from tests.opcheck import Case

R = np.random.default_rng(7)
IMG = R.standard_normal((2, 4, 5, 3)).astype(np.float32)
SMALL = R.standard_normal((1, 3, 4, 2)).astype(np.float32)
U8 = R.integers(0, 256, (1, 3, 4, 2)).astype(np.uint8)


def _bilinear_ref(size):
    """Direct half-pixel bilinear interpolation (independent of the weight matrices)."""
    def ref(x):
        out = x.astype(np.float64)
        for axis, n in ((1, size[0]), (2, size[1])):
            m = out.shape[axis]
            pos = (np.arange(n) + 0.5) * (m / n) - 0.5
            lo = np.floor(pos)
            frac = pos - lo
            i0 = np.clip(lo.astype(int), 0, m - 1)
            i1 = np.clip(lo.astype(int) + 1, 0, m - 1)
            shape = [1, 1, 1, 1]
            shape[axis] = n
            frac = frac.reshape(shape)
            out = np.take(out, i0, axis) * (1 - frac) + np.take(out, i1, axis) * frac
        return out.astype(np.float32 if x.dtype != np.float64 else np.float64)
    return ref


def _nearest_ref(size):
    def ref(x):
        iy = np.minimum(np.floor((np.arange(size[0]) + 0.5) * x.shape[1] / size[0]), x.shape[1] - 1)
        ix = np.minimum(np.floor((np.arange(size[1]) + 0.5) * x.shape[2] / size[1]), x.shape[2] - 1)
        return x[:, iy.astype(int)][:, :, ix.astype(int)]
    return ref


def _backprop_ref(method, antialias):
    """The adjoint of resize, by columns of the forward map (ones-hot images)."""
    def ref(g, x):
        from fluxion.image import resize_kernels
        n, h, w, c = x.shape
        eye = np.eye(h * w).reshape(h * w, h, w, 1)
        cols = np.asarray(resize_kernels.resize(eye, size=g.shape[1:3], method=method,
                                                antialias=antialias), np.float64)
        m = cols.reshape(h * w, -1)  # [in pixel, out pixel]
        gg = np.moveaxis(g, 3, 1).reshape(n, c, -1).astype(np.float64)
        out = np.einsum("ncq,pq->ncp", gg, m).reshape(n, c, h, w)
        return np.moveaxis(out, 1, 3).astype(x.dtype)
    return ref


def _resize(x, size, method, antialias=False, **kw):
    return Case("resize", [x], {"size": size, "method": method, "antialias": antialias}, **kw)


CASES = [
    _resize(IMG, (3, 7), "bilinear", ref=_bilinear_ref((3, 7))),
    _resize(IMG, (8, 2), "bilinear", ref=_bilinear_ref((8, 2))),
    _resize(IMG.astype(np.float64), (1, 1), "bilinear", ref=_bilinear_ref((1, 1))),
    _resize(U8, (5, 5), "bilinear", ref=_bilinear_ref((5, 5)), grad=False),
    _resize(IMG, (6, 3), "nearest", ref=_nearest_ref((6, 3))),
    _resize(U8, (2, 9), "nearest", ref=_nearest_ref((2, 9))),
    _resize(IMG, (6, 7), "bicubic"),
    _resize(IMG, (2, 3), "bicubic"),
    _resize(IMG, (3, 3), "area"),
    _resize(IMG, (6, 7), "area"),
    _resize(IMG, (2, 3), "bilinear", True),
    _resize(IMG, (2, 3), "bicubic", True),
    _resize(SMALL, (5, 2), "lanczos3", True),
    _resize(SMALL, (5, 2), "lanczos5", False),
    _resize(SMALL, (2, 6), "gaussian", True),
    _resize(SMALL, (2, 6), "mitchellcubic", True),
    _resize(np.zeros((0, 3, 4, 2), np.float32), (2, 2), "bilinear",
            ref=lambda x: np.zeros((0, 2, 2, 2), np.float32)),
    Case("resize_backprop", [R.standard_normal((1, 5, 3, 2)).astype(np.float32), SMALL],
         {"method": "bilinear", "antialias": False}, ref=_backprop_ref("bilinear", False),
         grad_argnums=(0,)),
    Case("resize_backprop", [R.standard_normal((1, 2, 6, 2)).astype(np.float32), SMALL],
         {"method": "bicubic", "antialias": False}, ref=_backprop_ref("bicubic", False),
         grad_argnums=(0,)),
    Case("resize_backprop", [R.standard_normal((1, 4, 4, 2)).astype(np.float32), SMALL],
         {"method": "nearest", "antialias": False}, ref=_backprop_ref("nearest", False),
         grad_argnums=(0,)),
    Case("resize_backprop", [R.standard_normal((1, 2, 2, 2)).astype(np.float32), SMALL],
         {"method": "lanczos3", "antialias": True}, ref=_backprop_ref("lanczos3", True),
         grad_argnums=(0,)),
]

# --- codecs, files, non-max suppression ---------------------------------------------------------
import os
import tempfile

from fluxion.core import dtypes
from fluxion.image import jpeg as _jpeg
from fluxion.image import jpeg_encode as _jpeg_encode
from fluxion.image import png as _png

PIX = R.integers(0, 256, (3, 4, 3)).astype(np.uint8)
PIX16 = R.integers(0, 65536, (2, 3, 1)).astype(np.uint16)
PNG = np.array(_png.encode(PIX), dtype=object)
_FILE = os.path.join(tempfile.mkdtemp(prefix="fluxion_case_"), "bytes.bin")
with open(_FILE, "wb") as _f:
    _f.write(b"\x00case bytes\xff")
NMS_BOXES = np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 3, 1, 4], [0, 3.05, 1, 4]], np.float32)
NMS_SCORES = np.array([0.7, 0.8, 0.6, 0.9], np.float32)


def _decode(channels=0, dtype=dtypes.uint8, kind="png", animations=True):
    return {"channels": channels, "dtype": dtype, "kind": kind, "animations": animations}



CASES += [
    Case("decode_image", [PNG], _decode(), ref=lambda s: PIX, grad=False),
    Case("decode_image", [PNG], _decode(4), ref=lambda s: np.concatenate(
        [PIX, np.full((3, 4, 1), 255, np.uint8)], -1), grad=False),
    Case("decode_image", [PNG], _decode(0, dtypes.uint16),
         ref=lambda s: PIX.astype(np.uint16) * np.uint16(257), grad=False),
    Case("decode_image", [PNG], _decode(0, dtypes.float32, "image"),
         ref=lambda s: PIX.astype(np.float32) * np.float32(1 / 255), grad=False),
    Case("encode_png", [PIX], {"compression": -1},
         ref=lambda x: np.array(_png.encode(x), dtype=object), grad=False),
    Case("encode_png", [PIX16], {"compression": 9},
         ref=lambda x: np.array(_png.encode(x, 9), dtype=object), grad=False),
    Case("is_jpeg", [PNG], ref=lambda s: np.array(False), grad=False),
    Case("is_jpeg", [np.array(b"\xff\xd8\xff\xe0", dtype=object)], ref=lambda s: np.array(True),
         grad=False),
    Case("read_file", [np.array(_FILE.encode(), dtype=object)],
         ref=lambda f: np.array(b"\x00case bytes\xff", dtype=object), grad=False),
    Case("write_file", [np.array(_FILE.encode() + b".out", dtype=object),
                        np.array(b"written", dtype=object)],
         ref=lambda f, c: np.zeros(0, np.int32), grad=False),
    Case("non_max_suppression", [NMS_BOXES, NMS_SCORES],
         {"max_output_size": 3, "iou_threshold": 0.5, "score_threshold": float("-inf"),
          "soft_nms_sigma": 0.0},
         ref=lambda b, s: (np.array([3, 1], np.int32), np.array([0.9, 0.8], np.float32)),
         grad=False),
    Case("non_max_suppression", [NMS_BOXES, NMS_SCORES],
         {"max_output_size": 1, "iou_threshold": 0.5, "score_threshold": 0.95,
          "soft_nms_sigma": 0.0},
         ref=lambda b, s: (np.zeros(0, np.int32), np.zeros(0, np.float32)), grad=False),
]

CASES += [
    Case("encode_jpeg", [PIX], {"quality": 90, "chroma_downsampling": True, "channels": 0},
         ref=lambda x: np.array(_jpeg_encode.encode(x, 90, True), dtype=object), grad=False),
    Case("encode_jpeg", [PIX[..., :1]], {"quality": 50, "chroma_downsampling": False,
                                         "channels": 1},
         ref=lambda x: np.array(_jpeg_encode.encode(x, 50, False), dtype=object), grad=False),
    Case("decode_image", [np.array(_jpeg_encode.encode(PIX, 95, False), dtype=object)],
         _decode(0, dtypes.uint8, "jpeg"),
         ref=lambda s: _jpeg.decode(s.item()), grad=False),
]

JPG = np.array(_jpeg_encode.encode(PIX, 95, True), dtype=object)
CASES += [
    Case("extract_jpeg_shape", [JPG], {"dtype": dtypes.int32},
         ref=lambda s: np.array([3, 4, 3], np.int32), grad=False),
    Case("extract_jpeg_shape", [JPG], {"dtype": dtypes.int64},
         ref=lambda s: np.array([3, 4, 3], np.int64), grad=False),
    Case("decode_and_crop_jpeg", [JPG, np.array([0, 0, 3, 4], np.int32)],
         {"channels": 0, "fast": True}, ref=lambda s, w: _jpeg.decode(s.item()), grad=False),
    Case("decode_and_crop_jpeg", [JPG, np.array([1, 0, 2, 2], np.int32)],
         {"channels": 1, "fast": False}, grad=False,
         ref=lambda s, w: _jpeg.decode(s.item(), False, True, (0, 2))[1:3, :2]),
    Case("jpeg_requality", [PIX, np.array(60, np.int32)],
         ref=lambda x, q: _jpeg.decode(_jpeg_encode.encode(x, 60, True)), grad=False),
]

COMB_BOXES = np.array([[[[0, 0, 1, 1]], [[0, 0.1, 1, 1.1]], [[0, 2, 1, 3]]]], np.float32)
COMB_SCORES = np.array([[[0.9, 0.1], [0.8, 0.7], [0.3, 0.95]]], np.float32)


def _drawn(images, boxes, colors):
    out = images.copy()
    out[0, 0, 0:4] = colors[0]  # box [0, 0, 0.75, 0.75] of a 5x5 image: rows/cols 0..3
    out[0, 3, 0:4] = colors[0]
    out[0, 0:4, 0] = colors[0]
    out[0, 0:4, 3] = colors[0]
    return out


CASES += [
    Case("combined_non_max_suppression", [COMB_BOXES, COMB_SCORES],
         {"per_class": 2, "total": 4, "iou_threshold": 0.5, "score_threshold": float("-inf"),
          "pad_per_class": False, "clip": True}, grad=False,
         ref=lambda b, s: (np.array([[[0, 1, 1, 1], [0, 0, 1, 1], [0, 0.1, 1, 1], [0, 1, 1, 1]]],
                                    np.float32), np.array([[0.95, 0.9, 0.7, 0.3]], np.float32),
                           np.array([[1, 0, 1, 0]], np.float32), np.array([4], np.int32))),
    Case("draw_bounding_boxes", [np.zeros((1, 5, 5, 2), np.float32),
                                 np.array([[[0, 0, 0.75, 0.75]]], np.float32),
                                 np.array([[0.5, 1.0]], np.float32)], ref=_drawn, grad=False),
    Case("sample_distorted_bounding_box", [np.array([40, 60, 3], np.int32),
                                           np.zeros((1, 0, 4), np.float32),
                                           np.array([1, 2], np.int32)],
         {"covered": 0.1, "ratios": (0.75, 1.33), "areas": (1.0, 1.0), "attempts": 10,
          "use_image": True}, grad=False,
         ref=lambda *a: (np.array([0, 0, 0], np.int32), np.array([40, 60, -1], np.int32),
                         np.array([[[0, 0, 1, 1]]], np.float32)),
         note="area_range (1, 1) leaves only the whole image (the ratio cannot be 1.5)"),
]

WIN = R.standard_normal((2, 5, 4, 3)).astype(np.float32)


def _window(mode, target, param, **kw):
    return {"mode": mode, "target": target, "param": param, **kw}


def _crop_or_pad_ref(x):  # 5x4 -> 3x6: crop rows 1..3, pad one column each side
    out = np.zeros((2, 3, 6, 3), x.dtype)
    out[:, :, 1:5] = x[:, 1:4]
    return out


CASES += [
    Case("place_window", [WIN], _window("crop_or_pad", (3, 6), None), ref=_crop_or_pad_ref),
    Case("place_window", [WIN], _window("pad_to", (7, 6), (1, 2)),
         ref=lambda x: np.pad(x, ((0, 0), (1, 1), (2, 0), (0, 0)))),
    Case("place_window", [WIN], _window("crop_to", (2, 3), (2, 1)),
         ref=lambda x: x[:, 2:4, 1:4]),
    Case("place_window", [WIN], _window("central", (0, 0), 0.5), ref=lambda x: x[:, 1:4, 1:3]),
    Case("place_window", [WIN], _window("resize_pad", (6, 6), None, method="bilinear",
                                        antialias=False)),
    Case("place_window", [U8], _window("resize_pad", (4, 6), None, method="nearest",
                                       antialias=False), grad=False),
    Case("place_window_grad", [R.standard_normal((2, 3, 6, 3)).astype(np.float32), WIN],
         _window("crop_or_pad", (3, 6), None), grad_argnums=(0,),
         ref=lambda g, x: np.pad(g[:, :, 1:5], ((0, 0), (1, 1), (0, 0), (0, 0)))),
    Case("place_window_grad", [R.standard_normal((2, 6, 6, 3)).astype(np.float32), WIN],
         _window("resize_pad", (6, 6), None, method="bicubic", antialias=False),
         grad_argnums=(0,)),
]
CASES += [
    Case("place_window", [WIN], _window("resize_fit", (10, 4), None, method="area",
                                        antialias=False),
         ref=lambda x: np.asarray(fluxion.image.resize_kernels.resize(
             x, size=(5, 4), method="area", antialias=False))),
]
CASES += [
    Case("resize_to", [IMG, np.array([3, 7], np.int32)], {"method": "bilinear",
                                                          "antialias": False},
         ref=lambda x, s: _bilinear_ref((3, 7))(x)),
    Case("resize_to", [U8, np.array([2, 9], np.int64)], {"method": "nearest", "antialias": False},
         ref=lambda x, s: _nearest_ref((2, 9))(x)),
]
