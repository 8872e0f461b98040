"""Convolutions and pooling in NHWC layout (``tf.nn.conv2d``, ``tf.nn.max_pool2d`` ...)."""
from __future__ import annotations

__all__: list = []
