"""Array backends. Kernels are written against an array module `xp` (NumPy today)."""
