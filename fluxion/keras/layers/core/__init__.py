"""Core layers."""
from fluxion.keras.layers.core.dense import Dense
from fluxion.keras.layers.core.embedding import Embedding
from fluxion.keras.layers.core.lambda_layer import Lambda
from fluxion.keras.layers.core.regularization import (ActivityRegularization, AlphaDropout,
                                                      GaussianDropout, GaussianNoise,
                                                      SpatialDropout1D, SpatialDropout2D,
                                                      SpatialDropout3D)
from fluxion.keras.layers.core.reversible_embedding import ReversibleEmbedding
from fluxion.keras.layers.core.simple import Activation, Dropout, Identity, Masking

__all__ = ["Activation", "ActivityRegularization", "AlphaDropout", "Dense", "Dropout",
           "Embedding", "GaussianDropout", "GaussianNoise", "Identity", "Lambda", "Masking",
           "ReversibleEmbedding", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"]
