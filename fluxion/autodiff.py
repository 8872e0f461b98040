"""``tf.autodiff``: forward-mode (`ForwardAccumulator`) and reverse-mode (`GradientTape`)."""
from fluxion.core.forward import ForwardAccumulator
from fluxion.core.tape import GradientTape

__all__ = ["ForwardAccumulator", "GradientTape"]
