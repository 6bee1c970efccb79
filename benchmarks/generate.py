"""A seeded generator of the large benchmark data set (issue 6).

Writes an msmedesk archive (shared/archive-format.md, version 1) with, at ``--scale 1``:
1,000 members, 200 organizations, 20,000 meetings with 40,000 presentations and 5,000
spotlights, 10,000 proposals, 60,000 outreach events, the documents behind every symbol
(about 50,000), a few package entries and 2,000 contacts (a fifth of the presentations by an
organization or Member name one of its contacts), then imports it into a data file with
``msmedesk import``. The contacts are drawn from a random stream of their own, after the
rest: every other record is what the generator wrote before there were contacts.

The same seed and scale give the same archive, byte for byte::

    /work/venv/bin/python benchmarks/generate.py                      # benchmarks/data/big.*
    /work/venv/bin/python benchmarks/generate.py --scale 0.01 --out /tmp/small.json --no-import

Records span 1995 to 2024 at scale 1 and grow busier year by year, so the busiest year (the
one the report benchmark drafts) is the last one. A larger scale spans more years rather than
crowding them (a meeting's date is unique per kind: a year holds at most 365 of each): scale 3
spans 1935 to 2024, scale 10 the years 1901 to 2199 (msmedesk reads years 1900 to 2200). At
scale 1 and below the archive is the one earlier figures were measured on, byte for byte.
"""

from __future__ import annotations

import argparse
import calendar
import json
import math
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data" / "big.json"
DEFAULT_SEED = 20240319

COUNTS = {  # at scale 1
    "members": 1_000,
    "organizations": 200,
    "meetings": 20_000,
    "presentations": 40_000,
    "spotlights": 5_000,
    "proposals": 10_000,
    "outreach": 60_000,
    "contacts": 2_000,
}
CONTACT_ROLES = ("delegate", "focal-point", "speaker", "other")
# The share of presentations by an organization or Member that name a contact of it.
CONTACT_SHARE = 0.2
FIRST_YEAR, LAST_YEAR = 1995, 2024  # at scale 1 and below
# Within the years msmedesk reads (1900 to 2200, msmedesk/dates.py), a year short of each end:
# a convening notice is dated two weeks before its meeting, a summary a month after. A span
# that would start before EARLIEST_YEAR runs on past LAST_YEAR instead, up to LATEST_YEAR.
EARLIEST_YEAR, LATEST_YEAR = 1901, 2199
MEETING_KINDS = ("open-ended", "private-sector", "thematic", "other")
MEETING_KIND_WEIGHTS = (6, 2, 2, 1)
OUTREACH_KINDS = ("award", "network-meeting", "joint-event", "speaking-engagement",
                  "newsletter", "private-sector-dialogue", "website", "other")
STATUSES = ("submitted", "under-discussion", "adopted", "concluded", "withdrawn")

_SYLLABLES = ("ka", "lo", "ma", "ri", "to", "ne", "sa", "vi", "du", "ba", "ro", "le", "mi",
              "ta", "go", "ze", "na", "por", "val", "dor", "len", "mar", "tes", "bur", "gal",
              "qui", "sha", "wen", "ca", "fe")
_ENDINGS = ("ia", "stan", "land", "ica", "ovia", "ana", "esia", "uay", "ador", "onia", "ar")
_PREFIXES = ("", "", "", "", "Republic of ", "Kingdom of ", "United ", "Federated States of ")
_ACCENTED = ("Cô", "Ré", "Sã", "Mé", "Ñu", "Ü", "Ø")
_WORDS = (
    "trade", "MSMEs", "digital", "finance", "e-commerce", "women-led", "entrepreneurs",
    "access", "information", "regulatory", "practices", "customs", "procedures", "logistics",
    "payments", "standards", "certification", "market", "export", "import", "value", "chains",
    "tourism", "innovation", "transparency", "helpdesk", "capacity", "building", "training",
    "network", "cooperation", "sustainability", "green", "inclusion", "development", "credit",
    "guarantees", "platforms", "cross-border", "services", "agriculture", "textiles",
    "handicrafts", "technology", "skills", "youth", "rural", "compendium", "survey", "data",
    "statistics", "policy", "dialogue", "support", "programme", "initiative", "partnership",
)
_EVENT_HEADS = (
    "Webinar on", "Workshop on", "Dialogue on", "Launch of the report on", "Panel on",
    "Roundtable on", "Session on", "Briefing on", "Forum on", "Newsletter:", "Award ceremony for",
    "Conference on", "Masterclass on", "Exhibition on",
)
_PLACES = ("Geneva", "Nairobi", "Bangkok", "Lima", "Abu Dhabi", "Bridgetown", "Dakar", "Manila",
           "Astana", "Asunción", "Malé", "Dili", "Suva", "Port Louis", "Tbilisi", "online")
