"""The estimator demo (wide & deep on UCI Adult) end to end, shortened: train, evaluate,
export a parsing SavedModel, reload it and serve serialized Examples."""
from __future__ import annotations

from fluxion import demo_estimator


def test_demo_trains_exports_and_serves_the_same_predictions(tmp_path, capsys):
    result = demo_estimator.run(steps=150, batch_size=64, model_dir=str(tmp_path),
                                served_examples=8, verbose=1)
    metrics = result["metrics"]
    assert metrics["global_step"] == 150
    # better than always answering "<=50K" (the accuracy baseline, ~0.76 on the test rows)
    assert metrics["accuracy"] > metrics["accuracy_baseline"] > 0.7
    assert metrics["auc"] > 0.8
    assert result["signatures"] == ["classification", "predict", "regression",
                                    "serving_default"]
    assert result["max_abs_difference"] <= 1e-6 and result["same_classes"]
    assert result["export_dir"].startswith(str(tmp_path / "export"))
    assert "reloaded model on 8 serialized tf.train.Examples" in capsys.readouterr().out


def test_demo_options_parse_to_run_keywords():
    assert demo_estimator.parse_args(["--steps", "5", "--batch-size", "16"]) == {
        "steps": 5, "batch_size": 16, "seed": 0, "model_dir": None}
