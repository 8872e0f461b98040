"""Keras 3 reference snippets for tf.keras.metrics: every metric accumulated over several
batches (with and without sample weights), reset, results' dtypes and shapes, configs, lookup
by name, the metric functions, and metrics updated inside tf.function."""

BIN_T = "[[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]"
PROB = "[[0.1, 0.6, 0.3], [0.8, 0.15, 0.05], [0.4, 0.4, 0.2], [0.05, 0.5, 0.45]]"
BIN_T2 = "[[1.0, 1.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]"
PROB2 = "[[0.9, 0.35, 0.5], [0.2, 0.75, 0.61], [0.33, 0.0, 1.0], [0.66, 0.52, 0.2]]"
ONE_HOT = "[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]"
ONE_HOT2 = "[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]"
SPARSE = "[1, 0, 2, 2]"
SPARSE2 = "[0, 1, 1, 2]"
REG_T = "[[0.5, 1.0, 2.0], [1.5, 0.2, 3.0], [0.1, 2.5, 1.0], [2.0, 0.3, 0.7]]"
REG_P = "[[0.7, 0.8, 1.5], [1.0, 0.5, 3.5], [0.3, 2.0, 0.2], [1.8, 0.1, 1.4]]"
LOGIT = "[[2.0, -1.0, 0.5], [-0.5, 3.0, 1.0], [0.0, 0.0, 0.0], [1.5, -2.0, 4.0]]"
SW = "[1.0, 0.5, 2.0, 0.0]"
SW_B = "[0.3, 1.0, 1.0, 2.0]"

