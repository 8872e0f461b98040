"""``tf.keras.callbacks``."""
from fluxion.keras.callbacks.base import Callback, CallbackList, History, ProgbarLogger
from fluxion.keras.callbacks.checkpoint import BackupAndRestore, ModelCheckpoint
from fluxion.keras.callbacks.learning_rate import LearningRateScheduler, ReduceLROnPlateau
from fluxion.keras.callbacks.loggers import CSVLogger, TensorBoard
from fluxion.keras.callbacks.monitor import EarlyStopping
from fluxion.keras.callbacks.simple import LambdaCallback, SwapEMAWeights, TerminateOnNaN

__all__ = ["BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping",
           "History", "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint",
           "ProgbarLogger", "ReduceLROnPlateau", "SwapEMAWeights", "TensorBoard",
           "TerminateOnNaN"]
