"""Cases for print_v2 (tf.print inside graphs): it writes and returns nothing."""
import numpy as np

from fluxion.core import print_op  # noqa: F401 - registers the op
from tests.opcheck import Case

CASES = [
    Case("print_v2", [np.array([1.5, 2.0], np.float32)],
         {"template": ("x:", 0), "stream": "stdout", "summarize": 3, "sep": " ", "end": "\n"},
         grad=False, ref=lambda x: (), note="writes 'x: [1.5 2]' to stdout"),
]
