"""Image codecs and file ops as graph ops (``tf.io.decode_png``, ``encode_png``,
``decode_jpeg``, ``decode_image``, ``decode_bmp``, ``read_file``, ``write_file``...).

Decoding is one primitive, `decode_image`: like TF's decoders, every ``decode_*`` sniffs the
format (``decode_jpeg`` reads a PNG too). PNG, JPEG (bit-exact with TF's libjpeg-turbo), GIF
and BMP are decoded here in pure Python, and JPEG is encoded here too; WebP goes through
Pillow when it is installed (an optional dependency). While a graph is traced
on stand-in strings (``Dataset.map`` and ``tf.function`` input signatures trace on b"1"), a
decoder returns a 1x1 stand-in image and `read_file` an empty string for a missing file: the
graph runs the real inputs later.
"""
from __future__ import annotations

import os
import struct
import tempfile

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.image import gif, jpeg, jpeg_encode, png

__all__ = [
    "decode_bmp",
    "decode_gif",
    "decode_image",
    "decode_jpeg",
    "decode_png",
    "encode_jpeg",
    "encode_png",
    "is_jpeg",
]
_io_exports = ("decode_png", "encode_png", "decode_jpeg", "encode_jpeg", "decode_image",
               "decode_bmp", "decode_gif", "is_jpeg", "read_file", "write_file")

_U8, _U16 = np.dtype(np.uint8), np.dtype(np.uint16)
_GRAY = (9797, 19234, 3737)  # libpng's rgb_to_gray weights (0.299, 0.587) in 1/32768


def _contents(arr) -> bytes:
    arr = np.asarray(arr, dtype=object)
    if arr.ndim != 0:
        raise errors.InvalidArgumentError(
            f"`contents` must be scalar but got shape{list(arr.shape)}")
    value = arr.item()
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def sniff(data: bytes) -> str | None:
    if data.startswith(png.SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"BM"):
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


# --- channel and depth conversions (what libpng's transforms do for TF) ----------------------
def _to_gray(rgb: np.ndarray) -> np.ndarray:
    wide = rgb.astype(np.int64)
    total = wide[..., 0] * _GRAY[0] + wide[..., 1] * _GRAY[1] + wide[..., 2] * _GRAY[2]
    if rgb.dtype == _U16:
        total = total + 16384
    same = (wide[..., 0] == wide[..., 1]) & (wide[..., 0] == wide[..., 2])
    return np.where(same, wide[..., 0], total >> 15).astype(rgb.dtype)[..., None]


def convert_channels(image: np.ndarray, channels: int, key_mask=None) -> np.ndarray:
    """(H, W, S) -> (H, W, channels) as libpng does for TF (0 keeps S)."""
    have = image.shape[-1]
    if channels == 0 or channels == have:
        return image
    full = 65535 if image.dtype == _U16 else 255
    color = image[..., :3] if have >= 3 else image[..., :1]
    if have in (2, 4):
        alpha = image[..., -1:]
    elif key_mask is not None:
        alpha = np.where(key_mask, 0, full).astype(image.dtype)[..., None]
    else:
        alpha = np.full(image.shape[:-1] + (1,), full, image.dtype)
    if channels < 3:
        color = _to_gray(color) if color.shape[-1] == 3 else color
    elif color.shape[-1] == 1:
        color = np.repeat(color, 3, axis=-1)
    return np.concatenate([color, alpha], axis=-1) if channels % 2 == 0 else color


def _depth(image: np.ndarray, dtype: str) -> np.ndarray:
    """To uint8 / uint16 (high byte; x * 257) or float32 in [0, 1]."""
    if dtype == "uint8":
        return (image >> 8).astype(_U8) if image.dtype == _U16 else image
    if dtype == "uint16":
        return image if image.dtype == _U16 else image.astype(_U16) * np.uint16(257)
    full = 65535 if image.dtype == _U16 else 255
    return image.astype(np.dtype(dtype)) * np.dtype(dtype).type(1.0 / full)


# --- format decoders -----------------------------------------------------------------------
def _decode_png(data: bytes, channels: int) -> np.ndarray:
    image, info = png.decode(data)
    mask = png.transparent_mask(image, info) if channels in (2, 4) else None
    return convert_channels(image, channels, mask)


