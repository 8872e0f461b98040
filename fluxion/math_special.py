"""``tf.math.special``: the special functions TF groups there (re-exports of fluxion.ops)."""
from fluxion.ops.bessel_ops import (bessel_j0, bessel_j1, bessel_k0, bessel_k0e, bessel_k1,
                                    bessel_k1e, bessel_y0, bessel_y1)
from fluxion.ops.math_extra_ops import bessel_i0, bessel_i0e, bessel_i1, bessel_i1e
from fluxion.ops.special_integrals import dawsn, expint, fresnel_cos, fresnel_sin, spence

__all__ = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1",
           "bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1",
           "dawsn", "expint", "fresnel_cos", "fresnel_sin", "spence"]
