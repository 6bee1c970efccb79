"""The services' answers to "where is this record in the list?" and "may it be deleted?"."""

from __future__ import annotations

from msmedesk.domain import ListQuery, Member


def test_position_is_the_row_of_the_record_in_the_sorted_filtered_list(sample_services):
    """Wherever the sort puts a record, its row is found; a filtered-out one has none."""
    members = sample_services.members
    everyone = ListQuery(sort="name", descending=True, limit=10_000)
    ids = [row.id for row in members.list(everyone)]
    assert len(ids) > 64  # more than a page
    for row in (0, 1, 70, len(ids) - 1):
        assert members.position(everyone, ids[row]) == row
    added = members.create(Member("Zzyzx"))
    assert members.position(ListQuery(sort="name"), added.id) == members.total() - 1
    assert members.position(ListQuery(sort="name", text="Canada"), added.id) is None


def test_delete_blockers_answer_before_the_delete(sample_services):
    """The reason delete would give, without deleting; "" for a record named nowhere."""
    members = sample_services.members
    mexico = members.list(ListQuery(text="Mexico"))[0].id
    reason = members.delete_blockers(mexico)
    assert "cannot be deleted" in reason and "proposal" in reason
    assert members.get(mexico).name == "Mexico"
    free = members.create(Member("Atlantis"))
    assert members.delete_blockers(free.id) == ""
    organizations = sample_services.organizations
    itc = [r.id for r in organizations.list(ListQuery(limit=1000)) if r.values[0] == "ITC"][0]
    assert "cannot be deleted" in organizations.delete_blockers(itc)
    notice = sample_services.documents.by_symbol("INF/MSME/CN/27")
    assert "cannot be deleted" in sample_services.documents.delete_blockers(notice.id)
