"""Keras 3 reference snippets for ``tf.keras.ops`` (TensorFlow backend): values and, above
all, Keras' own dtype rules (weak Python scalars, int -> float32 math, widened sums...)."""

_F = "tf.constant([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]])"
_F64 = "tf.constant([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]], tf.float64)"
_F16 = "tf.constant([0.5, -1.5, 2.0], tf.float16)"
_I = "tf.constant([[1, -2, 3], [4, 0, -1]])"
_I64 = "tf.constant([3, -1, 2], tf.int64)"
_U8 = "tf.constant([1, 200, 3], tf.uint8)"
_I8 = "tf.constant([1, -100, 3], tf.int8)"
_B = "tf.constant([True, False, True])"
_P = "tf.constant([0.25, 0.5, 1.0, 2.0])"
_PI = "tf.constant([1, 2, 4, 9])"

SNIPPETS = {}

# --- unary float functions: int inputs become float32, float16 stays ---------------------------
for _name in ["sin", "cos", "tan", "arctan", "sinh", "cosh", "tanh", "arcsinh", "exp", "expm1",
              "log1p", "sqrt", "ceil", "floor", "log10", "log2", "exp2", "cbrt", "deg2rad",
              "rad2deg", "sinc", "fabs"]:
    SNIPPETS[f"{_name}_float"] = f"tf.keras.ops.{_name}({_P})"
    SNIPPETS[f"{_name}_int"] = f"tf.keras.ops.{_name}({_PI})"
for _name in ["sin", "exp", "sqrt", "floor", "log"]:
    SNIPPETS[f"{_name}_int64"] = f"tf.keras.ops.{_name}(tf.constant([1, 2, 4], tf.int64))"
    SNIPPETS[f"{_name}_float16"] = f"tf.keras.ops.{_name}(tf.constant([0.5, 1.5], tf.float16))"
    SNIPPETS[f"{_name}_float64"] = f"tf.keras.ops.{_name}(tf.constant([0.5, 1.5], tf.float64))"
    SNIPPETS[f"{_name}_uint8"] = f"tf.keras.ops.{_name}({_U8})"
    SNIPPETS[f"{_name}_bool"] = f"tf.keras.ops.{_name}({_B})"
    SNIPPETS[f"{_name}_list"] = f"tf.keras.ops.{_name}([1, 2])"
SNIPPETS["arcsin"] = "tf.keras.ops.arcsin(tf.constant([0.25, -0.5, 1.0]))"
SNIPPETS["arccos_int"] = "tf.keras.ops.arccos(tf.constant([0, 1, -1]))"
SNIPPETS["arccosh"] = "tf.keras.ops.arccosh(tf.constant([1.0, 2.0, 5.0]))"
SNIPPETS["arctanh"] = "tf.keras.ops.arctanh(tf.constant([0.0, 0.5, -0.25]))"
SNIPPETS["log_float"] = f"tf.keras.ops.log({_P})"
SNIPPETS["sinc_zero"] = "tf.keras.ops.sinc(tf.constant([0.0, 0.5, -1.5]))"

# --- unary ops keeping the dtype ----------------------------------------------------------------
for _name in ["abs", "absolute", "negative", "square", "sign", "round", "trunc", "signbit",
              "reciprocal", "isnan", "isinf", "isfinite", "logical_not", "copy", "isposinf",
              "isneginf"]:
    SNIPPETS[f"{_name}_float"] = f"tf.keras.ops.{_name}({_F})"
for _name in ["abs", "negative", "square", "sign", "round", "trunc", "signbit", "isnan",
              "isfinite", "logical_not"]:
    SNIPPETS[f"{_name}_int"] = f"tf.keras.ops.{_name}({_I})"
for _name in ["abs", "square", "sign", "trunc", "isnan", "logical_not"]:
    SNIPPETS[f"{_name}_bool"] = f"tf.keras.ops.{_name}({_B})"
    SNIPPETS[f"{_name}_uint8"] = f"tf.keras.ops.{_name}({_U8})"
SNIPPETS.update({
    "round_decimals": "tf.keras.ops.round(tf.constant([1.234, -5.678, 2.5]), 1)",
    "round_half_even": "tf.keras.ops.round(tf.constant([0.5, 1.5, 2.5, -0.5]))",
    "round_int_negative_decimals": "tf.keras.ops.round(tf.constant([1234, 5678]), -2)",
    "signbit_negzero": "tf.keras.ops.signbit(tf.constant([-0.0, 0.0, -1.0, 2.0]))",
    "isinf_values": "tf.keras.ops.isinf(tf.constant([np.inf, -np.inf, 1.0, np.nan]))",
    "isposinf_values": "tf.keras.ops.isposinf(tf.constant([np.inf, -np.inf, 1.0]))",
    "nan_to_num": "tf.keras.ops.nan_to_num(tf.constant([np.nan, np.inf, -np.inf, 1.0]))",
    "nan_to_num_values": ("tf.keras.ops.nan_to_num(tf.constant([np.nan, np.inf, -np.inf, 1.0]),"
                          " nan=5.0, posinf=9.0, neginf=-9.0)"),
    "nan_to_num_int": f"tf.keras.ops.nan_to_num({_I})",
})

# --- binary ops: Keras' promotion lattice ---------------------------------------------------
_PAIRS = {
    "ff": (_F, _F), "ii": (_I, _I), "i_pyfloat": (_I, "1.5"), "i_pyint": (_I, "2"),
    "f_pyint": (_F, "2"), "i_f": (_I, _F), "i64_f32": (_I64, "tf.constant([1.0, 2.0, 3.0])"),
    "u8_i8": (_U8, _I8), "i8_i32": (_I8, "tf.constant([1, 2, 3])"),
    "f16_f32": (_F16, "tf.constant([1.0, 2.0, 3.0])"), "f16_pyfloat": (_F16, "2.5"),
    "b_i": (_B, "tf.constant([1, 2, 3])"), "b_b": (_B, _B), "pyfloat_i": ("0.5", _I),
    "i_f64": (_I, _F64), "u8_pyint": (_U8, "3"), "f16_i32": (_F16, "tf.constant([1, 2, 3])"),
    "list_f": ("[[1, 2, 3], [4, 5, 6]]", _F), "i64_pyint": (_I64, "2"),
}
for _name in ["add", "subtract", "multiply", "maximum", "minimum", "equal", "less",
              "greater_equal", "not_equal"]:
    for _key, (_a, _b) in _PAIRS.items():
        SNIPPETS[f"{_name}_{_key}"] = f"tf.keras.ops.{_name}({_a}, {_b})"
for _name in ["divide", "true_divide", "floor_divide", "mod", "power", "arctan2",
              "divide_no_nan", "hypot", "logaddexp", "fmod"]:
    for _key in ["ff", "ii", "i_pyfloat", "i_pyint", "u8_i8", "f16_pyfloat", "i64_f32"]:
        _a, _b = _PAIRS[_key]
        if _name in ("floor_divide", "mod", "fmod", "divide", "divide_no_nan") and "i" in _key:
            _b = _b.replace("0.5", "2.5")
        SNIPPETS[f"{_name}_{_key}"] = f"tf.keras.ops.{_name}({_a}, {_b})"
SNIPPETS.update({
    "divide_by_zero": ("tf.keras.ops.divide_no_nan(tf.constant([1.0, 2.0]), tf.constant([0.0, "
                       "4.0]))"),
    "mod_negative": "tf.keras.ops.mod(tf.constant([-7, 7, -7]), tf.constant([3, -3, -3]))",
    "fmod_negative": "tf.keras.ops.fmod(tf.constant([-7, 7, -7]), tf.constant([3, -3, -3]))",
    "fmod_float": "tf.keras.ops.fmod(tf.constant([-7.5, 7.5]), tf.constant([2.0, -2.0]))",
    "floor_divide_neg": "tf.keras.ops.floor_divide(tf.constant([-7, 7]), tf.constant([2, -2]))",
    "power_uint8": f"tf.keras.ops.power({_U8}, 2)",
    "logical_and": f"tf.keras.ops.logical_and({_B}, tf.constant([1, 1, 0]))",
    "logical_or": f"tf.keras.ops.logical_or({_B}, tf.constant([0.0, 1.0, 0.0]))",
    "logical_xor": f"tf.keras.ops.logical_xor({_B}, tf.constant([True, True, False]))",
    "isclose": ("tf.keras.ops.isclose(tf.constant([1.0, 2.0, np.nan]), tf.constant([1.0 + 1e-7, "
                "2.1, np.nan]))"),
    "isclose_nan": ("tf.keras.ops.isclose(tf.constant([1.0, np.nan]), "
                    "tf.constant([1.0, np.nan]), equal_nan=True)"),
    "isclose_int": "tf.keras.ops.isclose(tf.constant([1, 2]), tf.constant([1, 3]))",
    "allclose": "tf.keras.ops.allclose(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0 + 1e-6]))",
    "clip_float": f"tf.keras.ops.clip({_F}, -1.0, 2.0)",
    "clip_int": f"tf.keras.ops.clip({_I}, -1, 2)",
    "clip_bool": f"tf.keras.ops.clip({_B}, 0, 1)",
    "heaviside": "tf.keras.ops.heaviside(tf.constant([-1.0, 0.0, 2.0]), 0.5)",
    "heaviside_int": "tf.keras.ops.heaviside(tf.constant([-1, 0, 2]), tf.constant([5, 5, 5]))",
})

