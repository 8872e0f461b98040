"""The shipped UCI Adult subset: sizes, columns, dtypes, label encodings and known rows."""
from __future__ import annotations

import numpy as np

from fluxion.datasets import adult, load_adult


def test_load_adult_sizes_columns_and_dtypes():
    (x_train, y_train), (x_test, y_test) = load_adult()
    assert len(y_train) == 4000 and len(y_test) == 2000
    assert y_train.dtype == np.int32 and set(np.unique(y_train)) == {0, 1}
    expected = set(adult.ADULT_NUMERIC_COLUMNS) | set(adult.ADULT_CATEGORICAL_COLUMNS)
    assert set(x_train) == set(x_test) == expected
    for name in adult.ADULT_NUMERIC_COLUMNS:
        assert x_train[name].dtype == np.float32 and x_train[name].shape == (4000,)
    for name in adult.ADULT_CATEGORICAL_COLUMNS:
        assert x_test[name].dtype.kind == "U" and x_test[name].shape == (2000,)
    # about a quarter of the census rows earn >50K (23.9% in the full data set)
    assert 0.2 < y_train.mean() < 0.3 and 0.2 < y_test.mean() < 0.3
    assert x_train["age"].min() >= 17 and x_train["hours_per_week"].max() <= 99


def test_load_adult_values_and_string_labels():
    (x_train, _), (x_test, y_test) = load_adult(label_strings=True)
    assert set(np.unique(y_test)) == {"<=50K", ">50K"}  # the test file's "." is dropped
    # the first rows of the shipped files (the second is adult.data's second row)
    assert x_train["workclass"][0] == "Self-emp-not-inc" and x_train["age"][0] == 50
    assert x_test["education"][0] == "11th" and y_test[0] == "<=50K"
    assert "?" in set(x_test["occupation"])  # missing values are kept as "?"
    assert set(x_train["gender"]) == {"Male", "Female"}
    assert {"Private", "State-gov"} <= set(x_train["workclass"])
