"""Keras 3 reference snippets for tf.keras.losses: every loss class under each reduction, with
sample weights of several ranks, from_logits / label smoothing / axis options, dtypes, the
loss functions, configs, lookup by name and errors."""

REG_T = "[[0.5, 1.0, 2.0], [1.5, 0.2, 3.0], [0.1, 2.5, 1.0], [2.0, 0.3, 0.7]]"
REG_P = "[[0.7, 0.8, 1.5], [1.0, 0.5, 3.5], [0.3, 2.0, 0.2], [1.8, 0.1, 1.4]]"
BIN_T = "[[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]"
PROB = "[[0.1, 0.6, 0.3], [0.8, 0.15, 0.05], [0.4, 0.4, 0.2], [0.05, 0.05, 0.9]]"
PM1_T = "[[-1.0, 1.0, 1.0], [1.0, -1.0, -1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]]"
LOGIT = "[[2.0, -1.0, 0.5], [-0.5, 3.0, 1.0], [0.0, 0.0, 0.0], [1.5, -2.0, 4.0]]"
ONE_HOT = "[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]"
SPARSE = "[1, 0, 2, 2]"
SW1 = "[1.0, 0.5, 2.0, 0.0]"
SW2 = "[[1.0, 0.0, 2.0], [0.5, 0.5, 0.5], [1.0, 1.0, 0.0], [3.0, 0.0, 1.0]]"

# class name -> (constructor kwargs, y_true, y_pred)
CASES = {
    "MeanSquaredError": ("", REG_T, REG_P),
    "MeanAbsoluteError": ("", REG_T, REG_P),
    "MeanAbsolutePercentageError": ("", REG_T, REG_P),
    "MeanSquaredLogarithmicError": ("", REG_T, REG_P),
    "Huber": ("delta=0.6", REG_T, REG_P),
    "LogCosh": ("", REG_T, REG_P),
    "CosineSimilarity": ("", REG_T, REG_P),
    "Poisson": ("", REG_T, REG_P),
    "KLDivergence": ("", PROB, ("[[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.3, 0.3, 0.4], "
                             "[0.1, 0.1, 0.8]]")),
    "Hinge": ("", BIN_T, LOGIT),
    "SquaredHinge": ("", PM1_T, LOGIT),
    "CategoricalHinge": ("", ONE_HOT, LOGIT),
    "BinaryCrossentropy": ("", BIN_T, PROB),
    "BinaryFocalCrossentropy": ("", BIN_T, PROB),
    "CategoricalCrossentropy": ("", ONE_HOT, PROB),
    "CategoricalFocalCrossentropy": ("", ONE_HOT, PROB),
    "SparseCategoricalCrossentropy": ("", SPARSE, PROB),
    "Dice": ("axis=-1", BIN_T, PROB),
    "Tversky": ("alpha=0.3, beta=0.7, axis=-1", BIN_T, PROB),
}


def _call(cls: str, kwargs: str, yt: str, yp: str, extra: str = "", sw: str | None = None,
          dtype: str = "tf.float32") -> str:
    args = ", ".join(a for a in (kwargs, extra) if a)
    weight = "" if sw is None else f", sample_weight=tf.constant({sw})"
    return (f"yt = tf.constant({yt})\nyp = tf.constant({yp}, {dtype})\n"
            f"result = tf.keras.losses.{cls}({args})(yt, yp{weight})")


SNIPPETS: dict = {}
for _cls, (_kw, _yt, _yp) in CASES.items():
    SNIPPETS[f"{_cls}_default"] = _call(_cls, _kw, _yt, _yp)
    SNIPPETS[f"{_cls}_none"] = _call(_cls, _kw, _yt, _yp, "reduction='none'")
    SNIPPETS[f"{_cls}_sum_sw1"] = _call(_cls, _kw, _yt, _yp, "reduction='sum'", SW1)
    SNIPPETS[f"{_cls}_mean_sw1"] = _call(_cls, _kw, _yt, _yp, "", SW1)
    SNIPPETS[f"{_cls}_mwsw_sw1"] = _call(_cls, _kw, _yt, _yp,
                                         "reduction='mean_with_sample_weight'", SW1)
    SNIPPETS[f"{_cls}_scalar_sw"] = _call(_cls, _kw, _yt, _yp, "", "2.5")
    SNIPPETS[f"{_cls}_float64_input"] = _call(_cls, _kw, _yt, _yp, dtype="tf.float64")
    SNIPPETS[f"{_cls}_dtype64"] = _call(_cls, _kw, _yt, _yp, "dtype='float64'",
                                        dtype="tf.float64")
    SNIPPETS[f"{_cls}_config"] = f"tf.keras.losses.{_cls}({_kw}).get_config()"
    SNIPPETS[f"{_cls}_roundtrip"] = (
        f"loss = tf.keras.losses.{_cls}({_kw})\n"
        f"result = type(loss).from_config(loss.get_config()).get_config()")
    SNIPPETS[f"{_cls}_serialize"] = f"tf.keras.losses.serialize(tf.keras.losses.{_cls}({_kw}))"

