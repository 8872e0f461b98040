"""``tf.estimator.experimental``: early-stopping hooks and the in-memory evaluator hook."""
from __future__ import annotations

from fluxion.estimator.early_stopping import (
                                              InMemoryEvaluatorHook,
                                              make_early_stopping_hook,
                                              read_eval_metrics,
                                              stop_if_higher_hook,
                                              stop_if_lower_hook,
                                              stop_if_no_decrease_hook,
                                              stop_if_no_increase_hook,
)

__all__ = ["InMemoryEvaluatorHook", "make_early_stopping_hook", "read_eval_metrics",
           "stop_if_higher_hook", "stop_if_lower_hook", "stop_if_no_decrease_hook",
           "stop_if_no_increase_hook"]
