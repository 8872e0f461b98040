"""RandomElasticTransform: the sampler against a NumPy reading of Keras' map_coordinates, the
blur kernel against its closed form, seeding, and use in fit and tf.data pipelines."""
import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_elastic import (
    _masked_gaussian,
    map_coordinates_2d,
)

RNG = np.random.default_rng(0)


def _fix(i, n, mode):
    if mode == "reflect":
        f = np.abs(i) % (2 * n)
        i = np.where(f < n, f, 2 * n - f - 1)
    elif mode == "wrap":
        i = i % n
    return np.clip(i, 0, n - 1)


def _numpy_sample(img, ys, xs, interpolation, mode, fill):
    """Keras' map_coordinates for one [h, w] image, point by point."""
    h, w = img.shape
    out = np.zeros(ys.shape)
    for p in np.ndindex(ys.shape):
        y, x = ys[p], xs[p]
        if interpolation == "nearest":
            nodes_y, nodes_x = [(int(np.round(y)), 1.0)], [(int(np.round(x)), 1.0)]
        else:
            y0, x0 = np.floor(y), np.floor(x)
            nodes_y = [(int(y0), 1 - (y - y0)), (int(y0) + 1, y - y0)]
            nodes_x = [(int(x0), 1 - (x - x0)), (int(x0) + 1, x - x0)]
        for yi, wy in nodes_y:
            for xi, wx in nodes_x:
                inside = 0 <= yi < h and 0 <= xi < w
                value = img[_fix(yi, h, mode), _fix(xi, w, mode)]
                if mode == "constant" and not inside:
                    value = fill
                out[p] += wy * wx * value
    return out


@pytest.mark.parametrize("mode", ["reflect", "wrap", "constant", "nearest"])
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_sampler_matches_numpy(mode, interpolation):
    images = RNG.uniform(0, 10, (2, 5, 6, 2))
    ys = RNG.uniform(-7, 12, (2, 5, 6))
    xs = RNG.uniform(-8, 13, (2, 5, 6))
    got = map_coordinates_2d(tf.constant(images), tf.constant(ys), tf.constant(xs),
                             interpolation, mode, 4.5).numpy()
    for b in range(2):
        for c in range(2):
            want = _numpy_sample(images[b, ..., c], ys[b], xs[b], interpolation, mode, 4.5)
            np.testing.assert_allclose(got[b, ..., c], want, rtol=1e-12, atol=1e-12)


def test_sampler_gradient_matches_finite_differences():
    images = RNG.uniform(0, 1, (1, 4, 5, 1))
    ys = RNG.uniform(-1, 4, (1, 4, 5))
    xs = RNG.uniform(-1, 5, (1, 4, 5))
    weights = RNG.normal(size=(1, 4, 5, 1))

    def loss(v):
        out = map_coordinates_2d(v, tf.constant(ys), tf.constant(xs), "bilinear", "reflect", 0.)
        return tf.reduce_sum(out * weights)

    x = tf.constant(images)
    with tf.GradientTape() as tape:
        tape.watch(x)
        value = loss(x)
    grad = tape.gradient(value, x).numpy()
    numeric = np.zeros_like(images)
    eps = 1e-6
    for idx in np.ndindex(images.shape):
        up, down = images.copy(), images.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (float(loss(tf.constant(up))) - float(loss(tf.constant(down)))) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("sigma,half_max", [(0.4, 0), (1.7, 6), (2.5, 9), (3.0, 9)])
def test_blur_kernel_closed_form(sigma, half_max):
    kernel = _masked_gaussian(half_max, tf.constant(sigma, "float64")).numpy()
    size = 6 * int(sigma) + 1
    x = np.arange(size) - (size - 1) / 2
    want = np.exp(-0.5 * (x / sigma) ** 2)
    want /= want.sum()
    pad = half_max - (size - 1) // 2
    np.testing.assert_allclose(kernel, np.pad(want, (pad, pad)), rtol=1e-12, atol=1e-15)


def test_warps_and_stays_in_range():
    x = RNG.uniform(0, 255, (2, 16, 12, 3)).astype("float32")
    layer = tf.keras.layers.RandomElasticTransform(factor=(1, 1), scale=(1, 1), seed=1)
    y = layer(x).numpy()
    assert y.shape == x.shape
    assert np.abs(y - x).mean() > 1.0
    assert y.min() >= 0 and y.max() <= 255


def test_same_seed_repeats_and_calls_differ():
    x = RNG.uniform(0, 255, (1, 10, 10, 1)).astype("float32")
    a = tf.keras.layers.RandomElasticTransform(factor=(1, 1), seed=7)
    b = tf.keras.layers.RandomElasticTransform(factor=(1, 1), seed=7)
    first = a(x).numpy()
    np.testing.assert_array_equal(first, b(x).numpy())
    assert not np.array_equal(first, a(x).numpy())


def test_small_distortion_moves_little():
    x = np.tile(np.arange(20, dtype="float32"), (20, 1))[None, ..., None]
    layer = tf.keras.layers.RandomElasticTransform(factor=(1, 1), scale=(0.05, 0.05), seed=3)
    y = layer(x).numpy()
    # alpha = 0.1 and sigma = 0.05: displacements are a fraction of a pixel
    assert np.abs(y - x)[:, 1:-1, 1:-1].max() < 1.0


def test_in_dataset_map_and_tf_function():
    x = RNG.uniform(0, 255, (4, 8, 8, 3)).astype("float32")
    layer = tf.keras.layers.RandomElasticTransform(factor=(1, 1), seed=2)
    ds = tf.data.Dataset.from_tensor_slices(x).batch(2).map(lambda b: layer(b))
    batches = [b.numpy() for b in ds]
    assert [b.shape for b in batches] == [(2, 8, 8, 3)] * 2
    assert not np.allclose(np.concatenate(batches), x)
    fn = tf.function(lambda v: layer(v, training=True))
    out1, out2 = fn(x).numpy(), fn(x).numpy()
    assert not np.array_equal(out1, out2)  # each graph run draws anew


def test_in_sequential_fit():
    x = RNG.uniform(0, 1, (8, 8, 8, 1)).astype("float32")
    y = RNG.uniform(0, 1, (8, 1)).astype("float32")
    model = tf.keras.Sequential([
        tf.keras.Input((8, 8, 1)),
        tf.keras.layers.RandomElasticTransform(factor=(1, 1), value_range=(0, 1), seed=1),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(1),
    ])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    np.testing.assert_allclose(model.predict(x, verbose=0),
                               model(x, training=False).numpy(), rtol=1e-5)


def test_from_config_round_trip():
    layer = tf.keras.layers.RandomElasticTransform(factor=0.3, scale=(0.1, 0.4),
                                                   fill_mode="constant", fill_value=2.0)
    again = tf.keras.layers.RandomElasticTransform.from_config(layer.get_config())
    assert again.get_config() == layer.get_config()
