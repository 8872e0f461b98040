"""Box ops: crop_and_resize (a composite: differentiable w.r.t. image and boxes) and greedy
non-max suppression (a primitive; its output length depends on the values)."""
from __future__ import annotations

import collections

import numpy as np

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops._util import shape_of, static_value

__all__ = [
    "combined_non_max_suppression",
    "crop_and_resize",
    "draw_bounding_boxes",
    "non_max_suppression",
    "non_max_suppression_padded",
    "non_max_suppression_with_scores",
    "sample_distorted_bounding_box",
    "stateless_sample_distorted_bounding_box",
]


def _tensor(x, dtype=None) -> Tensor:
    if isinstance(x, Tensor):
        return x if dtype is None or x.dtype == dtype else tf.cast(x, dtype)
    return convert_to_tensor(x, dtype)


def _sample_grid(lo: Tensor, hi: Tensor, size: int, extent: int) -> Tensor:
    """Sample positions (boxes, size) in pixels for normalised box edges `lo`, `hi`."""
    top = float(extent - 1)
    if size > 1:
        steps = tf.range(size, dtype=dtypes.float32)[None, :]
        return lo[:, None] * top + steps * ((hi - lo) * top / (size - 1))[:, None]
    return (0.5 * (lo + hi) * top)[:, None]


def crop_and_resize(image, boxes, box_indices, crop_size, method="bilinear",
                    extrapolation_value=0.0, name=None) -> Tensor:
    """Crops boxes ([y1, x1, y2, x2], normalised) from a batch of images and resizes each crop
    to `crop_size` (bilinear or nearest sampling, align-corners style, as TF)."""
    image = _tensor(image)
    if image.shape.rank != 4:
        raise ValueError(f"input image must be 4-D, got shape {image.shape}")
    if method not in ("bilinear", "nearest"):
        raise ValueError(f"method must be 'bilinear' or 'nearest', got {method!r}")
    image = tf.cast(image, dtypes.float32)
    boxes = _tensor(boxes, dtypes.float32)
    box_indices = tf.cast(_tensor(box_indices), dtypes.int32)
    ch, cw = (int(v) for v in static_value(crop_size, "crop_size"))
    if ch <= 0 or cw <= 0:
        raise InvalidArgumentError("crop dimensions must be positive")
    n, h, w, c = shape_of(image)
    ys = _sample_grid(boxes[:, 0], boxes[:, 2], ch, h)  # (B, ch)
    xs = _sample_grid(boxes[:, 1], boxes[:, 3], cw, w)  # (B, cw)
    valid = tf.logical_and(
        tf.logical_and(ys >= 0, ys <= h - 1)[:, :, None],
        tf.logical_and(xs >= 0, xs <= w - 1)[:, None, :])
    flat = tf.reshape(image, [n * h * w, c])
    base = box_indices[:, None, None] * (h * w)

    def at(yi, xi):  # pixels (B, ch, cw, C) at integer rows (B, ch) and columns (B, cw)
        yi = tf.cast(tf.clip_by_value(yi, 0.0, float(h - 1)), dtypes.int32)
        xi = tf.cast(tf.clip_by_value(xi, 0.0, float(w - 1)), dtypes.int32)
        return tf.gather(flat, base + yi[:, :, None] * w + xi[:, None, :])

    if method == "nearest":
        out = at(tf.floor(ys + 0.5), tf.floor(xs + 0.5))
    else:
        y0, x0 = tf.floor(ys), tf.floor(xs)
        ylerp = (ys - y0)[:, :, None, None]
        xlerp = (xs - x0)[:, None, :, None]
        y1, x1 = tf.math.ceil(ys), tf.math.ceil(xs)
        top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * xlerp
        bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * xlerp
        out = top + (bottom - top) * ylerp
    fill = tf.fill(tf.shape(out), tf.constant(extrapolation_value, dtypes.float32))
    return tf.where(valid[..., None], out, fill)