_FIRST = ("Ana", "Luis", "Mei", "Olu", "Sara", "Ivan", "Fatou", "Raj", "Lena", "Tomás", "Aiko",
          "Kwame", "Noor", "Pablo", "Zeynep", "Hana", "Joon", "Amara", "Elif", "Marta")
_TITLES = ("Counsellor, Permanent Mission", "First Secretary", "Trade Policy Adviser",
           "Head of SME Unit", "Programme Officer", "Economic Affairs Officer", "")
_LAST = ("García", "Okafor", "Chen", "Nguyen", "Kowalski", "Diallo", "Santos", "Haddad",
         "Ivanova", "Mensah", "Tanaka", "Müller", "Rossi", "Kim", "Silva", "Khan", "Petrov")
_BUSINESS = ("Drops", "Craft", "Foods", "Textiles", "Logistics", "Coffee", "Cocoa", "Soft",
             "Design", "Pay", "Agro", "Tours", "Weave", "Solar", "Herbs", "Spice", "Tech")


def _scaled(n: int, scale: float) -> int:
    return max(1, round(n * scale))


def year_span(scale: float) -> tuple[int, int]:
    """The first and last year of records at ``scale``: as many years per scale as at scale 1.

    The meetings of a year keep their density, so their dates (unique per kind) never run
    out; scale 1 and below keep 1995 to 2024.
    """
    base = LAST_YEAR - FIRST_YEAR + 1
    span = max(base, math.ceil(base * scale))
    first = max(EARLIEST_YEAR, LAST_YEAR - span + 1)
    return first, min(LATEST_YEAR, first + span - 1)


