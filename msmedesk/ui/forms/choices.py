"""What the window provides a form: the names its pickers offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


class Choices(Protocol):
    """The names a form offers in its pickers; the window gets them from the services."""

    def member_names(self) -> list[str]:
        """Member names, in footnote order."""
        ...

    def organization_labels(self) -> list[str]:
        """The acronym (or name) of each organization."""
        ...

    def meeting_choices(self) -> list[tuple[date, str]]:
        """(date, kind) of each meeting, newest first."""
        ...

    def proposal_symbols(self) -> list[str]:
        """The symbols of the recorded proposals."""
        ...

    def refs(self, target: str) -> list[tuple[str, dict[str, Any]]]:
        """(label, archive object) of each record of registry type ``target``, as a "ref"
        field names it: ("Ana López (Mexico)", {"name": "Ana López", "of": "Mexico"})."""
        ...


@dataclass
class StaticChoices:
    """Fixed lists that satisfy ``Choices`` (tests, screenshots, a window without services)."""

    members: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    meetings: list[tuple[date, str]] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    records: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)

    def member_names(self) -> list[str]:
        """Member names, in footnote order."""
        return list(self.members)

    def organization_labels(self) -> list[str]:
        """The acronym (or name) of each organization."""
        return list(self.organizations)

    def meeting_choices(self) -> list[tuple[date, str]]:
        """(date, kind) of each meeting, newest first."""
        return list(self.meetings)

    def proposal_symbols(self) -> list[str]:
        """The symbols of the recorded proposals."""
        return list(self.proposals)

    def refs(self, target: str) -> list[tuple[str, dict[str, Any]]]:
        """(label, archive object) of each record of ``target``."""
        return list(self.records.get(target, []))
