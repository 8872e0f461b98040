"""Recurrent layers and cells, and the wrappers that run layers over time."""
from fluxion.keras.layers.rnn.bidirectional import Bidirectional
from fluxion.keras.layers.rnn.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from fluxion.keras.layers.rnn.gru import GRU, GRUCell
from fluxion.keras.layers.rnn.lstm import LSTM, LSTMCell
from fluxion.keras.layers.rnn.rnn import RNN, StackedRNNCells
from fluxion.keras.layers.rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from fluxion.keras.layers.rnn.time_distributed import TimeDistributed, Wrapper

__all__ = [
           "GRU",
           "LSTM",
           "RNN",
           "Bidirectional",
           "ConvLSTM1D",
           "ConvLSTM2D",
           "ConvLSTM3D",
           "GRUCell",
           "LSTMCell",
           "SimpleRNN",
           "SimpleRNNCell",
           "StackedRNNCells",
           "TimeDistributed",
           "Wrapper",
]
