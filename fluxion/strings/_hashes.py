"""The string hashes of ``tf.strings.to_hash_bucket*``: FarmHash Fingerprint64 (``_fast``, shared
with feature columns), TF's legacy Hash64 (MurmurHash64A with TF's seed, ``to_hash_bucket``)
and keyed SipHash-2-4 (``_strong``). Written from the published algorithms; 64-bit arithmetic is
Python ints masked to 64 bits (each string is a Python object anyway)."""
from __future__ import annotations

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import defop
from fluxion.feature_column import _farmhash
from fluxion.strings._common import STRING, map_number, ragged_elementwise, same_shape

_M = (1 << 64) - 1
_MURMUR_MUL = 0xC6A4A7935BD1E995
_TF_HASH_SEED = 0xDECAFCAFFE


def murmur64(data: bytes, seed: int = _TF_HASH_SEED) -> int:
    """MurmurHash64A of `data` (TF's ``Hash64``)."""
    n = len(data)
    h = (seed ^ (n * _MURMUR_MUL)) & _M
    whole = n - n % 8
    for i in range(0, whole, 8):
        k = (int.from_bytes(data[i:i + 8], "little") * _MURMUR_MUL) & _M
        k = ((k ^ (k >> 47)) * _MURMUR_MUL) & _M
        h = ((h ^ k) * _MURMUR_MUL) & _M
    if n % 8:
        h = ((h ^ int.from_bytes(data[whole:], "little")) * _MURMUR_MUL) & _M
    h = ((h ^ (h >> 47)) * _MURMUR_MUL) & _M
    return h ^ (h >> 47)


def _rotl(v: int, r: int) -> int:
    return ((v << r) | (v >> (64 - r))) & _M


def _sip_round(v0: int, v1: int, v2: int, v3: int) -> tuple:
    v0 = (v0 + v1) & _M
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _M
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _M
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _M
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash24(key: tuple, data: bytes) -> int:
    """SipHash-2-4 of `data` under the 128-bit key (k0, k1)."""
    k0, k1 = key[0] & _M, key[1] & _M
    v0, v1 = k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D
    v2, v3 = k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573
    n = len(data)
    whole = n - n % 8
    blocks = [int.from_bytes(data[i:i + 8], "little") for i in range(0, whole, 8)]
    blocks.append(((n & 0xFF) << 56) | int.from_bytes(data[whole:], "little"))
    for m in blocks:
        v3 ^= m
        v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
        v0 ^= m
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def _buckets_of(hash_fn, x, num_buckets: int) -> np.ndarray:
    """hash_fn(s) % num_buckets per element; each distinct string is hashed once (text
    batches repeat their words, and the hash is Python code)."""
    memo: dict = {}

    def one(s: bytes) -> int:
        v = memo.get(s)
        if v is None:
            v = memo[s] = hash_fn(s) % num_buckets
        return v
    return map_number(one, x, np.int64)


def _fast_kernel(xp, x, num_buckets):
    return _buckets_of(_farmhash.fingerprint64, x, num_buckets)


def _legacy_kernel(xp, x, num_buckets):
    return _buckets_of(murmur64, x, num_buckets)


def _strong_kernel(xp, x, num_buckets, key):
    return _buckets_of(lambda s: siphash24(key, s), x, num_buckets)


_INT64 = same_shape(dtypes.int64)
hash_bucket_fast = defop("string_to_hash_bucket_fast", _fast_kernel, dtypes=(STRING,),
                         tf_name="StringToHashBucketFast", infer=_INT64)
hash_bucket_legacy = defop("string_to_hash_bucket", _legacy_kernel, dtypes=(STRING,),
                           tf_name="StringToHashBucket", infer=_INT64)
hash_bucket_strong = defop("string_to_hash_bucket_strong", _strong_kernel, dtypes=(STRING,),
                           tf_name="StringToHashBucketStrong", infer=_INT64)


def _buckets(num_buckets, op: str) -> int:
    n = int(num_buckets)
    if n < 1:
        raise errors.InvalidArgumentError(
            None, None, f"Value for attr 'num_buckets' of {n} must be at least minimum 1 "
            f"[Op:{op}]")
    return n


@ragged_elementwise
def to_hash_bucket_fast(input, num_buckets: int, name=None):
    """``tf.strings.to_hash_bucket_fast``: FarmHash Fingerprint64 of each string, modulo
    `num_buckets` (int64)."""
    return hash_bucket_fast(input, num_buckets=_buckets(num_buckets, "StringToHashBucketFast"))


@ragged_elementwise
def to_hash_bucket(input, num_buckets: int, name=None):
    """``tf.strings.to_hash_bucket``: TF's legacy Hash64 of each string, modulo `num_buckets`."""
    return hash_bucket_legacy(input, num_buckets=_buckets(num_buckets, "StringToHashBucket"))


@ragged_elementwise
def to_hash_bucket_strong(input, num_buckets: int, key, name=None):
    """``tf.strings.to_hash_bucket_strong``: SipHash-2-4 keyed by `key` (two ints), modulo
    `num_buckets`."""
    key = tuple(int(k) for k in key)
    if any(not -2**63 <= k < 2**63 for k in key):  # TF converts the key to int64
        raise OverflowError("int too big to convert")
    if len(key) != 2:
        raise errors.InvalidArgumentError(
            None, None, "Key must have 2 elements [Op:StringToHashBucketStrong]")
    return hash_bucket_strong(
        input, num_buckets=_buckets(num_buckets, "StringToHashBucketStrong"), key=key)


__all__: list = []
