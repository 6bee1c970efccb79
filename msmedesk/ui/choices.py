"""The lists a form offers in its pickers, read from the services when a form opens."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from msmedesk.domain import ListQuery

if TYPE_CHECKING:
    from msmedesk.records import Services

_EVERY = 10**9


class ServiceChoices:
    """The forms' ``Choices``: Member names, organization labels, meetings, proposals."""

    def __init__(self, services: Services):
        self._services = services

    def member_names(self) -> list[str]:
        """Every Member name, in membership-list order."""
        return self._services.members.names()

    def organization_labels(self) -> list[str]:
        """Every organization's acronym (or name)."""
        return self._services.organizations.labels()

    def meeting_choices(self) -> list[tuple[date, str]]:
        """(date, kind) of every meeting, newest first."""
        return self._services.meetings.choices()

    def proposal_symbols(self) -> list[str]:
        """Every proposal's symbol, in symbol order."""
        rows = self._services.proposals.list(ListQuery(sort="symbol", limit=_EVERY))
        return [str(r.values[0]) for r in rows]
