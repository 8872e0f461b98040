"""The NumPy backend: resolves an op's kernel description to a callable over NumPy arrays.

A kernel is either the name of a function of the array module (``"add"`` -> ``np.add``,
called directly, the fastest path) or a function ``kernel(xp, *arrays, **attrs)``.
"""
from __future__ import annotations

import functools

import numpy as np

xp = np


def resolve(kernel):
    if isinstance(kernel, str):
        return getattr(np, kernel)
    return functools.partial(kernel, np)
