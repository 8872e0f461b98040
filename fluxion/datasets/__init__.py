"""Small datasets shipped inside the package (no downloads)."""
from fluxion.datasets.adult import load_adult
from fluxion.datasets.digits import load_digits

__all__ = ["load_adult", "load_digits"]
