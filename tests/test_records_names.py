"""A name stands for one record (issue 13, item 4): a Member's name, an organization's name
and an acronym are the labels that proponents, partners and speakers link by, so no two
records may share one, whether saved in a form or brought by an archive."""

from __future__ import annotations

import json

import pytest

from msmedesk import archive
from msmedesk.archive import ArchiveError
from msmedesk.db.engine import open_data_file
from msmedesk.domain import Member, Organization, OutreachEvent, PartialDate, Proposal
from msmedesk.records import Services
from msmedesk.validation import ValidationError


@pytest.fixture
def itc(services):
    """A data file with the International Trade Centre (ITC), the ICC without an acronym
    and Canada."""
    services.organizations.create(Organization(name="International Trade Centre",
                                               acronym="ITC"))
    services.organizations.create(Organization(name="International Chamber of Commerce"))
    services.members.create(Member(name="Canada"))
    return services


def _refused(call, field: str) -> str:
    with pytest.raises(ValidationError) as info:
        call()
    assert [e.field for e in info.value.errors] == [field], info.value.errors
    return info.value.errors[0].message


@pytest.mark.parametrize("create,field,message", [
    (lambda s: s.members.create(Member(name="ITC")), "name",
     '"ITC" is the acronym of the organization "International Trade Centre"'),
    (lambda s: s.members.create(Member(name=" International Trade Centre ")), "name",
     '"International Trade Centre" is the name of the organization "International Trade '
     'Centre"'),
    (lambda s: s.organizations.create(Organization(name="ITC")), "name",
     '"ITC" is the acronym of the organization "International Trade Centre"'),
    (lambda s: s.organizations.create(Organization(name="Canada")), "name",
     '"Canada" is the name of the Member "Canada"'),
    (lambda s: s.organizations.create(Organization(name="Canadian Trade", acronym="Canada")),
     "acronym", '"Canada" is the name of the Member "Canada"'),
    (lambda s: s.organizations.create(Organization(name="Chamber", acronym="International "
                                                   "Chamber of Commerce")),
     "acronym", '"International Chamber of Commerce" is the name of the organization '
     '"International Chamber of Commerce"'),
])
def test_a_second_record_may_not_take_a_name_already_standing_for_another(itc, create, field,
                                                                         message):
    before = itc.counts()
    text = _refused(lambda: create(itc), field)
    assert text == message + "; one name cannot stand for two records"
    assert itc.counts() == before


def test_renaming_into_another_records_name_is_refused_too(itc):
    canada = itc.members.list()[0]
    member = itc.members.get(canada.id)
    _refused(lambda: itc.members.update(Member(**{**member.__dict__, "name": "ITC"})), "name")
    icc = next(o for o in itc.organizations.list() if o.values[1].startswith("International "
                                                                                "Chamber"))
    org = itc.organizations.get(icc.id)
    _refused(lambda: itc.organizations.update(Organization(
        name=org.name, acronym="Canada", id=org.id)), "acronym")
    assert itc.members.get(canada.id).name == "Canada"
    assert itc.organizations.get(icc.id).acronym is None
    # Its own labels are not another record's: saving it again, or with the acronym equal
    # to its name, is allowed.
    assert itc.organizations.update(org) == org
    assert itc.organizations.create(Organization(name="WIPO", acronym="WIPO")).acronym == "WIPO"


def test_a_link_by_acronym_does_not_move_through_an_archive(itc, template_file, tmp_path):
    # The attack of item 4: a proposal of "ITC" (the organization); then a Member "ITC"
    # was added, and an export read back gave the proposal to the Member.
    itc.proposals.create(Proposal(symbol="INF/MSME/W/70", proponents=("ITC",)))
    with pytest.raises(ValidationError):
        itc.members.create(Member(name="ITC"))
    path = tmp_path / "a.json"
    archive.export_archive(itc, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    # Even an archive edited by hand to add the Member is refused, naming the first.
    data["members"].append({"name": "ITC"})
    with pytest.raises(ArchiveError) as info:
        archive.import_data(itc, data)
    assert str(info.value) == (
        'The archive was not imported: members[1].name: "ITC" is the acronym of the '
        'organization "International Trade Centre" (in the data file); one name cannot stand '
        "for two records.")
    # And into a new file the export (without the hand-made Member) links as it did.
    fresh = tmp_path / "fresh.sqlite"
    fresh.write_bytes(template_file.read_bytes())
    other = Services(open_data_file(fresh))
    try:
        archive.import_archive(other, path)
        assert other.proposals.get(other.proposals.list()[0].id).proponents == ("ITC",)
        assert other.members.names() == ["Canada"]
    finally:
        other.close()


def test_an_archive_refuses_a_name_the_data_file_gives_another_record(itc):
    before = itc.counts()
    data = {"format": "msmedesk-archive", "version": 1,
            "members": [{"name": "Peru"}, {"name": "ICC"}],
            "organizations": [{"name": "ICC"}, {"name": "Peru Exports", "acronym": "ITC"}],
            "outreach": [{"date": "2024", "title": "Award", "partners": ["ICC"]}]}
    with pytest.raises(ArchiveError) as info:
        archive.import_data(itc, data)
    assert [str(e) for e in info.value.errors] == [
        'organizations[0].name: "ICC" is the name of the Member "ICC" (members[1]); one name '
        "cannot stand for two records",
        'organizations[1].acronym: "ITC" is already used by "International Trade Centre" in '
        "the data file"]
    assert itc.counts() == before


def test_icc_without_an_acronym_beside_the_acronym_icc_is_refused(services):
    # The attack's second case: partners ["ICC"] silently went to the Chamber.
    data = {"format": "msmedesk-archive", "version": 1,
            "organizations": [{"acronym": "ICC", "name": "International Chamber of Commerce"},
                              {"name": "ICC"}],
            "outreach": [{"date": "2024", "title": "Award", "partners": ["ICC"]}]}
    with pytest.raises(ArchiveError, match=r'organizations\[1\]\.name: "ICC" is the acronym '
                                           r'of the organization "International Chamber of '
                                           r'Commerce" \(organizations\[0\]\)'):
        archive.import_data(services, data)
    assert services.is_empty()


def test_on_a_second_import_only_a_new_record_can_clash(services):
    data = {"format": "msmedesk-archive", "version": 1, "members": [{"name": "Canada"}],
            "organizations": [{"acronym": "ITC", "name": "International Trade Centre"},
                              {"acronym": "WIPO", "name": "WIPO"}],
            "outreach": [{"date": "2024-06-27", "title": "Award", "partners": ["ITC"]}]}
    archive.import_data(services, json.loads(json.dumps(data)))
    again = archive.import_data(services, json.loads(json.dumps(data)))
    assert again.total_added == 0
    assert services.outreach.in_year(2024) == [OutreachEvent(
        date=PartialDate(2024, 6, 27), title="Award", partners=("ITC",),
        id=services.outreach.in_year(2024)[0].id)]
    # A third time with a Member "ITC" added: the one new record is the clash.
    data["members"].append({"name": "ITC"})
    with pytest.raises(ArchiveError, match=r'members\[1\]\.name: "ITC" is the acronym of the '
                                           r"organization .* \(in the data file\)"):
        archive.import_data(services, data)
