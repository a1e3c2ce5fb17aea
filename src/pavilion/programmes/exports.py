"""An outcome text as adopted, exported as DOCX (python-docx) and PDF (WeasyPrint)."""

from __future__ import annotations

import io

import docx
from django.template.loader import render_to_string
from django.utils.translation import override
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pavilion.core.i18n import is_rtl
from pavilion.programmes.outcome_models import OutcomeText
from pavilion.programmes.outcomes import numbered_lines, numbered_paragraphs, paragraph_text


def outcome_docx(outcome: OutcomeText, language: str) -> bytes:
    """Title, state line and numbered paragraphs; right-aligned for Arabic."""
    document = docx.Document()
    with override(language):
        document.add_heading(str(outcome.title), level=1)
        document.add_paragraph(f"{outcome.programme} · {outcome.get_state_display()}")
    for number, paragraph in numbered_paragraphs(outcome):
        item = document.add_paragraph(f"{number}. {paragraph_text(paragraph, language)}")
        if is_rtl(language):
            item.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def outcome_pdf(outcome: OutcomeText, language: str) -> bytes:
    """The "as adopted" page with line numbers, printed by WeasyPrint (needs Pango from the system)."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only exports need it

    with override(language):
        html = render_to_string(
            "programmes/outcome_print.html",
            {
                "outcome": outcome,
                "lines": numbered_lines(outcome, language),
                "language": language,
                "direction": "rtl" if is_rtl(language) else "ltr",
            },
        )
    return bytes(HTML(string=html).write_pdf())
