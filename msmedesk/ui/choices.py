"""The lists a form offers in its pickers, read from the services when a form opens."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from msmedesk.domain import ListQuery
from msmedesk.registry import by_key

from msmedesk.ui.kinds.generic import ref_text

if TYPE_CHECKING:
    from msmedesk.records import Services

_EVERY = 10**9


class ServiceChoices:
    """The forms' ``Choices``: Member names, organization labels, meetings, proposals, and the
    records of any type that a "ref" field names."""

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

    def refs(self, target: str) -> list[tuple[str, dict[str, Any]]]:
        """(label, archive object) of each record of registry type ``target``, in its list's
        order: the object holds the type's identity keys, as the archive names the record."""
        declared = by_key(target)
        service = getattr(self._services, target)
        columns = list(service.columns)
        out = []
        for row in service.list(ListQuery(limit=_EVERY)):
            if all(k in columns for k in declared.identity):
                value = {k: row.values[columns.index(k)] for k in declared.identity}
            else:  # an identity the list does not show: read the record itself
                record = service.get(row.id)
                value = {k: getattr(record, declared.field(k).name) for k in declared.identity}
            out.append((ref_text(value), value))
        return out