# --- non-max suppression ---------------------------------------------------------------------
def _iou(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """IoU of one box with many ([y1, x1, y2, x2], corners in any order); 0 for empty boxes."""
    def norm(b):
        return (np.minimum(b[..., 0], b[..., 2]), np.minimum(b[..., 1], b[..., 3]),
                np.maximum(b[..., 0], b[..., 2]), np.maximum(b[..., 1], b[..., 3]))
    ay1, ax1, ay2, ax2 = norm(box)
    by1, bx1, by2, bx2 = norm(others)
    area_a = (ay2 - ay1) * (ax2 - ax1)
    area_b = (by2 - by1) * (bx2 - bx1)
    inter = np.maximum(np.minimum(ay2, by2) - np.maximum(ay1, by1), 0) * \
        np.maximum(np.minimum(ax2, bx2) - np.maximum(ax1, bx1), 0)
    union = area_a + area_b - inter
    ok = (area_a > 0) & (area_b > 0)
    return np.where(ok, inter / np.where(ok, union, 1.0), 0.0)


def _nms_kernel(xp, boxes, scores, *, max_output_size, iou_threshold, score_threshold,
                soft_nms_sigma):
    if boxes.ndim != 2 or boxes.shape[-1] != 4:
        raise InvalidArgumentError(f"boxes must be of shape [num_boxes, 4], got "
                                   f"{list(boxes.shape)}")
    if scores.shape != boxes.shape[:1]:
        raise InvalidArgumentError("scores has incompatible shape")
    boxes = boxes.astype(np.float64)
    live = scores.astype(np.float64).copy()
    selected, kept_scores = [], []
    scale = -0.5 / soft_nms_sigma if soft_nms_sigma > 0 else 0.0
    while len(selected) < max_output_size:
        live_idx = np.flatnonzero(live > score_threshold)
        if live_idx.size == 0:
            break
        best = live_idx[np.argmax(live[live_idx])]  # first of the ties: lowest index
        selected.append(best)
        kept_scores.append(live[best])
        iou = _iou(boxes[best], boxes)
        decay = np.where(iou <= iou_threshold, np.exp(scale * iou * iou), 0.0) if scale \
            else np.where(iou > iou_threshold, 0.0, 1.0)
        live = np.where(decay > 0, live * decay, -np.inf)
        live[best] = -np.inf
    return (np.asarray(selected, np.int32),
            np.asarray(kept_scores, scores.dtype).reshape(len(selected)))


def _nms_infer(boxes, scores, **attrs):
    return Spec((None,), dtypes.int32), Spec((None,), scores.dtype)


_nms = defop("non_max_suppression", _nms_kernel, infer=_nms_infer, num_outputs=2,
             same_dtype=2, tf_name="NonMaxSuppressionV5",
             doc="Greedy (or soft, Gaussian) non-max suppression: kept indices and scores.")


def _nms_call(boxes, scores, max_output_size, iou_threshold, score_threshold, sigma=0.0):
    boxes = _tensor(boxes)
    scores = _tensor(scores, boxes.dtype)
    iou = float(static_value(iou_threshold, "iou_threshold"))
    if not 0.0 <= iou <= 1.0:
        raise InvalidArgumentError("iou_threshold must be in [0, 1]")
    return _nms(boxes, scores, max_output_size=int(static_value(max_output_size)),
                iou_threshold=iou, score_threshold=float(static_value(score_threshold)),
                soft_nms_sigma=float(static_value(sigma)))


def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5,
                        score_threshold=float("-inf"), name=None) -> Tensor:
    """Indices (int32) of at most `max_output_size` boxes, by decreasing score, dropping any
    box whose IoU with a kept one exceeds `iou_threshold`."""
    return _nms_call(boxes, scores, max_output_size, iou_threshold, score_threshold)[0]


def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0,
                                    name=None) -> tuple[Tensor, Tensor]:
    """(indices, scores); with soft_nms_sigma > 0 overlapping scores decay (Soft-NMS)."""
    return _nms_call(boxes, scores, max_output_size, iou_threshold, score_threshold,
                     soft_nms_sigma)


