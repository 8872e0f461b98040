"""Cases for fluxion/io/decode_ops.py (string parsing ops: no gradients)."""
import base64

import numpy as np

from fluxion.core import dtypes
from fluxion.io import decode_ops  # noqa: F401 - registers the ops
from tests.opcheck import Case

RECORDS = np.array([b"1,2.5,a", b'3,,"b,c"'], object)
RAW = np.array([[b"\x01\x00\x02\x00", b"\xff\xff\x00\x80"]], object)
CSV_ATTRS = {"field_delim": ",", "use_quote_delim": True, "na_value": "", "select_cols": None,
             "out_types": (dtypes.int32, dtypes.float32, dtypes.string), "n_columns": 3}

CASES = [
    Case("decode_csv", [RECORDS, np.array([0], np.int32), np.array([7.0], np.float32),
                        np.array([b"x"], object)], CSV_ATTRS, grad=False,
         ref=lambda r, *d: (np.array([1, 3], np.int32), np.array([2.5, 7.0], np.float32),
                            np.array([b"a", b"b,c"], object))),
    Case("decode_raw", [RAW], {"out_type": dtypes.int16, "little_endian": True,
                               "fixed_length": None}, grad=False,
         ref=lambda r: np.array([[[1, 2], [-1, -32768]]], np.int16)),
    Case("decode_raw", [RAW], {"out_type": dtypes.uint8, "little_endian": False,
                               "fixed_length": 3}, grad=False,
         ref=lambda r: np.array([[[1, 0, 2], [255, 255, 0]]], np.uint8)),
    Case("encode_base64", [np.array([b"hi?>", b""], object)], {"pad": False}, grad=False,
         ref=lambda d: np.array([base64.urlsafe_b64encode(b"hi?>").rstrip(b"="), b""], object)),
    Case("decode_base64", [np.array([b"aGk_Pg", b"aGk="], object)], grad=False,
         ref=lambda d: np.array([b"hi?>", b"hi"], object)),
]