# --- reductions ---------------------------------------------------------------------------------
for _name in ["sum", "mean", "max", "min", "prod", "var", "std", "all", "any", "amax", "amin",
              "ptp", "argmax", "argmin", "count_nonzero"]:
    SNIPPETS[f"{_name}_float"] = f"tf.keras.ops.{_name}({_F})"
    SNIPPETS[f"{_name}_float_axis0"] = f"tf.keras.ops.{_name}({_F}, axis=0)"
    SNIPPETS[f"{_name}_int_axis1"] = f"tf.keras.ops.{_name}({_I}, axis=1)"
    SNIPPETS[f"{_name}_bool"] = f"tf.keras.ops.{_name}({_B})"
    if _name not in ("count_nonzero",):
        SNIPPETS[f"{_name}_keepdims"] = f"tf.keras.ops.{_name}({_F}, axis=-1, keepdims=True)"
for _name in ["sum", "mean", "prod", "var", "std", "max"]:
    SNIPPETS[f"{_name}_int8"] = f"tf.keras.ops.{_name}({_I8})"
    SNIPPETS[f"{_name}_uint8"] = f"tf.keras.ops.{_name}({_U8})"
    SNIPPETS[f"{_name}_int64"] = f"tf.keras.ops.{_name}({_I64})"
    SNIPPETS[f"{_name}_float16"] = f"tf.keras.ops.{_name}({_F16})"
    SNIPPETS[f"{_name}_float64"] = f"tf.keras.ops.{_name}({_F64})"
    SNIPPETS[f"{_name}_axes_tuple"] = f"tf.keras.ops.{_name}({_F}, axis=(0, 1))"
SNIPPETS.update({
    "max_initial": f"tf.keras.ops.max({_F}, axis=1, initial=3.5)",
    "min_initial_int": f"tf.keras.ops.min({_I}, initial=-5)",
    "max_empty": "tf.keras.ops.max(tf.zeros([0]))",
    "argmax_keepdims_none": f"tf.keras.ops.argmax({_F}, keepdims=True)",
    "argmax_negzero": "tf.keras.ops.argmax(tf.constant([-0.0, 0.0]))",
    "argmin_negzero": "tf.keras.ops.argmin(tf.constant([0.0, -0.0]))",
    "argmax_ties": "tf.keras.ops.argmax(tf.constant([1.0, 3.0, 3.0]))",
    "cumsum": f"tf.keras.ops.cumsum({_F})",
    "cumsum_axis": f"tf.keras.ops.cumsum({_I}, axis=1)",
    "cumsum_bool": f"tf.keras.ops.cumsum({_B})",
    "cumsum_dtype": f"tf.keras.ops.cumsum({_I}, axis=0, dtype='float32')",
    "cumprod": f"tf.keras.ops.cumprod({_F}, axis=0)",
    "cumprod_int8": f"tf.keras.ops.cumprod({_I8})",
    "sort": f"tf.keras.ops.sort({_F})",
    "sort_axis0": f"tf.keras.ops.sort({_I}, axis=0)",
    "sort_none": f"tf.keras.ops.sort({_F}, axis=None)",
    "sort_bool": f"tf.keras.ops.sort({_B})",
    "argsort": f"tf.keras.ops.argsort({_F})",
    "argsort_ties": "tf.keras.ops.argsort(tf.constant([3, 1, 3, 1, 2]))",
    "argsort_axis0": f"tf.keras.ops.argsort({_I}, axis=0)",
    "argsort_none": f"tf.keras.ops.argsort({_F}, axis=None)",
    "median": f"tf.keras.ops.median({_F})",
    "median_axis": f"tf.keras.ops.median({_F}, axis=1)",
    "median_int": "tf.keras.ops.median(tf.constant([1, 4, 2, 8]))",
    "median_keepdims": f"tf.keras.ops.median({_F}, axis=0, keepdims=True)",
    "quantile": f"tf.keras.ops.quantile({_F}, 0.3)",
    "quantile_vector_q": f"tf.keras.ops.quantile({_F}, [0.25, 0.75], axis=1)",
    "quantile_lower": f"tf.keras.ops.quantile({_F}, 0.3, method='lower')",
    "quantile_higher": f"tf.keras.ops.quantile({_F}, 0.3, method='higher')",
    "quantile_nearest": f"tf.keras.ops.quantile({_F}, 0.3, method='nearest')",
    "quantile_midpoint": f"tf.keras.ops.quantile({_F}, 0.3, method='midpoint')",
    "percentile": f"tf.keras.ops.percentile({_F}, 40, axis=0)",
    "average": f"tf.keras.ops.average({_F})",
    "average_weights": f"tf.keras.ops.average({_F}, axis=1, weights=tf.constant([1.0, 2.0, 3.0]))",
    "average_int": f"tf.keras.ops.average({_I}, axis=0)",
    "logsumexp": f"tf.keras.ops.logsumexp({_F})",
    "logsumexp_axis": f"tf.keras.ops.logsumexp({_F}, axis=1, keepdims=True)",
})

# --- creation -----------------------------------------------------------------------------------
SNIPPETS.update({
    "arange_int": "tf.keras.ops.arange(5)",
    "arange_float": "tf.keras.ops.arange(0.5, 3)",
    "arange_step": "tf.keras.ops.arange(1, 10, 3)",
    "arange_float_step": "tf.keras.ops.arange(0, 1, 0.25)",
    "arange_dtype": "tf.keras.ops.arange(4, dtype='float64')",
    "arange_negative": "tf.keras.ops.arange(5, 0, -2)",
    "arange_tensor": "tf.keras.ops.arange(tf.constant(4, tf.int64))",
    "linspace": "tf.keras.ops.linspace(0, 1, 5)",
    "linspace_no_endpoint": "tf.keras.ops.linspace(0.0, 1.0, 4, endpoint=False)",
    "linspace_int_dtype": "tf.keras.ops.linspace(0, 10, 4, dtype='int32')",
    "linspace_retstep": "tf.keras.ops.linspace(0.0, 2.0, 5, retstep=True)",
    "zeros": "tf.keras.ops.zeros((2, 3))",
    "zeros_int": "tf.keras.ops.zeros([2], dtype='int32')",
    "ones": "tf.keras.ops.ones(3)",
    "full": "tf.keras.ops.full((2, 2), 7)",
    "full_dtype": "tf.keras.ops.full((2,), 1.5, dtype='int32')",
    "full_like": f"tf.keras.ops.full_like({_I}, 2.5)",
    "full_like_dtype": f"tf.keras.ops.full_like({_I}, 2.5, dtype='float16')",
    "zeros_like": f"tf.keras.ops.zeros_like({_I})",
    "ones_like_dtype": f"tf.keras.ops.ones_like({_I}, dtype='float32')",
    "eye": "tf.keras.ops.eye(3)",
    "eye_rect_k": "tf.keras.ops.eye(3, 4, k=1)",
    "eye_neg_k": "tf.keras.ops.eye(3, k=-1, dtype='int32')",
    "identity": "tf.keras.ops.identity(2)",
    "tri": "tf.keras.ops.tri(3, 4, k=1)",
    "tril": f"tf.keras.ops.tril({_F})",
    "tril_k": "tf.keras.ops.tril(tf.ones((3, 3)), k=-1)",
    "triu": f"tf.keras.ops.triu({_F}, k=1)",
    "triu_batch": "tf.keras.ops.triu(tf.ones((2, 3, 3)))",
    "array": "tf.keras.ops.array([1, 2, 3])",
    "array_float": "tf.keras.ops.array([1.0, 2.0], dtype='float64')",
    "convert_to_tensor_int": "tf.keras.ops.convert_to_tensor([1, 2])",
    "convert_to_tensor_float": "tf.keras.ops.convert_to_tensor(2.5)",
    "convert_to_tensor_np64": "tf.keras.ops.convert_to_tensor(np.array([1.0, 2.0]))",
    "convert_to_tensor_dtype": "tf.keras.ops.convert_to_tensor([1.7, 2.2], dtype='int32')",
    "convert_to_tensor_bool": "tf.keras.ops.convert_to_tensor([0, 2], dtype='bool')",
    "convert_to_numpy": f"tf.keras.ops.convert_to_numpy({_F})",
    "cast": f"tf.keras.ops.cast({_F}, 'int32')",
    "cast_dtype_object": f"tf.keras.ops.cast({_I}, tf.float16)",
    "saturate_cast": "tf.keras.ops.saturate_cast(tf.constant([-5.0, 100.0, 300.0]), 'uint8')",
    "saturate_cast_int": "tf.keras.ops.saturate_cast(tf.constant([-500, 5, 500]), 'int8')",
    "is_tensor": f"tf.keras.ops.is_tensor({_F})",
    "is_tensor_np": "tf.keras.ops.is_tensor(np.ones(2))",
    "shape": f"tf.keras.ops.shape({_F})",
    "dtype": f"tf.keras.ops.dtype({_I})",
    "ndim": f"tf.keras.ops.ndim({_F})",
    "size": f"tf.keras.ops.size({_F})",
})

