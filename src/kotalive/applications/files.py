"""A resident's document, checked by its content and written anew before it is kept.

The type is read from the bytes, never from the name or the client's content type. A photo or a
scan goes through the platform's image cleaning (`core.images`: decoded within a pixel budget,
re-encoded as a fresh JPEG without any metadata). A PDF is parsed and rewritten page by page:
what a PDF can carry besides its pages (scripts, actions on opening, embedded files, forms,
links) is not copied, and an encrypted or unreadable one is refused.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.http import FileResponse
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from kotalive.applications.models import ApplicationFile
from kotalive.applications.spec import FileType
from kotalive.core.errors import DomainError
from kotalive.core.images import image_format, photo_clean, read_capped

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 20
# What is kept is a PDF or a JPEG, whatever came in; both are shown inline.
STORED_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg"}
_IMAGE_TYPES = {
    "JPEG": FileType.JPEG,
    "PNG": FileType.PNG,
    "WEBP": FileType.WEBP,
    "HEIF": FileType.HEIC,
}
_NAME = re.compile(r"[^\w .()-]+")


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    kind: str  # "pdf" or "jpeg": what is stored, whatever came in
    extension: str

    def display_name(self, name: str) -> str:
        """The name the resident gave, without a path or odd characters, with the stored type."""
        stem = _NAME.sub("", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
        stem = stem.rsplit(".", 1)[0][:80] or _("document")
        return f"{stem}.{self.extension}"


def _types_text(types: Sequence[FileType]) -> str:
    return ", ".join(t.value.upper() for t in types)


def _wrong_type(field: str, types: Sequence[FileType]) -> DomainError:
    return DomainError(
        "file_type_not_allowed",
        _("This file is not a %(types)s document. Send one of those.")
        % {"types": _types_text(types)},
        field=field,
    )


def _too_large(field: str, max_kb: int) -> DomainError:
    size = f"{max_kb // 1024} MB" if max_kb >= 1024 else f"{max_kb} KB"
    return DomainError(
        "file_too_large",
        _("This file is larger than %(size)s. Send a smaller one.") % {"size": size},
        status=413,
        field=field,
    )


def _pdf_rewrite(data: bytes, field: str) -> bytes:
    unreadable = DomainError(
        "pdf_invalid",
        _("This PDF cannot be read, or it is locked with a password. Send an unlocked PDF."),
        field=field,
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise unreadable
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise DomainError(
                "pdf_too_many_pages",
                _("At most %(count)d pages in one PDF.") % {"count": MAX_PDF_PAGES},
                field=field,
            )
        writer = PdfWriter()
        for page in pages:
            writer.add_page(page)
        writer.remove_annotations(subtypes=None)  # links, form widgets, attached files
        out = io.BytesIO()
        writer.write(out)
    except DomainError:
        raise
    except Exception as exc:
        # Parsers of untrusted bytes fail in many ways; each one means "not a PDF we can use".
        logger.info("pdf refused", extra={"error": type(exc).__name__})
        raise unreadable from None
    return out.getvalue()


def file_clean(
    upload: IO[bytes], *, types: Sequence[FileType], max_kb: int, field: str
) -> CleanFile:
    """The document as it will be kept, or a `DomainError` that says what is wrong with it."""
    data = read_capped(upload, limit=max_kb * 1024, too_large=_too_large(field, max_kb))
    if not data:
        raise DomainError("file_empty", _("This file is empty."), field=field)
    if data[:1024].lstrip().startswith(b"%PDF-"):
        if FileType.PDF not in types:
            raise _wrong_type(field, types)
        return CleanFile(content=_pdf_rewrite(data, field), kind="pdf", extension="pdf")
    announced = _IMAGE_TYPES.get(image_format(data[:16]) or "")
    if announced is None or announced not in types:
        raise _wrong_type(field, types)
    photo = photo_clean(io.BytesIO(data), field=field)
    return CleanFile(content=photo.content, kind="jpeg", extension="jpg")


def file_response(stored: ApplicationFile) -> FileResponse:
    """A kept document for whoever the caller's check admitted: its stored type, never sniffed,
    never cached by anyone but that browser."""
    response = FileResponse(
        stored.file.open("rb"),
        content_type=STORED_TYPES.get(stored.kind, "application/octet-stream"),
        as_attachment=stored.kind not in STORED_TYPES,
        filename=stored.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
