"""Members: the entries of the Group's membership."""

from __future__ import annotations

from msmedesk.domain import Member
from msmedesk.registry.fields import MAX_COUNT, Field, RecordType, name, partial_date, text

MEMBERS = RecordType(
    key="members", noun="Member", plural="Members", title="Members", section="members",
    record=Member, identity=("name",),
    tab="main", position=20, archive_position=10,
    columns=("name", "list_name", "counts_as", "joined", "left"), search_hint="name or notes",
    fields=(
        name("name", "Name", required=True, search_names=("member",)),
        name("list_name", "Name in the list", fallback="name",
             column_label="In the membership list as"),
        name("sort_name", "Sort by", fallback="name"),
        name("prose_name", "Name in a sentence", fallback="name"),
        Field("counts_as", "Counts as", "integer", minimum=1, maximum=MAX_COUNT, default=1),
        partial_date("joined", "Joined"),
        partial_date("left", "Left"),
        text("notes", "Notes"),
    ))
