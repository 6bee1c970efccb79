"""Organizations: international organizations and other bodies the Group works with."""

from __future__ import annotations

from msmedesk.domain import Organization
from msmedesk.registry.fields import RecordType, name, partial_date

ORGANIZATIONS = RecordType(
    key="organizations", noun="organization", plural="organizations", title="Organizations",
    section="organizations", record=Organization, identity=("name",),
    tab="reference", position=10, archive_position=20,
    columns=("acronym", "name", "network_member_since"), search_hint="name or acronym",
    fields=(
        name("acronym", "Acronym", optional=True, search_names=("organization",)),
        name("name", "Name", required=True, search_names=("organization",)),
        partial_date("network_member_since", "In the Trade4MSMEs Network since"),
        name("short_name", "Name in the report", optional=True, archived="when_set",
             hint="The name the annual report uses after the first mention, where it is "
                  "not the acronym (e.g. WTO Group on Trade & Gender)"),
    ))
