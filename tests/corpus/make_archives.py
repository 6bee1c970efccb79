"""Write the bad-archive corpus: tests/corpus/archives/NAME.json and NAME.expected.txt.

Each variant is a small archive that msmedesk must refuse; NAME.expected.txt holds the
distinctive part of the one-line message it must give (the path it names is left out).
tests/test_archive_corpus.py imports each into a fresh data file. Run this again after
changing a variant here: ``python tests/corpus/make_archives.py``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "archives"

BASE: dict[str, Any] = {
    "format": "msmedesk-archive",
    "version": 1,
    "group": {"name": "Informal Working Group on MSMEs", "short_name": "MSME Group",
              "established": "2017-12-13", "established_by": "WT/MIN(17)/58/Rev.1",
              "founding_members": 88,
              "coordinators": [{"name": "H.E. Mr Matthew Wilson",
                                "title": "Ambassador of Barbados", "from": None, "to": None}]},
    "members": [{"name": "Canada", "joined": None},
                {"name": "Mexico", "counts_as": 1, "joined": "2019", "notes": ""}],
    "organizations": [{"acronym": "ITC", "name": "International Trade Centre",
                       "network_member_since": "2022"},
                      {"acronym": "ICC", "name": "International Chamber of Commerce"}],
    "documents": [{"symbol": "INF/MSME/R/43", "title": "Summary of the meeting of 19 March 2024",
                   "date": None, "kind": "summary-report"}],
    "meetings": [{"date": "2024-03-19", "kind": "open-ended",
                  "convening_notice": "INF/MSME/CN/25", "summary_document": "INF/MSME/R/43",
                  "summary": "The Group reviewed the outcomes from MC13.",
                  "presentations": [{"speaker": "", "organization": "ITC", "topic": "SME Trade"}],
                  "spotlights": [{"business": "EziDrops", "person": "", "country": "",
                                  "introduced_by": "ITC", "description": ""}]}],
    "proposals": [{"symbol": "INF/MSME/W/51", "title": "Bridging the gap",
                   "proponents": ["Canada"], "submitted": "2024", "status": "under-discussion",
                   "discussed_at": ["2024-03-19"], "summary": ""}],
    "outreach": [{"date": "2024-06-27", "end_date": None, "kind": "award",
                  "title": "Small Business Champions", "partners": ["ICC", "ITC"],
                  "summary": ""}],
    "package_entries": [{"annex": 1, "year": 2024, "members": ["Canada", "Mexico"],
                         "summary": "included MSME information in their TPR reports"}],
}

VARIANTS: dict[str, tuple[bytes | Callable[[dict[str, Any]], Any], str]] = {}


def raw(name: str, content: bytes, expected: str) -> None:
    """A variant given as the file's bytes."""
    VARIANTS[name] = (content, expected)


def edit(name: str, change: Callable[[dict[str, Any]], Any], expected: str) -> None:
    """A variant made by changing a copy of BASE in place."""
    VARIANTS[name] = (change, expected)


