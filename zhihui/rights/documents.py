"""Documents of an arbitration case generated as PDF (WeasyPrint, as the talent card and the
plan's reports): the notice of acceptance (受理通知书) once the case is accepted, and the award
(裁决书) once awarded. Made from the case record each time, so they cannot drift from it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CaseKind, CaseStatus

# name → (title, template, whether the case has reached the point where the document exists)
DOCUMENTS = {
    "acceptance": (_("受理通知书"), "rights/pdf_acceptance.html",
                   lambda c: c.kind == CaseKind.ARBITRATION and c.accepted_on is not None
                   and c.status != CaseStatus.NOT_ACCEPTED),
    "award": (_("裁决书"), "rights/pdf_award.html",
              lambda c: c.kind == CaseKind.ARBITRATION and c.status == CaseStatus.AWARDED),
}


def available(case) -> list[tuple[str, str]]:
    return [(name, str(title)) for name, (title, _t, ready) in DOCUMENTS.items() if ready(case)]


def render_pdf(case, name: str) -> bytes:
    """The document as PDF bytes; KeyError for a name the case does not have (yet)."""
    title, template, ready = DOCUMENTS[name]
    if not ready(case):
        raise KeyError(name)
    from weasyprint import HTML

    from zhihui.core.params import value

    on = case.accepted_on or case.received_on
    panel = list(case.panel.filter(removed_at__isnull=True).select_related("arbitrator"))
    html = render_to_string(template, {
        "case": case, "title": title, "panel": panel, "today": timezone.localdate(),
        # the periods the documents state are the dated parameters the deadlines use
        "award_days": int(value("rights", "arbitration.award_days", on)),
        "extension_days": int(value("rights", "arbitration.extension_days", on)),
        "appeal_days": int(value("rights", "arbitration.appeal_days", on)),
    })
    return HTML(string=html).write_pdf()
