"""Package entries: how Members implemented an annex of the December 2020 MSME Package."""

from __future__ import annotations

from msmedesk.domain import ANNEXES, PackageEntry
from msmedesk.registry.fields import Field, RecordType, listing, text

FIRST_YEAR = 2020  # the Package was adopted in December 2020
LAST_YEAR = 2200  # as far as a date goes (domain.PartialDate)

PACKAGE = RecordType(
    key="package", noun="package entry", plural="package entries", title="Package",
    section="package_entries", record=PackageEntry,
    tab="main", position=50, archive_position=70,
    columns=("year", "annex", "members", "summary"), search_hint="Member or summary",
    fields=(
        Field("annex", "Annex", "integer", required=True, minimum=ANNEXES[0],
              maximum=ANNEXES[-1]),
        Field("year", "Year", "integer", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR),
        listing("members", "Members", "names"),
        text("summary", "What they did", column_label="Summary"),
    ))
