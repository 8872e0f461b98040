"""Utilities shared across Fluxion (progress bar, ...)."""
from fluxion.utils.progbar import Progbar

__all__ = ["Progbar"]
