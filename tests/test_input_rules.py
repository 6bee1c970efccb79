"""What comes in is checked (issue 13): invisible characters, one-line names, text and symbol
limits, numbers too long to be numbers, unknown and repeated archive keys. Pure: no Qt, no
data file."""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import replace

import pytest

from msmedesk import archive, validation
from msmedesk.domain import (
    MAX_SYMBOL,
    Contact,
    Document,
    DocumentSymbol,
    Member,
    Organization,
)
from msmedesk.validation import FieldError

# Every field a name (or another one-line text) goes in, through the reader and the check.
ONE_LINE = [
    (validation.parse_member, validation.check_member, {"name": "Mexico"}, f)
    for f in ("name", "list_name", "sort_name", "prose_name")
] + [
    (validation.parse_organization, validation.check_organization,
     {"name": "International Trade Centre", "acronym": "ITC"}, f) for f in ("name", "acronym")
] + [
    (validation.parse_document, validation.check_document,
     {"symbol": "INF/MSME/W/1", "title": "t", "url": "https://example.org"}, f)
    for f in ("title", "url")
] + [
    (validation.parse_outreach, validation.check_outreach, {"date": "2024", "title": "t"},
     "title"),
    (validation.parse_proposal, validation.check_proposal,
     {"symbol": "INF/MSME/W/2", "title": "t", "proponents": ["Mexico"]}, "title"),
]


def _cf_characters() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1)
            if unicodedata.category(chr(c)) == "Cf"]


@pytest.mark.parametrize("parse,check,raw,field", ONE_LINE,
                         ids=[f"{p.__name__}.{f}" for p, _c, _r, f in ONE_LINE])
@pytest.mark.parametrize("char,message", [
    ("\u200b", "contains an invisible character (U+200B)"),
    ("\u202e", "contains an invisible character (U+202E)"),
    ("\u2066", "contains an invisible character (U+2066)"),
    ("\ufeff", "contains an invisible character (U+FEFF)"),
    ("\t", "contains an invisible character (U+0009)"),
    ("\n", "contains a line break (U+000A); it must be one line"),
    ("\r", "contains a line break (U+000D); it must be one line"),
    ("\u2029", "contains a line break (U+2029); it must be one line"),
])
def test_a_one_line_text_refuses_invisible_characters_and_line_breaks(parse, check, raw,
                                                                     field, char, message):
    value, errors = parse({**raw, field: f"Ca{char}nada"}, "r[1]")
    assert value is None
    assert [str(e) for e in errors] == [f"r[1].{field}: {message}"]
    good, none = parse(raw, "r[1]")
    assert none == []
    assert [str(e) for e in check(replace(good, **{field: f"Ca{char}nada"}), "r[1]")] == \
        [f"r[1].{field}: {message}"]


def test_names_in_lists_refuse_invisible_characters():
    for parse, raw, field in (
            (validation.parse_proposal, {"symbol": "INF/MSME/W/2", "proponents": []},
             "proponents"),
            (validation.parse_outreach, {"date": "2024", "title": "t"}, "partners"),
            (validation.parse_package_entry, {"annex": 1, "year": 2024}, "members")):
        _value, errors = parse({**raw, field: ["Canada", "Canada\u200b"]}, "r[0]")
        assert f"r[0].{field}[1]: contains an invisible character (U+200B)" in map(str, errors)


def test_canada_with_a_zero_width_space_is_not_a_second_canada():
    assert validation.check_member(Member(name="Canada\u200b")) == [
        FieldError("name", "contains an invisible character (U+200B)")]
    assert validation.check_organization(Organization(name="ICC", acronym="I\u200cCC"))[0] \
        .message == "contains an invisible character (U+200C)"


def test_narrative_fields_keep_their_lines_and_tabs():
    text = "First paragraph.\n\n\tSecond, indented.\r\nThird \u0627\u0644\u0639 \u200f."
    value, errors = validation.parse_meeting({"date": "2024-03-19", "summary": text}, "m")
    assert errors == [] and value.summary == text
    value, errors = validation.parse_member({"name": "Mexico", "notes": text}, "m")
    assert errors == [] and value.notes == text
    # Still no control characters other than line breaks and tabs.
    _value, errors = validation.parse_member({"name": "Mexico", "notes": "a\x1bb"}, "m")
    assert [str(e) for e in errors] == ["m.notes: contains an invisible character (U+001B)"]


def _name_problems(name: str) -> list[str]:
    """What the check says of a Member named ``name``."""
    return [str(e) for e in validation.check_member(Member(name=name))]


def test_every_invisible_format_character_of_unicode_is_refused_in_a_name():
    # Held to this Python's Unicode tables: a format character (category Cf) is refused,
    # one by one, and named.
    for c in _cf_characters():
        assert _name_problems(f"a{c}b") == [
            f"name: contains an invisible character (U+{ord(c):04X})"], hex(ord(c))


def test_every_other_visible_character_of_unicode_is_allowed_in_a_name():
    # ... and nothing else Unicode has assigned is refused in a name, but control
    # characters, lone surrogates and line breaks: accented letters, every script,
    # symbols, spaces and private-use characters stay allowed.
    allowed = "".join(chr(c) for c in range(sys.maxunicode + 1)
                      if unicodedata.category(chr(c)) not in ("Cf", "Cc", "Cs", "Cn", "Zl",
                                                               "Zp"))
    assert len(allowed) > 200_000
    refused = {}
    for start in range(0, len(allowed), 100):  # a hundred at a time: quick
        chunk = f"a{allowed[start:start + 100]}b"
        if problems := _name_problems(chunk):
            refused[chunk[1:8]] = problems
    assert refused == {}
    for name in ("Côte d'Ivoire", "Türkiye", "中国", "Россия", "الإمارات", "São Tomé",
                 "Korea, Republic of", "Hong Kong, China", "St Kitts & Nevis"):
        assert _name_problems(name) == [], name


