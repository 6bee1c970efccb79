"""The Group's own profile, with its Coordinators over time."""

from __future__ import annotations

from msmedesk.domain import Coordinator, GroupProfile
from msmedesk.registry.fields import (
    MAX_COUNT,
    Field,
    RecordType,
    RowType,
    full_date,
    name,
    partial_date,
    rows,
    symbol,
)

COORDINATORS = RowType(
    key="coordinators", noun="Coordinator", record=Coordinator,
    fields=(
        name("name", "Name", required=True),
        name("title", "Title"),
        partial_date("from", "From", attr="start"),
        partial_date("to", "To", attr="end"),
    ))

GROUP = RecordType(
    key="group", noun="Group profile", plural="Group profiles", title="The Group",
    section="group", record=GroupProfile, single=True, tab="none",
    fields=(
        name("name", "Name", required=True),
        name("short_name", "Short name"),
        full_date("established", "Established on"),
        symbol("established_by", "Established by"),
        Field("founding_members", "Founding Members", "integer", optional=True, minimum=1,
              maximum=MAX_COUNT),
        rows(COORDINATORS, "Coordinators"),
        name("established_at", "Established at", archived="when_set"),
        name("founders", "Founding Members represented", archived="when_set",
             placeholder="e.g. all major regions and levels of development"),
    ))
