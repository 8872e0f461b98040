"""``tf.strings``: string ops over tensors of bytes (NumPy object arrays).

Every op is a primitive (see the family modules), so it runs eagerly, inside ``tf.function``
and inside ``tf.data.Dataset.map``; ops whose results are ragged return RaggedTensors.
Strings have no gradients: the primitives define no vjp.
"""
from fluxion.strings._convert import as_string, format, to_number
from fluxion.strings._elementwise import (
                                          join,
                                          length,
                                          lower,
                                          reduce_join,
                                          strip,
                                          substr,
                                          unsorted_segment_join,
                                          upper,
)
from fluxion.strings._hashes import to_hash_bucket, to_hash_bucket_fast, to_hash_bucket_strong
from fluxion.strings._ngrams import ngrams
from fluxion.strings._ragged_ops import (
                                          bytes_split,
                                          split,
                                          unicode_decode,
                                          unicode_decode_with_offsets,
                                          unicode_encode,
                                          unicode_split,
                                          unicode_split_with_offsets,
                                          unicode_transcode,
)
from fluxion.strings._regex import regex_full_match, regex_replace

__all__ = ["as_string", "bytes_split", "format", "join", "length", "lower", "ngrams",
           "reduce_join", "regex_full_match", "regex_replace", "split", "strip", "substr",
           "to_hash_bucket", "to_hash_bucket_fast", "to_hash_bucket_strong", "to_number",
           "unicode_decode", "unicode_decode_with_offsets", "unicode_encode", "unicode_split",
           "unicode_split_with_offsets", "unicode_transcode", "unsorted_segment_join", "upper"]
