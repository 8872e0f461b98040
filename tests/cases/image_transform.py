"""Cases for the projective image transform (TF's ImageProjectiveTransformV3), its adjoint and
the per-image uniform draws (fluxion/keras/layers/preprocessing/image_transform.py).

References are NumPy computations of transforms with a closed form: whole-pixel translations
(shifted slices), 90-degree rotations (np.rot90), flips, and the fill modes on 1-D rows.
Exact agreement with TensorFlow itself is pinned in tests/fixtures/keras_image_layers.json.
"""
import numpy as np

import fluxion.keras.layers.preprocessing.image_transform  # noqa: F401 - registers the ops
from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(7)
IMG = R.standard_normal((2, 4, 5, 3)).astype(np.float32)
SQ = R.standard_normal((1, 4, 4, 2)).astype(np.float32)
U8 = R.integers(0, 255, (1, 3, 4, 1)).astype(np.uint8)
ROW = np.arange(1, 5, dtype=np.float32).reshape(1, 1, 4, 1)  # a b c d = 1 2 3 4


def shift(dx, dy):
    return np.array([[1, 0, dx, 0, 1, dy, 0, 0]], np.float32)


def translate_ref(dx, dy, fill=0.0):
    """out[y, x] = in[y + dy, x + dx] (whole pixels), `fill` outside."""
    def ref(images, *_rest):
        out = np.full_like(images, fill)
        _, h, w, _ = images.shape
        ys, xs = slice(max(0, -dy), min(h, h - dy)), slice(max(0, -dx), min(w, w - dx))
        ys_in = slice(ys.start + dy, ys.stop + dy)
        xs_in = slice(xs.start + dx, xs.stop + dx)
        out[:, ys, xs] = images[:, ys_in, xs_in]
        return out
    return ref


def row_ref(expected):
    return lambda images, _t: np.array(expected, np.float32).reshape(1, 1, -1, 1)


ROT90 = np.array([[0, -1, 3, 1, 0, 0, 0, 0]], np.float32)  # out[y, x] = in[x, 3 - y]
FLIP_X = np.array([[-1, 0, 4, 0, 1, 0, 0, 0]], np.float32)


def attrs(interpolation="BILINEAR", fill_mode="CONSTANT", fill_value=0.0, output_shape=None):
    return {"output_shape": output_shape, "fill_value": fill_value,
            "interpolation": interpolation, "fill_mode": fill_mode}


OP = "image_projective_transform_v3"
CASES = [
    Case(OP, [IMG, shift(1, 2)], attrs(), ref=translate_ref(1, 2), grad_argnums=(0,)),
    Case(OP, [IMG, shift(-2, 1)], attrs("NEAREST", fill_value=0.5),
         ref=translate_ref(-2, 1, 0.5), grad_argnums=(0,)),
    Case(OP, [IMG, np.repeat(shift(0, -1), 2, 0)], attrs(), ref=translate_ref(0, -1),
         grad_argnums=(0,)),
    Case(OP, [SQ, ROT90], attrs(), ref=lambda im, t: np.rot90(im, 1, axes=(1, 2)),
         grad_argnums=(0,)),
    Case(OP, [IMG, FLIP_X], attrs("NEAREST"), ref=lambda im, t: im[:, :, ::-1],
         grad_argnums=(0,)),
    Case(OP, [U8, shift(1, 0)], attrs(), ref=translate_ref(1, 0), grad=False),
    Case(OP, [ROW, shift(-3, 0)], attrs(fill_mode="REFLECT"),
         ref=row_ref([3, 2, 1, 1]), grad_argnums=(0,)),
    Case(OP, [ROW, shift(3, 0)], attrs(fill_mode="REFLECT"),
         ref=row_ref([4, 4, 3, 2]), grad_argnums=(0,)),
    Case(OP, [ROW, shift(-1, 0)], attrs(fill_mode="WRAP"), ref=row_ref([4, 1, 2, 3]),
         grad_argnums=(0,)),
    Case(OP, [ROW, shift(-3, 0)], attrs(fill_mode="NEAREST"), ref=row_ref([1, 1, 1, 1]),
         grad_argnums=(0,)),
    Case(OP, [ROW, shift(0.5, 0)], attrs(), ref=row_ref([1.5, 2.5, 3.5, 2]),
         grad_argnums=(0,)),
    Case(OP, [ROW, shift(0.5, 0)], attrs("NEAREST"), ref=row_ref([2, 3, 4, 0]),
         grad_argnums=(0,), note="half a pixel rounds away from zero"),
    Case(OP, [ROW, shift(1, 0)], attrs(output_shape=(1, 2)), ref=row_ref([2, 3]),
         grad_argnums=(0,)),
    Case(OP, [IMG[:0], shift(1, 1)], attrs(), ref=lambda im, t: im, grad=False),
    Case(OP, [IMG, R.standard_normal((2, 8)).astype(np.float32) * 0.3
              + np.array([1, 0, 0, 0, 1, 0, 0, 0], np.float32)],
         attrs(fill_mode="REFLECT"), ref=None, grad_argnums=(0,),
         note="a general projective map: gradient (adjoint) and inference only"),
    Case("image_projective_transform_adjoint",
         [IMG, shift(1, 2), np.zeros_like(IMG)],
         {"output_shape": None, "interpolation": "BILINEAR", "fill_mode": "CONSTANT"},
         ref=translate_ref(-1, -2), grad_argnums=(0,)),
    Case("image_projective_transform_adjoint",
         [SQ, ROT90, np.zeros_like(SQ)],
         {"output_shape": None, "interpolation": "NEAREST", "fill_mode": "REFLECT"},
         ref=lambda g, t, im: np.rot90(g, -1, axes=(1, 2)), grad_argnums=(0,)),
    Case("random_uniform_per_image", [IMG, np.array([3, 4, 5], np.uint64)],
         {"tail": (1,), "minval": 2.0, "maxval": 2.0, "dtype": dtypes.float32,
          "batched": True},
         ref=lambda im, s: np.full((2, 1), 2.0, np.float32), grad=False),
    Case("random_uniform_per_image", [IMG, np.array([3, 4, 5], np.uint64)],
         {"tail": (), "minval": -1.0, "maxval": -1.0, "dtype": dtypes.float64,
          "batched": False},
         ref=lambda im, s: np.float64(-1.0), grad=False),
]