def non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5,
                               score_threshold=float("-inf"), pad_to_max_output_size=False,
                               name=None, sorted_input=False, canonicalized_coordinates=False,
                               tile_size=512) -> tuple[Tensor, Tensor]:
    """(indices, number valid); indices padded with zeros to `max_output_size` if asked."""
    indices = _nms_call(boxes, scores, max_output_size, iou_threshold, score_threshold)[0]
    valid = tf.size(indices, out_type=dtypes.int32)
    if pad_to_max_output_size:
        n = int(static_value(max_output_size))
        indices = tf.pad(indices, [[0, n - shape_of(indices)[0]]])
    return indices, valid


# --- sample_distorted_bounding_box -----------------------------------------------------------
def _random_crop_rect(rng, width: int, height: int, area_range, ratio: float):
    """TF's GenerateRandomCrop: a (y, x, h, w) window with the aspect ratio and relative area
    asked for (rounding slack allowed), or None."""
    lo, hi = area_range[0] * width * height, area_range[1] * width * height
    if area_range[1] <= 0 or ratio <= 0 or lo > hi:
        return None
    h = int(np.rint(np.sqrt(lo / ratio)))
    max_h = int(np.rint(np.sqrt(hi / ratio)))
    if np.rint(max_h * ratio) > width:
        max_h = int((width + 0.5 - 1e-7) / ratio)
        if np.rint(max_h * ratio) > width:
            max_h -= 1
    max_h = min(max_h, height)
    h = min(h, max_h)
    if h < max_h:
        h += int(rng.integers(0, max_h - h + 1))
    w = int(np.rint(h * ratio))
    if w * h < lo:
        h += 1
        w = int(np.rint(h * ratio))
    if w * h > hi:
        h -= 1
        w = int(np.rint(h * ratio))
    if not lo <= w * h <= hi or w > width or h > height or w <= 0 or h <= 0:
        return None
    y = int(rng.integers(0, height - h)) if h < height else 0
    x = int(rng.integers(0, width - w)) if w < width else 0
    return y, x, h, w


def _covers(rect, boxes: np.ndarray, fraction: float) -> bool:
    y, x, h, w = rect
    for y0, x0, y1, x1 in boxes:
        area = (y1 - y0) * (x1 - x0)
        if area <= 0:
            continue
        inter = max(0, min(y1, y + h) - max(y0, y)) * max(0, min(x1, x + w) - max(x0, x))
        if inter / area >= fraction:
            return True
    return False


def _sample_box_kernel(xp, image_size, boxes, seed, *, covered, ratios, areas, attempts,
                       use_image):
    height, width = (int(v) for v in np.asarray(image_size).reshape(-1)[:2])
    if height <= 0 or width <= 0:
        raise InvalidArgumentError(f"image height and width must be positive, got "
                                   f"{height}x{width}")
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    if boxes.size == 0:
        if not use_image:
            raise InvalidArgumentError("No bounding boxes provided as input. One must enable "
                                       "use_image_if_no_bounding_boxes if you wish to not "
                                       "provide any bounding boxes.")
        boxes = np.array([[0.0, 0.0, 1.0, 1.0]])
    # pixel rectangles as TF's (truncating) conversion
    pixels = np.stack([boxes[:, 0] * height, boxes[:, 1] * width, boxes[:, 2] * height,
                       boxes[:, 3] * width], -1).astype(np.int64)
    rng = np.random.default_rng(np.asarray(seed, np.uint64).reshape(-1))
    rect = None
    for _ in range(attempts):
        ratio = rng.random() * (ratios[1] - ratios[0]) + ratios[0]
        candidate = _random_crop_rect(rng, width, height, areas, ratio)
        if candidate is not None and _covers(candidate, pixels, covered):
            rect = candidate
            break
    y, x, h, w = rect if rect is not None else (0, 0, height, width)
    box = np.array([[[y / height, x / width, (y + h) / height, (x + w) / width]]], np.float32)
    return (np.array([y, x, 0], np.int32), np.array([h, w, -1], np.int32), box)


SampledBox = collections.namedtuple("SampleDistortedBoundingBox", "begin size bboxes")