# --- shapes, joining, indexing ------------------------------------------------------------------
SNIPPETS.update({
    "reshape": f"tf.keras.ops.reshape({_F}, (3, -1))",
    "transpose": f"tf.keras.ops.transpose({_F})",
    "transpose_axes": "tf.keras.ops.transpose(tf.ones((2, 3, 4)), (2, 0, 1))",
    "expand_dims": f"tf.keras.ops.expand_dims({_F}, -1)",
    "expand_dims_multi": f"tf.keras.ops.expand_dims({_F}, (0, 2))",
    "squeeze": "tf.keras.ops.squeeze(tf.ones((1, 2, 1)))",
    "squeeze_axis": "tf.keras.ops.squeeze(tf.ones((1, 2, 1)), axis=0)",
    "squeeze_bad_axis": "tf.keras.ops.squeeze(tf.ones((1, 2, 1)), axis=1)",
    "ravel": f"tf.keras.ops.ravel({_F})",
    "concatenate": f"tf.keras.ops.concatenate([{_F}, {_F}], axis=1)",
    "concatenate_mixed": f"tf.keras.ops.concatenate([{_I}, {_F}])",
    "concatenate_int8_uint8": f"tf.keras.ops.concatenate([{_I8}, {_U8}])",
    "stack": f"tf.keras.ops.stack([{_F}, {_F}], axis=-1)",
    "stack_mixed": "tf.keras.ops.stack([tf.constant([1, 2]), tf.constant([1.5, 2.5])])",
    "stack_python": "tf.keras.ops.stack([1, 2, 3])",
    "hstack": f"tf.keras.ops.hstack([{_F}, {_F}])",
    "vstack": "tf.keras.ops.vstack([tf.constant([1, 2]), tf.constant([3, 4])])",
    "append": f"tf.keras.ops.append({_I}, {_F})",
    "append_axis": f"tf.keras.ops.append({_F}, {_F}, axis=0)",
    "split": "tf.keras.ops.split(tf.range(6), 3)",
    "split_indices": "tf.keras.ops.split(tf.range(6), [1, 4])",
    "array_split": "tf.keras.ops.array_split(tf.range(7), 3)",
    "tile": f"tf.keras.ops.tile({_F}, 2)",
    "tile_more": "tf.keras.ops.tile(tf.constant([1, 2]), (2, 2))",
    "repeat": f"tf.keras.ops.repeat({_F}, 2)",
    "repeat_axis": f"tf.keras.ops.repeat({_F}, [1, 2], axis=0)",
    "broadcast_to": "tf.keras.ops.broadcast_to(tf.constant([1, 2, 3]), (2, 3))",
    "flip": f"tf.keras.ops.flip({_F})",
    "flip_axis": f"tf.keras.ops.flip({_F}, axis=1)",
    "fliplr": f"tf.keras.ops.fliplr({_F})",
    "flipud": f"tf.keras.ops.flipud({_F})",
    "roll": f"tf.keras.ops.roll({_F}, 1)",
    "roll_axis": f"tf.keras.ops.roll({_F}, -1, axis=1)",
    "rot90": "tf.keras.ops.rot90(tf.reshape(tf.range(6), (2, 3)))",
    # k=2 and k=3 are left out: Keras 3.15's TF backend reshapes them wrongly (NumPy's
    # rot90 is what fluxion gives)
    "rot90_square": "tf.keras.ops.rot90(tf.reshape(tf.range(9), (3, 3)))",
    "rot90_axes": "tf.keras.ops.rot90(tf.reshape(tf.range(24), (2, 3, 4)), axes=(1, 2))",
    "moveaxis": "tf.keras.ops.moveaxis(tf.ones((2, 3, 4)), 0, -1)",
    "moveaxis_multi": "tf.keras.ops.moveaxis(tf.ones((2, 3, 4)), [0, 1], [2, 0])",
    "swapaxes": "tf.keras.ops.swapaxes(tf.ones((2, 3, 4)), 0, 2)",
    "pad": f"tf.keras.ops.pad({_F}, ((1, 0), (0, 2)))",
    "pad_value": f"tf.keras.ops.pad({_I}, 1, constant_values=9)",
    "pad_reflect": f"tf.keras.ops.pad({_F}, ((0, 0), (1, 1)), mode='reflect')",
    "pad_symmetric": f"tf.keras.ops.pad({_F}, ((1, 1), (1, 1)), mode='symmetric')",
    "pad_bad_mode": f"tf.keras.ops.pad({_F}, 1, mode='reflect', constant_values=1)",
    "where": f"tf.keras.ops.where({_B}, tf.constant([1, 2, 3]), 1.5)",
    "where_ints": f"tf.keras.ops.where({_B}, 1, 0)",
    "where_int_cond": "tf.keras.ops.where(tf.constant([1, 0, 2]), 1.0, 0.0)",
    "where_nonzero": "tf.keras.ops.where(tf.constant([[1, 0], [0, 3]]))",
    "where_one_missing": f"tf.keras.ops.where({_B}, 1)",
    "nonzero": "tf.keras.ops.nonzero(tf.constant([[1, 0], [0, 3]]))",
    "take": f"tf.keras.ops.take({_F}, [0, 4])",
    "take_axis": f"tf.keras.ops.take({_F}, tf.constant([2, 0]), axis=1)",
    "take_negative": f"tf.keras.ops.take({_F}, [-1], axis=1)",
    "take_2d_indices": f"tf.keras.ops.take({_F}, [[0, 1], [1, 0]], axis=0)",
    "take_along_axis": f"tf.keras.ops.take_along_axis({_F}, tf.constant([[0], [2]]), axis=1)",
    "take_along_axis_0": f"tf.keras.ops.take_along_axis({_F}, tf.constant([[1, 0, 1]]), axis=0)",
    "take_along_axis_none": f"tf.keras.ops.take_along_axis({_F}, tf.constant([5, 0]))",
    "take_along_axis_bcast": ("tf.keras.ops.take_along_axis(tf.reshape(tf.range(24), "
                              "(2, 3, 4)), tf.constant([[[0], [3], [1]]]), axis=2)"),
    "take_along_argsort": (f"tf.keras.ops.take_along_axis({_F}, "
                           f"tf.keras.ops.argsort({_F}, axis=1), axis=1)"),
    "get_item": f"tf.keras.ops.get_item({_F}, 1)",
    "meshgrid": "tf.keras.ops.meshgrid(tf.constant([1, 2]), tf.constant([3, 4, 5]))",
    "meshgrid_ij": ("tf.keras.ops.meshgrid(tf.constant([1, 2]), tf.constant([3, 4, 5]), "
                    "indexing='ij')"),
    "diagonal": "tf.keras.ops.diagonal(tf.reshape(tf.range(9), (3, 3)))",
    "diagonal_offset": "tf.keras.ops.diagonal(tf.reshape(tf.range(12), (3, 4)), offset=1)",
    "diagonal_3d": "tf.keras.ops.diagonal(tf.reshape(tf.range(24), (2, 3, 4)), 0, 1, 2)",
    "diag_vector": "tf.keras.ops.diag(tf.constant([1, 2]))",
    "diag_vector_k": "tf.keras.ops.diag(tf.constant([1, 2]), k=1)",
    "diag_matrix": "tf.keras.ops.diag(tf.reshape(tf.range(9), (3, 3)), k=-1)",
    "diagflat": "tf.keras.ops.diagflat(tf.constant([[1, 2], [3, 4]]))",
    "trace": "tf.keras.ops.trace(tf.reshape(tf.range(9), (3, 3)))",
    "trace_float": f"tf.keras.ops.trace({_F})",
    "trace_int8": "tf.keras.ops.trace(tf.ones((2, 2), tf.int8))",
    "diff": f"tf.keras.ops.diff({_F})",
    "diff_n2_axis0": "tf.keras.ops.diff(tf.constant([[1, 4], [9, 16], [25, 36]]), n=2, axis=0)",
    "diff_bool": f"tf.keras.ops.diff({_B})",
    "searchsorted": ("tf.keras.ops.searchsorted(tf.constant([1.0, 2.0, 3.0]), tf.constant([2.0, "
                     "0.5, 9.0]))"),
    "searchsorted_right": ("tf.keras.ops.searchsorted(tf.constant([1, 2, 3]), tf.constant([2]), "
                           "side='right')"),
    "digitize": "tf.keras.ops.digitize(tf.constant([0.5, 1.0, 2.5, 9.0]), [1.0, 2.0, 3.0])",
    "bincount": "tf.keras.ops.bincount(tf.constant([0, 1, 1, 3]))",
    "bincount_weights": ("tf.keras.ops.bincount(tf.constant([0, 1, 1]), "
                         "weights=tf.constant([0.5, 1.0, 2.0]), minlength=4)"),
    "isin": "tf.keras.ops.isin(tf.constant([1, 2, 3, 4]), tf.constant([2, 4]))",
    "isin_invert": "tf.keras.ops.isin(tf.constant([1, 2, 3]), [2], invert=True)",
    "select": ("tf.keras.ops.select([tf.constant([True, False, False]), "
               "tf.constant([False, True, False])], [tf.constant([1, 2, 3]), "
               "tf.constant([4, 5, 6])], default=-1)"),
})