# name -> (constructor, batch 1 (y_true, y_pred), batch 2 (y_true, y_pred))
BINARY = ((BIN_T, PROB), (BIN_T2, PROB2))
CATEGORICAL = ((ONE_HOT, PROB), (ONE_HOT2, PROB2))
SPARSE_CAT = ((SPARSE, PROB), (SPARSE2, PROB2))
REGRESSION = ((REG_T, REG_P), (REG_P, REG_T))
CASES = {
    "Accuracy": ("tf.keras.metrics.Accuracy()", ((SPARSE, "[1, 1, 2, 0]"),
                                                 (SPARSE2, "[0, 1, 1, 1]"))),
    "BinaryAccuracy": ("tf.keras.metrics.BinaryAccuracy()", BINARY),
    "BinaryAccuracy_t07": ("tf.keras.metrics.BinaryAccuracy(threshold=0.35)", BINARY),
    "CategoricalAccuracy": ("tf.keras.metrics.CategoricalAccuracy()", CATEGORICAL),
    "SparseCategoricalAccuracy": ("tf.keras.metrics.SparseCategoricalAccuracy()", SPARSE_CAT),
    "TopK": ("tf.keras.metrics.TopKCategoricalAccuracy(k=2)", CATEGORICAL),
    "SparseTopK": ("tf.keras.metrics.SparseTopKCategoricalAccuracy(k=2)", SPARSE_CAT),
    "SparseTopK1": ("tf.keras.metrics.SparseTopKCategoricalAccuracy(k=1)", SPARSE_CAT),
    "AUC": ("tf.keras.metrics.AUC()", BINARY),
    "AUC_PR": ("tf.keras.metrics.AUC(curve='PR')", BINARY),
    "AUC_PR_majoring": ("tf.keras.metrics.AUC(curve='PR', summation_method='majoring')",
                        BINARY),
    "AUC_ROC_minoring": (("tf.keras.metrics.AUC(num_thresholds=7, "
                         "summation_method='minoring')"), BINARY),
    "AUC_PRGAIN": ("tf.keras.metrics.AUC(curve='PRGAIN', num_thresholds=11)", BINARY),
    "AUC_thresholds": ("tf.keras.metrics.AUC(thresholds=[0.3, 0.5, 0.7])", BINARY),
    "AUC_even_thresholds": ("tf.keras.metrics.AUC(thresholds=[0.25, 0.5, 0.75])", BINARY),
    "AUC_multi_label": ("tf.keras.metrics.AUC(multi_label=True)", BINARY),
    "AUC_multi_label_pr": (("tf.keras.metrics.AUC(multi_label=True, curve='PR', "
                           "num_labels=3)"), BINARY),
    "AUC_multi_label_weights": (("tf.keras.metrics.AUC(multi_label=True, "
                                "label_weights=[0.2, 0.3, 0.5])"), BINARY),
    "AUC_label_weights": ("tf.keras.metrics.AUC(label_weights=[0.2, 1.0, 0.5])", BINARY),
    "AUC_logits": ("tf.keras.metrics.AUC(from_logits=True)", ((BIN_T, LOGIT), (BIN_T2, LOGIT))),
    "AUC_multi_thresholds": (("tf.keras.metrics.AUC(multi_label=True, "
                             "thresholds=[0.1, 0.45, 0.8])"), BINARY),
    "Precision": ("tf.keras.metrics.Precision()", BINARY),
    "Precision_thresholds": ("tf.keras.metrics.Precision(thresholds=[0.0, 0.3, 0.5, 0.7])",
                             BINARY),
    "Precision_even": ("tf.keras.metrics.Precision(thresholds=[0.0, 0.5, 1.0])", BINARY),
    "Precision_top_k": ("tf.keras.metrics.Precision(top_k=1)", BINARY),
    "Precision_class_id": ("tf.keras.metrics.Precision(class_id=1)", BINARY),
    "Precision_top_k_class": ("tf.keras.metrics.Precision(top_k=2, class_id=2)", BINARY),
    "Recall": ("tf.keras.metrics.Recall()", BINARY),
    "Recall_thresholds": ("tf.keras.metrics.Recall(thresholds=[0.2, 0.6])", BINARY),
    "Recall_top_k": ("tf.keras.metrics.Recall(top_k=2)", BINARY),
    "Recall_class_id": ("tf.keras.metrics.Recall(class_id=0, thresholds=0.3)", BINARY),
    "TruePositives": ("tf.keras.metrics.TruePositives()", BINARY),
    "FalsePositives": ("tf.keras.metrics.FalsePositives(thresholds=[0.15, 0.5, 0.85])",
                       BINARY),
    "TrueNegatives": ("tf.keras.metrics.TrueNegatives(thresholds=0.4)", BINARY),
    "FalseNegatives": ("tf.keras.metrics.FalseNegatives()", BINARY),
    "SensitivityAtSpecificity": ("tf.keras.metrics.SensitivityAtSpecificity(0.5)", BINARY),
    "SpecificityAtSensitivity": (("tf.keras.metrics.SpecificityAtSensitivity(0.6, "
                                 "num_thresholds=50)"), BINARY),
    "PrecisionAtRecall": ("tf.keras.metrics.PrecisionAtRecall(0.7)", BINARY),
    "RecallAtPrecision": ("tf.keras.metrics.RecallAtPrecision(0.6, class_id=1)", BINARY),
    "SensAtSpec_one_threshold": (("tf.keras.metrics.SensitivityAtSpecificity(0.5, "
                                 "num_thresholds=1)"), BINARY),
    "MeanSquaredError": ("tf.keras.metrics.MeanSquaredError()", REGRESSION),
    "MeanAbsoluteError": ("tf.keras.metrics.MeanAbsoluteError()", REGRESSION),
    "MeanAbsolutePercentageError": ("tf.keras.metrics.MeanAbsolutePercentageError()",
                                    REGRESSION),
    "MeanSquaredLogarithmicError": ("tf.keras.metrics.MeanSquaredLogarithmicError()",
                                    REGRESSION),
    "RootMeanSquaredError": ("tf.keras.metrics.RootMeanSquaredError()", REGRESSION),
    "CosineSimilarity": ("tf.keras.metrics.CosineSimilarity()", REGRESSION),
    "LogCoshError": ("tf.keras.metrics.LogCoshError()", REGRESSION),
    "R2Score": ("tf.keras.metrics.R2Score()", REGRESSION),
    "R2Score_weighted": (("tf.keras.metrics.R2Score(class_aggregation="
                         "'variance_weighted_average')"), REGRESSION),
    "R2Score_raw": ("tf.keras.metrics.R2Score(class_aggregation=None)", REGRESSION),
    "Hinge": ("tf.keras.metrics.Hinge()", ((BIN_T, LOGIT), (BIN_T2, LOGIT))),
    "SquaredHinge": ("tf.keras.metrics.SquaredHinge()", ((BIN_T, LOGIT), (BIN_T2, LOGIT))),
    "CategoricalHinge": ("tf.keras.metrics.CategoricalHinge()",
                         ((ONE_HOT, LOGIT), (ONE_HOT2, LOGIT))),
    "KLDivergence": ("tf.keras.metrics.KLDivergence()", ((PROB, PROB2), (PROB2, PROB))),
    "Poisson": ("tf.keras.metrics.Poisson()", REGRESSION),
    "BinaryCrossentropy": ("tf.keras.metrics.BinaryCrossentropy()", BINARY),
    "BinaryCrossentropy_logits": (("tf.keras.metrics.BinaryCrossentropy(from_logits=True, "
                                  "label_smoothing=0.1)"), ((BIN_T, LOGIT), (BIN_T2, LOGIT))),
    "CategoricalCrossentropy": ("tf.keras.metrics.CategoricalCrossentropy()", CATEGORICAL),
    "CategoricalCrossentropy_logits": (("tf.keras.metrics.CategoricalCrossentropy("
                                       "from_logits=True, label_smoothing=0.2)"),
                                       ((ONE_HOT, LOGIT), (ONE_HOT2, LOGIT))),
    "SparseCategoricalCrossentropy": ("tf.keras.metrics.SparseCategoricalCrossentropy()",
                                      SPARSE_CAT),
    "SparseCategoricalCrossentropy_ignore": (
        "tf.keras.metrics.SparseCategoricalCrossentropy(ignore_class=2)", SPARSE_CAT),
    "MeanIoU": ("tf.keras.metrics.MeanIoU(num_classes=3)", ((SPARSE, "[1, 1, 2, 0]"),
                                                           (SPARSE2, "[0, 2, 1, 1]"))),
    "MeanIoU_ignore": ("tf.keras.metrics.MeanIoU(num_classes=3, ignore_class=0)",
                       ((SPARSE, "[1, 1, 2, 0]"), (SPARSE2, "[0, 2, 1, 1]"))),
    "MeanIoU_dense": ("tf.keras.metrics.MeanIoU(num_classes=3, sparse_y_pred=False)",
                      SPARSE_CAT),
    "IoU": ("tf.keras.metrics.IoU(num_classes=3, target_class_ids=[0, 2])",
            ((SPARSE, "[1, 1, 2, 0]"), (SPARSE2, "[0, 2, 1, 1]"))),
    "BinaryIoU": ("tf.keras.metrics.BinaryIoU(threshold=0.4)", BINARY),
    "OneHotIoU": ("tf.keras.metrics.OneHotIoU(num_classes=3, target_class_ids=[1])",
                  CATEGORICAL),
    "OneHotMeanIoU": ("tf.keras.metrics.OneHotMeanIoU(num_classes=3)", CATEGORICAL),
    "F1Score": ("tf.keras.metrics.F1Score()", BINARY),
    "F1Score_macro": ("tf.keras.metrics.F1Score(average='macro', threshold=0.5)", BINARY),
    "F1Score_micro": ("tf.keras.metrics.F1Score(average='micro', threshold=0.3)", BINARY),
    "FBetaScore_weighted": (("tf.keras.metrics.FBetaScore(average='weighted', beta=2.0, "
                            "threshold=0.4)"), BINARY),
    "PearsonCorrelation": ("tf.keras.metrics.PearsonCorrelation()", REGRESSION),
    "ConcordanceCorrelation": ("tf.keras.metrics.ConcordanceCorrelation()", REGRESSION),
}
# metrics whose sample weights must be integers (int64 state) or are per-sample rows only
INT_STATE = ("MeanIoU", "MeanIoU_ignore", "MeanIoU_dense", "IoU", "BinaryIoU", "OneHotIoU",
             "OneHotMeanIoU")


