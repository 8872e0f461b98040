"""``keras.mixed_precision``: dtype policies and loss scaling for float16 training."""
from __future__ import annotations

from fluxion.keras.dtype_policies import (DTypePolicy, dtype_policy, global_policy,
                                          set_dtype_policy, set_global_policy)
from fluxion.keras.optimizers.loss_scale_optimizer import LossScaleOptimizer

Policy = DTypePolicy

__all__ = ["DTypePolicy", "LossScaleOptimizer", "Policy", "dtype_policy", "global_policy",
           "set_dtype_policy", "set_global_policy"]
