"""Record an incident (uniform worn outside, say) against the selected person, with its fine.

The incidents and their fines come from kiosk.toml, so the department changes them without a
new release; the time recorded is now.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select

from screens.lead.tool import LeadToolDialog
from screens.widgets.plain import Plain


class IncidentDialog(LeadToolDialog):
    CSS_PATH = "incident.tcss"
    AUTO_FOCUS = "#kind"

    def compose(self) -> ComposeResult:
        tr, staff = self.tr, self.row.staff
        incidents = self.services.config.incidents
        with Vertical(id="box"):
            yield Plain(
                tr.t("lead.incident.title", name=staff.name, staff_id=staff.id),
                id="title",
            )
            if incidents:
                yield Select(
                    [
                        (tr.t("lead.incident.item", label=i.label(tr.lang), fine=i.fine), key)
                        for key, i in incidents.items()
                    ],
                    allow_blank=False,
                    id="kind",
                )
            yield Plain("" if incidents else tr.t("lead.incident.none"), id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    def prepare(self) -> Callable[[], str] | None:
        if not self.services.config.incidents:
            return None
        kind = str(self.query_one("#kind", Select).value)
        tr, staff, lead = self.tr, self.row.staff, self.lead
        lead_service, incidents = self.services.lead, self.services.config.incidents

        def write() -> str:
            result = lead_service.record_incident(staff.id, kind, by=lead.id).result
            return tr.t(
                "lead.incident.saved",
                name=staff.name,
                kind=incidents[result.kind].label(tr.lang),
                fine=result.fine,
            )

        return write
