"""The application form the portal prints for the enterprise to sign and stamp, then upload back as the
"Signed application form" of the checklist.

It shows the declaration as it stands: the facts frozen at the last submission while the application is under
review, or, for a draft (or a returned application being revised), the facts that submitting today would
freeze. Printed in the reader's language; every line uses the Adobe CID font STSong-Light, which ReportLab
knows without a font file and which covers both Chinese and Latin text (a PDF reader supplies the glyphs).
"""

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from accreditation.applications.models import Application
from enterprises.models import AnnualFigures
from portal.core import dates

FONT = "STSong-Light"
# The yearly figures printed, in the order of the figures page; labels are the model's own.
YEAR_FIGURES = ("revenue", "main_business_revenue", "net_profit", "total_assets", "total_liabilities", "rd_expense")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def declared_facts(application: Application) -> tuple[dict, object]:
    """(facts JSON, as-of date) the form prints: the frozen revision's once submitted, else today's."""
    revision = application.current_revision()
    if revision is not None and not application.is_editable:
        return revision.facts, revision.as_of
    from accreditation.applications.freeze import facts_to_json
    from accreditation.eligibility.facts import enterprise_facts

    today = dates.today()
    return facts_to_json(enterprise_facts(application.enterprise, as_of=today), application.enterprise), today


def _money(value) -> str:
    if value in (None, ""):
        return "—"
    return f"{Decimal(str(value)):,.0f}"


def _plain(value) -> str:
    return "—" if value in (None, "") else str(value)


def application_form_pdf(application: Application, *, compress: bool = True) -> bytes:
    """The form as PDF bytes, in the active language. `compress=False` leaves the page streams readable."""
    from accreditation.applications.services import DECLARATION

    font = _font()
    facts, as_of = declared_facts(application)
    described, profile, years = facts.get("enterprise", {}), facts.get("profile", {}), facts.get("years", {})
    chinese = (get_language() or "").startswith("zh")
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4 * mm, alignment=1)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=16, spaceBefore=4 * mm, spaceAfter=2 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK" if chinese else None)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)

    def para(text, style):
        """Latin text in Helvetica (it reads better); anything else in the CJK font, which covers both."""
        text = str(text)
        if all(ord(character) < 0x250 for character in text):
            style = ParagraphStyle(style.name + "-latin", parent=style, fontName="Helvetica")
        return Paragraph(escape(text), style)

    def table(rows, widths, header=False, height=None):
        cells = [[para(text, cell) for text in row] for row in rows]
        grid = Table(cells, colWidths=widths, rowHeights=height, repeatRows=1 if header else 0)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")))
        else:
            style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f1f3f5")))
        grid.setStyle(TableStyle(style))
        return grid

    tier_name = application.tier.name_zh if chinese else application.tier.name_en
    story = [
        para(_("Application form: %(tier)s") % {"tier": tier_name}, title_style),
        para(_("Application %(number)s, facts as of %(day)s") % {"number": application.number, "day": as_of}, body),
        para(_("The enterprise"), heading),
        table(
            [
                (_("Name (Chinese)"), _plain(described.get("name_zh") or application.enterprise.name_zh)),
                (_("Name (English)"), _plain(described.get("name_en"))),
                (_("Unified social credit code"), _plain(described.get("uscc") or application.enterprise.uscc)),
                (_("Tier applied for"), tier_name),
                (_("Address"), _plain(described.get("address"))),
                (_("Legal representative"), _plain(described.get("legal_representative"))),
                (_("Industry (GB/T 4754)"), _plain(profile.get("sector"))),
                (_("Staff"), _plain(profile.get("employees"))),
                (_("R&D staff"), _plain(profile.get("rd_employees"))),
                (_("Main products"), _plain(described.get("main_products"))),
            ],
            [50 * mm, 120 * mm],
        ),
        para(_("Figures declared (yuan)"), heading),
    ]
    year_keys = sorted(years)[-3:]
    if year_keys:
        labels = {name: capfirst(AnnualFigures._meta.get_field(name).verbose_name) for name in YEAR_FIGURES}
        rows = [(_("Figure"), *year_keys)]
        rows += [(str(labels[name]), *(_money(years[year].get(name)) for year in year_keys)) for name in YEAR_FIGURES]
        story.append(table(rows, [50 * mm] + [120 * mm / len(year_keys)] * len(year_keys), header=True))
    else:
        story.append(para(_("No yearly figures are declared."), body))
    story += [
        para(_("Declaration of authenticity"), heading),
        para(DECLARATION, body),
        Spacer(1, 10 * mm),
        KeepTogether(
            table(
                [
                    (_("Legal representative (signature)"), ""),
                    (_("Company seal"), ""),
                    (_("Date"), ""),
                ],
                [60 * mm, 110 * mm],
                height=18 * mm,
            )
        ),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Application form: %(tier)s") % {"tier": tier_name},
        author=application.enterprise.name_zh,
        invariant=True,
        pageCompression=1 if compress else 0,
    )
    document.build(story)
    return buffer.getvalue()
