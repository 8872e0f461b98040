"""keras.utils.PyDataset / Sequence with fit, and the small keras.utils helpers."""
import numpy as np

import fluxion as tf


class Batches(tf.keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.epochs_ended = 0

    def __len__(self):
        return int(np.ceil(len(self.x) / self.batch_size))

    def __getitem__(self, i):
        sl = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[sl], self.y[sl]

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_fit_on_a_pydataset_equals_fit_on_the_same_arrays():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((10, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)

    def model():
        tf.keras.utils.set_random_seed(3)
        m = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
        m.compile(tf.keras.optimizers.SGD(0.1), "mse")
        return m

    data = Batches(x, y, 4, workers=2)
    a, b = model(), model()
    ha = a.fit(data, epochs=3, verbose=0)
    hb = b.fit(x, y, batch_size=4, epochs=3, verbose=0, shuffle=False)
    np.testing.assert_allclose(ha.history["loss"], hb.history["loss"], rtol=1e-6)
    np.testing.assert_allclose(a.get_weights()[0], b.get_weights()[0], rtol=1e-6)
    assert data.epochs_ended == 3 and data.num_batches == 3 and data.workers == 2
    assert tf.keras.utils.Sequence is tf.keras.utils.PyDataset


def test_helpers():
    x, y, w = tf.keras.utils.unpack_x_y_sample_weight((1, 2))
    assert (x, y, w) == (1, 2, None)
    assert tf.keras.utils.pack_x_y_sample_weight(1, 2) == (1, 2)
    i = tf.keras.Input((3,))
    h = tf.keras.layers.Dense(2)(i)
    assert tf.keras.utils.is_keras_tensor(h) and not tf.keras.utils.is_keras_tensor(tf.ones(2))
    assert tf.keras.utils.get_source_inputs(h)[0] is i
    assert tf.keras.utils.standardize_dtype(tf.float64) == "float64"
    assert tf.keras.utils.standardize_dtype(None) == "float32"
    assert isinstance(tf.keras.utils.get_custom_objects(), dict)