def _decode_bmp(data: bytes, channels: int) -> np.ndarray:
    offset, = struct.unpack_from("<I", data, 10)
    width, height, _, bpp, compression = struct.unpack_from("<iiHHI", data, 18)
    if bpp not in (8, 24, 32) or compression not in (0, 3):
        raise errors.InvalidArgumentError(f"BMP with {bpp} bits per pixel (compression "
                                          f"{compression}) is not supported")
    depth = bpp // 8
    stride = (bpp * abs(width) + 31) // 32 * 4
    rows = np.frombuffer(data, np.uint8, stride * abs(height), offset)
    image = rows.reshape(abs(height), stride)[:, :abs(width) * depth]
    image = image.reshape(abs(height), abs(width), depth)
    if height > 0:  # stored bottom-up
        image = image[::-1]
    if depth >= 3:
        image = np.concatenate([image[..., 2::-1], image[..., 3:]], axis=-1)
    return convert_channels(np.ascontiguousarray(image), channels)


def _pillow():
    try:
        from PIL import Image
    except ImportError:
        raise errors.UnimplementedError(
            "WebP images need the optional dependency Pillow: "
            "pip install pillow") from None
    return Image


def _decode_jpeg(data: bytes, channels: int, fast: bool) -> np.ndarray:
    if channels == 4:
        raise errors.InvalidArgumentError("JPEG does not support 4 channels")
    try:
        image = jpeg.decode(data, fast, gray=channels == 1)
    except (jpeg.JPEGError, IndexError, KeyError, struct.error) as e:
        raise errors.InvalidArgumentError(f"Invalid JPEG data or crop window, data size "
                                          f"{len(data)}: {e}") from None
    return np.repeat(image, 3, axis=-1) if channels == 3 and image.shape[-1] == 1 else image


def _decode_pillow(data: bytes, channels: int) -> np.ndarray:
    import io

    image = _pillow().open(io.BytesIO(data))
    mode = {0: "RGBA" if "A" in image.mode else "RGB", 1: "L", 3: "RGB", 4: "RGBA"}[channels]
    return np.asarray(image.convert(mode), np.uint8).reshape(image.size[1], image.size[0], -1)


def decode_bytes(data: bytes, channels: int, kind: str, animations: bool,
                 fast: bool = True) -> np.ndarray:
    fmt = sniff(data)
    if fmt == "png":
        return _decode_png(data, channels)
    if fmt == "bmp":
        return _decode_bmp(data, channels)
    if fmt == "jpeg":
        return _decode_jpeg(data, channels, fast)
    if fmt == "webp":
        return _decode_pillow(data, channels)
    if fmt == "gif":
        if channels not in (0, 3):
            raise errors.InvalidArgumentError(f"channels must be 0 or 3 for GIF, got {channels}")
        try:
            frames = gif.decode(data)
        except (gif.GIFError, IndexError, struct.error) as e:
            raise errors.InvalidArgumentError(f"Invalid GIF data (size {len(data)}), {e}") \
                from None
        return frames if animations or kind == "gif" else frames[0]
    raise errors.InvalidArgumentError("Unknown image file format. One of JPEG, PNG, GIF, BMP, "
                                      "WebP required.")


def _decode_kernel(xp, contents, *, channels, dtype, kind, animations, fast=True):
    data = _contents(contents)
    try:
        image = decode_bytes(data, channels, kind, animations, fast)
    except (png.PNGError, struct.error) as e:
        if STATE.binding is not None and sniff(data) is None:
            return _stand_in(channels, dtype, kind, animations)
        raise errors.InvalidArgumentError(f"Invalid {kind.upper()} data, size {len(data)}: "
                                          f"{e}") from None
    except errors.InvalidArgumentError:
        if STATE.binding is not None and sniff(data) is None:
            return _stand_in(channels, dtype, kind, animations)
        raise
    return _depth(image, dtype.name)


def _stand_in(channels: int, dtype, kind: str, animations: bool) -> np.ndarray:
    shape = (1, 1, 1, 3) if kind == "gif" else (1, 1, channels or 3)
    return np.zeros(shape, dtype._np)