# --- products ------------------------------------------------------------------------------------
_M = "tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])"
SNIPPETS.update({
    "matmul": f"tf.keras.ops.matmul({_F}, {_M})",
    "matmul_int": "tf.keras.ops.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]]))",
    "matmul_int8": "tf.keras.ops.matmul(tf.ones((2, 2), tf.int8), tf.ones((2, 2), tf.int8))",
    "matmul_int_float": f"tf.keras.ops.matmul({_I}, {_M})",
    "matmul_vector": f"tf.keras.ops.matmul({_F}, tf.constant([1.0, 0.0, -1.0]))",
    "matmul_vec_mat": f"tf.keras.ops.matmul(tf.constant([1.0, 2.0, 3.0]), {_M})",
    "matmul_vec_vec": "tf.keras.ops.matmul(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))",
    "matmul_batch": "tf.keras.ops.matmul(tf.ones((2, 3, 4)), tf.ones((4, 5)))",
    "dot": f"tf.keras.ops.dot({_F}, {_M})",
    "dot_vector": "tf.keras.ops.dot(tf.constant([1, 2]), tf.constant([3, 4]))",
    "dot_scalar": f"tf.keras.ops.dot({_F}, 2.0)",
    "dot_nd": "tf.keras.ops.dot(tf.ones((2, 3, 4)), tf.ones((5, 4, 6)))",
    "tensordot": f"tf.keras.ops.tensordot({_F}, {_M}, axes=1)",
    "tensordot_axes": f"tf.keras.ops.tensordot({_F}, {_F}, axes=([1], [1]))",
    "tensordot_int_float": f"tf.keras.ops.tensordot({_I}, {_F}, axes=2)",
    "einsum": f"tf.keras.ops.einsum('ij,jk->ik', {_F}, {_M})",
    "einsum_trace": "tf.keras.ops.einsum('ii->', tf.reshape(tf.range(9.0), (3, 3)))",
    "einsum_int": "tf.keras.ops.einsum('i,i->', tf.constant([1, 2]), tf.constant([3, 4]))",
    "outer": "tf.keras.ops.outer(tf.constant([1, 2]), tf.constant([1.5, 2.0, 3.0]))",
    "inner": "tf.keras.ops.inner(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))",
    "inner_matrix": f"tf.keras.ops.inner({_F}, {_F})",
    "vdot": f"tf.keras.ops.vdot({_F}, {_F})",
    "cross": "tf.keras.ops.cross(tf.constant([1.0, 0.0, 0.0]), tf.constant([0.0, 1.0, 0.0]))",
})

# --- nn -----------------------------------------------------------------------------------------
_X = "tf.constant([[-3.0, -0.5, 0.0, 0.5, 2.0, 7.0]])"
for _name in ["relu", "relu6", "sigmoid", "softplus", "softsign", "silu", "swish", "log_sigmoid",
              "leaky_relu", "hard_sigmoid", "hard_silu", "hard_swish", "elu", "selu", "gelu",
              "celu", "tanh_shrink", "hard_tanh", "hard_shrink", "soft_shrink", "sparse_plus",
              "sparse_sigmoid", "squareplus", "softmax", "log_softmax", "sparsemax", "glu"]:
    SNIPPETS[f"nn_{_name}"] = f"tf.keras.ops.{_name}({_X})"
    SNIPPETS[f"nn_{_name}_namespace"] = f"tf.keras.ops.nn.{_name}({_X})"
SNIPPETS.update({
    "nn_gelu_exact": f"tf.keras.ops.gelu({_X}, approximate=False)",
    "nn_leaky_relu_slope": f"tf.keras.ops.leaky_relu({_X}, negative_slope=0.1)",
    "nn_elu_alpha": f"tf.keras.ops.elu({_X}, alpha=0.5)",
    "nn_threshold": f"tf.keras.ops.threshold({_X}, 0.4, -1.0)",
    "nn_relu_int": "tf.keras.ops.relu(tf.constant([-2, 3]))",
    "nn_softmax_axis0": f"tf.keras.ops.softmax({_F}, axis=0)",
    "nn_softmax_none": f"tf.keras.ops.softmax({_F}, axis=None)",
    "nn_softmax_tuple": "tf.keras.ops.softmax(tf.reshape(tf.range(8.0), (2, 2, 2)), axis=(1, 2))",
    "nn_log_softmax_axis0": f"tf.keras.ops.log_softmax({_F}, axis=0)",
    "one_hot": "tf.keras.ops.one_hot(tf.constant([0, 2, -1]), 3)",
    "one_hot_axis0": "tf.keras.ops.one_hot(tf.constant([0, 2]), 3, axis=0)",
    "one_hot_dtype": "tf.keras.ops.one_hot([1, 0], 2, dtype='int32')",
    "one_hot_bool": "tf.keras.ops.one_hot([1, 0], 2, dtype='bool')",
    "one_hot_float_labels": "tf.keras.ops.one_hot(tf.constant([1.0, 0.0]), 2)",
    "multi_hot": "tf.keras.ops.multi_hot(tf.constant([[0, 2], [1, 1]]), 4)",
    "multi_hot_1d": "tf.keras.ops.multi_hot(tf.constant([0, 3]), 4)",
    "multi_hot_bool": "tf.keras.ops.multi_hot(tf.constant([[0, 2]]), 3, dtype='bool')",
    "categorical_crossentropy": ("tf.keras.ops.categorical_crossentropy("
                                 "tf.constant([[0.0, 1.0, 0.0]]), "
                                 "tf.constant([[0.2, 0.7, 0.1]]))"),
    "categorical_crossentropy_logits": ("tf.keras.ops.categorical_crossentropy("
                                        "tf.constant([[0.0, 1.0, 0.0]]), "
                                        "tf.constant([[2.0, 1.0, -1.0]]), from_logits=True)"),
    "sparse_categorical_crossentropy": ("tf.keras.ops.sparse_categorical_crossentropy("
                                        "tf.constant([1, 0]), tf.constant([[0.2, 0.7, 0.1], "
                                        "[0.5, 0.25, 0.25]]))"),
    "sparse_categorical_crossentropy_logits": (
        "tf.keras.ops.sparse_categorical_crossentropy(tf.constant([[1], [2]]), "
        "tf.constant([[2.0, 1.0, -1.0], [0.0, 0.0, 3.0]]), from_logits=True)"),
    "binary_crossentropy": ("tf.keras.ops.binary_crossentropy(tf.constant([[0.0, 1.0]]), "
                            "tf.constant([[0.3, 0.8]]))"),
    "binary_crossentropy_logits": ("tf.keras.ops.binary_crossentropy(tf.constant([0.0, 1.0]), "
                                   "tf.constant([-1.0, 2.0]), from_logits=True)"),
    "binary_crossentropy_shape_error": ("tf.keras.ops.binary_crossentropy(tf.constant([0.0, 1.0]), "
                                        "tf.constant([[0.5, 0.5]]))"),
    "moments": f"tf.keras.ops.moments({_F}, axes=[0])",
    "moments_keepdims": f"tf.keras.ops.moments({_F}, axes=[0, 1], keepdims=True)",
    "moments_float16": "tf.keras.ops.moments(tf.constant([1.0, 2.0, 4.0], tf.float16), axes=[0])",
    "batch_normalization": (f"tf.keras.ops.batch_normalization({_F}, "
                            "tf.constant([1.0, 0.0, 1.0]),"
                            " tf.constant([1.0, 4.0, 0.25]), axis=-1, "
                            "offset=tf.constant([0.0, 1.0, 0.0]),"
                            " scale=tf.constant([2.0, 1.0, 1.0]))"),
    "batch_normalization_axis0": (f"tf.keras.ops.batch_normalization({_F}, tf.constant([1.0, 0.0]),"
                                  " tf.constant([1.0, 4.0]), axis=0)"),
    "normalize": f"tf.keras.ops.normalize({_F})",
    "normalize_axis0": f"tf.keras.ops.normalize({_F}, axis=0)",
    "normalize_l1": f"tf.keras.ops.normalize({_F}, order=1)",
    "rms_normalization": f"tf.keras.ops.rms_normalization({_F})",
    "rms_normalization_scale": f"tf.keras.ops.rms_normalization({_F}, scale=2.0, epsilon=0.1)",
    "layer_normalization": f"tf.keras.ops.layer_normalization({_F})",
    "layer_normalization_params": (f"tf.keras.ops.layer_normalization({_F}, "
                                   "gamma=tf.constant([1.0, 2.0, 3.0]),"
                                   " beta=tf.constant([0.5, 0.0, -0.5]), epsilon=1e-5)"),
    "psnr": "tf.keras.ops.psnr(tf.constant([0.0, 0.5, 1.0]), tf.constant([0.1, 0.5, 0.8]), 1.0)",
    "max_pool": "tf.keras.ops.max_pool(tf.reshape(tf.range(16.0), (1, 4, 4, 1)), 2)",
    "max_pool_same": ("tf.keras.ops.max_pool(tf.reshape(tf.range(25.0), (1, 5, 5, 1)), 2, "
                      "padding='same')"),
    "average_pool_1d": ("tf.keras.ops.average_pool(tf.reshape(tf.range(6.0), (1, 6, 1)), 3, "
                        "strides=1)"),
    "conv2d": ("tf.keras.ops.conv(tf.reshape(tf.range(32.0), (1, 4, 4, 2)), "
               "tf.reshape(tf.range(24.0) / 10.0, (2, 2, 2, 3)))"),
    "conv1d_same": ("tf.keras.ops.conv(tf.reshape(tf.range(10.0), (1, 5, 2)), "
                    "tf.ones((3, 2, 1)), padding='same')"),
    "conv2d_strides": ("tf.keras.ops.conv(tf.reshape(tf.range(50.0), (1, 5, 5, 2)), "
                       "tf.ones((3, 3, 2, 1)), strides=2)"),
    "depthwise_conv": ("tf.keras.ops.depthwise_conv(tf.reshape(tf.range(32.0), (1, 4, 4, 2)), "
                       "tf.ones((2, 2, 2, 1)))"),
    "separable_conv": ("tf.keras.ops.separable_conv(tf.reshape(tf.range(32.0), (1, 4, 4, 2)), "
                       "tf.ones((2, 2, 2, 1)), tf.ones((1, 1, 2, 3)))"),
})

