"""Keras 3's MaxNumBoundingBoxes: dense bounding boxes padded (with `fill_value`) or cut to
exactly `max_number` per image; images and labels pass through."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import BaseImagePreprocessingLayer

__all__ = ["MaxNumBoundingBoxes"]


class MaxNumBoundingBoxes(BaseImagePreprocessingLayer):
    """Makes `bounding_boxes["boxes"]` [batch, max_number, 4] and `bounding_boxes["labels"]`
    [batch, max_number] in a dict input; anything else comes back unchanged."""

    _USE_BASE_FACTOR = False

    def __init__(self, max_number, fill_value=-1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_number = int(max_number)
        self.fill_value = int(fill_value)

    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, dict):
            out = {key: tf.convert_to_tensor(value) if key == "images" else value
                   for key, value in inputs.items()}
            if "bounding_boxes" in inputs:
                if self.bounding_box_format is None:
                    raise ValueError(
                        f"You passed an input with a 'bounding_boxes' key, but you didn't "
                        f"specify a bounding box format. Pass a `bounding_box_format` argument "
                        f"to your {type(self).__name__} layer, e.g. "
                        f"`bounding_box_format='xyxy'`.")
                out["bounding_boxes"] = self._fit_boxes(inputs["bounding_boxes"])
            return out
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs, training=True):
        return inputs

    def _fit(self, values, tail: int):
        """`max_number` entries on axis 1: fill values appended, then the first ones kept
        (static paddings, so a graph may meet any number of boxes)."""
        values = tf.convert_to_tensor(values)
        paddings = [[0, 0], [0, self.max_number]] + [[0, 0]] * tail
        values = tf.pad(values, paddings, constant_values=tf.cast(self.fill_value,
                                                                  values.dtype))
        return values[:, :self.max_number]

    def _fit_boxes(self, boxes: dict) -> dict:
        out = dict(boxes)
        out["boxes"] = self._fit(boxes["boxes"], 1)
        out["labels"] = self._fit(boxes["labels"], 0)
        return out

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict) and "bounding_boxes" in input_shape:
            extra = set(input_shape["bounding_boxes"]) - {"boxes", "labels"}
            if extra:
                raise KeyError(f"There are unsupported keys in `bounding_boxes`: "
                               f"{list(extra)}. Only `boxes` and `labels` are supported.")
            for key in ("boxes", "labels"):
                shape = list(input_shape["bounding_boxes"][key])
                shape[1] = self.max_number
                input_shape["bounding_boxes"][key] = shape
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "max_number": self.max_number}