def _batches(ctor: str, batches, weights=None) -> str:
    (t1, p1), (t2, p2) = batches
    w1, w2 = ("", "") if weights is None else (f", sample_weight={weights[0]}",
                                                f", sample_weight={weights[1]}")
    return (f"m = {ctor}\n"
            f"m.update_state(tf.constant({t1}), tf.constant({p1}){w1})\n"
            f"r1 = tf.convert_to_tensor(m.result())\n"
            f"m.update_state(tf.constant({t2}), tf.constant({p2}){w2})\n"
            f"result = [r1, tf.convert_to_tensor(m.result())]")


SNIPPETS: dict = {}
for _name, (_ctor, _b) in CASES.items():
    SNIPPETS[f"{_name}_batches"] = _batches(_ctor, _b)
    _w = ("[1, 2, 0, 1]", "[3, 1, 1, 0]") if _name in INT_STATE else (SW, SW_B)
    SNIPPETS[f"{_name}_weighted"] = _batches(_ctor, _b, _w)
    SNIPPETS[f"{_name}_reset"] = (_batches(_ctor, _b) + "\nm.reset_state()\n"
                                  "result = tf.convert_to_tensor(m.result())")
    SNIPPETS[f"{_name}_config"] = ("tf.keras.backend.clear_session()\n"
                                   f"result = {_ctor}.get_config()")
    SNIPPETS[f"{_name}_variables"] = (f"m = {_ctor}\n"
                                      f"m.update_state(tf.constant({_b[0][0]}), "
                                      f"tf.constant({_b[0][1]}))\n"
                                      "result = [(v.name, tf.as_dtype(v.dtype).name, "
                                      "tuple(v.shape)) for v in m.variables]")