def test_messages_escape_invisible_characters_they_quote():
    error = FieldError("proponents[0]", '"Cana\u200bda\u202e" is not a Member', "p[0]")
    assert "\u200b" not in str(error) and "\\u200b" in str(error)
    assert "\\u202e" in str(error)


# ---------------------------------------------------------------- limits


def test_a_symbol_has_a_length_limit_named_in_its_message():
    longest = "INF/MSME/W/" + "1" * (MAX_SYMBOL - len("INF/MSME/W/"))
    assert DocumentSymbol.parse(longest).text == longest
    with pytest.raises(ValueError, match=rf"is too long for a document symbol \({MAX_SYMBOL + 1}"
                                         rf" characters; at most {MAX_SYMBOL}\)"):
        DocumentSymbol.parse(longest + "1")
    ten_megabytes = "INF/MSME/W/" + "1" * 10_000_000
    assert validation.check_symbol(ten_megabytes) == (
        "is too long for a document symbol (10,000,011 characters; at most 200)")
    _value, errors = validation.parse_proposal(
        {"symbol": ten_megabytes, "proponents": ["Mexico"]}, "proposals[0]")
    assert [str(e) for e in errors] == [
        "proposals[0].symbol: is too long for a document symbol (10,000,011 characters; at "
        "most 200)"]


def test_a_huge_number_is_named_by_its_field():
    huge = validation.HugeNumber("9" * 5000)
    _value, errors = validation.parse_member({"name": "A", "counts_as": huge}, "members[1]")
    assert [str(e) for e in errors] == [
        "members[1].counts_as: is a number of 5,000 digits, not a count msmedesk can hold"]


def test_the_reader_keeps_long_integers_as_huge_numbers(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"format": "msmedesk-archive", "version": 1, "members": [{"name": "A", '
                    '"counts_as": ' + "7" * 5000 + '}], "package_entries": [{"annex": 1, '
                    '"year": 2024, "summary": "s"}]}', encoding="utf-8")
    data = archive.read_archive(path)
    assert isinstance(data["members"][0]["counts_as"], validation.HugeNumber)
    assert data["package_entries"][0]["year"] == 2024  # (short numbers stay numbers)
    with pytest.raises(archive.ArchiveError, match=r"members\[0\]\.counts_as: is a number of "
                                                   r"5,000 digits"):
        archive.parse_archive(data)


# ---------------------------------------------------------------- keys


def test_unknown_and_repeated_keys_are_named_with_their_record():
    raw = {"name": "Mexico", "joind": "2019", validation.DUPLICATE_KEYS: ("name",)}
    assert [str(e) for e in validation.key_problems(raw, "members", "members[4]")] == [
        'members[4] has the key "name" twice', 'members[4] has an unknown key "joind"']
    assert validation.key_problems({"name": "Mexico", "joined": None}, "members", "m") == []


def test_keys_twice_are_noted_by_the_reader(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"format": "msmedesk-archive", "version": 1, "members": [{"name": "A", '
                    '"notes": "kept?", "notes": "last"}]}', encoding="utf-8")
    data = archive.read_archive(path)
    assert data["members"][0][validation.DUPLICATE_KEYS] == ("notes",)
    with pytest.raises(archive.ArchiveError) as caught:
        archive.parse_archive(data)
    assert str(caught.value) == ('The archive was not imported: members[0] has the key "notes" '
                                 "twice.")


def test_the_keys_msmedesk_writes_are_known(sample_services, tmp_path):
    # Its own export (every key it writes, the optional ones included) reads back.
    sample_services.documents.create(Document(symbol="INF/MSME/W/999",
                                              url="https://docs.wto.org/x"))
    sample_services.members.create(Member("Atlantis"))
    sample_services.contacts.create(Contact("Ana López", "Atlantis", email="ana@example.org"))
    archive.export_archive(sample_services, tmp_path / "a.json")
    data = archive.read_archive(tmp_path / "a.json")
    archive.parse_archive(data)
    written = set(data)
    for section in archive.SECTIONS:
        for record in data.get(section, []):
            assert set(record) <= validation.ARCHIVE_KEYS[section], (section, record)
            written |= set(record)
    assert written >= {"url", "notes", "list_name", "of", "email"}


def test_version_1_only_as_the_number_1():
    # 1.0 == 1 in Python: the reader looks at the type as well.
    for version in (1.0, 1.00000):
        with pytest.raises(archive.ArchiveError) as caught:
            archive.check_header({"format": "msmedesk-archive", "version": version})
        assert str(caught.value) == ("The archive has version 1.0; this program reads version 1 "
                                     "only.")


def test_the_header_names_unknown_top_level_keys():
    with pytest.raises(archive.ArchiveError) as caught:
        archive.check_header({"format": "msmedesk-archive", "version": 1, "member": [],
                              "outreachs": []})
    assert str(caught.value) == ('The archive has an unknown key "member" (and 1 more such '
                                 "key); it was not imported (a misspelt key would lose its "
                                 "value).")
