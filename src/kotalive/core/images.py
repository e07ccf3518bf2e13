"""Complaint photos: checked by their content, re-encoded as a fresh JPEG, all metadata dropped.

A resident's phone writes the GPS position of their home, the device and the time into every
photo, and report photos become public. So nothing of the upload is kept but its pixels: the
format is decided from the bytes (never the file name or the client's content type), the image is
fully decoded (a truncated or disguised file fails here), turned upright, converted to sRGB,
downscaled and written anew without EXIF, XMP or ICC data. Polyglot files (a JPEG that is also
a script or a page) lose their second life in the re-encoding.

Decoding costs by the pixel, not by the byte: a 100 KB PNG may declare 6000x6000 pixels. So the
work is bounded before any pixel is decoded, from the image headers (Pillow reads the size
without the pixels): at most MAX_PIXELS per photo and MAX_REQUEST_PIXELS for all the photos of
one request, counting a JPEG at the reduced scale it is decoded at. Over either budget, nothing
is decoded and nothing is stored.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

import pillow_heif
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

from kotalive.core.errors import DomainError

logger = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 8 * 1024 * 1024  # refuse larger uploads
MAX_PIXELS = 40_000_000  # per photo, as declared (a 40 MP phone photo still passes)
# Per request, as decoded: five 12 MP phone HEICs (61 MP) pass, two 36 MP PNGs do not. On the
# bench machine a 36 MP PNG costs about 4 s of a worker, so this bounds a request to seconds.
MAX_REQUEST_PIXELS = 64_000_000
MAX_SIDE = 1600  # re-encoded photos are at most this on the long side
JPEG_QUALITY = 82  # small on a slow connection, still sharp enough to read a street sign

_READ_CHUNK = 64 * 1024
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes  # the re-encoded JPEG
    extension: str  # "jpg"
    width: int
    height: int


def _invalid(field: str) -> DomainError:
    return DomainError(
        "photo_invalid",
        _("This file is not a photo we can use. Send a JPEG, PNG, WebP or HEIC photo."),
        field=field,
    )


def _megapixels(pixels: int) -> int:
    return math.ceil(pixels / 1_000_000)


def _too_many_pixels(field: str, pixels: int) -> DomainError:
    return DomainError(
        "photo_too_many_pixels",
        _(
            "This photo has too many pixels (%(mp)d megapixels; at most %(limit)d). Send a "
            "smaller photo."
        )
        % {"mp": _megapixels(pixels), "limit": _megapixels(MAX_PIXELS)},
        field=field,
        status=413,
    )


def _request_too_many_pixels(field: str, pixels: int) -> DomainError:
    return DomainError(
        "photos_too_many_pixels",
        _(
            "Together these photos have too many pixels (%(mp)d megapixels; at most %(limit)d "
            "per report). Send fewer or smaller photos."
        )
        % {"mp": _megapixels(pixels), "limit": _megapixels(MAX_REQUEST_PIXELS)},
        field=field,
        status=413,
    )


def _too_large(field: str) -> DomainError:
    # 413, as the middleware answers for any request body that is too large.
    return DomainError(
        "photo_too_large",
        _("This photo is larger than %(limit)d MB. Send a smaller photo.")
        % {"limit": MAX_PHOTO_BYTES // (1024 * 1024)},
        field=field,
        status=413,
    )


@functools.cache
def _register_heif() -> None:
    # Embedded thumbnails, depth and auxiliary images are never used: a thumbnail can show what
    # the resident cropped out of the main image.
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def image_format(head: bytes) -> str | None:
    """The Pillow format name the first bytes announce, or None for anything we refuse."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[0:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def read_capped(
    upload: UploadedFile[bytes] | IO[bytes], *, limit: int, too_large: DomainError
) -> bytes:
    """An upload's bytes, reading at most `limit` + 1 of them: past `limit`, `too_large` is
    raised (a declared size is the client's word, not a fact, so the count is ours)."""
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise too_large
    # A stream that cannot seek is read from where it stands.
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)
    buffer = bytearray()
    while len(buffer) <= limit:
        chunk = upload.read(min(_READ_CHUNK, limit + 1 - len(buffer)))
        if not chunk:
            break
        buffer += chunk
    if len(buffer) > limit:
        raise too_large
    return bytes(buffer)


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert the pixels to sRGB using the embedded profile, since the profile is dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile: keep the pixels as they are, colours may be slightly off.
        logger.info("photo colour profile ignored")
        return image
    return converted if converted is not None else image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background: JPEG has no transparency, and black would hide dark content."""
    if image.mode.startswith("I"):
        # 16-bit grey (PNG): scale to 8 bits, a plain conversion would clip it to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if not has_alpha:
        return image if image.mode == "RGB" else image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


@dataclass
class _Opened:
    """A photo whose header was read, not yet its pixels."""

    image: Image.Image
    format: str
    pixels: int  # what decoding it will cost


def _open(data: bytes, expected: str) -> Image.Image:
    """Open with the sniffed format only: the header is read, no pixel is decoded."""
    image = Image.open(io.BytesIO(data), formats=[expected])
    if image.format != expected:
        raise ValueError("format mismatch")
    return image


def _header(upload: UploadedFile[bytes] | IO[bytes], field: str) -> _Opened:
    """Read the upload (capped), tell its format from the bytes and its size from the header;
    refuse a photo over the per-photo budget. Decodes nothing."""
    data = read_capped(upload, limit=MAX_PHOTO_BYTES, too_large=_too_large(field))
    expected = image_format(data[:16])
    if expected is None:
        raise _invalid(field)
    if expected == "HEIF":
        _register_heif()
    try:
        image = _open(data, expected)
    except Image.DecompressionBombError:
        # Pillow's own guard, far above ours: the header declared an absurd size.
        raise _too_many_pixels(field, 2 * (Image.MAX_IMAGE_PIXELS or MAX_PIXELS)) from None
    except Exception as exc:
        logger.info("photo refused", extra={"format": expected, "error": type(exc).__name__})
        raise _invalid(field) from None
    width, height = image.size
    if width < 1 or height < 1:
        raise _invalid(field)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(field, width * height)
    if expected == "JPEG" and max(width, height) > MAX_SIDE:
        # Decode at 1/2, 1/4 or 1/8 scale when that still leaves what we keep. draft() keeps
        # both sides at least the size asked, so ask for the kept size in the photo's own shape:
        # asking for a square let a 4000x3000 phone photo decode in full (3000 / 2 < 1600).
        # It only chooses the scale (the size changes to it); nothing is decoded yet.
        ratio = MAX_SIDE / max(width, height)
        image.draft("RGB", (math.ceil(width * ratio), math.ceil(height * ratio)))
    return _Opened(image, expected, image.width * image.height)


def _decode(data: bytes, expected: str) -> Image.Image:
    """Open with the sniffed format only and decode every pixel (within the per-photo budget);
    raises on anything wrong."""
    opened = _header(io.BytesIO(data), "photos")
    if opened.format != expected:
        raise ValueError("format mismatch")
    opened.image.load()
    return opened.image


def photos_clean(
    photos: Sequence[UploadedFile[bytes] | IO[bytes] | CleanPhoto], *, field: str = "photos"
) -> list[CleanPhoto]:
    """Check the photos of one request by their content and return them re-encoded without any
    metadata (those already clean as they are).

    Every header is read before any pixel is decoded: `photo_too_many_pixels` (413) for one
    photo over MAX_PIXELS, `photos_too_many_pixels` (413) when all of them would decode more than
    MAX_REQUEST_PIXELS; `photo_too_large` (413) past MAX_PHOTO_BYTES and `photo_invalid` for
    anything that is not a complete JPEG, PNG, WebP or HEIC/HEIF image.
    """
    opened = [p if isinstance(p, CleanPhoto) else _header(p, field) for p in photos]
    pixels = sum(o.pixels for o in opened if isinstance(o, _Opened))
    if pixels > MAX_REQUEST_PIXELS:
        raise _request_too_many_pixels(field, pixels)
    return [o if isinstance(o, CleanPhoto) else _clean(o, field) for o in opened]


def photo_clean(upload: UploadedFile[bytes] | IO[bytes], *, field: str = "photos") -> CleanPhoto:
    """One photo on its own (`photos_clean`)."""
    (clean,) = photos_clean([upload], field=field)
    return clean


def _clean(opened: _Opened, field: str) -> CleanPhoto:
    """Decode, turn upright, convert, downscale and re-encode a photo whose header passed."""
    expected = opened.format
    try:
        image = opened.image
        image.load()
        ImageOps.exif_transpose(image, in_place=True)  # before the EXIF that says how is dropped
        rgb = _flatten(_to_srgb(image))
        rgb.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        # A fresh image carries pixels only: no info dict, no EXIF, XMP or ICC to leak on save.
        clean = Image.new("RGB", rgb.size)
        clean.paste(rgb)
        out = io.BytesIO()
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    except Exception as exc:
        # Decoders of untrusted bytes fail in many ways (OSError, ValueError, SyntaxError,
        # struct.error, EOFError, DecompressionBombError...): each one means "not a usable photo".
        logger.info("photo refused", extra={"format": expected, "error": type(exc).__name__})
        raise _invalid(field) from None
    return CleanPhoto(
        content=out.getvalue(), extension="jpg", width=clean.width, height=clean.height
    )
