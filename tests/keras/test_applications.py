"""tf.keras.applications beyond the architecture fixtures (tests/fixtures/keras_applications.json):
training, preprocessing numerics, decode_predictions, and the weights= paths (no downloads)."""
import json
import sys

import numpy as np
import pytest

import fluxion as tf

A = tf.keras.applications
iu = A.imagenet_utils


def test_mobilenet_v2_trains_one_step():
    model = A.MobileNetV2(input_shape=(32, 32, 3), weights=None, classes=3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (4, 32, 32, 3)).astype("float32")
    y = rng.integers(0, 3, (4,))
    before = model.get_layer("predictions").get_weights()[0].copy()
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    loss = history.history["loss"][0]
    assert np.isfinite(loss) and loss > 0
    assert not np.allclose(before, model.get_layer("predictions").get_weights()[0])
    probs = np.asarray(model.predict(x, verbose=0))
    assert probs.shape == (4, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_forward_matches_layers_run_by_hand():
    # a VGG16 without top is plain conv/relu/max-pool: compare block1 with NumPy
    model = A.VGG16(input_shape=(32, 32, 3), include_top=False, weights=None)
    x = np.random.default_rng(1).uniform(0, 1, (1, 32, 32, 3)).astype("float32")
    sub = tf.keras.Model(model.input, model.get_layer("block1_conv1").output)
    kernel, bias = model.get_layer("block1_conv1").get_weights()
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    expected = np.zeros((1, 32, 32, 64), "float32")
    for i in range(3):
        for j in range(3):
            expected += np.einsum("nhwc,cf->nhwf", padded[:, i:i + 32, j:j + 32], kernel[i, j])
    expected = np.maximum(expected + bias, 0)
    np.testing.assert_allclose(np.asarray(sub(x)), expected, rtol=1e-4, atol=1e-4)


def test_preprocess_caffe_numpy_closed_form_and_in_place():
    x = np.random.default_rng(2).uniform(0, 255, (2, 4, 4, 3)).astype("float32")
    expected = x[..., ::-1] - np.array([103.939, 116.779, 123.68], "float32")
    np.testing.assert_allclose(A.vgg16.preprocess_input(x.copy()), expected, rtol=1e-6)
    y = x.copy()
    out = A.mobilenet_v2.preprocess_input(y)  # mode "tf" scales a float array in place
    assert out is y
    np.testing.assert_allclose(y, x / 127.5 - 1.0, rtol=1e-6, atol=1e-6)


def test_preprocess_torch_tensor_matches_numpy():
    x = np.random.default_rng(3).uniform(0, 255, (2, 3, 3, 3)).astype("float32")
    ours = iu.preprocess_input(tf.constant(x), mode="torch")
    expected = (x / 255.0 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
    assert ours.dtype == tf.float32
    np.testing.assert_allclose(np.asarray(ours), expected, rtol=1e-5, atol=1e-5)


def test_preprocess_inside_a_functional_model():
    inp = tf.keras.Input((8, 8, 3))
    out = A.resnet50.preprocess_input(inp)
    model = tf.keras.Model(inp, out)
    x = np.full((1, 8, 8, 3), 200.0, "float32")
    expected = np.array([200 - 103.939, 200 - 116.779, 200 - 123.68], "float32")
    np.testing.assert_allclose(np.asarray(model(x))[0, 0, 0], expected, rtol=1e-5)


def test_decode_predictions_fetches_keras_class_index(monkeypatch, tmp_path):
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    path = tmp_path / "imagenet_class_index.json"
    path.write_text(json.dumps(index))
    calls = []

    def fake_get_file(fname, origin, **kwargs):
        calls.append((fname, origin, kwargs))
        return str(path)

    monkeypatch.setattr(tf.keras.utils, "get_file", fake_get_file)
    monkeypatch.setattr(iu, "CLASS_INDEX", None)
    preds = np.zeros((2, 1000), "float32")
    preds[0, [7, 3, 500]] = [0.5, 0.3, 0.2]
    preds[1, 999] = 1.0
    out = A.mobilenet.decode_predictions(preds, top=3)
    assert calls == [("imagenet_class_index.json", iu.CLASS_INDEX_PATH,
                      {"cache_subdir": "models",
                       "file_hash": "c2c37ea517e94d9795004a39431a14cb"})]
    assert [r[:2] for r in out[0]] == [("n00000007", "class_7"), ("n00000003", "class_3"),
                                       ("n00000500", "class_500")]
    assert out[0][0][2] == pytest.approx(0.5)
    assert out[1][0][:2] == ("n00000999", "class_999") and len(out[1]) == 3
    A.resnet.decode_predictions(preds)  # the index is now cached: no second fetch
    assert len(calls) == 1


def test_imagenet_weights_need_h5py(monkeypatch):
    def no_download(*args, **kwargs):
        raise AssertionError("must not download without h5py")

    monkeypatch.setattr(tf.keras.utils, "get_file", no_download)
    monkeypatch.setitem(sys.modules, "h5py", None)  # as if h5py were not installed
    with pytest.raises(ImportError, match="pip install h5py"):
        A.MobileNet(input_shape=(128, 128, 3), alpha=0.25, include_top=False,
                    weights="imagenet")


def test_imagenet_weights_file_names(monkeypatch):
    seen = []

    def fake_get_file(fname, origin, **kwargs):
        seen.append((fname, origin, kwargs.get("file_hash")))
        raise RuntimeError("stop")

    monkeypatch.setattr(tf.keras.utils, "get_file", fake_get_file)
    monkeypatch.setitem(sys.modules, "h5py", type(sys)("h5py"))  # pretend it is there
    with pytest.raises(RuntimeError):
        A.MobileNetV2(input_shape=(96, 96, 3), alpha=0.35, include_top=False,
                      weights="imagenet")
    with pytest.raises(RuntimeError):
        A.ResNet50(input_shape=(32, 32, 3), include_top=False, weights="imagenet")
    base = "https://storage.googleapis.com/tensorflow/keras-applications/"
    assert seen == [
        ("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5",
         base + "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5",
         None),
        ("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
         base + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
         "4d473c1dd8becc155b73f8504c6f6626")]


def test_weights_from_save_weights_file(tmp_path):
    first = A.MobileNet(input_shape=(32, 32, 3), alpha=0.25, include_top=False, weights=None)
    path = str(tmp_path / "mobilenet.weights.h5")
    first.save_weights(path)
    second = A.MobileNet(input_shape=(32, 32, 3), alpha=0.25, include_top=False, weights=path)
    a, b = first.get_weights(), second.get_weights()
    assert len(a) == len(b) == 135  # 27 kernels, 27 x 4 batch-norm vectors
    assert all(np.array_equal(u, v) for u, v in zip(a, b))


def test_input_tensor_keeps_its_source_inputs():
    inp = tf.keras.Input((32, 32, 3), name="pixels")
    x = tf.keras.layers.Rescaling(1 / 127.5, offset=-1, name="scale")(inp)
    model = A.MobileNet(input_tensor=x, alpha=0.25, include_top=False, weights=None,
                        pooling="avg")
    assert model.inputs[0] is inp
    assert [layer.name for layer in model.layers[:3]] == ["pixels", "scale", "conv1"]
    assert model.output_shape == (None, 256)


def test_lazy_namespace():
    assert "MobileNetV2" in dir(A) and "resnet_v2" in dir(A)
    assert A.ResNet50 is A.resnet.ResNet50 is A.resnet50.ResNet50
    with pytest.raises(AttributeError):
        A.NoSuchNet  # noqa: B018
