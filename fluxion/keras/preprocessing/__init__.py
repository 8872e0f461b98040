"""``tf.keras.preprocessing``: the dataset builders (`image_dataset_from_directory`,
`text_dataset_from_directory`, `timeseries_dataset_from_array`) and Keras 1's deprecated
`image`, `sequence` and `text` utilities that Keras 3 still ships."""
from fluxion.keras.preprocessing import image, sequence, text
from fluxion.keras.utils.dataset_utils import (text_dataset_from_directory,
                                               timeseries_dataset_from_array)
from fluxion.keras.utils.image_utils import image_dataset_from_directory

__all__ = ["image", "image_dataset_from_directory", "sequence", "text",
           "text_dataset_from_directory", "timeseries_dataset_from_array"]