WIDE = R.standard_normal((2, 3, 8, 2)).astype(np.float32)


def crop_attrs(target, axes, mode="aspect32"):
    return {"target": target, "axes": axes, "mode": mode}


def uncrop(window):
    def ref(g, images):
        out = np.zeros(images.shape, g.dtype)
        out[window] = g
        return out
    return ref


CASES += [
    Case("crop_to_aspect_ratio", [WIDE], crop_attrs((2, 2), (1, 2)),
         ref=lambda x: x[:, :, 2:5], note="3x8 -> the central 3x3"),
    Case("crop_to_aspect_ratio", [WIDE[0]], crop_attrs((4, 2), (0, 1), "aspect"),
         ref=lambda x: x[:, 3:4], note="3x8 at 2:1 -> crop width 1"),
    Case("crop_to_aspect_ratio", [U8[0]], crop_attrs((3, 4), (0, 1)), ref=lambda x: x,
         grad=False),
    Case("crop_to_aspect_ratio", [WIDE], crop_attrs((2, 5), (1, 2), "center"),
         ref=lambda x: x[:, 0:2, 1:6], note="the centred 2x5 window"),
    Case("crop_to_aspect_ratio", [WIDE], crop_attrs((9, 3), (1, 2), "center"),
         ref=lambda x: x[:, :, 2:5], note="a window larger than the image is clipped"),
    Case("crop_to_aspect_ratio_grad", [WIDE[:, :, 2:5], WIDE], crop_attrs((2, 2), (1, 2)),
         ref=uncrop((slice(None), slice(None), slice(2, 5))), grad_argnums=(0,)),
    Case("crop_to_aspect_ratio_grad", [IMG[0, :2, :2], np.zeros((2, 8, 3), np.float32)],
         crop_attrs((1, 1), (0, 1)), ref=uncrop((slice(0, 2), slice(3, 5))),
         grad_argnums=(0,), note="2x8 at 1:1 -> columns 3:5"),
]


def pad_ref(top, left, fill):
    def ref(x):
        widths = [(0, 0), (top, top), (left, left), (0, 0)]
        return np.pad(x, widths, constant_values=fill)
    return ref


def pad_attrs(target, fill=0.0):
    return {"target": target, "axes": (1, 2), "fill_value": fill}


CASES += [
    Case("pad_to_aspect_ratio", [WIDE], pad_attrs((1, 1), -2.0), ref=pad_ref(2, 0, -2.0),
         note="3x8 -> 7x8 (pads 2 rows on each side, as Keras)"),
    Case("pad_to_aspect_ratio", [IMG], pad_attrs((2, 1)), ref=pad_ref(3, 0, 0.0)),
    Case("pad_to_aspect_ratio", [IMG], pad_attrs((1, 4)), ref=pad_ref(0, 5, 0.0)),
    Case("pad_to_aspect_ratio", [U8], pad_attrs((3, 4), 7.0), ref=pad_ref(0, 0, 7), grad=False),
    Case("pad_to_aspect_ratio_grad", [pad_ref(2, 0, 0.0)(WIDE), WIDE], pad_attrs((1, 1)),
         ref=lambda g, x: g[:, 2:5], grad_argnums=(0,)),
]

CASES += [
    Case("image_layer_seed", [], {"key": 5, "stream": 10**9}, ref=None, grad=False,
         note="stateful: each call counts up (values in tests/keras/test_image_layers.py)"),
]