# --- math -----------------------------------------------------------------------------------------
SNIPPETS.update({
    "erf": "tf.keras.ops.erf(tf.constant([-1.0, 0.0, 0.5, 2.0]))",
    "erfc": "tf.keras.ops.erfc(tf.constant([-1.0, 0.0, 0.5, 2.0]))",
    "erfinv": "tf.keras.ops.erfinv(tf.constant([-0.5, 0.0, 0.5, 0.9]))",
    "rsqrt": "tf.keras.ops.rsqrt(tf.constant([1.0, 4.0, 0.25]))",
    "top_k": "tf.keras.ops.top_k(tf.constant([[1.0, 5.0, 3.0, 5.0], [2.0, 0.0, -1.0, 9.0]]), 2)",
    "top_k_int": "tf.keras.ops.top_k(tf.constant([4, 1, 7]), 1)",
    "in_top_k": ("tf.keras.ops.in_top_k(tf.constant([1, 0]), tf.constant([[0.1, 0.9, 0.0], "
                 "[0.2, 0.3, 0.5]]), 2)"),
    "segment_sum": ("tf.keras.ops.segment_sum(tf.constant([1.0, 2.0, 3.0, 4.0]), tf.constant([0, "
                    "0, 1, 1]))"),
    "segment_sum_unsorted": ("tf.keras.ops.segment_sum(tf.constant([[1, 2], [3, 4], [5, 6]]), "
                             "tf.constant([1, 0, 1]), num_segments=3)"),
    "segment_sum_sorted": ("tf.keras.ops.segment_sum(tf.constant([1.0, 2.0, 3.0]), "
                           "tf.constant([0, 0, 2]), sorted=True)"),
    "segment_sum_sparse_ids": ("tf.keras.ops.segment_sum(tf.constant([1.0, 2.0, 3.0]), "
                               "tf.constant([0, 2, 2]))"),
    "segment_sum_sorted_num_error": ("tf.keras.ops.segment_sum(tf.constant([1.0]), "
                                     "tf.constant([0]), num_segments=1, sorted=True)"),
    "segment_max": "tf.keras.ops.segment_max(tf.constant([1.0, 5.0, 3.0]), tf.constant([0, 0, 1]))",
    "segment_min": ("tf.keras.ops.segment_min(tf.constant([1.0, 5.0, 3.0]), tf.constant([0, 0, "
                    "1]), num_segments=3)"),
    "segment_prod": "tf.keras.ops.segment_prod(tf.constant([2, 5, 3]), tf.constant([1, 1, 0]))",
    "logdet": "tf.keras.ops.logdet(tf.constant([[2.0, 0.5], [0.5, 1.0]]))",
    "extract_sequences": "tf.keras.ops.extract_sequences(tf.range(8.0), 3, 2)",
    "extract_sequences_batch": ("tf.keras.ops.extract_sequences(tf.reshape(tf.range(12), (2, "
                                "6)), 4, 1)"),
})

# --- linalg -------------------------------------------------------------------------------------
_SPD = "tf.constant([[4.0, 1.0], [1.0, 3.0]])"
SNIPPETS.update({
    "linalg_cholesky": f"tf.keras.ops.cholesky({_SPD})",
    "linalg_cholesky_upper": f"tf.keras.ops.linalg.cholesky({_SPD}, upper=True)",
    "linalg_det": f"tf.keras.ops.det({_SPD})",
    "linalg_inv": f"tf.keras.ops.inv({_SPD})",
    "linalg_solve": f"tf.keras.ops.solve({_SPD}, tf.constant([[1.0], [2.0]]))",
    "linalg_solve_triangular": ("tf.keras.ops.solve_triangular("
                                "tf.constant([[2.0, 0.0], [1.0, 1.0]]),"
                                " tf.constant([2.0, 3.0]), lower=True)"),
    "linalg_norm": f"tf.keras.ops.norm({_F})",
    "linalg_norm_axis": f"tf.keras.ops.norm({_F}, axis=1)",
    "linalg_norm_ord1": f"tf.keras.ops.norm({_F}, ord=1, axis=-1, keepdims=True)",
    "linalg_norm_inf": f"tf.keras.ops.norm({_F}, ord=np.inf, axis=0)",
    "linalg_norm_ord0": f"tf.keras.ops.norm({_F}, ord=0, axis=1)",
    "linalg_norm_fro": f"tf.keras.ops.norm({_F}, ord='fro')",
    "linalg_norm_matrix1": f"tf.keras.ops.norm({_F}, ord=1, axis=(0, 1))",
    "linalg_norm_matrix_inf": f"tf.keras.ops.norm({_F}, ord=np.inf, axis=(0, 1))",
    "linalg_norm_int": f"tf.keras.ops.norm({_I})",
    "linalg_eigh_values": f"tf.keras.ops.eigh({_SPD})[0]",
    "linalg_svd_values": f"tf.keras.ops.svd({_M}, compute_uv=False)",
    "linalg_svd_shapes": (f"result = [tf.keras.ops.shape(t) for t in "
                          f"tf.keras.ops.svd({_M}, full_matrices=False)]"),
    "linalg_qr_shapes": f"result = [tf.keras.ops.shape(t) for t in tf.keras.ops.qr({_M})]",
    "linalg_qr_complete_shapes": (f"result = [tf.keras.ops.shape(t) for t in "
                                  f"tf.keras.ops.qr({_M}, mode='complete')]"),
    "linalg_lstsq": f"tf.keras.ops.lstsq({_M}, tf.constant([1.0, 2.0, 2.0]))",
    "linalg_pinv": f"tf.keras.ops.pinv({_M})",
    "linalg_matrix_rank": "tf.keras.ops.matrix_rank(tf.constant([[1.0, 2.0], [2.0, 4.0]]))",
    "linalg_cholesky_inverse": f"tf.keras.ops.cholesky_inverse(tf.keras.ops.cholesky({_SPD}))",
})

