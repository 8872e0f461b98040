"""Cases for state ops."""
import numpy as np

from tests.opcheck import Case

CASES = [
    Case("assign_variable", [np.zeros(3, np.float32), np.arange(3, dtype=np.float32)],
         {"capture": 0}, ref=lambda var, value: value, grad=False),
]
