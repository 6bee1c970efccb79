"""A type validation has no bespoke code for is parsed and checked from its registry fields,
and a field declared after a bespoke parser was written is read and checked all the same."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from msmedesk.domain import ContactRef, PartialDate, Presentation
from msmedesk.registry import PRESENTATIONS, RECORD_TYPES, Choice, Field, RecordType
from msmedesk.registry.fields import choice, full_date, listing, name, partial_date, text, title
from msmedesk.validation import PARSERS, parse, parse_presentation
from msmedesk.validation.generic import generic_check, generic_parser, placed, with_unplaced
from msmedesk.validation.parsers import BESPOKE, WITH_ROWS


@dataclass(frozen=True)
class Visit:
    """A test-only record of every kind of single value."""

    who: str
    of: str
    email: str = ""
    subject: str = ""
    notes: str = ""
    mood: str = "calm"
    on: date | None = None
    since: PartialDate | None = None
    guests: int = 1
    partners: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()


VISITS = RecordType(
    key="visits", noun="visit", plural="visits", title="Visits", section="visits",
    record=Visit, identity=("who", "of"), tab="none",
    fields=(
        name("who", "Who", required=True),
        Field("of", "Of", "owner", required=True, default=""),
        Field("email", "E-mail", "email", default=""),
        title("subject", "Subject"),
        text("notes", "Notes", limit=20),
        choice("mood", "Mood", (Choice("calm", "Calm"), Choice("busy", "Busy")), "calm"),
        full_date("on", "On"),
        partial_date("since", "Since"),
        Field("guests", "Guests", "integer", minimum=1, maximum=9, default=1),
        listing("partners", "Partners", "names"),
        listing("papers", "Papers", "symbols"),
    ))


def _parse(raw: dict[str, Any]) -> tuple[Any, list[Any]]:
    return generic_parser(VISITS, PARSERS.__getitem__)(raw, "visits[0]")


def test_every_kind_of_value_is_read_from_the_fields_alone() -> None:
    value, errors = _parse({
        "who": " Ana ", "of": "Mexico", "email": "ana@wto.org", "subject": "Trade",
        "notes": "a\nb", "mood": "busy", "on": "2024-03-19", "since": "2023-05",
        "guests": 3, "partners": ["ITC"], "papers": ["INF/MSME/W/51"]})
    assert errors == []
    assert value == Visit("Ana", "Mexico", "ana@wto.org", "Trade", "a\nb", "busy",
                          date(2024, 3, 19), PartialDate(2023, 5), 3, ("ITC",),
                          ("INF/MSME/W/51",))
    assert _parse({"who": "Ana", "of": "Mexico"}) == (Visit("Ana", "Mexico"), [])


def test_each_bad_value_is_named_by_its_field_and_nothing_is_made() -> None:
    value, errors = _parse({
        "who": "", "of": "Mexico", "notes": "x" * 21, "mood": "angry", "on": "2024",
        "since": "someday", "guests": 10, "partners": [""], "papers": ["nonsense"]})
    assert value is None
    assert {e.field for e in errors} == {"who", "notes", "mood", "on", "since", "guests",
                                         "partners[0]", "papers[0]"}
    assert all(e.record == "visits[0]" for e in errors)
    # The rules of the kinds (after the texts are sound): the owner and the e-mail address.
    value, errors = _parse({"who": "Ana", "of": " ", "email": "ana at wto.org"})
    assert value is None
    assert [e.field for e in errors] == ["of", "email"]
    assert "the Member or organization the visit belongs to" in errors[0].message


def test_the_check_of_a_typed_record_says_what_the_parser_says() -> None:
    check = generic_check(VISITS)
    assert check(Visit("Ana", "Mexico", email="ana@wto.org")) == []
    assert [e.field for e in check(Visit("Ana\n", "Mexico"), "v")] == ["who"]
    assert [e.field for e in check(Visit("Ana", "Mexico", mood="angry", guests=0))] == [
        "mood", "guests"]
    assert [e.field for e in check(Visit(" ", "Mexico", email="x@"))] == ["who", "email"]


# A presentation as it is once the registry names its contact: the bespoke parser was
# written before that field and does not read it.
WITH_CONTACT = replace(PRESENTATIONS, fields=(*PRESENTATIONS.fields, Field(
    "contact", "Contact", "ref", target="contacts", optional=True, archived="when_set")))


def test_a_field_a_bespoke_parser_does_not_read_is_read_from_its_kind() -> None:
    assert "contact" not in placed(parse_presentation)
    parse = with_unplaced(parse_presentation, WITH_CONTACT, placed(parse_presentation),
                          PARSERS.__getitem__)
    value, errors = parse({"speaker": "Ana", "topic": "Trade",
                           "contact": {"name": " Ana López ", "of": "Mexico"}}, "p")
    assert errors == []
    assert value == Presentation(speaker="Ana", topic="Trade",
                                 contact=ContactRef("Ana López", "Mexico"))
    assert parse({"speaker": "Ana"}, "p") == (Presentation(speaker="Ana"), [])
    value, errors = parse({"speaker": "Ana", "contact": {"name": "", "who": 1}}, "p")
    assert value is None
    assert {e.field for e in errors} == {"contact", "contact.name", "contact.of"}
    value, errors = parse({"speaker": "", "contact": "Ana"}, "p")
    assert value is None
    assert {e.field for e in errors} == {"speaker", "contact"}


def test_a_meetings_rows_are_read_with_every_field_their_type_declares() -> None:
    """A meeting's presentation keeps its contact: the meeting's own parser reads its rows
    with the parsers that know the fields it was written before."""
    meeting, errors = parse("meetings", {"date": "2024-03-19", "presentations": [
        {"speaker": "Ana", "contact": {"name": "Ana López", "of": "Mexico"}}]}, "meetings[0]")
    assert errors == []
    assert meeting.presentations[0].contact == ContactRef("Ana López", "Mexico")


def test_every_bespoke_parser_of_a_record_with_rows_takes_the_rows_parsers() -> None:
    with_rows = {t.key for t in RECORD_TYPES if t.rows and t.key in BESPOKE}
    assert with_rows == set(WITH_ROWS)