SNIPPETS.update({
    # reduction metrics
    "mean_values": "m = tf.keras.metrics.Mean()\nm.update_state([1.0, 2.0, 3.0])\n"
                   "m.update_state([[4.0, 5.0]])\nresult = m.result()",
    "mean_weighted": "m = tf.keras.metrics.Mean()\nm.update_state([1.0, 2.0, 3.0], "
                     "sample_weight=[1.0, 0.0, 3.0])\n"
                     "result = [m.result(), tf.identity(m.total), tf.identity(m.count)]",
    "mean_scalar_weight": "m = tf.keras.metrics.Mean()\nm.update_state([1.0, 2.0, 4.0], "
                          "sample_weight=2.0)\nresult = [m.result(), tf.identity(m.count)]",
    "mean_2d_values_1d_weights": "m = tf.keras.metrics.Mean()\nm.update_state([[1.0, 2.0], "
                                 "[3.0, 5.0]], sample_weight=[1.0, 3.0])\n"
                                 "result = [m.result(), tf.identity(m.count)]",
    "mean_2d_weights": "m = tf.keras.metrics.Mean()\nm.update_state([[1.0, 2.0], [3.0, 5.0]], "
                       "sample_weight=[[1.0, 0.0], [0.5, 0.5]])\n"
                       "result = [m.result(), tf.identity(m.count)]",
    "mean_3d_values": "m = tf.keras.metrics.Mean()\nm.update_state(tf.reshape(tf.range(12.0), "
                      "[2, 3, 2]), sample_weight=[[1.0], [2.0]])\n"
                      "result = [tf.identity(m.total), tf.identity(m.count)]",
    "mean_scalar_value": "m = tf.keras.metrics.Mean()\nm.update_state(3.0)\nm.update_state(5.0)"
                         "\nresult = [m.result(), tf.identity(m.count)]",
    "mean_empty": "m = tf.keras.metrics.Mean()\nresult = m.result()",
    "mean_float64": "m = tf.keras.metrics.Mean(dtype='float64')\nm.update_state([1.0, 2.0])\n"
                    "result = m.result()",
    "mean_int_values": "m = tf.keras.metrics.Mean()\nm.update_state(tf.constant([1, 2]))\n"
                       "result = m.result()",
    "mean_call": "m = tf.keras.metrics.Mean()\nresult = [m(2.0), m([4.0, 6.0])]",
    "sum_values": "m = tf.keras.metrics.Sum()\nm.update_state([1.0, 2.0, 3.0])\n"
                  "m.update_state([[1.0, 1.0]], sample_weight=[[0.5, 2.0]])\nresult = m.result()",
    "sum_config": "tf.keras.metrics.Sum().get_config()",
    "mean_names": "[tf.keras.metrics.Mean().name, tf.keras.metrics.Sum().name, "
                  "tf.keras.metrics.Mean(name='loss').name]",
    "mean_variable_names": "m = tf.keras.metrics.Mean(name='my_mean')\n"
                           "result = [(v.name, v.path, v.trainable) for v in m.variables]",
    "mean_metric_wrapper_fn": f"""
def diff(y_true, y_pred):
    return tf.reduce_mean(y_pred - y_true, axis=-1)
m = tf.keras.metrics.MeanMetricWrapper(diff, name='diff')
m.update_state(tf.constant({REG_T}), tf.constant({REG_P}), sample_weight=tf.constant({SW}))
result = [m.result(), m.name]
""",
    "mean_metric_wrapper_kwargs": f"""
m = tf.keras.metrics.MeanMetricWrapper(tf.keras.metrics.binary_accuracy, threshold=0.3)
m.update_state(tf.constant({BIN_T}), tf.constant({PROB}))
result = [m.result(), m.name, m.get_config()]
""",
    "custom_metric_subclass": """
class Count(tf.keras.metrics.Metric):
    def __init__(self, name='count', **kwargs):
        super().__init__(name=name, **kwargs)
        self.n = self.add_variable(shape=(), initializer='zeros', name='n')
    def update_state(self, y_true, y_pred, sample_weight=None):
        self.n.assign_add(tf.cast(tf.size(y_true), self.dtype))
    def result(self):
        return tf.convert_to_tensor(self.n)
m = Count()
m.update_state(tf.ones([3, 2]), tf.ones([3, 2]))
m.update_state(tf.ones([4]), tf.ones([4]))
result = [m.result(), [v.name for v in m.variables], m.get_config()]
""",
    "add_weight_alias": """
class Total(tf.keras.metrics.Metric):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.t = self.add_weight(shape=(2,), initializer='ones', name='t')
    def update_state(self, x):
        self.t.assign_add(x)
    def result(self):
        return tf.convert_to_tensor(self.t)
m = Total()
m.update_state(tf.constant([1.0, 2.0]))
result = [m.result(), m.name]
""",
    # accuracy functions and shapes
    "fn_binary_accuracy": f"tf.keras.metrics.binary_accuracy(tf.constant({BIN_T}), "
                          f"tf.constant({PROB}))",
    "fn_binary_accuracy_threshold": f"tf.keras.metrics.binary_accuracy(tf.constant({BIN_T}), "
                                    f"tf.constant({PROB}), threshold=0.1)",
    "fn_binary_accuracy_int": "tf.keras.metrics.binary_accuracy(tf.constant([[1], [0], [1]]), "
                              "tf.constant([[0.7], [0.2], [0.4]]))",
    "fn_binary_accuracy_rank1": "tf.keras.metrics.binary_accuracy(tf.constant([1.0, 0.0]), "
                                "tf.constant([[0.7], [0.6]]))",
    "fn_categorical_accuracy": f"tf.keras.metrics.categorical_accuracy(tf.constant({ONE_HOT}),"
                               f" tf.constant({PROB}))",
    "fn_categorical_accuracy_3d": "tf.keras.metrics.categorical_accuracy(tf.one_hot([[0, 2], "
                                  "[1, 1]], 3), tf.constant([[[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]"
                                  ", [[0.3, 0.4, 0.3], [0.6, 0.2, 0.2]]]))",
    "fn_sparse_categorical_accuracy": "tf.keras.metrics.sparse_categorical_accuracy("
                                      f"tf.constant({SPARSE}), tf.constant({PROB}))",
    "fn_sparse_categorical_accuracy_col": "tf.keras.metrics.sparse_categorical_accuracy("
                                          "tf.constant([[1], [0], [2], [1]]), "
                                          f"tf.constant({PROB}))",
    "fn_sparse_categorical_accuracy_ties": "tf.keras.metrics.sparse_categorical_accuracy("
                                           "tf.constant([1, 0]), tf.constant([[0.5, 0.5], "
                                           "[0.5, 0.5]]))",
    "fn_top_k": f"tf.keras.metrics.top_k_categorical_accuracy(tf.constant({ONE_HOT}), "
                f"tf.constant({PROB}), k=1)",
    "fn_sparse_top_k": f"tf.keras.metrics.sparse_top_k_categorical_accuracy(tf.constant("
                       f"{SPARSE}), tf.constant({PROB}), k=2)",
    "fn_sparse_top_k_3d": "tf.keras.metrics.sparse_top_k_categorical_accuracy(tf.constant("
                          "[[0, 2], [1, 1]]), tf.constant([[[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]],"
                          " [[0.3, 0.4, 0.3], [0.6, 0.2, 0.2]]]), k=1)",
    "fn_sparse_top_k_sorted_ids": "tf.keras.metrics.sparse_top_k_categorical_accuracy("
                                  "tf.constant([2, 0]), tf.constant([[2.0, 1.0, 0.0], "
                                  "[1.0, 2.0, 0.0]]), k=1, from_sorted_ids=True)",
    "sparse_top_k_sorted_ids_config": "tf.keras.metrics.SparseTopKCategoricalAccuracy("
                                      "from_sorted_ids=True).get_config()",
    "fn_mse_metric": f"tf.keras.metrics.mse(tf.constant({REG_T}), tf.constant({REG_P}))",
    "fn_huber_metric": f"tf.keras.metrics.huber(tf.constant({REG_T}), tf.constant({REG_P}))",
    "fn_pearson": f"tf.keras.metrics.pearson_correlation(tf.constant({REG_T}), "
                  f"tf.constant({REG_P}))",
    "fn_concordance": f"tf.keras.metrics.concordance_correlation(tf.constant({REG_T}), "
                      f"tf.constant({REG_P}))",
    "accuracy_column_vs_vector": "m = tf.keras.metrics.Accuracy()\nm.update_state("
                                 "tf.constant([[1], [2], [3]]), tf.constant([1, 2, 4]))\n"
                                 "result = m.result()",
    "binary_accuracy_weighted_2d": f"m = tf.keras.metrics.BinaryAccuracy()\nm.update_state("
                                   f"tf.constant({BIN_T}), tf.constant({PROB}), "
                                   f"sample_weight=tf.constant({BIN_T2}))\n"
                                   "result = [m.result(), tf.identity(m.count)]",
    # confusion metrics specifics
    "precision_result_shape": "m = tf.keras.metrics.Precision(thresholds=[0.5])\n"
                              f"m.update_state(tf.constant({BIN_T}), tf.constant({PROB}))\n"
                              "result = m.result()",
    "precision_no_positives": "m = tf.keras.metrics.Precision()\nm.update_state("
                              "tf.constant([0.0, 1.0]), tf.constant([0.1, 0.2]))\n"
                              "result = m.result()",
    "precision_bad_threshold": "tf.keras.metrics.Precision(thresholds=[0.5, 1.5])",
    "precision_class_id_rank1": "m = tf.keras.metrics.Precision(class_id=0)\nm.update_state("
                                "tf.constant([0.0, 1.0]), tf.constant([0.1, 0.9]))\n"
                                "result = m.result()",
    "precision_int_labels": "m = tf.keras.metrics.Precision()\nm.update_state(tf.constant("
                            "[0, 1, 2, 1]), tf.constant([0.6, 0.7, 0.2, 0.1]))\n"
                            "result = m.result()",
    "recall_column_weights": "m = tf.keras.metrics.Recall()\nm.update_state(tf.constant("
                             f"{BIN_T}), tf.constant({PROB}), sample_weight=tf.constant("
                             "[[1.0], [2.0], [0.0], [1.0]]))\nresult = m.result()",
    "recall_full_weights": "m = tf.keras.metrics.Recall()\nm.update_state(tf.constant("
                           f"{BIN_T}), tf.constant({PROB}), sample_weight=tf.constant({BIN_T2}))"
                           "\nresult = m.result()",
    "tp_weights_rank1": "m = tf.keras.metrics.TruePositives()\nm.update_state(tf.constant("
                        "[1.0, 1.0, 0.0, 1.0]), tf.constant([0.9, 0.2, 0.8, 0.6]), "
                        "sample_weight=tf.constant([2.0, 1.0, 1.0, 0.5]))\nresult = m.result()",
    "auc_thresholds_attr": "tf.keras.metrics.AUC(num_thresholds=5).thresholds",
    "auc_user_thresholds_attr": "tf.keras.metrics.AUC(thresholds=[0.7, 0.2]).thresholds",
    "auc_bad_num_thresholds": "tf.keras.metrics.AUC(num_thresholds=1)",
    "auc_bad_curve": "tf.keras.metrics.AUC(curve='XY')",
    "auc_bad_summation": "tf.keras.metrics.AUC(summation_method='trapezoid')",
    "auc_num_labels_without_multi": "tf.keras.metrics.AUC(num_labels=3)",
    "auc_perfect": "m = tf.keras.metrics.AUC()\nm.update_state([0, 0, 1, 1], "
                   "[0.1, 0.2, 0.8, 0.9])\nresult = m.result()",
    "auc_only_negatives": "m = tf.keras.metrics.AUC()\nm.update_state([0, 0, 0], "
                          "[0.1, 0.5, 0.9])\nresult = m.result()",
    "auc_extremes": "m = tf.keras.metrics.AUC(num_thresholds=4)\nm.update_state("
                    "[0, 1, 1, 0, 1], [0.0, 1.0, 0.5, 1.0, 0.0])\n"
                    "result = [m.result(), tf.identity(m.true_positives), "
                    "tf.identity(m.false_positives)]",
    "auc_out_of_range_preds": "m = tf.keras.metrics.AUC(num_thresholds=10)\nm.update_state("
                              "[0, 1, 1, 0], [-0.5, 1.5, 0.3, 0.7])\nresult = m.result()",
    "auc_pr_counts": "m = tf.keras.metrics.AUC(num_thresholds=6, curve='PR')\nm.update_state("
                     f"tf.constant({BIN_T}), tf.constant({PROB}))\n"
                     "result = [tf.identity(m.true_positives), tf.identity(m.false_positives), "
                     "tf.identity(m.true_negatives), "
                     "tf.identity(m.false_negatives)]",
    "auc_multi_counts": "m = tf.keras.metrics.AUC(num_thresholds=4, multi_label=True)\n"
                        f"m.update_state(tf.constant({BIN_T}), tf.constant({PROB}))\n"
                        "result = [tf.identity(m.true_positives), tf.identity(m.false_negatives)]",
    "auc_multi_rank3": "m = tf.keras.metrics.AUC(multi_label=True)\n"
                       "m.update_state(tf.zeros([2, 2, 2]), tf.zeros([2, 2, 2]))",
    "sens_at_spec_bad": "tf.keras.metrics.SensitivityAtSpecificity(1.5)",
    "iou_bad_target": "tf.keras.metrics.IoU(num_classes=2, target_class_ids=[0, 2])",
    "iou_out_of_range_labels": "m = tf.keras.metrics.MeanIoU(num_classes=2)\nm.update_state("
                               "tf.constant([0, 1, 5, -1]), tf.constant([0, 0, 1, 1]))\n"
                               "result = [m.result(), tf.identity(m.total_cm)]",
    "iou_float_preds_truncated": "m = tf.keras.metrics.MeanIoU(num_classes=3)\nm.update_state("
                                 "tf.constant([0, 1, 2]), tf.constant([0.9, 1.2, 2.7]))\n"
                                 "result = [m.result(), tf.identity(m.total_cm)]",
    "iou_float_dtype": "m = tf.keras.metrics.MeanIoU(num_classes=2, dtype='float32')\n"
                       "m.update_state(tf.constant([0, 1, 1]), tf.constant([0, 1, 0]), "
                       "sample_weight=tf.constant([0.5, 2.0, 1.0]))\n"
                       "result = [m.result(), tf.identity(m.total_cm)]",
    "binary_iou_config": "tf.keras.metrics.BinaryIoU(target_class_ids=[1], threshold=0.3)"
                         ".get_config()",
    "f1_bad_beta": "tf.keras.metrics.FBetaScore(beta=2)",
    "f1_bad_average": "tf.keras.metrics.F1Score(average='samples')",
    "f1_bad_threshold": "tf.keras.metrics.F1Score(threshold=1.5)",
    "r2_bad_aggregation": "tf.keras.metrics.R2Score(class_aggregation='median')",
    "r2_rank1_error": "m = tf.keras.metrics.R2Score()\nm.update_state(tf.constant([1.0, 2.0]), "
                      "tf.constant([1.0, 2.5]))",
    "r2_adjusted": f"m = tf.keras.metrics.R2Score(num_regressors=1)\nm.update_state("
                   f"tf.constant({REG_T}), tf.constant({REG_P}))\nresult = m.result()",
    "rmse_weighted_2d": "m = tf.keras.metrics.RootMeanSquaredError()\nm.update_state("
                        f"tf.constant({REG_T}), tf.constant({REG_P}), sample_weight="
                        f"tf.constant({BIN_T2}))\nresult = m.result()",
    # lookup and serialization
    "get_mse": "m = tf.keras.metrics.get('mse')\nresult = [type(m).__name__, m.name]",
    "get_snake": "[type(tf.keras.metrics.get(n)).__name__ for n in ('auc', 'binary_accuracy', "
                 "'categorical_crossentropy', 'accuracy', 'precision', "
                 "'root_mean_squared_error', 'BCE', 'msle', 'f1_score')]",
    "get_snake_needs_args": "tf.keras.metrics.get('mean_io_u')",
    "get_class": "tf.keras.backend.clear_session()\n"
                 "result = tf.keras.metrics.get('Recall').get_config()",
    "get_unknown": "tf.keras.metrics.get('acc')",
    "get_function_passthrough": "tf.keras.metrics.get(tf.keras.metrics.binary_accuracy)"
                                ".__name__",
    "get_dict": "tf.keras.metrics.get({'class_name': 'AUC', 'config': {'name': 'a', "
                "'curve': 'PR'}}).get_config()",
    "serialize_auc": "tf.keras.metrics.serialize(tf.keras.metrics.AUC(name='x'))",
    "serialize_wrapper": "tf.keras.metrics.serialize(tf.keras.metrics.MeanMetricWrapper("
                         "tf.keras.metrics.mse, name='w'))",
    "deserialize_roundtrip": "tf.keras.metrics.deserialize(tf.keras.metrics.serialize("
                             "tf.keras.metrics.Precision(thresholds=[0.2, 0.4], top_k=2, "
                             "name='p'))).get_config()",
    "deserialize_wrapper": "m = tf.keras.metrics.deserialize(tf.keras.metrics.serialize("
                           "tf.keras.metrics.MeanMetricWrapper(tf.keras.metrics.mse, name='w')))"
                           "\nm.update_state(tf.constant([[1.0, 2.0]]), tf.constant([[0.0, 0.0]]))"
                           "\nresult = [m.result(), m.name]",
    "default_names_unique": "[tf.keras.metrics.Precision(name='p').name, "
                            "tf.keras.metrics.MeanSquaredError().name, "
                            "tf.keras.metrics.LogCoshError().name, "
                            "tf.keras.metrics.CosineSimilarity().name, "
                            "tf.keras.metrics.F1Score().name, "
                            "tf.keras.metrics.Accuracy().name]",
    "metric_dtype_attr": "[tf.keras.metrics.Mean().dtype, tf.keras.metrics.AUC(dtype='float64')"
                         ".dtype, tf.keras.metrics.MeanIoU(2).dtype]",
    "auc_float64_variables": "m = tf.keras.metrics.AUC(dtype='float64')\n"
                             "result = [tf.as_dtype(v.dtype).name for v in m.variables]",
    "repr": "repr(tf.keras.metrics.Mean(name='m'))",
    # inside tf.function
    "in_function_mean": """
m = tf.keras.metrics.Mean()
@tf.function
def step(x):
    m.update_state(x)
    return m.result()
result = [step(tf.constant([1.0, 2.0])), step(tf.constant([4.0, 8.0])), tf.identity(m.count)]
""",
    "in_function_auc_lazy_multilabel": f"""
m = tf.keras.metrics.AUC(multi_label=True, num_thresholds=20)
@tf.function
def step(y, p):
    m.update_state(y, p)
    return m.result()
result = [step(tf.constant({BIN_T}), tf.constant({PROB})),
          step(tf.constant({BIN_T2}), tf.constant({PROB2}))]
""",
    "in_function_accuracy_weighted": f"""
m = tf.keras.metrics.SparseCategoricalAccuracy()
@tf.function
def step(y, p, w):
    m.update_state(y, p, sample_weight=w)
    return m.result()
result = [step(tf.constant({SPARSE}), tf.constant({PROB}), tf.constant({SW})),
          step(tf.constant({SPARSE2}), tf.constant({PROB2}), tf.constant({SW_B}))]
""",
    "in_function_precision_recall": f"""
p = tf.keras.metrics.Precision(thresholds=[0.3, 0.6])
r = tf.keras.metrics.Recall(top_k=1)
@tf.function
def step(y, pred):
    p.update_state(y, pred)
    r.update_state(y, pred)
    return p.result(), r.result()
step(tf.constant({BIN_T}), tf.constant({PROB}))
result = list(step(tf.constant({BIN_T2}), tf.constant({PROB2})))
""",
})