def _decode_infer(contents: Spec, *, channels, dtype, kind, animations, fast=True) -> Spec:
    if kind == "gif":
        return Spec((None, None, None, 3), dtype)
    if kind == "image" and animations:
        return Spec(None, dtype)
    return Spec((None, None, channels or None), dtype)


decode_image_op = defop("decode_image", _decode_kernel, infer=_decode_infer,
                        dtypes=(dtypes.string,), tf_name="DecodeImage",
                        doc="Decodes a PNG/JPEG/GIF/BMP string into an image tensor.")


def _encode_png_kernel(xp, image, *, compression):
    image = np.asarray(image)
    if image.ndim != 3:
        raise errors.InvalidArgumentError(f"image must be 3-dimensional{list(image.shape)}")
    if not 1 <= image.shape[-1] <= 4:
        raise errors.InvalidArgumentError(f"image must have 1, 2, 3, or 4 channels, got "
                                          f"{image.shape[-1]}")
    return np.array(png.encode(image, compression), dtype=object)


encode_png_op = defop("encode_png", _encode_png_kernel, dtypes=(dtypes.uint8, dtypes.uint16),
                      infer=lambda image, compression: Spec((), dtypes.string),
                      tf_name="EncodePng", doc="Encodes an (H, W, C) image as PNG bytes.")


def _encode_jpeg_kernel(xp, image, *, quality, chroma_downsampling, channels):
    image = np.asarray(image)
    if image.ndim != 3:
        raise errors.InvalidArgumentError(f"image must be 3-dimensional{list(image.shape)}")
    if image.shape[-1] not in (1, 3):
        raise errors.InvalidArgumentError(f"image must have 1 or 3 channels, got "
                                          f"{list(image.shape)}")
    if channels and channels != image.shape[-1]:
        raise errors.InvalidArgumentError(f"format needs {channels} channel(s), got "
                                          f"{image.shape[-1]}")
    if 0 in image.shape:
        raise errors.InvalidArgumentError(f"Invalid image size {list(image.shape)}")
    data = jpeg_encode.encode(image, quality, chroma_downsampling)
    return np.array(data, dtype=object)


encode_jpeg_op = defop("encode_jpeg", _encode_jpeg_kernel, dtypes=(dtypes.uint8,),
                       infer=lambda image, **attrs: Spec((), dtypes.string),
                       tf_name="EncodeJpeg", doc="Encodes an (H, W, C) uint8 image as JPEG.")


# --- public functions ----------------------------------------------------------------------
def _string(contents) -> Tensor:
    if type(contents) is bytes:
        return wrap(np.array(contents, dtype=object))
    return contents if isinstance(contents, Tensor) else convert_to_tensor(contents,
                                                                          dtypes.string)


def _decode(contents, channels, dtype, kind: str, allowed: tuple, animations=True,
            op: str = "DecodePng", dct_method: str = "") -> Tensor:
    channels = 0 if channels is None else int(channels)
    if channels not in (0, 1, 3, 4):
        raise errors.InvalidArgumentError(f"`channels` must be 0, 1, 3 or 4 but got "
                                          f"{channels} [Op:{op}]")
    dtype = dtypes.as_dtype(dtype)
    if dtype.name not in allowed:
        raise errors.InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in "
                                          f"the list of allowed values: {', '.join(allowed)}")
    if dct_method not in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
        raise errors.InvalidArgumentError(f"dct_method must be one of 'INTEGER_FAST', "
                                          f"'INTEGER_ACCURATE' or '', got {dct_method!r}")
    return decode_image_op(_string(contents), channels=channels, dtype=dtype, kind=kind,
                           animations=bool(animations), fast=dct_method != "INTEGER_ACCURATE")


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None) -> Tensor:
    """Decodes a PNG (or any supported format) to a uint8/uint16 (H, W, C) tensor."""
    return _decode(contents, channels, dtype, "png", ("uint8", "uint16"))


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None) -> Tensor:
    """Decodes a JPEG (or any supported format) to a uint8 (H, W, C) tensor. `dct_method`
    "" (TF's default) and "INTEGER_FAST" use libjpeg's fast IDCT, "INTEGER_ACCURATE" its
    accurate one; both are reproduced exactly."""
    return _decode(contents, channels, dtypes.uint8, "jpeg", ("uint8",), op="DecodeJpeg",
                   dct_method=dct_method)


