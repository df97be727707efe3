"""QR codes (segno) and the printable card (WeasyPrint, a CR80 card-sized PDF page)."""

from __future__ import annotations

import logging

import segno
from django.template.loader import render_to_string

# WeasyPrint reports every layout step at INFO; keep the server log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Level M survives a scuffed card (15% of the code) and keeps a ~250-character token at
# version 12-13, readable by any phone or window scanner.
QR_ERROR = "m"


def qr(token: str):
    return segno.make(token, error=QR_ERROR, micro=False, boost_error=False)


def qr_svg(token: str, scale: int = 3) -> str:
    """Inline <svg> for the card page (no file, no extra request). A viewBox and no fixed size:
    the stylesheet sizes it (svg.segno) so it shrinks to a phone's width without cropping."""
    return qr(token).svg_inline(scale=scale, border=2, dark="#111", light="#fff", omitsize=True)


def qr_png_data_uri(token: str, scale: int = 8) -> str:
    return qr(token).png_data_uri(scale=scale, border=2)


def card_pdf(card) -> bytes:
    """The printable card: one 85.6 × 54 mm page with name, class, number, validity and QR."""
    from weasyprint import HTML

    html = render_to_string("talent/card_pdf.html", {"card": card, "qr_png": qr_png_data_uri(card.token)})
    return HTML(string=html).write_pdf()
