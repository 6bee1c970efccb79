"""Contacts in the JSON archive and in ``check``: an optional section, keyed by name and
whom the contact is of, and a presentation's optional contact beside its speaker."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.archive import ArchiveError
from msmedesk.checks import check_data_file
from msmedesk.domain import Contact, ContactRef, Meeting, Member, Organization, Presentation


def _archive(**sections) -> dict:
    return {"format": "msmedesk-archive", "version": 1, **sections}


def _office(**more) -> dict:
    """An archive with a Member, an organization (named by its acronym), two contacts of one
    name (of different ones) and a meeting whose presentation names one of them."""
    return _archive(
        members=[{"name": "Mexico"}],
        organizations=[{"name": "International Trade Centre", "acronym": "ITC"}],
        contacts=[{"name": "Ana López", "of": "Mexico", "title": "Counsellor",
                   "role": "delegate", "email": "ana.lopez@economia.gob.mx",
                   "phone": "+41 22 555 01 02", "notes": "Focal point"},
                  {"name": "Ana López", "of": "ITC", "role": "speaker"}],
        meetings=[{"date": "2024-03-19", "presentations": [
            {"speaker": "Ana López", "topic": "Trade finance",
             "contact": {"name": "Ana López", "of": "ITC"}},
            {"speaker": "Someone", "topic": "Logistics"}]}],
        **more)


def _export(services, path: Path) -> dict:
    archive.export_archive(services, path, replace=True)
    return json.loads(path.read_text(encoding="utf-8"))


def test_contacts_and_a_presentations_contact_survive_an_export_and_import(services,
                                                                           tmp_path):
    result = archive.import_data(services, _office())
    assert result.added["contacts"] == 2
    first = _export(services, tmp_path / "a.json")
    assert first["contacts"] == [
        {"name": "Ana López", "of": "ITC", "title": "", "role": "speaker", "email": "",
         "phone": "", "notes": ""},
        {"name": "Ana López", "of": "Mexico", "title": "Counsellor", "role": "delegate",
         "email": "ana.lopez@economia.gob.mx", "phone": "+41 22 555 01 02",
         "notes": "Focal point"}]
    talks = first["meetings"][0]["presentations"]
    assert talks[0]["contact"] == {"name": "Ana López", "of": "ITC"}
    assert "contact" not in talks[1]  # written only when set
    # The archive read back into another file gives the same archive, and again changes
    # nothing.
    again = archive.import_archive(services, tmp_path / "a.json")
    assert again.total_added == 0 and again.unchanged["contacts"] == 2
    assert _export(services, tmp_path / "b.json") == first


def test_the_contacts_section_is_written_only_when_there_are_contacts(services, tmp_path):
    services.members.create(Member("Mexico"))
    ana = services.contacts.create(Contact("Ana López", "Mexico", email="ana@example.org"))
    meeting = services.meetings.create(Meeting(date(2024, 3, 19), presentations=(
        Presentation(speaker="Ana", contact=ContactRef("Ana López", "Mexico")),)))
    data = _export(services, tmp_path / "a.json")
    assert [c["name"] for c in data["contacts"]] == ["Ana López"]
    assert data["meetings"][0]["presentations"][0]["contact"] == {"name": "Ana López",
                                                                  "of": "Mexico"}
    # Without contacts, the archive is as it was before there were any.
    services.meetings.delete(meeting.id)
    services.contacts.delete(ana.id)
    data = _export(services, tmp_path / "a.json")
    assert "contacts" not in data
    assert list(data) == ["format", "version", "members", "organizations", "documents",
                          "meetings", "proposals", "outreach", "package_entries"]


def test_contacts_of_an_organization_named_by_its_name_import_twice_without_change(services):
    data = _office()
    data["contacts"][1]["of"] = "International Trade Centre"
    data["meetings"][0]["presentations"][0]["contact"]["of"] = "International Trade Centre"
    archive.import_data(services, data)
    result = archive.import_data(services, data)
    assert result.total_added == 0
    assert services.meetings.list()[0] is not None
    meeting = services.meetings.get(services.meetings.list()[0].id)
    assert meeting.presentations[0].contact == ContactRef("Ana López", "ITC")


def _refused(services, data: dict) -> ArchiveError:
    with pytest.raises(ArchiveError) as exc:
        archive.import_data(services, data)
    assert services.counts()["members"] == 0  # nothing written
    return exc.value


def test_a_contact_of_no_member_or_organization_is_refused(services):
    data = _office()
    data["contacts"][0]["of"] = "Atlantis"
    error = _refused(services, data)
    assert ('contacts[0].of: "Atlantis" is not a Member or organization of the archive or '
            "the data file") in [str(e) for e in error.errors]


def test_two_contacts_of_one_name_and_one_member_are_refused(services):
    data = _office()
    data["contacts"][1]["of"] = "Mexico"
    error = _refused(services, data)
    assert [str(e) for e in error.errors] == [
        'contacts[1].name: "Ana López" of "Mexico" is also in contacts[0]']


def test_a_presentations_contact_that_names_no_contact_is_refused(services):
    data = _office()
    data["meetings"][0]["presentations"][0]["contact"] = {"name": "Juan Pérez", "of": "ITC"}
    error = _refused(services, data)
    assert [str(e) for e in error.errors] == [
        'meetings[0].presentations[0].contact: "Juan Pérez" of "ITC" is not a contact of the '
        "archive or the data file"]


def test_a_contact_already_in_the_file_with_other_content_is_refused(services):
    archive.import_data(services, _office())
    data = _office()
    data["contacts"][0]["email"] = "ana@example.org"
    with pytest.raises(ArchiveError) as exc:
        archive.import_data(services, data)
    assert "already in the data file with other content (email differ)" in str(exc.value)


def test_a_presentation_may_name_a_contact_the_data_file_holds(services):
    services.members.create(Member("Mexico"))
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.contacts.create(Contact("Ana López", "ITC"))
    data = _archive(meetings=[{"date": "2024-03-19", "presentations": [
        {"speaker": "Ana", "contact": {"name": "Ana López", "of": "ITC"}}]}])
    archive.import_data(services, data)
    meeting = services.meetings.get(services.meetings.list()[0].id)
    assert meeting.presentations[0].contact == ContactRef("Ana López", "ITC")


def test_check_names_a_contact_that_breaks_a_rule(services, data_file):
    archive.import_data(services, _office())
    services.close()
    with sqlite3.connect(data_file) as c:
        c.execute("UPDATE contacts SET email = 'ana@@example.org' WHERE member_id IS NOT NULL")
    c.close()
    findings = check_data_file(data_file)
    assert len(findings) == 1, findings
    assert findings[0].startswith("Rule broken: contacts[1].email: ")


FORMAT_DOC = Path(__file__).resolve().parents[1] / "docs" / "archive-format.md"


def test_the_archive_document_describes_contacts_and_its_example_imports(services, tmp_path):
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text[text.index("### contacts"):]
    example = re.search(r"```json\n(.*?)```", section, re.S).group(1)
    data = _archive(organizations=[{"name": "International Trade Centre", "acronym": "ITC"}],
                    **json.loads("{" + example + "}"))
    archive.import_data(services, data)
    written = _export(services, tmp_path / "a.json")
    assert written["contacts"] == data["contacts"]
    assert written["meetings"][0]["presentations"] == data["meetings"][0]["presentations"]
    # Every key an export writes of a contact, or of a presentation's contact, is named.
    documented = set(re.findall(r"`([a-z_]+)`", text))
    assert set(written["contacts"][0]) | {"contact", "contacts"} <= documented