# per-element weights where the loss keeps the last axis (reduction over the rest)
for _cls in ("MeanSquaredError", "BinaryCrossentropy", "Huber", "LogCosh"):
    _kw, _yt, _yp = CASES[_cls]
    SNIPPETS[f"{_cls}_sw_column"] = _call(_cls, _kw, _yt, _yp, "", "[[1.0], [0.0], [2.0], [0.5]]")
    SNIPPETS[f"{_cls}_none_3d"] = (
        f"yt = tf.reshape(tf.constant({_yt}), [2, 2, 3])\n"
        f"yp = tf.reshape(tf.constant({_yp}), [2, 2, 3])\n"
        f"result = tf.keras.losses.{_cls}({_kw}{', ' if _kw else ''}reduction='none')(yt, yp, "
        f"sample_weight=tf.constant([[1.0, 2.0], [0.0, 0.5]]))")

SNIPPETS.update({
    # the reductions' edge cases
    "mse_rank1_inputs": "tf.keras.losses.MeanSquaredError()(tf.constant([1.0, 2.0, 3.0]), "
                        "tf.constant([0.0, 2.5, 1.0]))",
    "mse_rank1_vs_column": "tf.keras.losses.MeanSquaredError(reduction='none')("
                           "tf.constant([1.0, 2.0]), tf.constant([[0.0], [0.5]]))",
    "mse_empty_batch": "tf.keras.losses.MeanSquaredError()(tf.zeros([0, 3]), tf.zeros([0, 3]))",
    "mse_empty_features": "tf.keras.losses.MeanSquaredError()(tf.zeros([2, 0]), "
                          "tf.zeros([2, 0]))",
    "mse_python_lists": "tf.keras.losses.MeanSquaredError()([[0.0, 1.0]], [[1.0, 1.0]])",
    "mse_numpy_inputs": "tf.keras.losses.MeanSquaredError()(np.array([[0, 1]]), "
                        "np.array([[0.5, 1.0]]))",
    "mse_int_labels": "tf.keras.losses.MeanSquaredError()(tf.constant([[0, 1]]), "
                      "tf.constant([[0.5, 1.0]]))",
    "mse_reduction_mean": _call("MeanSquaredError", "", REG_T, REG_P, "reduction='mean'", SW1),
    "mse_reduction_none_string": _call("MeanSquaredError", "", REG_T, REG_P,
                                       "reduction=None", SW1),
    "mse_sw_all_zero": _call("MeanSquaredError", "", REG_T, REG_P, "", "[0.0, 0.0, 0.0, 0.0]"),
    "mse_mwsw_zero": _call("MeanSquaredError", "", REG_T, REG_P,
                           "reduction='mean_with_sample_weight'", "[0.0, 0.0, 0.0, 0.0]"),
    "mse_reduction_attr": "tf.keras.losses.MeanSquaredError(reduction='sum').reduction",
    "invalid_reduction": "tf.keras.losses.MeanSquaredError(reduction='auto')",
    "invalid_reduction2": "tf.keras.losses.BinaryCrossentropy(reduction='batch')",
    "default_names": "[tf.keras.losses.Huber().name, tf.keras.losses.LogCosh().name, "
                     "tf.keras.losses.Poisson().name, tf.keras.losses.KLDivergence().name]",
    "custom_name": "tf.keras.losses.MeanSquaredError(name='my_loss').name",
    "loss_dtype_attr": "[tf.keras.losses.MeanSquaredError().dtype, "
                       "tf.keras.losses.MeanSquaredError(dtype='float64').dtype]",
    "huber_drops_delta_in_config": "tf.keras.losses.Huber(delta=2.0).get_config()",
    "cosine_axis0": _call("CosineSimilarity", "axis=0", REG_T, REG_P),
    "cosine_zero_vector": "tf.keras.losses.cosine_similarity(tf.constant([[0.0, 0.0], "
                          "[1.0, 1.0]]), tf.constant([[1.0, 0.0], [1.0, 1.0]]))",
    "huber_delta_large": _call("Huber", "delta=5.0", REG_T, REG_P, "reduction='none'"),
    "mape_zero_labels": "tf.keras.losses.MeanAbsolutePercentageError()(tf.constant([[0.0, 1.0]]),"
                        " tf.constant([[0.5, 2.0]]))",
    "msle_negative": "tf.keras.losses.MeanSquaredLogarithmicError()(tf.constant([[-1.0, 1.0]]), "
                     "tf.constant([[0.5, -2.0]]))",
    "hinge_binary_labels_converted": "tf.keras.losses.hinge(tf.constant([[0.0, 1.0]]), "
                                     "tf.constant([[0.3, 0.2]]))",
    "hinge_nonbinary_labels_kept": "tf.keras.losses.hinge(tf.constant([[0.5, 1.0]]), "
                                   "tf.constant([[0.3, 0.2]]))",
    "kld_clipping": "tf.keras.losses.KLDivergence()(tf.constant([[0.0, 1.0]]), "
                    "tf.constant([[0.0, 1.5]]))",
    # crossentropies
    "bce_from_logits": _call("BinaryCrossentropy", "from_logits=True", BIN_T, LOGIT),
    "bce_from_logits_none": _call("BinaryCrossentropy", "from_logits=True", BIN_T, LOGIT,
                                  "reduction='none'"),
    "bce_label_smoothing": _call("BinaryCrossentropy", "label_smoothing=0.2", BIN_T, PROB),
    "bce_logits_smoothing": _call("BinaryCrossentropy", "from_logits=True, label_smoothing=0.1",
                                  BIN_T, LOGIT),
    "bce_axis0": _call("BinaryCrossentropy", "axis=0", BIN_T, PROB, "reduction='none'"),
    "bce_clipping": "tf.keras.losses.BinaryCrossentropy(reduction='none')("
                    "tf.constant([[1.0, 0.0, 1.0]]), tf.constant([[0.0, 1.0, 1.0]]))",
    "bce_rank1": "tf.keras.losses.BinaryCrossentropy()(tf.constant([0.0, 1.0, 1.0]), "
                 "tf.constant([0.2, 0.7, 0.9]))",
    "bce_column_vs_vector": "tf.keras.losses.BinaryCrossentropy(reduction='none')("
                            "tf.constant([0.0, 1.0, 1.0]), tf.constant([[0.2], [0.7], [0.9]]))",
    "bce_shape_mismatch": "tf.keras.losses.binary_crossentropy(tf.constant([[0.0, 1.0]]), "
                          "tf.constant([[0.2, 0.7, 0.1]]))",
    "bce_function": f"tf.keras.losses.binary_crossentropy(tf.constant({BIN_T}), "
                    f"tf.constant({PROB}))",
    "bce_function_float64": f"tf.keras.losses.binary_crossentropy(tf.constant({BIN_T}, "
                            f"tf.float64), tf.constant({PROB}, tf.float64))",
    "bce_large_logits": "tf.keras.losses.BinaryCrossentropy(from_logits=True, reduction='none')("
                        "tf.constant([[1.0, 0.0]]), tf.constant([[-200.0, 300.0]]))",
    "bfce_balanced": _call("BinaryFocalCrossentropy",
                           "apply_class_balancing=True, alpha=0.4, gamma=1.5", BIN_T, PROB),
    "bfce_logits": _call("BinaryFocalCrossentropy", "from_logits=True, gamma=3.0", BIN_T, LOGIT),
    "bfce_smoothing": _call("BinaryFocalCrossentropy", "label_smoothing=0.3", BIN_T, PROB,
                            "reduction='none'"),
    "cce_from_logits": _call("CategoricalCrossentropy", "from_logits=True", ONE_HOT, LOGIT),
    "cce_from_logits_none": _call("CategoricalCrossentropy", "from_logits=True", ONE_HOT, LOGIT,
                                  "reduction='none'"),
    "cce_label_smoothing": _call("CategoricalCrossentropy", "label_smoothing=0.1", ONE_HOT,
                                 PROB, "reduction='none'"),
    "cce_logits_smoothing": _call("CategoricalCrossentropy",
                                  "from_logits=True, label_smoothing=0.25", ONE_HOT, LOGIT),
    "cce_unnormalised_probs": "tf.keras.losses.CategoricalCrossentropy(reduction='none')("
                              "tf.constant([[0.0, 1.0, 0.0]]), tf.constant([[0.2, 0.6, 0.6]]))",
    "cce_zero_prob": "tf.keras.losses.CategoricalCrossentropy(reduction='none')("
                     "tf.constant([[0.0, 1.0]]), tf.constant([[1.0, 0.0]]))",
    "cce_axis0": _call("CategoricalCrossentropy", "axis=0", ONE_HOT, PROB, "reduction='none'"),
    "cce_axis0_logits": _call("CategoricalCrossentropy", "axis=0, from_logits=True", ONE_HOT,
                              LOGIT, "reduction='none'"),
    "cce_soft_labels": "tf.keras.losses.CategoricalCrossentropy()(tf.constant([[0.3, 0.7], "
                       "[0.5, 0.5]]), tf.constant([[0.4, 0.6], [0.9, 0.1]]))",
    "cce_3d": "tf.keras.losses.CategoricalCrossentropy(reduction='none')(tf.one_hot("
              "[[0, 2], [1, 1]], 3), tf.constant([[[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], "
              "[[0.3, 0.4, 0.3], [0.6, 0.2, 0.2]]]))",
    "cce_shape_mismatch": "tf.keras.losses.CategoricalCrossentropy()(tf.constant([[0.0, 1.0]]), "
                          "tf.constant([[0.2, 0.7, 0.1]]))",
    "cce_rank_mismatch": "tf.keras.losses.categorical_crossentropy(tf.constant([1.0, 0.0]), "
                         "tf.constant([[0.2, 0.8]]))",
    "cce_bool_axis": "tf.keras.losses.categorical_crossentropy(tf.constant([[1.0, 0.0]]), "
                     "tf.constant([[0.2, 0.8]]), axis=True)",
    "cce_int_labels": "tf.keras.losses.CategoricalCrossentropy()(tf.constant([[0, 1], [1, 0]]),"
                      " tf.constant([[0.2, 0.8], [0.6, 0.4]]))",
    "cfce_default_none": _call("CategoricalFocalCrossentropy", "", ONE_HOT, PROB,
                               "reduction='none'"),
    "cfce_logits": _call("CategoricalFocalCrossentropy", "from_logits=True, alpha=0.5, gamma=1.0",
                         ONE_HOT, LOGIT),
    "cfce_alpha_list": _call("CategoricalFocalCrossentropy", "alpha=[0.2, 0.3, 0.5]", ONE_HOT,
                             PROB, "reduction='none'"),
    "cfce_smoothing": _call("CategoricalFocalCrossentropy", "label_smoothing=0.2", ONE_HOT, PROB),
    "scce_from_logits": _call("SparseCategoricalCrossentropy", "from_logits=True", SPARSE, LOGIT),
    "scce_from_logits_none": _call("SparseCategoricalCrossentropy", "from_logits=True", SPARSE,
                                   LOGIT, "reduction='none'"),
    "scce_column_labels": _call("SparseCategoricalCrossentropy", "", "[[1], [0], [2], [2]]",
                                PROB, "reduction='none'"),
    "scce_float_labels": _call("SparseCategoricalCrossentropy", "", "[1.0, 0.0, 2.0, 2.0]", PROB),
    "scce_int64_labels": "tf.keras.losses.SparseCategoricalCrossentropy()(tf.constant([1, 0], "
                         "tf.int64), tf.constant([[0.3, 0.7], [0.8, 0.2]]))",
    "scce_unnormalised": "tf.keras.losses.SparseCategoricalCrossentropy(reduction='none')("
                         "tf.constant([1]), tf.constant([[0.5, 0.5, 1.0]]))",
    "scce_zero_prob": "tf.keras.losses.SparseCategoricalCrossentropy(reduction='none')("
                      "tf.constant([0, 1]), tf.constant([[0.0, 1.0], [0.5, 0.5]]))",
    "scce_ignore_class": _call("SparseCategoricalCrossentropy", "ignore_class=2", SPARSE, PROB),
    "scce_ignore_class_none": _call("SparseCategoricalCrossentropy", "ignore_class=2", SPARSE,
                                    PROB, "reduction='none'"),
    "scce_ignore_class_sum": _call("SparseCategoricalCrossentropy", "ignore_class=2", SPARSE,
                                   PROB, "reduction='sum'"),
    "scce_ignore_class_sw": _call("SparseCategoricalCrossentropy", "ignore_class=0", SPARSE,
                                  PROB, "", SW1),
    "scce_ignore_class_logits": _call("SparseCategoricalCrossentropy",
                                      "ignore_class=1, from_logits=True", SPARSE, LOGIT),
    "scce_ignore_minus_one": "tf.keras.losses.SparseCategoricalCrossentropy(ignore_class=-1)("
                             "tf.constant([[0, -1], [1, 1]]), tf.constant([[[0.7, 0.3], "
                             "[0.4, 0.6]], [[0.1, 0.9], [0.5, 0.5]]]))",
    "scce_ignore_all": "tf.keras.losses.SparseCategoricalCrossentropy(ignore_class=0)("
                       "tf.constant([0, 0]), tf.constant([[0.7, 0.3], [0.4, 0.6]]))",
    "scce_3d_logits": "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, "
                      "reduction='none')(tf.constant([[0, 2], [1, 1]]), tf.constant("
                      "[[[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]], [[0.5, 0.5, 0.5], [2.0, 1.0, 0.0]]]))",
    "scce_label_out_of_range": "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)("
                               "tf.constant([0, 3]), tf.constant([[1.0, 2.0, 0.5], "
                               "[0.0, -1.0, 3.0]]))",
    "scce_bad_rank": "tf.keras.losses.sparse_categorical_crossentropy(tf.constant([[0, 1, 1]]), "
                     "tf.constant([[0.3, 0.7], [0.2, 0.8]]))",
    "scce_axis0_error": "tf.keras.losses.sparse_categorical_crossentropy(tf.constant([0, 1]), "
                        "tf.constant([[0.3, 0.7], [0.2, 0.8]]), axis=0)",
    "scce_function": f"tf.keras.losses.sparse_categorical_crossentropy(tf.constant({SPARSE}), "
                     f"tf.constant({LOGIT}), from_logits=True)",
    "scce_function_ignore": f"tf.keras.losses.sparse_categorical_crossentropy(tf.constant("
                            f"{SPARSE}), tf.constant({PROB}), ignore_class=0)",
    # functions exported by tf.keras.losses
    "fn_mse": f"tf.keras.losses.mse(tf.constant({REG_T}), tf.constant({REG_P}))",
    "fn_MAE": f"tf.keras.losses.MAE(tf.constant({REG_T}), tf.constant({REG_P}))",
    "fn_mape": f"tf.keras.losses.mape(tf.constant({REG_T}), tf.constant({REG_P}))",
    "fn_msle": f"tf.keras.losses.msle(tf.constant({REG_T}), tf.constant({REG_P}))",
    "fn_kld": f"tf.keras.losses.kld(tf.constant({PROB}), tf.constant({PROB}) + 0.05)",
    "fn_logcosh": f"tf.keras.losses.logcosh(tf.constant({REG_T}, tf.float64), "
                  f"tf.constant({REG_P}, tf.float64))",
    "fn_huber": f"tf.keras.losses.huber(tf.constant({REG_T}), tf.constant({REG_P}), delta=0.3)",
    "fn_poisson": f"tf.keras.losses.poisson(tf.constant({REG_T}), tf.constant({REG_P}))",
    "fn_squared_hinge": f"tf.keras.losses.squared_hinge(tf.constant({BIN_T}), "
                        f"tf.constant({LOGIT}))",
    "fn_categorical_hinge": f"tf.keras.losses.categorical_hinge(tf.constant({ONE_HOT}), "
                            f"tf.constant({LOGIT}))",
    "fn_cosine": f"tf.keras.losses.cosine_similarity(tf.constant({REG_T}), "
                 f"tf.constant({REG_P}), axis=0)",
    "fn_cce": f"tf.keras.losses.categorical_crossentropy(tf.constant({ONE_HOT}), "
              f"tf.constant({LOGIT}), from_logits=True, label_smoothing=0.1)",
    "fn_bfce": f"tf.keras.losses.binary_focal_crossentropy(tf.constant({BIN_T}), "
               f"tf.constant({LOGIT}), from_logits=True, apply_class_balancing=True)",
    "fn_cfce": f"tf.keras.losses.categorical_focal_crossentropy(tf.constant({ONE_HOT}), "
               f"tf.constant({PROB}))",
    "fn_dice_all": f"tf.keras.losses.dice(tf.constant({BIN_T}), tf.constant({PROB}))",
    "fn_tversky_all": f"tf.keras.losses.tversky(tf.constant({BIN_T}), tf.constant({PROB}))",
    "dice_default_scalar": f"tf.keras.losses.Dice()(tf.constant({BIN_T}), tf.constant({PROB}))",
    "gce_loss": "tf.keras.losses.CategoricalGeneralizedCrossEntropy(q=0.7)(tf.constant("
                f"{SPARSE}), tf.constant({PROB}))",
    "gce_bad_q": "tf.keras.losses.CategoricalGeneralizedCrossEntropy(q=1.5)",
    "circle_loss": "tf.keras.losses.Circle()(tf.constant([0, 1, 0, 1]), tf.math.l2_normalize("
                   "tf.constant([[1.0, 0.2], [0.1, 1.0], [0.9, 0.4], [0.3, 0.8]]), axis=1))",
    # lookup and serialization
    "get_mse_name": "tf.keras.losses.get('mse').__name__",
    "get_function_name": "tf.keras.losses.get('categorical_crossentropy').__name__",
    "get_class_name": "tf.keras.losses.get('CategoricalCrossentropy').get_config()",
    "get_bce_alias": "tf.keras.losses.get('BCE').__name__",
    "get_kld_alias": "tf.keras.losses.get('kld').__name__",
    "get_none": "[tf.keras.losses.get(None)]",
    "get_unknown": "tf.keras.losses.get('no_such_loss')",
    "get_snake_class_unknown": "tf.keras.losses.get('huber_loss')",
    "get_dict": "tf.keras.losses.get({'class_name': 'Huber', 'config': {'name': 'h', "
                "'reduction': 'sum'}}).get_config()",
    "get_instance_passthrough": "result = tf.keras.losses.Huber()\n"
                                "result = tf.keras.losses.get(result) is result",
    "serialize_function": "tf.keras.losses.serialize(tf.keras.losses.mse)",
    "deserialize_function": "tf.keras.losses.deserialize('mean_absolute_error').__name__",
    "deserialize_config": "tf.keras.losses.deserialize(tf.keras.losses.serialize("
                          "tf.keras.losses.BinaryFocalCrossentropy(gamma=3.0))).get_config()",
    "reduction_constants": "[tf.keras.losses.Reduction.AUTO, tf.keras.losses.Reduction.NONE, "
                           "tf.keras.losses.Reduction.SUM, "
                           "tf.keras.losses.Reduction.SUM_OVER_BATCH_SIZE, "
                           "list(tf.keras.losses.Reduction.all())]",
    "custom_loss_subclass": """
class MyLoss(tf.keras.losses.Loss):
    def call(self, y_true, y_pred):
        return tf.reduce_sum(tf.abs(y_true - y_pred), axis=-1)
loss = MyLoss(reduction='sum')
result = [loss(tf.constant([[1.0, 2.0], [0.0, 1.0]]), tf.constant([[0.5, 2.0], [1.0, 1.0]]),
               sample_weight=tf.constant([2.0, 1.0])), loss.get_config()]
""",
    "gradient_bce_probs": f"""
yp = tf.constant({PROB})
with tf.GradientTape() as tape:
    tape.watch(yp)
    loss = tf.keras.losses.BinaryCrossentropy()(tf.constant({BIN_T}), yp)
result = tape.gradient(loss, yp)
""",
    "gradient_cce_logits": f"""
yp = tf.constant({LOGIT})
with tf.GradientTape() as tape:
    tape.watch(yp)
    loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(
        tf.constant({ONE_HOT}), yp)
result = tape.gradient(loss, yp)
""",
    "gradient_scce_probs": f"""
yp = tf.constant({PROB})
with tf.GradientTape() as tape:
    tape.watch(yp)
    loss = tf.keras.losses.SparseCategoricalCrossentropy()(tf.constant({SPARSE}), yp)
result = tape.gradient(loss, yp)
""",
    "gradient_huber": f"""
yp = tf.constant({REG_P})
with tf.GradientTape() as tape:
    tape.watch(yp)
    loss = tf.keras.losses.Huber(delta=0.5)(tf.constant({REG_T}), yp)
result = tape.gradient(loss, yp)
""",
    "in_function": f"""
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
@tf.function
def step(y, logits):
    return loss_fn(y, logits)
result = [step(tf.constant({SPARSE}), tf.constant({LOGIT})),
          step(tf.constant([0, 0, 1, 2]), tf.constant({LOGIT}))]
""",
})