def decode_bmp(contents, channels=0, name=None) -> Tensor:
    """Decodes a BMP (24 or 32 bits per pixel) to a uint8 (H, W, C) tensor."""
    return _decode(contents, channels, dtypes.uint8, "bmp", ("uint8",), op="DecodeBmp")


def decode_gif(contents, name=None) -> Tensor:
    """Decodes a GIF to uint8 frames (num_frames, H, W, 3)."""
    return _decode(contents, 0, dtypes.uint8, "gif", ("uint8",), op="DecodeGif")


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None,
                 expand_animations: bool = True) -> Tensor:
    """Decodes any supported format; float dtypes give values in [0, 1]. GIFs give 4-D frames
    unless `expand_animations` is False (then their first frame)."""
    return _decode(contents, channels, dtype, "image",
                   ("uint8", "uint16", "float16", "float32", "float64"), expand_animations,
                   op="DecodeImage")


def encode_png(image, compression=-1, name=None) -> Tensor:
    """PNG bytes (a scalar string) of an (H, W, C) uint8/uint16 image."""
    image = image if isinstance(image, Tensor) else convert_to_tensor(image)
    return encode_png_op(image, compression=int(compression))


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                xmp_metadata="", name=None) -> Tensor:
    """Baseline JPEG bytes of an (H, W, 1 or 3) uint8 image (4:2:0 chroma unless
    `chroma_downsampling` is False). `format`: "" (from the channels), "grayscale", "rgb"."""
    # like TF's generated wrapper, a NumPy value converts to the op's only dtype, uint8
    image = image if isinstance(image, Tensor) else convert_to_tensor(image, dtypes.uint8)
    channels = {"": 0, "grayscale": 1, "rgb": 3}.get(format)
    if channels is None:
        raise errors.InvalidArgumentError(f"format must be '', 'grayscale' or 'rgb', got "
                                          f"{format!r}")
    if not 0 <= int(quality) <= 100:
        raise errors.InvalidArgumentError(f"quality must be in [0,100], got {quality}")
    return encode_jpeg_op(image, quality=int(quality),
                          chroma_downsampling=bool(chroma_downsampling), channels=channels)


def is_jpeg(contents, name=None) -> Tensor:
    """Whether `contents` starts like a JPEG file."""
    return _is_jpeg_op(_string(contents))


_is_jpeg_op = defop("is_jpeg", lambda xp, s: np.array(sniff(_contents(s)) == "jpeg"),
                    infer=lambda s: Spec((), dtypes.bool), dtypes=(dtypes.string,),
                    tf_name="IsJpeg", doc="True where a string holds a JPEG file.")


# --- files -----------------------------------------------------------------------------------
def _path(arr) -> str:
    raw = _contents(arr)
    return raw.decode("utf-8")


def _read_kernel(xp, filename):
    path = _path(filename)
    try:
        with open(path, "rb") as f:
            return np.array(f.read(), dtype=object)
    except FileNotFoundError:
        if STATE.binding is not None:
            return np.array(b"", dtype=object)  # a stand-in filename while tracing
        raise errors.NotFoundError(f"{path}; No such file or directory [Op:ReadFile]") from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(f"{path}; Is a directory") from None


def _write_kernel(xp, filename, contents):
    path = _path(filename)
    data = _contents(contents)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp_", dir=folder)  # then rename: atomic
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return np.zeros(0, np.int32)


read_file_op = defop("read_file", _read_kernel, infer=lambda f: Spec((), dtypes.string),
                     dtypes=(dtypes.string,), stateful=True, tf_name="ReadFile",
                     doc="The bytes of a file (a scalar string).")
write_file_op = defop("write_file", _write_kernel, infer=lambda f, c: Spec((0,), dtypes.int32),
                      dtypes=(dtypes.string,), stateful=True, tf_name="WriteFile",
                      doc="Writes a string to a file (atomically: temp file, then rename).")


def read_file(filename, name=None) -> Tensor:
    """The contents of file `filename` as a scalar string tensor."""
    return read_file_op(_string(filename))


def write_file(filename, contents, name=None) -> None:
    """Writes `contents` to `filename`, creating folders; atomic (temp file, then rename)."""
    write_file_op(_string(filename), _string(contents))
