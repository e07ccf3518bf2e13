"""The PDF of a document: its facts in words (Indonesian, English beneath) and a QR code.

**Decision: fpdf2's core font (Helvetica), text reduced to Latin-1.** Core fonts need no font
file, so a PDF looks the same on any server (a fresh Debian has no DejaVu unless someone installs
it). A name outside Latin-1 is written with its accents stripped where Unicode decomposes it
(`Đ` and `Ł` have none, so they are spelled out) and `?` otherwise; the signed JWS and the verify
page carry the name exactly as given, and the PDF says where to read it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import qrcode
import qrcode.constants
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

# Typographic characters outside Latin-1 that people paste into names and facts.
_REPLACE = {
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "€": "EUR",
    "Đ": "D",
    "đ": "d",
    "Ł": "L",
    "ł": "l",
    "Ø": "O",
    "ı": "i",
}
QR_WIDTH_MM = 55.0
# The most the QR code holds (version 34 at medium error correction, 153 modules: about 0.36 mm
# each at QR_WIDTH_MM, still read by a phone from a print). A document whose address and JWS
# are longer gets a QR code of the address alone (see `qr_text`).
QR_MAX_CHARS = 1700
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def latin1(text: str) -> str:
    """`text` as the PDF core fonts can draw it (see the module's decision)."""
    out: list[str] = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
        elif char in _REPLACE:
            out.append(_REPLACE[char])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if ord(c) < 256 and c.isprintable()
            )
            out.append(base or "?")
    return "".join(out)


@dataclass(frozen=True)
class PdfContent:
    site_name: str
    title_id: str
    title_en: str
    number: str
    holder_name: str
    holder_nik_masked: str
    issuer_name: str
    issued_at: datetime  # local time
    valid_until: date | None
    facts: Sequence[tuple[str, str, str]]  # label_id, label_en, value
    verify_url: str  # https://<site>/verify/<code>
    jws: str


def qr_text(verify_url: str, jws: str) -> str:
    """What the QR code holds: the address and, after "#", the JWS for checks offline; the
    address alone when both would not fit (the JWS is still in the PDF's metadata)."""
    both = f"{verify_url}#{jws}"
    return both if len(both) <= QR_MAX_CHARS else verify_url


def qr_image(data: str) -> Image.Image:
    """A black-and-white QR code; medium error correction survives a smudged print."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=4)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image().get_image()
    return image.convert("L")


def _date_id(value: date) -> str:
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def _date_en(value: date) -> str:
    return value.strftime("%d %B %Y").lstrip("0")


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("Helvetica", size=7)
        self.set_text_color(90, 90, 90)
        self.multi_cell(0, 3.5, self._footer_text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        # "{nb}" is replaced by the number of pages when the PDF is written.
        self.cell(0, 3.5, f"Halaman / Page {self.page_no()}/{{nb}}", align="C")


def _line(pdf: FPDF, label_id: str, label_en: str, value: str) -> None:
    """One fact: the Indonesian label bold, the English one small and grey beneath, the value
    beside them."""
    y = pdf.get_y()
    pdf.set_x(pdf.l_margin)
    pdf.set_font("Helvetica", style="B", size=9.5)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(62, 4.5, latin1(label_id), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", style="I", size=7.5)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(62, 3.5, latin1(label_en), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    label_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + 64, y)
    pdf.set_font("Helvetica", size=11)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(0, 5, latin1(value) or "-", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(label_bottom, pdf.get_y()) + 1.8)


def pdf_build(content: PdfContent) -> bytes:
    """The document's PDF (A4, one page unless it has very many facts)."""
    footer = latin1(
        "Dokumen ini ditandatangani secara elektronik. Periksa keasliannya di "
        f"{content.verify_url} atau pindai kode QR.\n"
        "This document is signed electronically. Check it at the address above or scan the QR "
        "code."
    )
    pdf = _Pdf(footer)
    pdf.set_title(latin1(f"{content.title_id} {content.number}"))
    pdf.set_author(latin1(content.issuer_name))
    pdf.set_creator(latin1(content.site_name))
    # The JWS travels in the metadata too, for tools that read it rather than the QR code.
    pdf.set_subject(content.jws)
    pdf.set_keywords(content.verify_url)
    pdf.set_creation_date(content.issued_at)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()

    pdf.set_font("Helvetica", style="B", size=11)
    pdf.cell(0, 6, latin1(content.issuer_name.upper()), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(0, 5, latin1(content.site_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(11, 83, 148)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(8)

    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", style="B", size=17)
    pdf.multi_cell(0, 8, latin1(content.title_id), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", style="I", size=11)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 6, latin1(content.title_en), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=11)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(
        0,
        6,
        latin1(f"Nomor / Number: {content.number}"),
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(6)

    _line(pdf, "Nama pemegang", "Holder's name", content.holder_name)
    if content.holder_nik_masked:
        _line(pdf, "NIK (disamarkan)", "NIK (masked)", content.holder_nik_masked)
    for label_id, label_en, value in content.facts:
        _line(pdf, label_id, label_en, value)
    issued = content.issued_at.date()
    _line(pdf, "Diterbitkan oleh", "Issued by", content.issuer_name)
    _line(pdf, "Tanggal terbit", "Date of issue", f"{_date_id(issued)} / {_date_en(issued)}")
    if content.valid_until is not None:
        until = content.valid_until
        _line(pdf, "Berlaku sampai", "Valid until", f"{_date_id(until)} / {_date_en(until)}")
    if latin1(content.holder_name) != content.holder_name:
        pdf.set_font("Helvetica", style="I", size=8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(
            0,
            4,
            "Nama ditulis tanpa tanda diakritik; ejaan lengkap ada di halaman verifikasi. / "
            "The name is written without diacritics; its full spelling is on the verify page.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(2)

    # The QR code with its caption, kept together on one page.
    if pdf.get_y() + QR_WIDTH_MM + 16 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    pdf.image(
        qr_image(qr_text(content.verify_url, content.jws)),
        x=pdf.l_margin,
        y=top,
        w=QR_WIDTH_MM,
        h=QR_WIDTH_MM,
    )
    pdf.set_xy(pdf.l_margin + QR_WIDTH_MM + 6, top + 6)
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.multi_cell(0, 5, "Pindai untuk memeriksa keaslian", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + QR_WIDTH_MM + 6)
    pdf.set_font("Helvetica", style="I", size=9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 4.5, "Scan to check that it is genuine", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + QR_WIDTH_MM + 6)
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(0, 4.5, latin1(content.verify_url), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