_sample_box = defop(
    "sample_distorted_bounding_box", _sample_box_kernel, num_outputs=3, same_dtype=1,
    infer=lambda *specs, **attrs: (Spec((3,), dtypes.int32), Spec((3,), dtypes.int32),
                                   Spec((1, 1, 4), dtypes.float32)),
    tf_name="SampleDistortedBoundingBoxV2",
    doc="A random crop window covering part of the given boxes (its seed is an input).")


def _sample_box_call(image_size, bounding_boxes, seed_tensor, min_object_covered,
                     aspect_ratio_range, area_range, max_attempts, use_image):
    size = _tensor(image_size)
    boxes = _tensor(bounding_boxes, dtypes.float32)
    ratios = tuple(float(v) for v in (aspect_ratio_range or (0.75, 1.33)))
    areas = tuple(float(v) for v in (area_range or (0.05, 1.0)))
    return SampledBox(*_sample_box(
        size, boxes, seed_tensor,
        covered=float(static_value(min_object_covered, "min_object_covered")), ratios=ratios,
        areas=areas, attempts=int(max_attempts or 100), use_image=bool(use_image)))


def sample_distorted_bounding_box(image_size, bounding_boxes, seed=0, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """(begin, size, bboxes): a random crop of an image of `image_size` that covers at least
    `min_object_covered` of one of `bounding_boxes` ([1, N, 4], normalised), for tf.slice."""
    draw = tf.random.uniform([2], 0, dtypes.int32.max, dtype=dtypes.int32, seed=seed or None)
    return _sample_box_call(image_size, bounding_boxes, draw, min_object_covered,
                            aspect_ratio_range, area_range, max_attempts,
                            use_image_if_no_bounding_boxes)


def stateless_sample_distorted_bounding_box(image_size, bounding_boxes, seed,
                                            min_object_covered=0.1, aspect_ratio_range=None,
                                            area_range=None, max_attempts=None,
                                            use_image_if_no_bounding_boxes=None, name=None):
    """`sample_distorted_bounding_box`, deterministic given `seed` (shape [2])."""
    draw = tf.random.stateless_uniform([2], seed, 0, dtypes.int32.max, dtype=dtypes.int32)
    return _sample_box_call(image_size, bounding_boxes, draw, min_object_covered,
                            aspect_ratio_range, area_range, max_attempts,
                            use_image_if_no_bounding_boxes)


# --- draw_bounding_boxes ---------------------------------------------------------------------
_COLORS = ((1, 1, 0, 1), (0, 0, 1, 1), (1, 0, 0, 1), (0, 1, 0, 1), (0.5, 0, 0.5, 1),
           (0.5, 0.5, 0, 1), (0.5, 0, 0, 1), (0, 0, 0.5, 1), (0, 1, 1, 1), (1, 0, 1, 1))


def _draw_kernel(xp, images, boxes, colors):
    out = np.array(images, copy=True)
    n, height, width, depth = out.shape
    table = np.asarray(colors, np.float64).reshape(-1, np.shape(colors)[-1]) if np.size(colors) \
        else np.array(_COLORS, np.float64)
    if not np.size(colors) and depth == 1:
        table[:, 0] = 1
    for b in range(n):
        for k, (y0, x0, y1, x1) in enumerate(np.asarray(boxes[b], np.float64)):
            color = table[k % table.shape[0]][:depth].astype(out.dtype)
            top, left = int(y0 * (height - 1)), int(x0 * (width - 1))
            bottom, right = int(y1 * (height - 1)), int(x1 * (width - 1))
            if top >= height or left >= width or bottom < 0 or right < 0:
                continue
            cols = slice(max(left, 0), min(right, width - 1) + 1)
            rows = slice(max(top, 0), min(bottom, height - 1) + 1)
            for r in (top, bottom):
                if 0 <= r < height:
                    out[b, r, cols] = color
            for c in (left, right):
                if 0 <= c < width:
                    out[b, rows, c] = color
    return out


_draw = defop("draw_bounding_boxes", _draw_kernel, same_dtype=1,
              infer=lambda images, boxes, colors: Spec(images.shape, images.dtype),
              tf_name="DrawBoundingBoxesV2",
              doc="Draws 1-pixel box outlines (normalised [y1, x1, y2, x2]) on images.")


def draw_bounding_boxes(images, boxes, colors, name=None) -> Tensor:
    """Images with the outlines of `boxes` ([batch, N, 4], normalised) drawn in `colors`
    (cycled; TF's default table when None)."""
    images = _tensor(images)
    if images.shape.rank != 4:
        raise InvalidArgumentError(f"The rank of the images should be 4, got {images.shape}")
    colors = np.zeros((0, 4), np.float32) if colors is None else colors
    return _draw(images, _tensor(boxes, dtypes.float32), _tensor(colors, dtypes.float32))


# --- combined_non_max_suppression --------------------------------------------------------------
CombinedNonMaxSuppression = collections.namedtuple(
    "CombinedNonMaxSuppression", "nmsed_boxes nmsed_scores nmsed_classes valid_detections")


def _combined_kernel(xp, boxes, scores, *, per_class, total, iou_threshold, score_threshold,
                     pad_per_class, clip):
    batch, _, q, _ = boxes.shape
    classes = scores.shape[2]
    if q not in (1, classes):
        raise InvalidArgumentError(f"third dimension of boxes must be either 1 or {classes}, "
                                   f"got {q}")
    if pad_per_class:
        total = min(total, per_class * classes)
    out_boxes = np.zeros((batch, total, 4), np.float32)
    out_scores = np.zeros((batch, total), np.float32)
    out_classes = np.zeros((batch, total), np.float32)
    valid = np.zeros(batch, np.int32)
    for b in range(batch):
        found = []  # (score, class, box)
        for c in range(classes):
            cls_boxes = boxes[b, :, 0 if q == 1 else c].astype(np.float32)
            keep, kept = _nms_kernel(xp, cls_boxes, scores[b, :, c].astype(np.float32),
                                     max_output_size=per_class, iou_threshold=iou_threshold,
                                     score_threshold=score_threshold, soft_nms_sigma=0.0)
            found += [(float(s), c, cls_boxes[i]) for i, s in zip(keep, kept)]
        found.sort(key=lambda item: -item[0])  # stable: ties keep the class order
        found = found[:total]
        valid[b] = len(found)
        for k, (s, c, box) in enumerate(found):
            out_boxes[b, k] = np.clip(box, 0.0, 1.0) if clip else box
            out_scores[b, k], out_classes[b, k] = s, c
    return out_boxes, out_scores, out_classes, valid


_combined = defop(
    "combined_non_max_suppression", _combined_kernel, num_outputs=4, same_dtype=2,
    infer=lambda boxes, scores, per_class, total, pad_per_class, **attrs: (
        Spec((boxes.shape[0] if boxes.shape else None, None, 4), dtypes.float32),
        Spec((boxes.shape[0] if boxes.shape else None, None), dtypes.float32),
        Spec((boxes.shape[0] if boxes.shape else None, None), dtypes.float32),
        Spec((boxes.shape[0] if boxes.shape else None,), dtypes.int32)),
    tf_name="CombinedNonMaxSuppression",
    doc="Per-class greedy NMS over a batch, merged by score and padded to a fixed size.")


def combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size,
                                 iou_threshold=0.5, score_threshold=float("-inf"),
                                 pad_per_class=False, clip_boxes=True, name=None):
    """Per-class NMS for a batch: boxes [batch, N, 1 or classes, 4], scores [batch, N,
    classes]. Returns (nmsed_boxes, nmsed_scores, nmsed_classes, valid_detections)."""
    boxes = _tensor(boxes, dtypes.float32)
    scores = _tensor(scores, dtypes.float32)
    out = _combined(boxes, scores, per_class=int(static_value(max_output_size_per_class)),
                    total=int(static_value(max_total_size)),
                    iou_threshold=float(static_value(iou_threshold)),
                    score_threshold=float(static_value(score_threshold)),
                    pad_per_class=bool(pad_per_class), clip=bool(clip_boxes))
    return CombinedNonMaxSuppression(*out)