# --- core: control flow, slicing, scatter -------------------------------------------------------
SNIPPETS.update({
    "cond_true": ("tf.keras.ops.cond(tf.constant(True), lambda: tf.constant(1), lambda: "
                  "tf.constant(2))"),
    "cond_python": "tf.keras.ops.cond(False, lambda: tf.constant(1.0), lambda: tf.constant(2.0))",
    "switch": "tf.keras.ops.switch(1, [lambda x: x + 1, lambda x: x * 10], tf.constant(3))",
    "switch_clipped": "tf.keras.ops.switch(5, [lambda x: x + 1, lambda x: x * 10], tf.constant(3))",
    "while_loop": ("tf.keras.ops.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), "
                   "(tf.constant(0), tf.constant(0)))"),
    "while_loop_single": ("tf.keras.ops.while_loop(lambda x: x < 10, lambda x: x * 2, "
                          "tf.constant(1))"),
    "while_loop_max_iter": ("tf.keras.ops.while_loop(lambda x: x < 100, lambda x: x + 1, "
                            "tf.constant(0), maximum_iterations=3)"),
    "fori_loop": "tf.keras.ops.fori_loop(0, 4, lambda i, x: x + i, tf.constant(10))",
    "fori_loop_tuple": ("tf.keras.ops.fori_loop(1, 3, lambda i, v: (v[0] * 2, v[1] + i), "
                        "(tf.constant(1.0), tf.constant(0)))"),
    "scan": ("tf.keras.ops.scan(lambda c, x: (c + x, c * x), tf.constant(0.0), "
             "tf.constant([1.0, 2.0, 3.0]))"),
    "scan_reverse": ("tf.keras.ops.scan(lambda c, x: (c + x, c), tf.constant(0), "
                     "tf.constant([1, 2, 3]), reverse=True)"),
    "scan_length": "tf.keras.ops.scan(lambda c, x: (c * 2, c), tf.constant(1), length=4)",
    "scan_tree": ("tf.keras.ops.scan(lambda c, x: ([c[0] + x[0], c[1] * x[1]], "
                  "[c[0] * 2.0, c[1]]), "
                  "[tf.constant(0.0), tf.constant(1.0)], [tf.constant([1.0, 2.0]), "
                  "tf.constant([3.0, 4.0])])"),
    "map": "tf.keras.ops.map(lambda x: x * 2, tf.constant([[1, 2], [3, 4]]))",
    "map_tree": ("tf.keras.ops.map(lambda x: x[0] + x[1], (tf.constant([1, 2]), tf.constant([10, "
                 "20])))"),
    "vectorized_map": "tf.keras.ops.vectorized_map(lambda x: tf.keras.ops.sum(x), tf.ones((3, 2)))",
    "associative_scan": ("tf.keras.ops.associative_scan(lambda a, b: a + b, tf.constant([1, 2, "
                         "3, 4]))"),
    "associative_scan_reverse": ("tf.keras.ops.associative_scan(lambda a, b: a * b, "
                                 "tf.constant([1.0, 2.0, 3.0]), reverse=True)"),
    "stop_gradient": f"tf.keras.ops.stop_gradient({_F})",
    "unstack": f"tf.keras.ops.unstack({_F})",
    "unstack_axis": f"tf.keras.ops.unstack({_F}, axis=1)",
    "slice": "tf.keras.ops.slice(tf.reshape(tf.range(12), (3, 4)), (1, 1), (2, 2))",
    "slice_update": ("tf.keras.ops.slice_update(tf.zeros((3, 4)), (1, 2), "
                     "tf.ones((2, 2)))"),
    "slice_update_tensor_start": ("tf.keras.ops.slice_update(tf.zeros((4,), 'int32'), "
                                  "(tf.constant(1),), tf.constant([7, 8]))"),
    "scatter": ("tf.keras.ops.scatter(tf.constant([[0], [2], [0]]), tf.constant([1.0, 2.0, "
                "3.0]), (4,))"),
    "scatter_2d": ("tf.keras.ops.scatter(tf.constant([[0, 1], [1, 0]]), tf.constant([5, 6]), "
                   "(2, 2))"),
    "scatter_update": ("tf.keras.ops.scatter_update(tf.zeros((2, 3)), "
                       "tf.constant([[0, 1], [1, 2]]),"
                       " tf.constant([1.0, 2.0]))"),
    "scatter_update_rows": ("tf.keras.ops.scatter_update(tf.zeros((3, 2)), tf.constant([[2]]), "
                            "tf.constant([[4.0, 5.0]]))"),
    "scatter_update_add": ("tf.keras.ops.scatter_update(tf.ones((3,)), tf.constant([[0], [0]]), "
                           "tf.constant([2.0, 3.0]), reduction='add')"),
    "scatter_update_mul": ("tf.keras.ops.scatter_update(tf.ones((3,)) * 2.0, "
                           "tf.constant([[0], [0], [2]]), "
                           "tf.constant([2.0, 3.0, 5.0]), reduction='mul')"),
    "custom_gradient": """
@tf.keras.ops.custom_gradient
def f(x):
    def grad(*args, upstream=None):
        if upstream is None:
            (upstream,) = args
        return upstream * 3.0
    return x * x, grad
x = tf.constant([1.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = f(x)
result = [y, tape.gradient(y, x)]
""",
    "stop_gradient_grad": """
x = tf.constant([1.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.keras.ops.sum(x * tf.keras.ops.stop_gradient(x))
result = tape.gradient(y, x)
""",
    "keras_ops_in_function": """
@tf.function
def f(x):
    return tf.keras.ops.mean(tf.keras.ops.softmax(x), axis=-1) + tf.keras.ops.add(
        tf.keras.ops.cast(tf.keras.ops.argmax(x, axis=-1), 'float32'), 0.5)
result = f(tf.constant([[1.0, 3.0, 2.0], [0.0, -1.0, 4.0]]))
""",
    "fori_in_function": """
@tf.function
def f(n):
    return tf.keras.ops.fori_loop(0, n, lambda i, x: x + tf.keras.ops.cast(i, 'float32'), 0.0)
result = f(tf.constant(5))
""",
    "image_resize": ("tf.keras.ops.image.resize(tf.reshape(tf.range(16.0), (1, 4, 4, 1)), "
                     "(2, 2))"),
    "image_resize_nearest": ("tf.keras.ops.image.resize(tf.reshape(tf.range(16.0), (4, 4, 1)), "
                             "(8, 8), interpolation='nearest')"),
    "image_resize_channels_first": ("tf.keras.ops.image.resize(tf.reshape(tf.range(32.0), "
                                    "(1, 2, 4, 4)), (2, 3), data_format='channels_first')"),
})

# --- less common numpy functions ---------------------------------------------------------------
_N = "tf.constant([[1.0, np.nan, 3.0], [np.nan, np.nan, np.nan]])"
SNIPPETS.update({
    "bitwise_and": "tf.keras.ops.bitwise_and(tf.constant([12, 10]), tf.constant([10, 6]))",
    "bitwise_or_mixed": ("tf.keras.ops.bitwise_or(tf.constant([12, 10], tf.uint8), "
                         "tf.constant([3, 1]))"),
    "bitwise_xor": "tf.keras.ops.bitwise_xor(tf.constant([12, 10]), 6)",
    "bitwise_invert": "tf.keras.ops.bitwise_invert(tf.constant([0, 5], tf.uint8))",
    "bitwise_not": "tf.keras.ops.bitwise_not(tf.constant([0, 5]))",
    "left_shift": "tf.keras.ops.left_shift(tf.constant([1, 3]), tf.constant([2, 1]))",
    "right_shift": "tf.keras.ops.bitwise_right_shift(tf.constant([16, 7]), 1)",
    "logspace": "tf.keras.ops.logspace(0, 2, 3)",
    "logspace_base2": "tf.keras.ops.logspace(0.0, 3.0, 4, base=2)",
    "logspace_no_endpoint": "tf.keras.ops.logspace(0.0, 1.0, 4, endpoint=False)",
    "geomspace": "tf.keras.ops.geomspace(1.0, 1000.0, 4)",
    "geomspace_negative": "tf.keras.ops.geomspace(-1.0, -16.0, 5)",
    "nansum": f"tf.keras.ops.nansum({_N})",
    "nansum_axis": f"tf.keras.ops.nansum({_N}, axis=1)",
    "nansum_int": f"tf.keras.ops.nansum({_I}, axis=0)",
    "nanmean_axis": ("tf.keras.ops.nanmean(tf.constant([[1.0, np.nan, 3.0], [2.0, 4.0, "
                     "np.nan]]), axis=1)"),
    "nanmean_int": f"tf.keras.ops.nanmean({_I})",
    "nanmax": f"tf.keras.ops.nanmax({_N}, axis=1)",
    "nanmin_keepdims": f"tf.keras.ops.nanmin({_N}, axis=1, keepdims=True)",
    "nanmax_int": f"tf.keras.ops.nanmax({_I})",
    "nanprod": f"tf.keras.ops.nanprod({_N})",
    "nanvar": "tf.keras.ops.nanvar(tf.constant([1.0, np.nan, 3.0, 4.0]))",
    "nanstd_axis": ("tf.keras.ops.nanstd(tf.constant([[1.0, np.nan, 3.0], [2.0, 4.0, 6.0]]), "
                    "axis=1)"),
    "nanargmax": "tf.keras.ops.nanargmax(tf.constant([1.0, np.nan, 3.0, 2.0]))",
    "nanargmin": "tf.keras.ops.nanargmin(tf.constant([[1.0, np.nan], [np.nan, -1.0]]), axis=1)",
    "nancumsum": "tf.keras.ops.nancumsum(tf.constant([1.0, np.nan, 3.0]))",
    "nancumprod": "tf.keras.ops.nancumprod(tf.constant([2.0, np.nan, 3.0]))",
    "hsplit": "tf.keras.ops.hsplit(tf.reshape(tf.range(8), (2, 4)), 2)",
    "vsplit": "tf.keras.ops.vsplit(tf.reshape(tf.range(8), (4, 2)), [1])",
    "dsplit": "tf.keras.ops.dsplit(tf.reshape(tf.range(8), (1, 2, 4)), 2)",
    "dstack": "tf.keras.ops.dstack([tf.constant([1, 2]), tf.constant([3, 4])])",
    "dstack_2d": "tf.keras.ops.dstack([tf.ones((2, 2)), tf.zeros((2, 2))])",
    "kron": "tf.keras.ops.kron(tf.constant([[1, 2], [3, 4]]), tf.constant([[0, 1], [1, 0]]))",
    "kron_mixed_rank": "tf.keras.ops.kron(tf.constant([1.0, 2.0]), tf.ones((2, 2)))",
    "logaddexp2": "tf.keras.ops.logaddexp2(tf.constant([1.0, 2.0]), tf.constant([3.0, -1.0]))",
    "ldexp": "tf.keras.ops.ldexp(tf.constant([1.0, 3.0]), tf.constant([2, -1]))",
    "ldexp_float_error": "tf.keras.ops.ldexp(tf.constant([1.0]), tf.constant([2.0]))",
    "angle_real": "tf.keras.ops.angle(tf.constant([-1.0, 2.0, 0.0]))",
    "angle_int": "tf.keras.ops.angle(tf.constant([-1, 2]))",
    "isreal": "tf.keras.ops.isreal(tf.constant([1.0, 2.0]))",
    "unravel_index": "tf.keras.ops.unravel_index(tf.constant([5, 7, 0]), (2, 4))",
    "trapezoid": "tf.keras.ops.trapezoid(tf.constant([1.0, 2.0, 4.0]))",
    "trapezoid_dx": "tf.keras.ops.trapezoid(tf.constant([[1, 2, 4], [0, 1, 0]]), dx=0.5)",
    "trapezoid_x": ("tf.keras.ops.trapezoid(tf.constant([1.0, 2.0, 4.0]), x=tf.constant([0.0, "
                    "1.0, 3.0]))"),
    "vander": "tf.keras.ops.vander(tf.constant([1, 2, 3]))",
    "vander_n": "tf.keras.ops.vander(tf.constant([1.0, 2.0]), N=4, increasing=True)",
    "corrcoef": "tf.keras.ops.corrcoef(tf.constant([[1.0, 2.0, 4.0], [2.0, 1.0, 0.5]]))",
    "correlate": ("tf.keras.ops.correlate(tf.constant([1.0, 2.0, 3.0, 4.0]), tf.constant([0.0, "
                  "1.0, 0.5]))"),
    "correlate_full": ("tf.keras.ops.correlate(tf.constant([1.0, 2.0, 3.0]), "
                       "tf.constant([0.0, 1.0]), mode='full')"),
    "correlate_same": ("tf.keras.ops.correlate(tf.constant([1.0, 2.0, 3.0, 4.0]), "
                       "tf.constant([1.0, 1.0, 1.0]), mode='same')"),
    "hanning": "tf.keras.ops.hanning(5)",
    "hamming": "tf.keras.ops.hamming(4)",
    "bartlett": "tf.keras.ops.bartlett(5)",
    "blackman": "tf.keras.ops.blackman(5)",
    "kaiser": "tf.keras.ops.kaiser(5, 3.0)",
    "histogram": "tf.keras.ops.histogram(tf.constant([0.0, 0.5, 1.0, 2.5, 3.0]), bins=3)",
    "histogram_range": ("tf.keras.ops.histogram(tf.constant([0.0, 0.5, 1.0, 2.5, 9.0]), bins=2, "
                        "range=(0.0, 4.0))"),
    "dot_product_attention": ("tf.keras.ops.dot_product_attention("
                              "tf.reshape(tf.range(16.0) / 10.0, (1, 2, 2, 4)), "
                              "tf.reshape(tf.range(24.0) / 20.0, (1, 3, 2, 4)), "
                              "tf.reshape(tf.range(24.0) / 5.0, (1, 3, 2, 4)))"),
    "dot_product_attention_causal_bias": (
        "tf.keras.ops.dot_product_attention(tf.reshape(tf.range(24.0) / 10.0, (1, 3, 2, 4)), "
        "tf.reshape(tf.range(24.0) / 20.0, (1, 3, 2, 4)), tf.reshape(tf.range(24.0), (1, 3, 2, 4)),"
        " bias=tf.ones((1, 2, 3, 3)), is_causal=True, scale=0.3)"),
    "dot_product_attention_mask_gqa": (
        "tf.keras.ops.dot_product_attention(tf.reshape(tf.range(32.0) / 10.0, (1, 2, 4, 4)), "
        "tf.reshape(tf.range(24.0) / 20.0, (1, 3, 2, 4)), tf.reshape(tf.range(24.0), (1, 3, 2, 4)),"
        " mask=tf.constant([True, False, True]))"),
    "dot_product_attention_rank_error": ("tf.keras.ops.dot_product_attention(tf.ones((2, 4)), "
                                         "tf.ones((2, 4)), tf.ones((2, 4)))"),
    "depth_to_space": "tf.keras.ops.depth_to_space(tf.reshape(tf.range(16), (1, 2, 2, 4)), 2)",
    "space_to_depth": "tf.keras.ops.space_to_depth(tf.reshape(tf.range(16), (1, 4, 4, 1)), 2)",
    "depth_to_space_cf": ("tf.keras.ops.depth_to_space(tf.reshape(tf.range(16), (1, 4, 2, 2)), 2, "
                          "data_format='channels_first')"),
    "polar": "tf.keras.ops.polar(tf.constant([1.0, 2.0]), tf.constant([0.0, 1.5707964]))",
})

