"""UCI Adult ("Census Income"): does a person earn more than $50K a year? A 6,000-row
subset shipped with the package, mixing numeric and categorical features (wide & deep).

Source: B. Becker and R. Kohavi, "Adult", UCI Machine Learning Repository, 1996
(https://doi.org/10.24432/C5XW20), licensed CC BY 4.0; extracted by Barry Becker from the
1994 US Census database. First cited in R. Kohavi, "Scaling Up the Accuracy of Naive-Bayes
Classifiers: a Decision-Tree Hybrid", KDD 1996. The files here were made from the original
adult.data (32,561 rows, MD5 5d7c39d7b8804f071cdd1f2a7c460872) and adult.test (16,281 rows,
MD5 35238206dfdf7f1fe215bbb874adecdc): 4,000 rows drawn at random (without replacement,
original order kept) from adult.data and 2,000 from adult.test, values stripped of spaces,
the test labels' trailing "." dropped, missing values left as "?". Column names follow the
TensorFlow wide & deep tutorial.
"""
from __future__ import annotations

import csv
import gzip
import pathlib

import numpy as np

__all__ = ["ADULT_CATEGORICAL_COLUMNS", "ADULT_COLUMNS", "ADULT_LABEL_COLUMN",
           "ADULT_NUMERIC_COLUMNS", "load_adult"]

_DATA = pathlib.Path(__file__).parent / "data"

ADULT_NUMERIC_COLUMNS = ("age", "fnlwgt", "education_num", "capital_gain", "capital_loss",
                         "hours_per_week")
ADULT_CATEGORICAL_COLUMNS = ("workclass", "education", "marital_status", "occupation",
                             "relationship", "race", "gender", "native_country")
ADULT_LABEL_COLUMN = "income_bracket"
ADULT_COLUMNS = ("age", "workclass", "fnlwgt", "education", "education_num", "marital_status",
                 "occupation", "relationship", "race", "gender", "capital_gain",
                 "capital_loss", "hours_per_week", "native_country", ADULT_LABEL_COLUMN)


def _read(split: str) -> dict:
    with gzip.open(_DATA / f"adult.{split}.csv.gz", "rt", newline="") as f:
        rows = list(csv.reader(f))
    if tuple(rows[0]) != ADULT_COLUMNS:
        raise ValueError(f"load_adult: unexpected header in adult.{split}.csv.gz: {rows[0]}")
    return {name: np.array([row[i] for row in rows[1:]]) for i, name in
            enumerate(ADULT_COLUMNS)}


def _split(split: str, label_strings: bool):
    raw = _read(split)
    features = {name: raw[name].astype(np.float32) for name in ADULT_NUMERIC_COLUMNS}
    features.update({name: raw[name] for name in ADULT_CATEGORICAL_COLUMNS})
    income = raw[ADULT_LABEL_COLUMN]
    labels = income if label_strings else (income == ">50K").astype(np.int32)
    return features, labels


def load_adult(label_strings: bool = False):
    """Returns ((train_features, train_labels), (test_features, test_labels)), 4,000 and
    2,000 rows. Features are dicts by column name: numeric columns float32 arrays,
    categorical ones NumPy str arrays ("?" where the census value is missing). Labels are
    int32 (1 for ">50K"), or the strings "<=50K" / ">50K" with `label_strings=True`."""
    return _split("train", label_strings), _split("test", label_strings)
