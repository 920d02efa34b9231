"""Small, valid sample PDFs that stand in for the Partnership's published documents, which this site's seed
content does not include. The first page of each says plainly that it is a sample, not the real document."""

import datetime

from fpdf import FPDF

# A fixed date keeps the files identical from one seed run to the next.
FIXED_DATE = datetime.datetime(2026, 11, 27, tzinfo=datetime.UTC)
CONTACT = "SENDPartnership@lancashire.gov.uk"


def sample_pdf(title, published_by, where, pages=2):
    """PDF bytes: a first page that says what this file is and is not, then numbered blank-ish pages."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(f"SAMPLE FILE - stands in for: {title}")
    pdf.set_author("Lancashire SEND Partnership website (sample content)")
    pdf.set_lang("en-GB")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, "SAMPLE FILE: this is not the published document")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 12)
    text = (
        f"This file stands in for: {title}.\n\n"
        f"It is a sample made for the demonstration content of this website, because the published "
        f"document is not available to it. It does not contain any of the document's text.\n\n"
        + (f"The document is published by {published_by}. " if published_by else "")
        + f"{where}\n\n"
        + f"For the published document, or a copy in another format, email {CONTACT}."
    )
    pdf.multi_cell(0, 7, text)
    for number in range(2, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(0, 7, f"Sample page {number} of {pages}. This page is intentionally empty.")
    return bytes(pdf.output())
