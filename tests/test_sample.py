"""The 2024 sample records, fact by fact against the 2024 annual report.

The archive that ``sample`` + ``export`` writes is compared with the facts of
shared/reference/annual-report-2024.md. Where the reference is beside the project it is
parsed at test time (footnotes 1, 2 and 5, the meeting paragraphs); fixed facts copied
from it are asserted as well, so the tests still bite without it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.domain import DocumentSymbol, sort_key

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / \
    "annual-report-2024.md"


@pytest.fixture
def exported(sample_services, tmp_path) -> dict:
    """The archive that ``msmedesk sample`` followed by ``msmedesk export`` writes."""
    archive.export_archive(sample_services, tmp_path / "sample-export.json")
    return json.loads((tmp_path / "sample-export.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference() -> str:
    if not REFERENCE.exists():
        pytest.skip("the reference report is not beside the project")
    return REFERENCE.read_text(encoding="utf-8")


def _plain(markdown: str) -> str:
    """The reference's text without links, escapes and superscripts."""
    text = re.sub(r"<sup>.*?</sup>", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("\\", "")


def _footnote(reference: str, number: int) -> str:
    match = re.search(rf"^<sup>{number}</sup>\s*(.+)$", reference, re.M)
    assert match, f"footnote {number} not found"
    return _plain(match.group(1)).strip()


def _by(items: list[dict], key: str) -> dict[str, dict]:
    return {item[key]: item for item in items}


# ---------------------------------------------------------------- members (footnote 2)


def _footnote_members(reference: str) -> list[str]:
    text = _footnote(reference, 2)
    text = text.removeprefix("Members of the Informal Working Group on MSMEs are: ")
    text = text.rstrip(".")
    names = text.split("; ")
    last, _, after = names[-1].rpartition(" and ")
    return names[:-1] + [last, after]


def test_footnote_2_lists_exactly_the_members_in_order(exported, sample_services, reference):
    expected = _footnote_members(reference)
    assert len(expected) == 76
    members = exported["members"]
    assert [m["list_name"] for m in members] == expected
    in_group = [m.list_label for m in sample_services.members.at_end_of(2024)]
    assert in_group == expected


def test_seventy_six_entries_and_103_members(exported, sample_services):
    members = exported["members"]
    assert len(members) == 76
    assert sum(m["counts_as"] for m in members) == 103
    assert sample_services.members.membership_at_end(2024) == 103
    assert sample_services.members.membership_at_end(2023) == 98


def test_the_report_says_103_and_names_the_joiners(reference):
    assert "bringing total MSME Group membership to 103" in reference
    assert ("Five new Members joined the MSME Group during 2024: Cabo Verde, the Democratic "
            "Republic of the Congo, Maldives, Mauritius, and Mozambique") in reference


def test_the_five_joiners_of_2024(exported, sample_services):
    joiners = {m["name"]: m for m in exported["members"] if m["joined"]}
    assert set(joiners) == {"Cabo Verde", "Democratic Republic of the Congo", "Maldives",
                            "Mauritius", "Mozambique"}
    assert {m["joined"] for m in joiners.values()} == {"2024"}
    assert [m.prose_label for m in sample_services.members.joiners(2024)] == [
        "Cabo Verde", "the Democratic Republic of the Congo", "Maldives", "Mauritius",
        "Mozambique"]
    assert all(m["left"] is None for m in exported["members"])


def test_european_union_entry(exported):
    eu = _by(exported["members"], "name")["European Union"]
    assert eu["list_name"] == "European Union and its 27 Member States"
    assert eu["counts_as"] == 28
    assert eu["prose_name"] == "the European Union"
    assert eu["joined"] is None
    others = [m for m in exported["members"] if m["name"] != "European Union"]
    assert {m["counts_as"] for m in others} == {1}


def test_names_sorted_as_the_wto_sorts_them(exported):
    names = [m["list_name"] for m in exported["members"]]

    def neighbours(name: str) -> list[str]:
        i = names.index(name)
        return names[i - 1:i + 2]

    assert neighbours("The Gambia") == ["European Union and its 27 Member States", "The Gambia",
                                        "Georgia"]
    assert neighbours("Chinese Taipei") == ["Switzerland", "Chinese Taipei", "Tajikistan"]
    assert neighbours("Côte d'Ivoire") == ["Costa Rica", "Côte d'Ivoire",
                                           "Democratic Republic of the Congo"]
    assert neighbours("Türkiye") == ["Tajikistan", "Türkiye", "Ukraine"]
    assert names[0] == "Afghanistan" and names[-2:] == ["Uruguay", "Viet Nam"]
    members = _by(exported["members"], "name")
    assert members["The Gambia"]["sort_name"] == "Gambia"
    assert members["Chinese Taipei"]["sort_name"] == "Taipei, Chinese"
    assert names == sorted(names, key=lambda n: sort_key(
        _by(exported["members"], "list_name")[n]["sort_name"]))


def test_wto_forms_of_names(exported):
    names = {m["name"] for m in exported["members"]}
    for name in ("Bahrain, Kingdom of", "Korea, Republic of", "Hong Kong, China",
                 "Kyrgyz Republic", "Moldova, Republic of", "Saudi Arabia, Kingdom of",
                 "Macao, China", "Lao People's Democratic Republic", "Viet Nam", "Türkiye"):
        assert name in names
    prose = {m["name"]: m["prose_name"] for m in exported["members"]}
    assert prose["Korea, Republic of"] == "the Republic of Korea"
    assert prose["United States of America"] == "the United States"


# ---------------------------------------------------------------- the Group's profile


def test_group_profile(exported, reference):
    group = exported["group"]
    assert group["established"] == "2017-12-13"
    assert group["established_by"] == "WT/MIN(17)/58/Rev.1"
    assert group["founding_members"] == 88
    assert group["coordinators"] == [{"name": "H.E. Mr Matthew Wilson",
                                      "title": "Ambassador of Barbados", "from": None,
                                      "to": None}]
    assert "On 13 December 2017" in reference and "88 WTO Members" in reference
    assert "H.E. Mr Matthew Wilson, Ambassador of Barbados" in reference


# ---------------------------------------------------------------- meetings


MEETINGS = {
    "2024-03-19": ("INF/MSME/CN/25/Rev.1", "INF/MSME/R/43"),
    "2024-07-01": ("INF/MSME/CN/26/Rev.2", "INF/MSME/R/44"),
    "2024-10-18": ("INF/MSME/CN/27", "INF/MSME/R/45"),
    "2024-12-10": ("INF/MSME/CN/28", "INF/MSME/R/46"),
}


def test_four_open_ended_meetings_with_notices_and_summaries(exported):
    meetings = exported["meetings"]
    assert {m["date"]: (m["convening_notice"], m["summary_document"]) for m in meetings} == \
        MEETINGS
    assert {m["kind"] for m in meetings} == {"open-ended"}
    documents = _by(exported["documents"], "symbol")
    for notice, summary in MEETINGS.values():
        assert documents[notice]["kind"] == "convening-notice"
        assert documents[summary]["kind"] == "summary-report"
    for meeting in meetings:
        assert len(meeting["summary"].split()) > 60, meeting["date"]


def test_meetings_against_the_report_paragraphs(exported, reference):
    text = _plain(reference)
    assert ("four open-ended meetings during 2024, on 19 March, 1 July, 18 October and "
            "10 December") in text
    paragraphs = re.findall(r"^2\.[2-5]\. (.+?)(?=^2\.\d\. |^## |\Z)", text, re.M | re.S)
    assert len(paragraphs) == 4
    for paragraph, (when, (notice, summary)) in zip(paragraphs, MEETINGS.items(), strict=True):
        day = int(when[-2:])
        assert f"{day} " in paragraph[:120], when
        assert f"({notice})" in paragraph
        assert f"document {summary}." in paragraph


def _talks(exported: dict, when: str) -> list[dict]:
    return _by(exported["meetings"], "date")[when]["presentations"]


def _who(exported: dict, when: str) -> set[str]:
    """Speakers, organizations and presenting Members of a meeting, as plain words."""
    out = set()
    for talk in _talks(exported, when):
        for key in ("speaker", "organization", "member"):
            if talk.get(key):
                out.add(talk[key])
    return out


def test_presentations_and_spotlights_of_19_march(exported):
    who = _who(exported, "2024-03-19")
    assert {"UNCTAD", "UPU", "WTCA", "UN/CEFACT"} <= who
    assert any("Kate Kallot" in w for w in who) and "Steve Capell" in who
    spot = _by(exported["meetings"], "date")["2024-03-19"]["spotlights"]
    assert [(s["business"], s["introduced_by"]) for s in spot] == [("EziDrops", "IOE&IT")]


def test_presentations_and_spotlights_of_1_july(exported):
    talks = {(t["speaker"], t["organization"]) for t in _talks(exported, "2024-07-01")}
    assert {("Lazzat Daniyarova", "WCO"), ("Pamela Ugaz", "UNCTAD"),
            ("Marlynne Hopper", "STDF")} <= talks
    spot = _by(exported["meetings"], "date")["2024-07-01"]["spotlights"]
    assert [(s["business"], s["person"], s["country"], s["introduced_by"]) for s in spot] == \
        [("La Mandala", "Usha Subba", "Nepal", "EIF")]


def test_presentations_and_spotlights_of_18_october(exported):
    talks = _talks(exported, "2024-10-18")
    platonov = [t for t in talks if "Platonov" in t["speaker"]]
    assert platonov and platonov[0]["member"] == "Russian Federation"
    assert "INF/MSME/W/58-INF/TGE/COM/11" in platonov[0]["topic"]
    who = _who(exported, "2024-10-18")
    assert {"Anne Chappaz", "ITC", "ICSB", "Dr Ayman El Tarabishy", "European Union"} <= who
    assert any("Crispin Waymouth" in w for w in who)
    assert any("Justin Langan" in w for w in who) and any("Carlos Zuastegui" in w for w in who)
    # Briefings from other WTO bodies, with their documents.
    topics = " ".join(t["topic"] for t in talks)
    assert "G/TBT/GEN/386" in topics and "GPA/CD/6" in topics
    spot = _by(exported["meetings"], "date")["2024-10-18"]["spotlights"]
    assert [(s["business"], s["person"]) for s in spot] == [("ANEP", "Aziz Ndiaye")]


def test_presentations_and_spotlights_of_10_december(exported):
    who = _who(exported, "2024-12-10")
    assert {"CCPIT", "United Kingdom", "Pakistan", "Georgia", "Switzerland", "ITC",
            "European Union"} <= who
    assert any("Lucian Cernat" in w for w in who) and any("Vanessa Erogbogbo" in w for w in who)
    spot = _by(exported["meetings"], "date")["2024-12-10"]["spotlights"]
    assert [(s["business"], s["person"], s["country"]) for s in spot] == \
        [("Spicy Girls Kitchen", "Gabriela Wurcel", "Switzerland")]


def test_presenters_named_in_the_report_appear(exported, reference):
    text = _plain(reference)
    for name in ("Lazzat Daniyarova", "Pamela Ugaz", "Marlynne Hopper", "Nikolai Platonov",
                 "Crispin Waymouth", "Anne Chappaz", "Ayman El Tarabishy", "Lucian Cernat",
                 "Vanessa Erogbogbo", "Kate Kallot", "Steve Capell", "Usha Subba",
                 "Aziz Ndiaye", "Gabriela Wurcel"):
        assert name in text, name
        assert name in json.dumps(exported["meetings"], ensure_ascii=False), name


# ---------------------------------------------------------------- proposals


PROPOSALS = {
    "INF/MSME/W/51": (["United States of America"], ["2024-07-01", "2024-10-18", "2024-12-10"]),
    "INF/MSME/W/52": (["United Kingdom"], ["2024-07-01", "2024-12-10"]),
    "INF/MSME/W/53": (["Mexico"], ["2024-07-01"]),
    "INF/MSME/W/54": (["Mexico"], ["2024-07-01"]),
    "INF/MSME/W/55": (["Mexico"], ["2024-07-01"]),
    "INF/MSME/W/58-INF/TGE/COM/11": (["Russian Federation"], ["2024-10-18"]),
}


def test_proposals_with_proponents_and_meetings(exported, sample_services):
    proposals = {p["symbol"]: (p["proponents"], p["discussed_at"])
                 for p in exported["proposals"]}
    assert proposals == PROPOSALS
    assert DocumentSymbol.parse("INF/MSME/W/58-INF/TGE/COM/11").parts() == (
        "INF/MSME/W/58", "INF/TGE/COM/11")
    july = [m for m in sample_services.meetings.in_year(2024) if m.date.month == 7][0]
    assert july.proposals == ("INF/MSME/W/51", "INF/MSME/W/52", "INF/MSME/W/53",
                              "INF/MSME/W/54", "INF/MSME/W/55")
    for p in exported["proposals"]:
        assert p["submitted"] == "2024" and p["title"] and p["summary"]


def test_proposals_against_the_report(reference):
    text = _plain(reference)
    assert "United States proposal (INF/MSME/W/51)" in text
    assert "United Kingdom proposal (INF/MSME/W/52)" in text
    for n in (53, 54, 55):
        assert f"Mexico proposal (INF/MSME/W/{n})" in text
    assert "Russian Federation who presented a joint proposal" in text
    assert "(INF/MSME/W/58-INF/TGE/COM/11)" in text


# ---------------------------------------------------------------- organizations


NETWORK_2024 = {"EIF", "ITC", "OECD", "UNCITRAL", "UNECA", "UNECLAC", "UPU"}


def test_trade4msmes_network(exported, sample_services):
    network = {o["acronym"] for o in exported["organizations"] if o["network_member_since"]}
    assert network == NETWORK_2024 | {"UNCTAD", "AUC"}
    # Seven at the network meeting of 1 October; UNCTAD and the AUC joined in December.
    assert {o.acronym for o in sample_services.organizations.network(2023)} == NETWORK_2024
    assert {o.acronym for o in sample_services.organizations.network(2024)} == \
        NETWORK_2024 | {"UNCTAD", "AUC"}
    orgs = _by(exported["organizations"], "acronym")
    assert orgs["UNCTAD"]["network_member_since"] == "2024-12"
    assert orgs["AUC"]["name"] == "African Union Commission"


def test_footnote_5_names_the_network_meeting_organizations(exported, reference):
    note = _footnote(reference, 5)
    acronyms = set(re.findall(r"\(([A-Z]+)\)", note))
    assert acronyms == NETWORK_2024
    event = [e for e in exported["outreach"] if e["kind"] == "network-meeting"][0]
    assert set(event["partners"]) == acronyms
    assert "Members agreed to expand the Trade4MSMEs Network to include UNCTAD and the African " \
           "Union Commission" in reference


def test_organizations_named_in_the_report(exported):
    orgs = {o["acronym"] or o["name"]: o["name"] for o in exported["organizations"]}
    for acronym, name in (("ITC", "International Trade Centre"),
                          ("WCO", "World Customs Organization"),
                          ("ICC", "International Chamber of Commerce"),
                          ("WIPO", "World Intellectual Property Organization"),
                          ("UPU", "Universal Postal Union"),
                          ("STDF", "Standards and Trade Development Facility"),
                          ("EIF", "Enhanced Integrated Framework"),
                          ("ICSB", "International Council for Small Business"),
                          ("UNCTAD", "United Nations Trade and Development"),
                          ("CCPIT", "China Council for the Promotion of International Trade"),
                          ("IOE&IT", "Institute of Export and International Trade"),
                          ("WTCA", "World Trade Centers Association")):
        assert orgs[acronym] == name


# ---------------------------------------------------------------- earlier annual reports


ANNUAL_REPORTS = {
    "JOB/GC/207": "2018-12-03",
    "INF/MSME/R/13/Rev.1": "2019-12-09",
    "INF/MSME/R/21": "2020-12-15",
    "INF/MSME/R/30": "2022-02-11",
    "INF/MSME/R/35": "2023-03-15",
    "INF/MSME/R/42": "2024-02-06",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def test_previous_annual_reports(exported, sample_services):
    reports = {d["symbol"]: d["date"] for d in exported["documents"]
               if d["kind"] == "annual-report"}
    assert reports == ANNUAL_REPORTS
    listed = sample_services.documents.of_kind("annual-report")
    assert [d.symbol for d in listed] == list(ANNUAL_REPORTS)


def test_previous_annual_reports_match_footnote_1(reference):
    note = _footnote(reference, 1)
    found = {}
    for symbol, day, month, year in re.findall(r"([A-Z][A-Za-z0-9/().]+) dated (\d+) (\w+) (\d{4})",
                                               note):
        found[symbol] = f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
    assert found == ANNUAL_REPORTS


# ---------------------------------------------------------------- package entries


def test_package_entries_by_annex(exported, sample_services):
    entries = exported["package_entries"]
    assert {e["year"] for e in entries} == {2024}
    assert {e["annex"] for e in entries} == {1, 2, 4, 5, 6}
    by_members = {tuple(e["members"]): e for e in entries}
    annex1 = by_members[("Canada", "China", "Kazakhstan", "Maldives", "Paraguay")]
    assert annex1["annex"] == 1
    assert "Jamaica" in annex1["summary"]
    assert by_members[("Chinese Taipei",)]["annex"] == 1
    assert by_members[("United Kingdom",)]["annex"] == 4
    assert "INF/MSME/W/52" in by_members[("United Kingdom",)]["summary"]
    annex5 = by_members[("Canada", "Côte d'Ivoire", "Mauritius", "Norway", "Uruguay")]
    assert annex5["annex"] == 5 and "G/MA/357" in annex5["summary"]
    without_members = {e["annex"] for e in entries if not e["members"]}
    assert without_members == {2, 6}
    # Jamaica is not a Member: it is in the text only.
    assert "Jamaica" not in {m["name"] for m in exported["members"]}
    assert all("Jamaica" not in e["members"] for e in entries)
    assert [e.annex for e in sample_services.package.in_year(2024)] == [1, 1, 2, 4, 5, 6]


def test_package_annexes_match_the_report(reference):
    annexes = {int(n) for n in re.findall(r"^#### \*\*3\.\d Annex (\d)\*\*", reference, re.M)}
    assert annexes == {1, 2, 4, 5, 6}
    assert "and Jamaica, not part of the MSME Group" in reference


# ---------------------------------------------------------------- outreach and events


def _events(exported: dict) -> list[dict]:
    return exported["outreach"]


def _one(exported: dict, **match: str) -> dict:
    found = [e for e in _events(exported)
             if all(v.lower() in str(e[k]).lower() for k, v in match.items())]
    assert len(found) == 1, (match, [e["title"] for e in found])
    return found[0]


def test_mc13_events(exported):
    mc13 = [e for e in _events(exported) if e["date"] == "2024-02"]
    assert len(mc13) == 3
    # The compendium was issued (a publication); the other two were events.
    assert sorted(e["kind"] for e in mc13) == ["joint-event", "joint-event", "publication"]
    assert _one(exported, title="AEO")["kind"] == "publication"
    joint = _one(exported, title="Paving the way")
    assert set(joint["partners"]) == {"TGE", "TESSD"}
    assert set(_one(exported, title="AEO")["partners"]) == {"WCO"}
    assert set(_one(exported, title="High-Level Event on Women and Trade")["partners"]) == \
        {"ITC", "TGE"}


def test_msme_day_and_the_small_business_champions(exported):
    award = _one(exported, kind="award")
    assert award["date"] == "2024-06-27"
    assert award["title"] == "ICC-ITC-WTO MSME Group Small Business Champions"
    assert set(award["partners"]) == {"ICC", "ITC", "WIPO"}
    assert "Empowering Indigenous Peoples' Economic Development through International Trade" \
        in award["summary"]
    for winner in ("CLAC", "O'KANATA"):
        assert winner in award["summary"]


def test_network_meeting_of_1_october(exported):
    event = _one(exported, kind="network-meeting")
    assert event["date"] == "2024-10-01"
    assert "Trade4MSMEs Network" in event["title"]
    assert "INF/MSME/W/59" in event["summary"] or "INF/MSME/W/59" in {
        d["symbol"] for d in exported["documents"]}


def test_joint_solutions_lab_of_18_november(exported):
    event = _one(exported, title="Unlocking Growth through Intellectual Property")
    assert "Joint Solutions Lab" in event["summary"]
    assert event["date"] == "2024-11-18"
    assert event["kind"] == "joint-event"
    assert set(event["partners"]) == {"WIPO", "TGE"}
    assert "Empowering Women-led MSMEs: Unlocking Growth through Intellectual Property" in \
        event["title"]
    assert "Rebecca Osewa" in event["summary"]


def test_private_sector_dialogue_of_july(exported):
    event = _one(exported, kind="private-sector-dialogue")
    assert event["date"] == "2024-07"
    assert "WT/MIN(24)/9" in event["summary"]


def test_the_coordinators_engagements(exported):
    talks = [e for e in _events(exported) if e["kind"] == "speaking-engagement"]
    dated = {(e["date"], e["title"]) for e in talks}
    assert ("2024-04", "Launch of Divasity's project for small-scale farmers") in dated
    assert _one(exported, title="UNCTAD Global Supply Chain Forum")["date"] == "2024-05"
    msme_day = _one(exported, title="UN MSME Day")
    assert msme_day["date"] == "2024-06-27" and set(msme_day["partners"]) == {"ICSB", "ILO"}
    assert _one(exported, title="UPU TradePost Forum")["date"] == "2024-09"
    assert _one(exported, title="China International Supply Chain Exposition")["date"] == \
        "2024-11"
    awards = _one(exported, title="International Trade Awards")
    assert awards["partners"] == ["IOE&IT"] and awards["role"] == "judged"
    assert _one(exported, title="Promoting Inclusive Trade through Digital Tools")["kind"] == \
        "speaking-engagement"
    assert _one(exported, title="MSME Cyber Readiness for Trade")["date"] == "2024-09"
    assert len(talks) == 8


def test_newsletters_and_website(exported):
    newsletters = sorted(e["title"] for e in _events(exported) if e["kind"] == "newsletter")
    assert newsletters == ["Newsletter 2024-Fall", "Newsletter 2024-Summer"]
    site = _one(exported, kind="website")
    assert site["title"] == "Trade4MSMEs"
    for fact in ("36,000 visits", "3,000 visitors a month", "Mexico"):
        assert fact in site["summary"]


def test_every_outreach_event_is_of_2024(exported):
    assert len(_events(exported)) == 18
    assert all(e["date"].startswith("2024") for e in _events(exported))


# ---------------------------------------------------------------- documents


def test_documents_cited_by_the_report_are_recorded(exported, reference):
    symbols = {d["symbol"] for d in exported["documents"]}
    cited = set()
    for raw in re.findall(r"\[([^\]]+)\]\(#\)", reference):
        text = raw.replace("\\", "")
        if DocumentSymbol.is_valid(text):
            cited.add(DocumentSymbol.parse(text).text)
    # The joint citation of the two compendium documents is recorded as its two parts.
    cited.discard("INF/MSME/W/46/Rev.3-INF/TGE/W/7/Rev.3")
    assert cited <= symbols, cited - symbols
    for symbol in ("WT/MIN(17)/58/Rev.1", "WT/MIN(24)/9", "WT/MIN(24)/DEC", "INF/MSME/4/Rev.2",
                   "G/TBT/GEN/386", "GPA/CD/6", "G/MA/357", "INF/MSME/W/59"):
        assert symbol in symbols


# ---------------------------------------------------------------- written in our own words


_SYMBOL = re.compile(r"\b[A-Z]+(?:\(\d+\))?(?:/[A-Za-z0-9().]+)+(?:-[A-Z]+(?:/[A-Za-z0-9().]+)+)*")
_QUOTED = re.compile(r"[\"“][^\"”]{1,200}[\"”]")


def _words(text: str) -> list[str]:
    """Words for comparing texts: a document symbol or a quoted title counts as one word
    (they are facts that must be exact); case and punctuation are ignored."""
    text = _SYMBOL.sub(" SYMBOL ", text)
    text = _QUOTED.sub(" QUOTED ", text)
    # "&" is not a word ("Trade & Gender").
    text = text.replace("’", "'").replace("&", " ")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def _runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _narratives(data: dict) -> list[tuple[str, str]]:
    out = []
    for i, m in enumerate(data["meetings"]):
        out.append((f"meetings[{i}].summary", m["summary"]))
        out += [(f"meetings[{i}].spotlights[{j}].description", s["description"])
                for j, s in enumerate(m["spotlights"])]
    for section in ("proposals", "outreach", "package_entries"):
        out += [(f"{section}[{i}].summary", r["summary"]) for i, r in enumerate(data[section])]
    return [(where, text) for where, text in out if text]


def test_no_long_run_of_words_is_copied_from_the_report(exported, reference):
    ref = _runs(_words(_plain(reference)), 12)
    copied = []
    for where, text in _narratives(exported):
        for run in _runs(_words(text), 12) & ref:
            copied.append(f"{where}: {' '.join(run)}")
    assert copied == []


def test_the_copy_check_would_catch_a_copied_sentence(reference):
    sentence = re.search(r"Altogether these initiatives[^.]*\.", _plain(reference)).group(0)
    assert len(_words(sentence)) >= 12
    assert _runs(_words(sentence), 12) & _runs(_words(_plain(reference)), 12)