class _Gen:
    def __init__(self, seed: int, scale: float):
        self.r = random.Random(seed)
        self.seed = seed
        self.scale = scale
        first, last = year_span(scale)
        years = list(range(first, last + 1))
        self.years = years
        # Busier every year: the last year weighs about three times the first.
        self.year_weights = [1 + 2 * i / (len(years) - 1) for i in range(len(years))]

    # -- text

    def words(self, lo: int, hi: int) -> str:
        return " ".join(self.r.choice(_WORDS) for _ in range(self.r.randint(lo, hi)))

    def sentence(self) -> str:
        text = self.words(6, 16)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, lo: int, hi: int) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))

    def person(self) -> str:
        return f"{self.r.choice(_FIRST)} {self.r.choice(_LAST)}"

    # -- dates

    def year(self) -> int:
        return self.r.choices(self.years, weights=self.year_weights)[0]

    def day_in(self, year: int) -> date:
        return date.fromordinal(date(year, 1, 1).toordinal()
                                + self.r.randrange(366 if calendar.isleap(year) else 365))

    def meeting_slots(self, n: int) -> list[tuple[date, str]]:
        """The date and kind of ``n`` meetings, in order: one meeting of a kind a day."""
        per_year: dict[int, int] = {}
        for _ in range(n):
            y = self.year()
            per_year[y] = per_year.get(y, 0) + 1
        slots: list[tuple[date, str]] = []
        for y in sorted(per_year):
            days = 366 if calendar.isleap(y) else 365
            base = date(y, 1, 1).toordinal()
            taken: set[tuple[date, str]] = set()
            while len(taken) < per_year[y]:
                d = date.fromordinal(base + self.r.randrange(days))
                k = self.r.choices(MEETING_KINDS, weights=MEETING_KIND_WEIGHTS)[0]
                taken.add((d, k))
            slots += sorted(taken)
        return slots

    # -- sections

    def members(self) -> list[dict[str, Any]]:
        n = _scaled(COUNTS["members"], self.scale)
        seen: set[str] = set()
        out = []
        while len(out) < n:
            core = "".join(self.r.choice(_SYLLABLES) for _ in range(self.r.randint(1, 3)))
            core = (self.r.choice(_ACCENTED) + core if self.r.random() < 0.03 else core)
            core = core[0].upper() + core[1:] + self.r.choice(_ENDINGS)
            prefix = self.r.choice(_PREFIXES)
            name = prefix + core
            if name in seen:
                continue
            seen.add(name)
            i = len(out)
            # About the first tenth are founding Members (joined before records began).
            joined = None if i < n // 10 else (
                str(self.year()) if self.r.random() < 0.5 else self.day_in(self.year()).isoformat())
            entry: dict[str, Any] = {"name": name, "joined": joined}
            if prefix:
                entry["sort_name"] = f"{core}, {prefix.strip()}"
                entry["prose_name"] = f"the {name}"
            if self.r.random() < 0.02 and joined is not None and int(joined[:4]) < LAST_YEAR:
                entry["left"] = str(min(LAST_YEAR, int(joined[:4]) + self.r.randint(1, 5)))
            if self.r.random() < 0.01:
                entry["counts_as"] = self.r.randint(2, 28)
                entry["list_name"] = f"{name} and its {entry['counts_as'] - 1} member States"
            if self.r.random() < 0.1:
                entry["notes"] = self.sentence()
            out.append(entry)
        return out

    def organizations(self) -> list[dict[str, Any]]:
        n = _scaled(COUNTS["organizations"], self.scale)
        out = []
        acronyms: set[str] = set()
        names: set[str] = set()
        kinds = ("Organization", "Centre", "Council", "Forum", "Bank", "Institute", "Network",
                 "Alliance", "Federation", "Commission")
        while len(out) < n:
            words = [self.r.choice(_WORDS).capitalize() for _ in range(self.r.randint(1, 3))]
            name = f"International {' '.join(words)} {self.r.choice(kinds)}"
            if name in names:
                continue
            names.add(name)
            acronym: str | None = "I" + "".join(w[0] for w in words).upper() + name.split()[-1][0]
            while acronym in acronyms:
                acronym = f"{acronym}{self.r.randint(2, 9)}"
            if self.r.random() < 0.1:
                acronym = None
            else:
                acronyms.add(acronym)
            since = None
            if self.r.random() < 0.4:
                since = str(self.r.randint(2019, LAST_YEAR))
            out.append({"acronym": acronym, "name": name, "network_member_since": since})
        return out

    def meetings(self, orgs: list[dict[str, Any]], members: list[dict[str, Any]]
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        n = _scaled(COUNTS["meetings"], self.scale)
        n_talks = _scaled(COUNTS["presentations"], self.scale)
        n_spots = _scaled(COUNTS["spotlights"], self.scale)
        slots = self.meeting_slots(n)
        talks_of = [0] * n
        for _ in range(n_talks):
            talks_of[self.r.randrange(n)] += 1
        spots_of = [0] * n
        for _ in range(n_spots):
            spots_of[self.r.randrange(n)] += 1
        labels = [o["acronym"] or o["name"] for o in orgs]
        member_names = [m["name"] for m in members]
        meetings, documents = [], []
        cn = r_no = 0
        for i, (d, kind) in enumerate(slots):
            cn += 1
            notice = f"INF/MSME/CN/{cn}" + ("/Rev.1" if self.r.random() < 0.1 else "")
            documents.append({"symbol": notice, "title": f"Convening notice: meeting of "
                              f"{d.day} {calendar.month_name[d.month]} {d.year}",
                              "date": date.fromordinal(d.toordinal() - 14).isoformat(),
                              "kind": "convening-notice"})
            summary_doc = None
            if self.r.random() < 0.9:  # some meetings still await their summary
                r_no += 1
                summary_doc = f"INF/MSME/R/{r_no}"
                documents.append({"symbol": summary_doc, "title": f"Summary of the meeting of "
                                  f"{d.day} {calendar.month_name[d.month]} {d.year}",
                                  "date": date.fromordinal(d.toordinal() + 30).isoformat(),
                                  "kind": "summary-report"})
            presentations = []
            for _ in range(talks_of[i]):
                p: dict[str, Any] = {"speaker": self.person() if self.r.random() < 0.7 else "",
                                     "organization": self.r.choice(labels),
                                     "topic": self.words(3, 9)}
                if self.r.random() < 0.1:
                    p["organization"] = ""
                    p["member"] = self.r.choice(member_names)
                presentations.append(p)
            spotlights = [{"business": self.r.choice(_SYLLABLES).capitalize()
                           + self.r.choice(_BUSINESS), "person": self.person(),
                           "country": self.r.choice(member_names),
                           "introduced_by": self.r.choice(labels),
                           "description": self.sentence()} for _ in range(spots_of[i])]
            meetings.append({"date": d.isoformat(), "kind": kind, "convening_notice": notice,
                             "summary_document": summary_doc,
                             "summary": self.paragraph(2, 6),
                             "presentations": presentations, "spotlights": spotlights})
        # One annual report per year, in the R series after the summaries.
        for y in self.years:
            r_no += 1
            documents.append({"symbol": f"INF/MSME/R/{r_no}",
                              "title": f"Informal Working Group on MSMEs – {y} Annual Report",
                              "date": f"{y}-12-15", "kind": "annual-report"})
        return meetings, documents

    def proposals(self, meetings: list[dict[str, Any]], members: list[dict[str, Any]],
                  orgs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                       list[dict[str, Any]]]:
        n = _scaled(COUNTS["proposals"], self.scale)
        dates_by_year: dict[int, list[str]] = {}
        for m in meetings:
            dates_by_year.setdefault(int(m["date"][:4]), []).append(m["date"])
        member_names = [m["name"] for m in members]
        labels = [o["acronym"] or o["name"] for o in orgs]
        out, documents = [], []
        for i in range(n):
            y = self.year()
            symbol = f"INF/MSME/W/{i + 1}" + ("/Rev.1" if self.r.random() < 0.05 else "")
            title = self.words(4, 10).capitalize()
            submitted = (self.day_in(y).isoformat() if self.r.random() < 0.7 else str(y))
            documents.append({"symbol": symbol, "title": title,
                              "date": submitted if len(submitted) == 10 else None,
                              "kind": "working-document"})
            if self.r.random() < 0.05:
                proponents = [self.r.choice(labels)]
            else:
                proponents = list(dict.fromkeys(self.r.choice(member_names)
                                                for _ in range(self.r.randint(1, 4))))
            # (the meetings of the year and the next, in that order)
            pool = dates_by_year.get(y, []) + dates_by_year.get(y + 1, [])
            discussed = sorted(set(self.r.sample(pool, min(len(pool), self.r.randint(0, 3)))))
            out.append({"symbol": symbol, "title": title, "proponents": proponents,
                        "submitted": submitted, "status": self.r.choice(STATUSES),
                        "discussed_at": discussed,
                        "summary": self.paragraph(1, 3) if self.r.random() < 0.6 else ""})
        return out, documents

    def outreach(self, orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        n = _scaled(COUNTS["outreach"], self.scale)
        labels = [o["acronym"] or o["name"] for o in orgs]
        out = []
        for _ in range(n):
            y = self.year()
            roll = self.r.random()
            if roll < 0.8:
                start = self.day_in(y)
                when = start.isoformat()
                end = (date.fromordinal(start.toordinal() + self.r.randint(1, 4)).isoformat()
                       if self.r.random() < 0.1 else None)
            elif roll < 0.95:
                when, end = f"{y}-{self.r.randint(1, 12):02d}", None
            else:
                when, end = str(y), None
            title = (f"{self.r.choice(_EVENT_HEADS)} {self.words(2, 7)} "
                     f"({self.r.choice(_PLACES)})")
            partners = list(dict.fromkeys(self.r.choice(labels)
                                          for _ in range(self.r.randint(0, 3))))
            out.append({"date": when, "end_date": end, "kind": self.r.choice(OUTREACH_KINDS),
                        "title": title, "partners": partners,
                        "summary": self.paragraph(1, 3)})
        return out

    def contacts(self, orgs: list[dict[str, Any]], members: list[dict[str, Any]],
                 meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The contacts, and some presentations naming one (in ``meetings``, in place)."""
        r = random.Random(self.seed + 1)  # (their own stream: the rest stays as it was)
        owners = [m["name"] for m in members] + [o["acronym"] or o["name"] for o in orgs]
        n = _scaled(COUNTS["contacts"], self.scale)
        taken: set[tuple[str, str]] = set()
        out: list[dict[str, Any]] = []
        while len(out) < n:
            name = f"{r.choice(_FIRST)} {r.choice(_LAST)}"
            of = r.choice(owners)
            if (name, of) in taken:
                continue
            taken.add((name, of))
            local = name.lower().replace(" ", ".").encode("ascii", "ignore").decode()
            out.append({"name": name, "of": of, "title": r.choice(_TITLES),
                        "role": r.choice(CONTACT_ROLES),
                        "email": f"{local}@example.org" if r.random() < 0.8 else "",
                        "phone": f"+41 22 {r.randint(100, 999)} {r.randint(10, 99)} "
                                 f"{r.randint(10, 99)}" if r.random() < 0.5 else "",
                        "notes": self.words(3, 9) if r.random() < 0.3 else ""})
        out.sort(key=lambda c: (c["name"], c["of"]))
        of_owner: dict[str, list[str]] = {}
        for c in out:
            of_owner.setdefault(c["of"], []).append(c["name"])
        for m in meetings:
            for p in m["presentations"]:
                owner = p.get("member") or p["organization"]
                if owner in of_owner and r.random() < CONTACT_SHARE:
                    p["contact"] = {"name": r.choice(of_owner[owner]), "of": owner}
        return out

    def package_entries(self, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
        names = [m["name"] for m in members]
        out = []
        for year in range(2020, LAST_YEAR + 1):
            for annex in range(1, 7):
                out.append({"annex": annex, "year": year,
                            "members": sorted(set(self.r.sample(names,
                                                                min(len(names),
                                                                    self.r.randint(0, 8))))),
                            "summary": self.words(8, 20)})
        return out


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, Any]:
    """The archive dictionary for ``seed`` and ``scale`` (deterministic)."""
    g = _Gen(seed, scale)
    members = g.members()
    orgs = g.organizations()
    meetings, meeting_docs = g.meetings(orgs, members)
    proposals, proposal_docs = g.proposals(meetings, members, orgs)
    outreach = g.outreach(orgs)
    package = g.package_entries(members)
    contacts = g.contacts(orgs, members, meetings)
    founders = [{"symbol": "WT/MIN(17)/58/Rev.1", "title": "Joint Ministerial Statement on MSMEs",
                 "date": "2017-12-13", "kind": "ministerial"}]
    return {
        "format": "msmedesk-archive",
        "version": 1,
        "group": {
            "name": "Informal Working Group on MSMEs", "short_name": "MSME Group",
            "established": "2017-12-13", "established_by": "WT/MIN(17)/58/Rev.1",
            "founding_members": 88,
            "coordinators": [{"name": "H.E. Mr Matthew Wilson", "title": "Ambassador of Barbados",
                              "from": None, "to": None}],
        },
        "members": members,
        "organizations": orgs,
        "contacts": contacts,
        "documents": founders + meeting_docs + proposal_docs,
        "meetings": meetings,
        "proposals": proposals,
        "outreach": outreach,
        "package_entries": package,
    }


def write_archive(data: dict[str, Any], path: Path) -> None:
    """Write the archive as UTF-8 JSON (one stable byte form)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


def busiest_year(data: dict[str, Any]) -> int:
    """The year with the most meetings and outreach events."""
    counts: dict[int, int] = {}
    for m in data["meetings"]:
        counts[int(m["date"][:4])] = counts.get(int(m["date"][:4]), 0) + 1
    for e in data["outreach"]:
        counts[int(e["date"][:4])] = counts.get(int(e["date"][:4]), 0) + 1
    return max(counts, key=lambda y: (counts[y], y))


def msmedesk_command() -> list[str]:
    """How to run the msmedesk command line from this interpreter."""
    return [sys.executable, "-m", "msmedesk"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply every count (0.01 for a quick small set)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the archive to write")
    parser.add_argument("--db", type=Path, default=None,
                        help="the data file to import into (default: beside the archive, "
                             ".sqlite); it is replaced")
    parser.add_argument("--no-import", action="store_true", help="only write the archive")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    data = generate(args.seed, args.scale)
    write_archive(data, args.out)
    sizes = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    sizes["presentations"] = sum(len(m["presentations"]) for m in data["meetings"])
    sizes["spotlights"] = sum(len(m["spotlights"]) for m in data["meetings"])
    sizes["presentations naming a contact"] = sum(
        1 for m in data["meetings"] for p in m["presentations"] if "contact" in p)
    print(f"Wrote {args.out} ({args.out.stat().st_size / 2**20:.1f} MB) in "
          f"{time.perf_counter() - t0:.1f} s: {sizes}; busiest year {busiest_year(data)}.")
    if args.no_import:
        return 0
    db = args.db or args.out.with_suffix(".sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    done = subprocess.run([*msmedesk_command(), "import", str(args.out), "--db", str(db)])
    if done.returncode:
        return done.returncode
    print(f"Imported into {db} in {time.perf_counter() - t0:.1f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
