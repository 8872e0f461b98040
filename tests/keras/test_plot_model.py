"""plot_model / model_to_dot: Keras' ImportErrors without pydot or Graphviz, and the graph
they build (checked with pydot's text output, Graphviz's programs stubbed out)."""
from __future__ import annotations

import pytest

import fluxion as tf
from fluxion.keras.utils import model_visualization as viz

keras = tf.keras


def _functional():
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    x = keras.layers.Dense(4, activation="relu", name="d1")(a)
    y = keras.layers.Concatenate(name="cat")([x, b])
    return keras.Model([a, b], keras.layers.Dense(1, name="out")(y))


def test_errors_name_what_to_install(monkeypatch, tmp_path):
    model = _functional()
    monkeypatch.setattr(viz, "_pydot", lambda: None)
    with pytest.raises(ImportError, match=r"pip install pydot"):
        keras.utils.plot_model(model, to_file=str(tmp_path / "m.png"))
    with pytest.raises(ImportError, match=r"pydot"):
        keras.utils.model_to_dot(model)
    assert not (tmp_path / "m.png").exists()


def test_dot_graph_has_a_node_per_layer_and_the_functional_edges(monkeypatch, tmp_path):
    monkeypatch.setattr(viz, "check_graphviz", lambda: True)
    model = _functional()
    dot = keras.utils.model_to_dot(model, show_shapes=True, show_layer_activations=True,
                                   show_trainable=True)
    text = dot.to_string()
    for name in ("a (InputLayer)", "b (InputLayer)", "d1 (Dense)", "cat (Concatenate)",
                 "out (Dense)"):
        assert name in text
    assert "Output shape: (None, 6)" in text and "Activation: relu" in text
    ids = {layer.name: str(id(layer)) for layer in model.layers}
    edges = {(e.get_source(), e.get_destination()) for e in dot.get_edges()}
    assert edges == {(ids["a"], ids["d1"]), (ids["d1"], ids["cat"]), (ids["b"], ids["cat"]),
                     (ids["cat"], ids["out"])}
    path = tmp_path / "m.dot"
    keras.utils.plot_model(model, to_file=str(path).replace(".dot", ".raw"))
    assert "digraph" in (tmp_path / "m.raw").read_text()