# --- image --------------------------------------------------------------------------------------
_IMG = "tf.reshape(tf.range(48.0) / 48.0, (1, 4, 4, 3))"
SNIPPETS.update({
    "image_resize_crop_ratio": ("tf.keras.ops.image.resize(tf.reshape(tf.range(24.0), (1, 4, 6, "
                                "1)), (2, 2), crop_to_aspect_ratio=True)"),
    "image_resize_pad_ratio": ("tf.keras.ops.image.resize(tf.reshape(tf.range(24.0), (4, 6, 1)), "
                               "(6, 6), pad_to_aspect_ratio=True, fill_value=-1.0)"),
    "image_resize_pad_ratio_wide": ("tf.keras.ops.image.resize(tf.reshape(tf.range(24.0), "
                                    "(1, 6, 4, 1)), (4, 8), pad_to_aspect_ratio=True)"),
    "image_resize_int": "tf.keras.ops.image.resize(tf.reshape(tf.range(16), (4, 4, 1)), (2, 2))",
    "image_resize_bad_fill_mode": f"tf.keras.ops.image.resize({_IMG}, (2, 2), fill_mode='reflect')",
    "image_resize_bad_rank": "tf.keras.ops.image.resize(tf.ones((4, 4)), (2, 2))",
    "image_rgb_to_grayscale": f"tf.keras.ops.image.rgb_to_grayscale({_IMG})",
    "image_rgb_to_grayscale_int": ("tf.keras.ops.image.rgb_to_grayscale(tf.reshape(tf.range(12), "
                                   "(2, 2, 3)))"),
    "image_rgb_to_grayscale_cf": ("tf.keras.ops.image.rgb_to_grayscale(tf.reshape(tf.range(12.0), "
                                  "(3, 2, 2)), data_format='channels_first')"),
    "image_rgb_to_grayscale_bad": "tf.keras.ops.image.rgb_to_grayscale(tf.ones((2, 2, 2)))",
    "image_rgb_to_hsv": f"tf.keras.ops.image.rgb_to_hsv({_IMG})",
    "image_hsv_to_rgb": f"tf.keras.ops.image.hsv_to_rgb({_IMG})",
    "image_rgb_to_hsv_int": "tf.keras.ops.image.rgb_to_hsv(tf.ones((2, 2, 3), tf.int32))",
})
SNIPPETS.update({
    "conv_transpose_2d": ("tf.keras.ops.conv_transpose(tf.reshape(tf.range(18.0), (1, 3, 3, 2)), "
                          "tf.reshape(tf.range(24.0) / 10.0, (2, 2, 3, 2)), strides=2)"),
    "conv_transpose_2d_same": ("tf.keras.ops.conv_transpose(tf.reshape(tf.range(18.0), "
                               "(1, 3, 3, 2)), tf.ones((3, 3, 1, 2)), strides=2, padding='same')"),
    "conv_transpose_1d_output_padding": (
        "tf.keras.ops.conv_transpose(tf.reshape(tf.range(8.0), (1, 4, 2)), tf.ones((3, 1, 2)), "
        "strides=2, output_padding=1)"),
    "conv_transpose_valid_stride1": ("tf.keras.ops.conv_transpose(tf.reshape(tf.range(8.0), "
                                     "(1, 2, 2, 2)), tf.ones((2, 2, 3, 2)))"),
})

