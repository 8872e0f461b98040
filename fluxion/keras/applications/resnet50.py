"""``tf.keras.applications.resnet50``: ResNet50 alone (the same builder as ``resnet``)."""
from fluxion.keras.applications.resnet import ResNet50, decode_predictions, preprocess_input

__all__ = ["ResNet50", "decode_predictions", "preprocess_input"]