def text(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def put(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets the value at ``path`` ("meetings.0.summary")."""
    def change(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        target: Any = data
        for part in head:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return change


def add(section: str, record: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda data: data[section].append(record)


GOOD = text(BASE)

# ---------------------------------------------------------------- not JSON, not an archive
raw("empty-file", b"", "is not a JSON archive")
raw("only-spaces", b"  \n\t\n", "is not a JSON archive")
raw("not-utf8-latin1", GOOD.replace(b"Canada", "Côte d'Ivoire".encode("latin-1")),
    "it is not UTF-8 text")
raw("utf16", "\ufeff".encode("utf-16-le") + GOOD.decode().encode("utf-16-le"), "not UTF-8")
raw("truncated", GOOD[: len(GOOD) // 2], "is not a JSON archive")
raw("trailing-garbage", GOOD + b"\n}", "is not a JSON archive")
raw("html-page", b"<!doctype html><html><body>Not found</body></html>", "is not a JSON archive")
raw("nul-bytes", b"\x00" * 512, "is not a JSON archive")
raw("sqlite-file", b"SQLite format 3\x00" + b"\x00" * 1024, "is not a JSON archive")
raw("deep-nesting-top", b"[" * 20_000 + b"]" * 20_000, "nested too deeply")
raw("deep-nesting-in-a-field", GOOD.replace(b'"Canada"', b"[" * 20_000 + b"]" * 20_000, 1),
    "nested too deeply")
raw("top-level-list", b"[]", 'its "format" is not "msmedesk-archive"')
raw("top-level-string", b'"msmedesk-archive"', 'its "format" is not "msmedesk-archive"')
raw("top-level-null", b"null", 'its "format" is not "msmedesk-archive"')
raw("nan-literal", GOOD.replace(b'"counts_as": 1', b'"counts_as": NaN'),
    "members[1].counts_as: must be a whole number")

# ---------------------------------------------------------------- format and version
edit("format-missing", lambda d: d.pop("format"), 'its "format" is not "msmedesk-archive"')
edit("format-misspelt", put("format", "msmedesk-archiv"), 'its "format" is not "msmedesk-archive"')
edit("format-upper-case", put("format", "MSMEDESK-ARCHIVE"),
     'its "format" is not "msmedesk-archive"')
edit("version-float", put("version", 1.0), "has version 1.0; this program reads version 1 only")
edit("version-text", put("version", "1"), "this program reads version 1 only")
edit("version-2", put("version", 2), "has version 2; this program reads version 1 only")
edit("version-missing", lambda d: d.pop("version"), "this program reads version 1 only")
edit("version-true", put("version", True), "this program reads version 1 only")
raw("version-5000-digits", GOOD.replace(b'"version": 1', b'"version": 1' + b"0" * 4999),
    "this program reads version 1 only")

# ---------------------------------------------------------------- numbers
raw("counts-as-5000-digits", GOOD.replace(b'"counts_as": 1', b'"counts_as": ' + b"9" * 5000),
    "members[1].counts_as: is a number of 5,000 digits")
raw("founding-members-10000-digits",
    GOOD.replace(b'"founding_members": 88', b'"founding_members": ' + b"1" * 10_000),
    "group.founding_members: is a number of 10,000 digits")
raw("annex-1e400", GOOD.replace(b'"annex": 1', b'"annex": 1e400'),
    "package_entries[0].annex: must be a whole number")
edit("annex-7", put("package_entries.0.annex", 7), "package_entries[0].annex: must be at most 6")
edit("year-2019", put("package_entries.0.year", 2019),
     "package_entries[0].year: must be at least 2020")
edit("counts-as-text", put("members.1.counts_as", "28"),
     "members[1].counts_as: must be a whole number")
edit("counts-as-true", put("members.1.counts_as", True),
     "members[1].counts_as: must be a whole number")
edit("counts-as-zero", put("members.1.counts_as", 0), "members[1].counts_as: must be at least 1")
edit("counts-as-float", put("members.1.counts_as", 2.5),
     "members[1].counts_as: must be a whole number")
edit("founding-members-negative", put("group.founding_members", -88),
     "group.founding_members: must be at least 1")

# ---------------------------------------------------------------- shapes and types
edit("section-not-a-list", put("members", {"name": "Canada"}), "members: must be a list")
edit("group-not-an-object", put("group", ["MSME Group"]), "group: must be an object")
edit("record-not-an-object", put("members", ["Canada"]), "must be an object")
edit("name-a-number", put("members.0.name", 42), "members[0].name: must be text")
edit("name-a-list", put("organizations.0.name", ["ITC"]), "organizations[0].name: must be text")
edit("proponents-not-a-list", put("proposals.0.proponents", "Canada"),
     "proposals[0].proponents: must be a list")
edit("partner-a-number", put("outreach.0.partners", [1]),
     "outreach[0].partners[0]: must be a name")
edit("discussed-at-a-number", put("proposals.0.discussed_at", [20240319]),
     "proposals[0].discussed_at[0]: must be a meeting date as text")
edit("presentations-an-object", put("meetings.0.presentations", {"speaker": "A"}),
     "meetings[0].presentations: must be a list")
edit("spotlight-a-string", put("meetings.0.spotlights", ["EziDrops"]),
     "meetings[0].spotlights[0]: must be an object")
edit("coordinators-a-string", put("group.coordinators", "H.E. Mr Matthew Wilson"),
     "group.coordinators: must be a list")
edit("meeting-kind-unknown", put("meetings.0.kind", "plenary"),
     'meetings[0].kind: "plenary" is not one of')
edit("proposal-status-unknown", put("proposals.0.status", "approved"),
     'proposals[0].status: "approved" is not one of')
edit("document-kind-a-list", put("documents.0.kind", ["other"]), "documents[0].kind")

# ---------------------------------------------------------------- required and blank
edit("member-without-name", lambda d: d["members"][0].pop("name"),
     "members[0].name: is required")
edit("member-name-spaces", put("members.0.name", "   "), "members[0].name: is required")
edit("meeting-without-date", lambda d: d["meetings"][0].pop("date"),
     "meetings[0].date: is required")
edit("outreach-without-title", put("outreach.0.title", ""), "outreach[0].title: is required")
edit("proposal-without-proponents", put("proposals.0.proponents", []),
     "proposals[0].proponents: needs at least one proponent")
edit("spotlight-without-business", put("meetings.0.spotlights.0.business", ""),
     "meetings[0].spotlights[0].business: is required")
edit("presentation-empty", put("meetings.0.presentations.0", {"speaker": "", "topic": "x"}),
     "meetings[0].presentations[0].speaker: is required when no organization or Member")

# ---------------------------------------------------------------- dates
edit("date-not-real", put("meetings.0.date", "2024-02-30"),
     'meetings[0].date: "2024-02-30" is not a real date')
edit("meeting-date-month-only", put("meetings.0.date", "2024-03"),
     "meetings[0].date: \"2024-03\" needs the day as well")
edit("joined-a-word", put("members.1.joined", "yesterday"),
     'members[1].joined: "yesterday" is not a date')
edit("left-before-joined", put("members.1.left", "2018"), "members[1].left: 2018 is before joined")
edit("end-before-start", put("outreach.0.end_date", "2024-06-26"),
     "outreach[0].end_date: 2024-06-26 is before the date")
edit("year-1899", put("outreach.0.date", "1899"), 'outreach[0].date: "1899" has a year outside')
edit("date-fullwidth-digits", put("members.1.joined", "２０１９"),
     "members[1].joined: \"２０１９\" is not a date")
edit("date-with-time", put("meetings.0.date", "2024-03-19T10:00:00"),
     "meetings[0].date: \"2024-03-19T10:00:00\" is not a date")
edit("date-a-number", put("members.1.joined", 2019),
     "members[1].joined: must be a date as text")
edit("coordinator-to-before-from", lambda d: d["group"]["coordinators"][0].update(
    {"from": "2024", "to": "2023"}), "group.coordinators[0].to: 2023 is before from 2024")

# ---------------------------------------------------------------- dangling references
edit("proponent-unknown", put("proposals.0.proponents", ["Atlantis"]),
     'proposals[0].proponents[0]: "Atlantis" is not a Member or organization')
edit("partner-unknown", put("outreach.0.partners", ["UNIDO"]),
     'outreach[0].partners[0]: "UNIDO" is not an organization')
edit("discussed-at-no-meeting", put("proposals.0.discussed_at", ["2024-07-01"]),
     "proposals[0].discussed_at[0]: there is no meeting on 2024-07-01")
edit("package-member-unknown", put("package_entries.0.members", ["Narnia"]),
     'package_entries[0].members[0]: "Narnia" is not a Member')
edit("presentation-organization-unknown",
     put("meetings.0.presentations.0.organization", "OECD"),
     'meetings[0].presentations[0].organization: "OECD" is not an organization')
edit("presentation-member-unknown", put("meetings.0.presentations.0.member", "Lemuria"),
     'meetings[0].presentations[0].member: "Lemuria" is not a Member')
edit("meeting-proposal-unknown", put("meetings.0.proposals", ["INF/MSME/W/99"]),
     "meetings[0].proposals[0]: INF/MSME/W/99 is not a proposal")
edit("partner-twice-by-name-and-acronym",
     put("outreach.0.partners", ["ITC", "International Trade Centre"]),
     'outreach[0].partners[1]: "ITC" is listed twice')

# ---------------------------------------------------------------- duplicates in the archive
edit("member-twice", add("members", {"name": "Canada"}),
     'members[2].name: "Canada" is also in members[0]')
edit("acronym-twice", add("organizations", {"acronym": "ITC", "name": "Another Centre"}),
     'organizations[2].acronym: "ITC" is also in organizations[0]')
edit("meeting-twice", add("meetings", {"date": "2024-03-19"}),
     "meetings[1].date: the open-ended meeting of 2024-03-19 is also in meetings[0]")
edit("proposal-twice", add("proposals", {"symbol": "INF/MSME/W/51", "proponents": ["Mexico"]}),
     'proposals[1].symbol: "INF/MSME/W/51" is also in proposals[0]')
edit("document-twice", add("documents", {"symbol": "INF/MSME/R/43"}),
     'documents[1].symbol: "INF/MSME/R/43" is also in documents[0]')
edit("notice-of-two-dates", add("meetings", {"date": "2024-07-01",
                                             "convening_notice": "INF/MSME/CN/25"}),
     "meetings[1].convening_notice")

# ---------------------------------------------------------------- one name, two records
edit("member-named-as-an-acronym", add("members", {"name": "ITC"}),
     'organizations[0].acronym: "ITC" is the name of the Member "ITC" (members[2])')
edit("organization-named-as-an-acronym", add("organizations", {"name": "ICC"}),
     'organizations[2].name: "ICC" is the acronym of the organization "International '
     'Chamber of Commerce"')
edit("organization-named-as-a-member", add("organizations", {"name": "Canada"}),
     'organizations[2].name: "Canada" is the name of the Member "Canada"')
edit("acronym-named-as-a-member", add("organizations", {"name": "Mexican Agency",
                                                        "acronym": "Mexico"}),
     'organizations[2].acronym: "Mexico" is the name of the Member "Mexico"')
edit("acronym-named-as-an-organization",
     add("organizations", {"name": "Another Centre", "acronym": "International Trade Centre"}),
     'organizations[2].acronym: "International Trade Centre" is the name of the organization '
     '"International Trade Centre"')

# ---------------------------------------------------------------- keys nobody knows, keys twice
edit("unknown-key-top-level", put("member", [{"name": "Peru"}]),
     'archive has an unknown key "member"')
edit("unknown-key-in-a-meeting", lambda d: d["meetings"][0].update(
    {"sumary": d["meetings"][0].pop("summary")}), 'meetings[0] has an unknown key "sumary"')
edit("unknown-key-in-a-member", put("members.1.join", "2019"),
     'members[1] has an unknown key "join"')
edit("unknown-key-in-a-presentation", put("meetings.0.presentations.0.speeker", "A"),
     'meetings[0].presentations[0] has an unknown key "speeker"')
edit("unknown-key-in-a-spotlight", put("meetings.0.spotlights.0.website", "x"),
     'meetings[0].spotlights[0] has an unknown key "website"')
edit("unknown-key-in-the-group", put("group.founded", "2017"),
     'group has an unknown key "founded"')
edit("unknown-key-in-a-coordinator", put("group.coordinators.0.until", None),
     'group.coordinators[0] has an unknown key "until"')
edit("unknown-key-id", put("documents.0.id", 7), 'documents[0] has an unknown key "id"')
raw("duplicate-key-top-level",
    GOOD.replace(b'"members": [', b'"members": [{"name": "Peru"}], "members": [', 1),
    'archive has the key "members" twice')
raw("duplicate-key-in-a-meeting",
    GOOD.replace(b'"summary": "The Group', b'"summary": "first", "summary": "The Group', 1),
    'meetings[0] has the key "summary" twice')
raw("duplicate-key-in-a-member",
    GOOD.replace(b'"name": "Mexico",', b'"name": "Peru", "name": "Mexico",', 1),
    'members[1] has the key "name" twice')
raw("duplicate-key-in-a-spotlight",
    GOOD.replace(b'"business": "EziDrops",', b'"business": "A", "business": "EziDrops",', 1),
    'meetings[0].spotlights[0] has the key "business" twice')
raw("duplicate-key-version", GOOD.replace(b'"version": 1', b'"version": 2, "version": 1', 1),
    'archive has the key "version" twice')

# ---------------------------------------------------------------- invisible characters
edit("name-zero-width-space", add("members", {"name": "Canada\u200b"}),
     "members[2].name: contains an invisible character (U+200B)")
edit("name-right-to-left-override", put("members.1.name", "\u202eocixeM"),
     "members[1].name: contains an invisible character (U+202E)")
edit("name-isolate", put("members.1.name", "Mexico\u2066x\u2069"),
     "members[1].name: contains an invisible character (U+2066)")
edit("name-newline", put("members.1.name", "Mex\nico"),
     "members[1].name: contains a line break (U+000A)")
edit("name-tab", put("members.1.prose_name", "the\tMexico"),
     "members[1].prose_name: contains an invisible character (U+0009)")
edit("acronym-zero-width-joiner", put("organizations.1.acronym", "IC\u200dC"),
     "organizations[1].acronym: contains an invisible character (U+200D)")
edit("partner-byte-order-mark", put("outreach.0.partners", ["\ufeffITC"]),
     "outreach[0].partners[0]: contains an invisible character (U+FEFF)")
edit("proponent-soft-hyphen", put("proposals.0.proponents", ["Can\u00adada"]),
     "proposals[0].proponents[0]: contains an invisible character (U+00AD)")
edit("speaker-line-separator", put("meetings.0.presentations.0.speaker", "A\u2028B"),
     "meetings[0].presentations[0].speaker: contains a line break (U+2028)")
edit("title-newline", put("outreach.0.title", "Small Business\nChampions"),
     "outreach[0].title: contains a line break (U+000A)")
edit("notes-nul", put("members.1.notes", "a\u0000b"),
     "members[1].notes: contains an invisible")
edit("summary-escape-sequence", put("meetings.0.summary", "\u001b[31mred"),
     "meetings[0].summary: contains an invisible")
raw("name-unpaired-surrogate", GOOD.replace(b'"Mexico"', b'"Mex\\ud800ico"', 1),
    "members[1].name: contains a broken character (an unpaired surrogate)")

# ---------------------------------------------------------------- symbols and lengths
edit("symbol-with-a-space", put("documents.0.symbol", "INF MSME/R/43"),
     'documents[0].symbol: "INF MSME/R/43" is not a WTO document symbol')
edit("symbol-lower-case", put("proposals.0.symbol", "inf/msme/w/51"),
     'proposals[0].symbol: "inf/msme/w/51" is not a WTO document symbol')
edit("symbol-trailing-slash", put("meetings.0.convening_notice", "INF/MSME/CN/25/"),
     "meetings[0].convening_notice: \"INF/MSME/CN/25/\" is not a WTO document symbol")
edit("symbol-arabic-digits", put("proposals.0.symbol", "INF/MSME/W/٥١"),
     "proposals[0].symbol")
edit("symbol-10000-characters", put("documents.0.symbol", "INF/MSME/W/" + "1" * 9989),
     "documents[0].symbol: is too long for a document symbol (10,000 characters; at most 200)")
edit("symbol-201-characters-joint",
     put("meetings.0.summary_document",
         "-".join(["INF/MSME/R/43"] * 13) + "-INF/MSME/R/" + "4" * 8),
     "meetings[0].summary_document: is too long for a document symbol (201 characters")
edit("proposal-symbol-long", put("proposals.0.symbol", "INF/MSME/W/" + "1" * 300),
     "proposals[0].symbol: is too long for a document symbol")
edit("established-by-long", put("group.established_by", "WT/MIN(17)/" + "5" * 250),
     "group.established_by: is too long for a document symbol")
edit("name-501-characters", put("members.1.name", "M" * 501),
     "members[1].name: is too long (501 characters; at most 500)")
edit("title-2001-characters", put("documents.0.title", "T" * 2001),
     "documents[0].title: is too long (2,001 characters; at most 2,000)")
edit("summary-100001-characters", put("meetings.0.summary", "s" * 100_001),
     "meetings[0].summary: is too long (100,001 characters; at most 100,000)")
edit("url-501-characters", put("documents.0.url", "https://docs.wto.org/" + "x" * 480),
     "documents[0].url: is too long (501 characters; at most 500)")


def main() -> None:
    """Write every variant, and remove the files of variants no longer listed."""
    HERE.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for name, (content, expected) in VARIANTS.items():
        if callable(content):
            data = copy.deepcopy(BASE)
            content(data)
            content = text(data)
        (HERE / f"{name}.json").write_bytes(content)
        (HERE / f"{name}.expected.txt").write_text(expected + "\n", encoding="utf-8")
        wanted |= {f"{name}.json", f"{name}.expected.txt"}
    for path in HERE.iterdir():
        if path.name not in wanted:
            path.unlink()
    print(f"{len(VARIANTS)} variants in {HERE}")


if __name__ == "__main__":
    main()