# --- the rest -------------------------------------------------------------------------------
SNIPPETS.update({
    "gcd": "tf.keras.ops.gcd(tf.constant([12, 18, 0, -8]), tf.constant([8, 27, 5, 12]))",
    "lcm": "tf.keras.ops.lcm(tf.constant([4, 6, 0]), tf.constant([6, 4, 3]))",
    "gcd_float_error": "tf.keras.ops.gcd(tf.constant([1.0]), tf.constant([2.0]))",
    "unique": "tf.keras.ops.unique(tf.constant([3, 1, 3, 2, 1]))",
    "unique_unsorted": "tf.keras.ops.unique(tf.constant([3, 1, 3, 2, 1]), sorted=False)",
    "unique_all": ("tf.keras.ops.unique(tf.constant([[3, 1], [3, 2]]), return_index=True, "
                   "return_inverse=True, return_counts=True)"),
    "unique_size": "tf.keras.ops.unique(tf.constant([3, 1, 3]), size=4, fill_value=-1)",
    "unique_size_truncate": "tf.keras.ops.unique(tf.constant([5, 1, 3, 2]), size=2)",
    "nanmedian": ("tf.keras.ops.nanmedian(tf.constant([[1.0, np.nan, 3.0, 4.0], [np.nan] * 4]), "
                  "axis=1)"),
    "nanmedian_all": "tf.keras.ops.nanmedian(tf.constant([1.0, np.nan, 3.0, 5.0]))",
    "nanquantile": ("tf.keras.ops.nanquantile(tf.constant([[1.0, np.nan, 3.0], [2.0, 4.0, 8.0]]), "
                    "0.25, axis=1)"),
    "nanquantile_vector": ("tf.keras.ops.nanquantile(tf.constant([[1.0, np.nan, 3.0], "
                           "[2.0, 4.0, 8.0]]), [0.1, 0.9], axis=1)"),
    "nanquantile_keepdims": ("tf.keras.ops.nanquantile(tf.constant([[1.0, np.nan], [2.0, 4.0]]), "
                             "0.5, axis=0, keepdims=True)"),
    "nanpercentile": ("tf.keras.ops.nanpercentile(tf.constant([1.0, np.nan, 3.0, 4.0]), 75, "
                      "method='lower')"),
    "argpartition": "tf.keras.ops.argpartition(tf.constant([5, 1, 4, 2, 3]), 2)",
    "argpartition_0": "tf.keras.ops.argpartition(tf.constant([3, 1, 2]), 0)",
    "slogdet": "tf.keras.ops.slogdet(tf.constant([[2.0, 1.0], [1.0, -3.0]]))",
    "nextafter": "tf.keras.ops.nextafter(tf.constant([1.0, 2.0]), tf.constant([2.0, 0.0]))",
    "vectorize": ("tf.keras.ops.vectorize(lambda a, b: tf.keras.ops.sum(a) * b)"
                  "(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([1.0, 10.0]))"),
    "cdist": "tf.keras.ops.cdist(tf.constant([[0.0, 0.0], [1.0, 1.0]]), tf.constant([[3.0, 4.0]]))",
    "fft": ("tf.keras.ops.fft((tf.constant([1.0, 2.0, 3.0, 4.0]), "
            "tf.constant([0.0, 1.0, 0.0, -1.0])))"),
    "fft2": "tf.keras.ops.fft2((tf.reshape(tf.range(4.0), (2, 2)), tf.zeros((2, 2))))",
    "ifft2": "tf.keras.ops.ifft2((tf.reshape(tf.range(4.0), (2, 2)), tf.ones((2, 2))))",
    "rfft": "tf.keras.ops.rfft(tf.constant([1.0, 2.0, 3.0, 4.0]))",
    "rfft_length": "tf.keras.ops.rfft(tf.constant([1.0, 2.0, 3.0]), fft_length=6)",
    "irfft": "tf.keras.ops.irfft((tf.constant([10.0, -2.0, -2.0]), tf.constant([0.0, 2.0, 0.0])))",
    "fft_bad_input": "tf.keras.ops.fft(tf.constant([1.0, 2.0]))",
    "view_as_real": ("tf.keras.ops.view_as_real(tf.complex(tf.constant([1.0, 2.0]), "
                     "tf.constant([3.0, 4.0])))"),
    "view_as_complex": "tf.keras.ops.view_as_complex(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
})
SNIPPETS.update({
    "image_crop": ("tf.keras.ops.image.crop_images(tf.reshape(tf.range(32.0), (1, 4, 4, 2)), "
                   "top_cropping=1, left_cropping=0, target_height=2, target_width=3)"),
    "image_crop_bottom": ("tf.keras.ops.image.crop_images(tf.reshape(tf.range(16), (4, 4, 1)), "
                          "bottom_cropping=1, target_height=2, right_cropping=2, "
                          "left_cropping=1)"),
    "image_crop_cf": ("tf.keras.ops.image.crop_images(tf.reshape(tf.range(32.0), (2, 4, 4)), "
                      "top_cropping=1, bottom_cropping=1, left_cropping=2, right_cropping=0, "
                      "data_format='channels_first')"),
    "image_crop_three_given": ("tf.keras.ops.image.crop_images(tf.ones((4, 4, 1)), top_cropping=1,"
                               " bottom_cropping=1, target_height=2, left_cropping=0, "
                               "target_width=2)"),
    "image_crop_too_much": ("tf.keras.ops.image.crop_images(tf.ones((4, 4, 1)), top_cropping=3, "
                            "target_height=2, left_cropping=0, target_width=2)"),
    "image_pad": ("tf.keras.ops.image.pad_images(tf.reshape(tf.range(8.0), (1, 2, 2, 2)), "
                  "top_padding=1, left_padding=2, target_height=4, target_width=5)"),
    "image_pad_bottom": ("tf.keras.ops.image.pad_images(tf.ones((2, 2, 1), 'int32'), "
                         "bottom_padding=1, target_height=4, right_padding=1, left_padding=0)"),
    "image_pad_negative": ("tf.keras.ops.image.pad_images(tf.ones((3, 3, 1)), top_padding=1, "
                           "target_height=2, left_padding=0, target_width=3)"),
})
SNIPPETS.update({
    "saturate_cast_f32_int32": "tf.keras.ops.saturate_cast(tf.constant([3e9, -3e9, 5.7]), 'int32')",
    "saturate_cast_f64_int64": ("tf.keras.ops.saturate_cast(tf.constant([1e19, -1e19, -2.5], "
                                "tf.float64), 'int64')"),
    "saturate_cast_f64_f32": ("tf.keras.ops.saturate_cast(tf.constant([1e39, -1e39, 1.5], "
                              "tf.float64), 'float32')"),
    "saturate_cast_int_float": "tf.keras.ops.saturate_cast(tf.constant([-3, 300]), 'float16')",
    "saturate_cast_uint8_int8": ("tf.keras.ops.saturate_cast(tf.constant([1, 200], tf.uint8), "
                                 "'int8')"),
    "saturate_cast_bool": "tf.keras.ops.saturate_cast(tf.constant([0.0, 2.0]), 'bool')",
    "cast_bool": "tf.keras.ops.cast(tf.constant([0.0, 0.5]), 'bool')",
    "cast_float_to_int_truncates": "tf.keras.ops.cast(tf.constant([-1.7, 1.7]), 'int32')",
    "convert_to_numpy_list": "tf.keras.ops.convert_to_numpy([1, 2])",
    "convert_to_tensor_variable": "tf.keras.ops.convert_to_tensor(tf.Variable([1.0, 2.0]))",
    "convert_to_tensor_variable_cast": ("tf.keras.ops.convert_to_tensor(tf.Variable([1.0, 2.0]), "
                                        "dtype='int32')"),
    "multiply_bool_error": "tf.keras.ops.multiply(tf.constant([True]), tf.constant([False]))",
    "add_int8_int": "tf.keras.ops.add(tf.constant([100], tf.int8), 100)",
    "mean_empty": "tf.keras.ops.mean(tf.zeros((0,)))",
    "sum_empty_int": "tf.keras.ops.sum(tf.zeros((0,), tf.int8))",
    "softmax_float64": "tf.keras.ops.softmax(tf.constant([1.0, 2.0], tf.float64))",
    "one_hot_out_of_range": "tf.keras.ops.one_hot(tf.constant([3, 5]), 4)",
    "sparse_ce_float64": ("tf.keras.ops.sparse_categorical_crossentropy(tf.constant([0]), "
                          "tf.constant([[0.3, 0.7]], tf.float64))"),
    "matmul_shape_error": "tf.keras.ops.matmul(tf.ones((2, 3)), tf.ones((2, 3)))",
    "concatenate_shape_error": "tf.keras.ops.concatenate([tf.ones((2, 3)), tf.ones((3, 2))])",
    "reshape_error": "tf.keras.ops.reshape(tf.ones((2, 3)), (4, 2))",
    "take_along_axis_rank_error": ("tf.keras.ops.take_along_axis(tf.ones((2, 3)), "
                                   "tf.constant([[0]]))"),
})
_LOGITS = "tf.reshape(tf.sin(tf.range(60.0)) * 2.0, (2, 6, 5))"
SNIPPETS.update({
    "ctc_loss": (f"tf.keras.ops.ctc_loss(tf.constant([[1, 2, 2], [3, 0, 0]]), {_LOGITS}, "
                 "tf.constant([3, 1]), tf.constant([6, 4]))"),
    "ctc_loss_repeats_full_length": (f"tf.keras.ops.ctc_loss(tf.constant([[1, 1], [4, 2]]), "
                                     f"{_LOGITS}, tf.constant([2, 2]), tf.constant([6, 6]))"),
    "ctc_loss_mask_index": (f"tf.keras.ops.ctc_loss(tf.constant([[0, 1], [2, 3]]), {_LOGITS}, "
                            "tf.constant([2, 1]), tf.constant([5, 6]), mask_index=4)"),
    "ctc_loss_empty_label": (f"tf.keras.ops.ctc_loss(tf.constant([[1, 2], [0, 0]]), {_LOGITS}, "
                             "tf.constant([2, 0]), tf.constant([6, 3]))"),
    "ctc_loss_float64": (f"tf.keras.ops.ctc_loss(tf.constant([[1, 2]]), tf.cast({_LOGITS}[:1], "
                         "tf.float64), tf.constant([2]), tf.constant([6]))"),
    "ctc_loss_grad": f"""
logits = {_LOGITS}
with tf.GradientTape() as tape:
    tape.watch(logits)
    loss = tf.keras.ops.ctc_loss(tf.constant([[1, 2, 2], [3, 0, 0]]), logits,
                                 tf.constant([3, 1]), tf.constant([6, 4]))
result = tape.gradient(tf.reduce_sum(loss), logits)
""",
})
SNIPPETS.update({
    "ctc_decode": f"tf.keras.ops.ctc_decode({_LOGITS}, tf.constant([6, 4]))",
    "ctc_decode_no_merge": (f"tf.keras.ops.ctc_decode({_LOGITS}, tf.constant([5, 6]), "
                            "merge_repeated=False)"),
    "ctc_decode_mask_index": (f"tf.keras.ops.ctc_decode({_LOGITS}, tf.constant([6, 6]), "
                              "mask_index=2)"),
    "ctc_decode_repeats": ("tf.keras.ops.ctc_decode(tf.math.log(tf.constant([[[0.1, 0.9, 0.0], "
                           "[0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.1, 0.7, 0.2], "
                           "[0.1, 0.2, 0.7]]])), tf.constant([5]))"),
    "ctc_decode_bad_strategy": (f"tf.keras.ops.ctc_decode({_LOGITS}, tf.constant([6, 4]), "
                                "strategy='x')"),
})
SNIPPETS.update({
    "image_extract_patches": ("tf.keras.ops.image.extract_patches(tf.reshape(tf.range(32.0), "
                              "(1, 4, 4, 2)), 2)"),
    "image_extract_patches_strides_same": ("tf.keras.ops.image.extract_patches(tf.reshape("
                                           "tf.range(25.0), (5, 5, 1)), (2, 3), strides=(2, 1),"
                                           " padding='same')"),
    "image_extract_patches_cf": ("tf.keras.ops.image.extract_patches(tf.reshape(tf.range(32.0), "
                                 "(1, 2, 4, 4)), 2, data_format='channels_first')"),
})
