"""``tf.keras.preprocessing.sequence``: `pad_sequences`, `TimeseriesGenerator`,
`make_sampling_table` and `skipgrams` (the word2vec tutorial's helpers), as Keras ships them.
`skipgrams` draws from Python's `random` module exactly as Keras does, so `random.seed` (or
its `seed` argument) reproduces Keras' pairs."""
from __future__ import annotations

import json
import random

import numpy as np

from fluxion.keras.utils.data_utils import PyDataset
from fluxion.keras.utils.misc import pad_sequences

__all__ = ["TimeseriesGenerator", "make_sampling_table", "pad_sequences", "skipgrams"]


class TimeseriesGenerator(PyDataset):
    """Batches of (windows of `length` steps taken every `sampling_rate`, the target at the
    step after each window) from `data` and `targets`; usable directly with `model.fit`."""

    def __init__(self, data, targets, length: int, sampling_rate: int = 1, stride: int = 1,
                 start_index: int = 0, end_index=None, shuffle: bool = False,
                 reverse: bool = False, batch_size: int = 128, **kwargs) -> None:
        super().__init__(**kwargs)
        if len(data) != len(targets):
            raise ValueError(f"Data and targets have to be of same length. Data length is "
                             f"{len(data)} while target length is {len(targets)}")
        self.data = data
        self.targets = targets
        self.length = length
        self.sampling_rate = sampling_rate
        self.stride = stride
        self.start_index = start_index + length
        self.end_index = len(data) - 1 if end_index is None else end_index
        self.shuffle = shuffle
        self.reverse = reverse
        self.batch_size = batch_size
        if self.start_index > self.end_index:
            raise ValueError(f"`start_index+length={self.start_index} > "
                             f"end_index={self.end_index}` is disallowed, as no part of the "
                             f"sequence would be left to be used as current step.")

    def __len__(self) -> int:
        span = self.batch_size * self.stride
        return (self.end_index - self.start_index + span) // span

    def __getitem__(self, index):
        if self.shuffle:
            rows = np.random.randint(self.start_index, self.end_index + 1, size=self.batch_size)
        else:
            first = self.start_index + self.batch_size * self.stride * index
            rows = np.arange(first, min(first + self.batch_size * self.stride,
                                        self.end_index + 1), self.stride)
        samples = np.array([self.data[row - self.length:row:self.sampling_rate]
                            for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        if self.reverse:
            return samples[:, ::-1, ...], targets
        return samples, targets

    def get_config(self) -> dict:
        """Fails as in Keras 3.15, whose version calls a `PyDataset.get_config` that does not
        exist."""
        raise AttributeError("'super' object has no attribute 'get_config'")

    def to_json(self, **kwargs) -> str:
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()},
                          **kwargs)


def make_sampling_table(size: int, sampling_factor: float = 1e-5) -> np.ndarray:
    """word2vec's keep-probability for the word of each frequency rank: min(1, 1 / sqrt(p))
    with p = frequency / sampling_factor, the frequencies from Zipf's law:
    1 / frequency(rank) ~ rank * (log(rank) + gamma) + 1/2 - 1 / (12 rank)."""
    gamma = 0.577
    rank = np.arange(size)
    rank[0] = 1
    inv_fq = rank * (np.log(rank) + gamma) + 0.5 - 1.0 / (12.0 * rank)
    f = sampling_factor * inv_fq
    return np.minimum(1.0, f / np.sqrt(f))


def _positive_pairs(sequence, window_size: int, categorical: bool, sampling_table) -> tuple:
    couples, labels = [], []
    n = len(sequence)
    for i, wi in enumerate(sequence):
        if not wi:
            continue
        # one draw per non-zero word, as Keras: keeps the random stream aligned
        if sampling_table is not None and sampling_table[wi] < random.random():
            continue
        for j in range(max(0, i - window_size), min(n, i + window_size + 1)):
            if j != i and sequence[j]:
                couples.append([wi, sequence[j]])
                labels.append([0, 1] if categorical else 1)
    return couples, labels


def skipgrams(sequence, vocabulary_size: int, window_size: int = 4,
              negative_samples: float = 1.0, shuffle: bool = True, categorical: bool = False,
              sampling_table=None, seed=None) -> tuple:
    """(couples, labels): [word, context word] pairs within `window_size` labelled 1, and
    `negative_samples` times as many [word, random word in 1..vocabulary_size - 1] labelled 0;
    index 0 is skipped. Lists of Python ints, as Keras."""
    couples, labels = _positive_pairs(sequence, window_size, categorical, sampling_table)
    if negative_samples > 0:
        count = int(len(labels) * negative_samples)
        words = [c[0] for c in couples]
        random.shuffle(words)
        couples += [[words[i % len(words)], random.randint(1, vocabulary_size - 1)]
                    for i in range(count)]
        labels += ([[1, 0]] if categorical else [0]) * count
    if shuffle:
        if seed is None:
            seed = random.randint(0, 10_000_000)  # Keras' 10e6
        # the same seed for both shuffles keeps couples and labels aligned
        random.seed(seed)
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels
