"""Core: dtypes, shapes, tensors, variables, the op registry and automatic differentiation."""
