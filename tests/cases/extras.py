"""Cases for the small ops of fluxion/extras.py and fluxion/bitwise.py."""
import numpy as np

from tests.opcheck import Case

X = np.array([[1, -16, 7], [0, 255, -1]], np.int32)
S = np.array([3, 2, 0], np.int32)

WORDS = np.array([b"ab", b"", b"x"], object)

CASES = [
    Case("string_add", [WORDS, np.array(b"!", object)], grad=False,
         ref=lambda a, b: np.array([b"ab!", b"!", b"x!"], object)),
    Case("string_add", [np.array(b"a", object), np.array(b"b", object)], grad=False,
         ref=lambda a, b: np.array(b"ab", object)),
    # the clock: its value is not reproducible; inference (float64 scalar) is what is checked
    Case("timestamp", [], grad=False, note="seconds since the epoch, read when it runs"),
    Case("left_shift", [X, S], grad=False, ref=lambda x, s: np.left_shift(x, s)),
    Case("right_shift", [X, S], grad=False, ref=lambda x, s: np.right_shift(x, s)),
    Case("left_shift", [X.astype(np.uint8), S.astype(np.uint8)], grad=False,
         ref=lambda x, s: np.left_shift(x, s)),
    Case("right_shift", [np.array([2**62, -8], np.int64), np.array([1, 1], np.int64)],
         grad=False, ref=lambda x, s: np.right_shift(x, s)),
]
