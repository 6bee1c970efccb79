"""The JSON archive (shared/archive-format.md): export everything, import all or nothing.

Import checks the whole archive first (every record, every reference, every clash with
what the data file already holds) and only then writes, in one transaction, with bulk
Core inserts. A record whose key already exists with the same content is left alone,
so importing the same archive twice changes nothing.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from msmedesk import symbol_rules, validation
from msmedesk.archive_file import (  # noqa: F401 (MAX_ARCHIVE_BYTES re-exported)
    MAX_ARCHIVE_BYTES,
    read_json,
)
from msmedesk.archive_file import ArchiveError as ArchiveError  # (callers catch it here)
from msmedesk.db.models import (
    CoordinatorRow,
    DiscussionRow,
    DocumentRow,
    GroupRow,
    MeetingRow,
    MemberRow,
    OrganizationRow,
    OutreachRow,
    PackageEntryRow,
    PackageMemberRow,
    PartnerRow,
    PresentationRow,
    ProponentRow,
    ProposalRow,
    SpotlightRow,
)
from msmedesk.domain import (
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
    sort_key,
)
from msmedesk.records import Services, write_group
from msmedesk.validation import FieldError

FORMAT = "msmedesk-archive"
VERSION = 1
SECTIONS = ("members", "organizations", "documents", "meetings", "proposals", "outreach",
            "package_entries")

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False cancels (and nothing is written)."""


class Cancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    """How many records of each section were added, and how many were already there."""

    added: dict[str, int]
    unchanged: dict[str, int]

    @property
    def total_added(self) -> int:
        """All records added."""
        return sum(self.added.values())


@dataclass
class RecordSet:
    """A whole record set as domain dataclasses (what an archive holds)."""

    group: GroupProfile | None
    members: list[Member]
    organizations: list[Organization]
    documents: list[Document]
    meetings: list[Meeting]
    proposals: list[Proposal]
    outreach: list[OutreachEvent]
    package_entries: list[PackageEntry]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an archive is read, parsed or written.

    An archive is millions of small objects that live until the import ends: making them
    keeps setting off full collections that walk all of them again and find nothing to
    free (records hold no cycles), about a tenth of a large import. Memory is still freed
    as usual (by reference counting); the collector resumes as it was, after one look at
    the young objects made meanwhile (left to it, each young generation's collection
    would walk all of them in turn).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.collect(1)
            gc.enable()


# ---------------------------------------------------------------- reading the file


def read_archive(path: Path) -> dict[str, Any]:
    """The archive's JSON, refusing what is not an archive with one plain sentence."""
    with _collector_paused():
        data = read_json(path)
    return check_header(data)


def check_header(data: Any) -> dict[str, Any]:
    """Refuse JSON that is not an archive of a version this program knows, or whose top
    level has a key twice or a key this program does not know."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError('This is not an msmedesk archive (its "format" is not '
                           f'"{FORMAT}").')
    version = data.get("version")
    # 1.0 is not the version 1 (type, not ==: 1.0 == 1 and True == 1 in Python).
    if type(version) is not int or version != VERSION:
        if isinstance(version, validation.HugeNumber):
            shown = f"a version number of {version.digits:,} digits"
        else:
            text = json.dumps(version)
            shown = "version " + validation.shown(text if len(text) < 40 else text[:30] + "…")
        raise ArchiveError(f"The archive has {shown}; this program reads version {VERSION} "
                           "only.")
    problems = validation.key_problems(data, "archive", "the archive")
    if problems:
        first = problems[0].message.replace("has ", "", 1)
        more = len(problems) - 1
        tail = f" (and {more} more such key{'s' if more > 1 else ''})" if more else ""
        raise ArchiveError(f"The archive has {first}{tail}; it was not imported (a misspelt "
                           "key would lose its value).", tuple(problems))
    for section in SECTIONS:
        if section in data and data[section] is not None and not isinstance(data[section],
                                                                            list):
            raise ArchiveError(f"{section}: must be a list.",
                               (FieldError(section, "must be a list"),))
    if data.get("group") is not None and not isinstance(data["group"], dict):
        raise ArchiveError("group: must be an object.", (FieldError("group", "must be an object"),))
    return data


def parse_archive(data: Mapping[str, Any]) -> RecordSet:
    """Every record of the archive as dataclasses, or ArchiveError naming every bad field."""
    with _collector_paused():
        return _parse_archive(data)


# The lists of objects inside an archive's objects, by the kind of the outer one.
_NESTED = {"meetings": ("presentations", "spotlights"), "group": ("coordinators",)}


def _parse_archive(data: Mapping[str, Any]) -> RecordSet:
    errors: list[FieldError] = []

    known = validation.ARCHIVE_KEYS
    key_problems = validation.key_problems

    def keys(raw: Mapping[str, Any], kind: str, where: str) -> None:
        # Every key known and none twice, told by one set operation in C; the nested
        # lists (a meeting's presentations and spotlights, the Coordinators) likewise.
        if not known[kind].issuperset(raw):
            errors.extend(key_problems(raw, kind, where))
        for inner in _NESTED.get(kind, ()):
            items = raw.get(inner)
            if not items or not isinstance(items, list):
                continue
            inner_known = known[inner]
            for j, item in enumerate(items):
                if isinstance(item, dict) and not inner_known.issuperset(item):
                    errors.extend(key_problems(item, inner, f"{where}.{inner}[{j}]"))

    def section(name: str, parse: Callable[[Mapping[str, Any], str], Any]) -> list[Any]:
        out = []
        for i, raw in enumerate(data.get(name) or []):
            where = f"{name}[{i}]"
            if not isinstance(raw, validation.MAPPING):
                errors.append(FieldError("", "must be an object", where))
                continue
            keys(raw, name, where)
            value, problems = parse(raw, where)
            errors.extend(problems)
            if value is not None:
                out.append(value)
        return out

    group = None
    if data.get("group") is not None:
        keys(data["group"], "group", "group")
        group, problems = validation.parse_group(data["group"], "group")
        errors.extend(problems)
    records = RecordSet(
        group=group,
        members=section("members", validation.parse_member),
        organizations=section("organizations", validation.parse_organization),
        documents=section("documents", validation.parse_document),
        meetings=section("meetings", validation.parse_meeting),
        proposals=section("proposals", validation.parse_proposal),
        outreach=section("outreach", validation.parse_outreach),
        package_entries=section("package_entries", validation.parse_package_entry),
    )
    errors.extend(_duplicates(records))
    if errors:
        raise _rejected(errors)
    return records


def _rejected(errors: list[FieldError]) -> ArchiveError:
    first = str(errors[0])
    more = len(errors) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return ArchiveError(f"The archive was not imported: {first}{tail}.", tuple(errors))


def _duplicates(records: RecordSet) -> list[FieldError]:
    errors: list[FieldError] = []

    def unique(section: str, field: str, keys: list[Any]) -> None:
        seen: dict[Any, int] = {}
        for i, key in enumerate(keys):
            if key is None:
                continue
            if key in seen:
                errors.append(FieldError(field, f"{_show(key)} is also in {section}[{seen[key]}]",
                                         f"{section}[{i}]"))
            else:
                seen[key] = i

    unique("members", "name", [m.name for m in records.members])
    unique("organizations", "name", [o.name for o in records.organizations])
    unique("organizations", "acronym", [o.acronym for o in records.organizations])
    unique("documents", "symbol", [d.symbol for d in records.documents])
    unique("meetings", "date", [(m.date, m.kind) for m in records.meetings])
    unique("proposals", "symbol", [p.symbol for p in records.proposals])
    return errors


def _show(key: Any) -> str:
    if isinstance(key, tuple) and key and isinstance(key[0], date):
        return f"the {key[1]} meeting of {key[0].isoformat()}"
    return f'"{key}"'


# ---------------------------------------------------------------- the data file's records


def _columns(table: Any) -> Any:
    """SELECT every column of ``table``: rows that read like the ORM objects (``r.name``)
    but are plain tuples; building 300,000 ORM objects cost seconds of an export."""
    return select(*table.__table__.columns)


def load_records(session: Session) -> RecordSet:
    """Every record of the data file, in bulk (a handful of queries whatever the size)."""
    orgs = {r.id: r for r in session.execute(_columns(OrganizationRow))}
    org_label = {i: (r.acronym or r.name) for i, r in orgs.items()}
    member_rows = list(session.execute(_columns(MemberRow)))
    member_name = {r.id: r.name for r in member_rows}
    doc_rows = list(session.execute(_columns(DocumentRow)))
    symbol = {r.id: r.symbol for r in doc_rows}

    talks: dict[int, list[Presentation]] = {}
    for r in session.execute(_columns(PresentationRow).order_by(PresentationRow.meeting_id,
                                                              PresentationRow.position)):
        talks.setdefault(r.meeting_id, []).append(Presentation(
            speaker=r.speaker, organization=org_label.get(r.organization_id),
            topic=r.topic, member=member_name.get(r.member_id)))
    spots: dict[int, list[Spotlight]] = {}
    for r in session.execute(_columns(SpotlightRow).order_by(SpotlightRow.meeting_id,
                                                           SpotlightRow.position)):
        spots.setdefault(r.meeting_id, []).append(Spotlight(
            business=r.business, person=r.person, country=r.country,
            introduced_by=r.introduced_by, description=r.description))
    meeting_rows = list(session.execute(_columns(MeetingRow)))
    meeting_date = {r.id: date.fromisoformat(r.date) for r in meeting_rows}
    proposal_rows = list(session.execute(_columns(ProposalRow)))
    proposal_symbol = {r.id: symbol[r.document_id] for r in proposal_rows}
    discussed: dict[int, list[date]] = {}
    discussed_by_meeting: dict[int, list[str]] = {}
    for pid, mid in session.execute(select(DiscussionRow.proposal_id, DiscussionRow.meeting_id)):
        discussed.setdefault(pid, []).append(meeting_date[mid])
        discussed_by_meeting.setdefault(mid, []).append(proposal_symbol[pid])
    proponents: dict[int, list[str]] = {}
    for r in session.execute(_columns(ProponentRow).order_by(ProponentRow.proposal_id,
                                                           ProponentRow.position)):
        proponents.setdefault(r.proposal_id, []).append(
            member_name[r.member_id] if r.member_id else org_label[r.organization_id])
    partners: dict[int, list[str]] = {}
    for r in session.execute(_columns(PartnerRow).order_by(PartnerRow.event_id,
                                                         PartnerRow.position)):
        partners.setdefault(r.event_id, []).append(org_label[r.organization_id])
    package_members: dict[int, list[str]] = {}
    for r in session.execute(_columns(PackageMemberRow).order_by(PackageMemberRow.entry_id,
                                                               PackageMemberRow.position)):
        package_members.setdefault(r.entry_id, []).append(member_name[r.member_id])

    pd = cache(PartialDate.parse)  # dates repeat; PartialDate is immutable
    return RecordSet(
        group=_group(session),
        members=sorted((Member(name=r.name, list_name=r.list_name, sort_name=r.sort_name,
                               prose_name=r.prose_name, counts_as=r.counts_as,
                               joined=pd(r.joined) if r.joined else None,
                               left=pd(r.left_date) if r.left_date else None, notes=r.notes)
                        for r in member_rows), key=lambda m: (sort_key(m.sort_label), m.name)),
        organizations=sorted((Organization(name=r.name, acronym=r.acronym,
                                           network_member_since=pd(r.network_member_since)
                                           if r.network_member_since else None)
                              for r in orgs.values()), key=lambda o: o.name),
        documents=sorted((Document(symbol=r.symbol, title=r.title,
                                   date=date.fromisoformat(r.date) if r.date else None,
                                   kind=r.kind, url=r.url) for r in doc_rows),
                         key=lambda d: d.symbol),
        meetings=sorted((Meeting(date=meeting_date[r.id], kind=r.kind,
                                 convening_notice=symbol.get(r.convening_notice_id),
                                 summary_document=symbol.get(r.summary_document_id),
                                 summary=r.summary, presentations=tuple(talks.get(r.id, ())),
                                 spotlights=tuple(spots.get(r.id, ())),
                                 proposals=tuple(sorted(discussed_by_meeting.get(r.id, ()))))
                         for r in meeting_rows), key=lambda m: (m.date, m.kind)),
        proposals=sorted((Proposal(symbol=proposal_symbol[r.id], title=r.title,
                                   proponents=tuple(proponents.get(r.id, ())),
                                   submitted=pd(r.submitted) if r.submitted else None,
                                   status=r.status,
                                   discussed_at=tuple(sorted(set(discussed.get(r.id, ())))),
                                   summary=r.summary) for r in proposal_rows),
                         key=lambda p: p.symbol),
        outreach=sorted((OutreachEvent(date=pd(r.date), title=r.title,
                                       end_date=pd(r.end_date) if r.end_date else None,
                                       kind=r.kind, partners=tuple(partners.get(r.id, ())),
                                       summary=r.summary)
                         for r in session.execute(_columns(OutreachRow))), key=_content_key),
        package_entries=sorted((PackageEntry(annex=r.annex, year=r.year,
                                             members=tuple(package_members.get(r.id, ())),
                                             summary=r.summary)
                                for r in session.execute(_columns(PackageEntryRow))),
                               key=_content_key),
    )


def _group(session: Session) -> GroupProfile | None:
    from msmedesk.domain import Coordinator

    row = session.get(GroupRow, 1)
    if row is None:
        return None
    coordinators = tuple(
        Coordinator(name=c.name, title=c.title,
                    start=PartialDate.parse(c.start_date) if c.start_date else None,
                    end=PartialDate.parse(c.end_date) if c.end_date else None)
        for c in session.scalars(select(CoordinatorRow).order_by(CoordinatorRow.position)))
    return GroupProfile(name=row.name, short_name=row.short_name,
                        established=date.fromisoformat(row.established)
                        if row.established else None,
                        established_by=row.established_by, established_at=row.established_at,
                        founding_members=row.founding_members, coordinators=coordinators)


def _content_key(record: object) -> tuple[Any, ...]:
    # Outreach events and package entries have no natural key: order (and match) them
    # by their whole content, so export order is stable across files.
    # (As a plain ``type``: mypy takes ``type[object]`` for unhashable, which a class is not.)
    kind: type = type(record)
    return tuple("" if v is None else str(v) for v in (getattr(record, name)
                                                       for name in _content_fields(kind)))


@cache
def _content_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "id")


# ---------------------------------------------------------------- export


def _partial(value: PartialDate | None) -> str | None:
    return value.iso() if value else None


def to_json(records: RecordSet) -> dict[str, Any]:
    """The archive dictionary of a record set."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    g = records.group
    if g is not None:
        out["group"] = {
            "name": g.name, "short_name": g.short_name,
            "established": g.established.isoformat() if g.established else None,
            "established_by": g.established_by, "founding_members": g.founding_members,
            "coordinators": [{"name": c.name, "title": c.title, "from": _partial(c.start),
                              "to": _partial(c.end)} for c in g.coordinators],
        }
        if g.established_at:
            out["group"]["established_at"] = g.established_at
    out["members"] = [{"name": m.name, "list_name": m.list_name or m.name,
                       "sort_name": m.sort_name or m.name, "prose_name": m.prose_name or m.name,
                       "counts_as": m.counts_as, "joined": _partial(m.joined),
                       "left": _partial(m.left), "notes": m.notes} for m in records.members]
    out["organizations"] = [{"acronym": o.acronym, "name": o.name,
                             "network_member_since": _partial(o.network_member_since)}
                            for o in records.organizations]
    docs = []
    for d in records.documents:
        doc: dict[str, Any] = {"symbol": d.symbol, "title": d.title,
                               "date": d.date.isoformat() if d.date else None, "kind": d.kind}
        if d.url:
            doc["url"] = d.url
        docs.append(doc)
    out["documents"] = docs
    out["meetings"] = [{
        "date": m.date.isoformat(), "kind": m.kind, "convening_notice": m.convening_notice,
        "summary_document": m.summary_document, "summary": m.summary,
        "presentations": [_presentation(p) for p in m.presentations],
        "spotlights": [{"business": s.business, "person": s.person, "country": s.country,
                        "introduced_by": s.introduced_by, "description": s.description}
                       for s in m.spotlights],
    } for m in records.meetings]
    out["proposals"] = [{"symbol": p.symbol, "title": p.title, "proponents": list(p.proponents),
                         "submitted": _partial(p.submitted), "status": p.status,
                         "discussed_at": [d.isoformat() for d in p.discussed_at],
                         "summary": p.summary} for p in records.proposals]
    out["outreach"] = [{"date": e.date.iso(), "end_date": _partial(e.end_date), "kind": e.kind,
                        "title": e.title, "partners": list(e.partners), "summary": e.summary}
                       for e in records.outreach]
    out["package_entries"] = [{"annex": p.annex, "year": p.year, "members": list(p.members),
                               "summary": p.summary} for p in records.package_entries]
    return out


def _presentation(p: Presentation) -> dict[str, Any]:
    out: dict[str, Any] = {"speaker": p.speaker, "organization": p.organization or "",
                           "topic": p.topic}
    if p.member:
        out["member"] = p.member
    return out


def export_archive(services: Services, path: Path, *, replace: bool = False,
                   proceed: Callable[[], bool] | None = None) -> dict[str, int]:
    """Write every record to ``path`` (atomically) and return the counts per section.

    An existing ``path`` is replaced only with ``replace``; ``proceed``, asked once the
    archive is written but before it is put in place, may still stop it (``Cancelled``).
    """
    from msmedesk.safe_write import DestinationRefused, WriteCancelled, write_atomically

    with services.sessions() as session:
        records = load_records(session)
    data = to_json(records)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    try:
        # Every record of the office: readable by the user only, like the data file.
        write_atomically(Path(path), write, replace=replace, private=True, proceed=proceed)
    except WriteCancelled:
        raise Cancelled() from None
    except DestinationRefused as exc:
        raise ArchiveError(str(exc)) from None
    except OSError as exc:
        raise ArchiveError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    return {s: len(data[s]) for s in SECTIONS}


# ---------------------------------------------------------------- import


def import_archive(services: Services, path: Path, progress: Progress | None = None
                   ) -> ImportResult:
    """Check the whole archive at ``path``, then write all of it or nothing."""
    return import_data(services, read_archive(path), progress)


def sample_path() -> Path:
    """The archive of the 2024 sample records shipped in resources/."""
    return Path(str(resources.files("msmedesk") / "resources" / "sample-2024.json"))


def import_data(services: Services, data: Mapping[str, Any], progress: Progress | None = None,
                records: RecordSet | None = None) -> ImportResult:
    """Import an archive dictionary (already read) all or nothing.

    ``records`` is ``parse_archive(data)`` when the caller has already parsed it.
    """
    check_header(data)
    with _collector_paused():
        incoming = _parse_archive(data) if records is None else records
        with services.sessions.begin() as session:
            existing = load_records(session)
            incoming = _canonical(incoming, existing)
            plan = _plan(incoming, existing)
            _write(session, plan, existing, progress)

    def unchanged(section: str) -> int:
        # The archive's records that are not being added (the plan may also hold
        # documents the importer adds for symbols that meetings and proposals use).
        adding = {id(x) for x in plan[section]}
        return sum(1 for x in getattr(incoming, section) if id(x) not in adding)

    return ImportResult(added={k: len(v) for k, v in plan.items() if k != "group"},
                        unchanged={k: unchanged(k) for k in plan if k != "group"})


def _canonical(incoming: RecordSet, existing: RecordSet) -> RecordSet:
    """The archive's records with every organization named as the data file names it.

    An organization may be referred to by its acronym or by its name; the data file gives
    it back by its label (the acronym, else the name). Without this, an archive that used
    the name would differ from what it had written before, and importing it twice would be
    refused or would add its outreach events again.
    """
    orgs = (*existing.organizations, *incoming.organizations)
    label: dict[str, str] = {}
    for o in orgs:
        label.setdefault(o.name, o.acronym or o.name)
    for o in orgs:
        if o.acronym:  # acronyms win over names when a label could be either
            label[o.acronym] = o.acronym
    members = {m.name for m in existing.members} | {m.name for m in incoming.members}
    # Only these names change; a record that uses none of them is kept as it is (most
    # are, and a look at each name costs less than building its replacement).
    renamed = {name: to for name, to in label.items() if to != name}.keys()

    def org(name: str) -> str:
        return label.get(name, name)

    def presentation(p: Presentation) -> Presentation:
        if p.organization and org(p.organization) != p.organization:
            return replace(p, organization=org(p.organization))
        return p

    def meeting(m: Meeting) -> Meeting:
        if renamed.isdisjoint([p.organization for p in m.presentations]):
            return m
        talks = tuple(presentation(p) for p in m.presentations)
        return m if talks == m.presentations else replace(m, presentations=talks)

    def proposal(p: Proposal) -> Proposal:
        if renamed.isdisjoint(p.proponents):
            return p
        names = tuple(n if n in members else org(n) for n in p.proponents)
        return p if names == p.proponents else replace(p, proponents=names)

    def event(e: OutreachEvent) -> OutreachEvent:
        if renamed.isdisjoint(e.partners):
            return e
        names = tuple(org(n) for n in e.partners)
        return e if names == e.partners else replace(e, partners=names)

    return replace(
        incoming,
        meetings=[meeting(m) for m in incoming.meetings],
        proposals=[proposal(p) for p in incoming.proposals],
        outreach=[event(e) for e in incoming.outreach],
    )


def _plan(incoming: RecordSet, existing: RecordSet) -> dict[str, list[Any]]:
    """What to add, after refusing clashes and dangling references."""
    errors: list[FieldError] = []

    def keyed(section: str, items: list[Any], old: list[Any], key: Callable[[Any], Any],
              norm: Callable[[Any], Any]) -> list[Any]:
        # ``norm`` gives the content that must match: a record whose key exists is
        # identical when the normalised forms are equal.
        have = {key(x): x for x in old}
        if not have:
            return list(items)  # into an empty file: all of them
        new = []
        for i, item in enumerate(items):
            found = have.get(key(item))
            if found is None:
                new.append(item)
            elif norm(found) != norm(item):
                was, now = norm(found), norm(item)
                diff = [f.name for f in fields(item) if f.name not in ("id", "proposals")
                        and getattr(was, f.name) != getattr(now, f.name)]
                errors.append(FieldError(diff[0] if diff else "", f"{_show(key(item))} is "
                                         "already in the data file with other content ("
                                         + ", ".join(diff) + " differ)", f"{section}[{i}]"))
        return new

    def plain(x: Any) -> Any:
        return replace(x, id=None)

    def member(m: Member) -> Member:
        # An empty list/sort/prose name means "the name": the export writes it out, so an
        # exported member must match the same member stored with the defaults.
        return replace(m, id=None, list_name=m.list_label, sort_name=m.sort_label,
                       prose_name=m.prose_label)

    new_members = keyed("members", incoming.members, existing.members, lambda m: m.name, member)
    new_orgs = keyed("organizations", incoming.organizations, existing.organizations,
                     lambda o: o.name, plain)
    errors += _name_clashes(incoming, existing, new_members, new_orgs)
    taken_acronyms = {o.acronym: o.name for o in existing.organizations if o.acronym}
    for i, o in enumerate(incoming.organizations):
        if o.acronym in taken_acronyms and o in new_orgs:
            errors.append(FieldError("acronym", f'"{o.acronym}" is already used by '
                                     f'"{taken_acronyms[o.acronym]}" in the data file',
                                     f"organizations[{i}]"))
    new_docs = keyed("documents", incoming.documents, existing.documents, lambda d: d.symbol,
                     plain)
    new_meetings = keyed("meetings", incoming.meetings, existing.meetings,
                         lambda m: (m.date, m.kind), lambda m: replace(m, id=None, proposals=()))
    new_proposals = keyed("proposals", incoming.proposals, existing.proposals,
                          lambda p: p.symbol, plain)
    new_outreach = _unmatched(incoming.outreach, existing.outreach)
    new_package = _unmatched(incoming.package_entries, existing.package_entries)
    group: list[GroupProfile] = []
    if incoming.group is not None:
        if existing.group is None:
            group = [incoming.group]
        elif existing.group != incoming.group:
            errors.append(FieldError("", "differs from the Group's profile already in the data "
                                     "file", "group"))

    # References, against what the file has plus what the archive brings.
    members = {m.name for m in existing.members} | {m.name for m in incoming.members}
    orgs = ({o.name for o in existing.organizations} | {o.name for o in incoming.organizations}
            | {o.acronym for o in existing.organizations if o.acronym}
            | {o.acronym for o in incoming.organizations if o.acronym})
    meeting_dates = {m.date for m in existing.meetings} | {m.date for m in incoming.meetings}
    proposals = {p.symbol for p in existing.proposals} | {p.symbol for p in incoming.proposals}
    for i, m in enumerate(incoming.meetings):
        for j, p in enumerate(m.presentations):
            if p.organization and p.organization not in orgs:
                errors.append(FieldError(f"presentations[{j}].organization",
                                         f'"{p.organization}" is not an organization of the '
                                         "archive or the data file", f"meetings[{i}]"))
            if p.member and p.member not in members:
                errors.append(FieldError(f"presentations[{j}].member",
                                         f'"{p.member}" is not a Member of the archive or the '
                                         "data file", f"meetings[{i}]"))
        for j, s in enumerate(m.proposals):
            if s not in proposals:
                errors.append(FieldError(f"proposals[{j}]", f"{s} is not a proposal of the "
                                         "archive or the data file", f"meetings[{i}]"))
    # A convening notice or summary belongs to one meeting (or to the meetings of one day).
    position = {id(m): i for i, m in enumerate(incoming.meetings)}
    for i, name, pair in symbol_rules.shared_by_new(
            ((position[id(m)], m) for m in new_meetings), existing.meetings):
        errors.append(FieldError(name, pair.sentence(), f"meetings[{i}]"))
    for i, proposal in enumerate(incoming.proposals):
        for j, name in enumerate(proposal.proponents):
            if name not in members and name not in orgs:
                errors.append(FieldError(f"proponents[{j}]", f'"{name}" is not a Member or '
                                         "organization of the archive or the data file",
                                         f"proposals[{i}]"))
            elif name in proposal.proponents[:j]:
                # An organization named once by acronym and once by name.
                errors.append(FieldError(f"proponents[{j}]", f'"{name}" is listed twice (by '
                                         "its name and by its acronym)", f"proposals[{i}]"))
        for j, when in enumerate(proposal.discussed_at):
            if when not in meeting_dates:
                errors.append(FieldError(f"discussed_at[{j}]", f"there is no meeting on "
                                         f"{when.isoformat()} in the archive or the data file",
                                         f"proposals[{i}]"))
    for i, e in enumerate(incoming.outreach):
        if orgs.issuperset(e.partners) and len(set(e.partners)) == len(e.partners):
            continue  # (the common case, told without a loop per partner)
        for j, name in enumerate(e.partners):
            if name not in orgs:
                errors.append(FieldError(f"partners[{j}]", f'"{name}" is not an organization of '
                                         "the archive or the data file", f"outreach[{i}]"))
            elif name in e.partners[:j]:
                errors.append(FieldError(f"partners[{j}]", f'"{name}" is listed twice (by its '
                                         "name and by its acronym)", f"outreach[{i}]"))
    for i, entry in enumerate(incoming.package_entries):
        for j, name in enumerate(entry.members):
            if name not in members:
                errors.append(FieldError(f"members[{j}]", f'"{name}" is not a Member of the '
                                         "archive or the data file", f"package_entries[{i}]"))
    if errors:
        raise _rejected(errors)
    # Symbols that meetings and proposals use without listing them become documents.
    known = {d.symbol for d in existing.documents} | {d.symbol for d in new_docs}
    for m in new_meetings:
        for symbol, kind in ((m.convening_notice, "convening-notice"),
                             (m.summary_document, "summary-report")):
            if symbol and symbol not in known:
                new_docs.append(Document(symbol=symbol, kind=kind))
                known.add(symbol)
    for p in new_proposals:
        if p.symbol not in known:
            new_docs.append(Document(symbol=p.symbol, kind="working-document"))
            known.add(p.symbol)
    return {"group": group, "members": new_members, "organizations": new_orgs,
            "documents": new_docs, "meetings": new_meetings, "proposals": new_proposals,
            "outreach": new_outreach, "package_entries": new_package}


def _name_clashes(incoming: RecordSet, existing: RecordSet, new_members: list[Member],
                  new_orgs: list[Organization]) -> list[FieldError]:
    """A Member's name, an organization's name and an acronym each name one record only.

    A proponent, partner or speaker's organization is named by such a label: were it two
    records' label, the link would silently go to one of them (and move when the archive
    is read again). Labels are claimed in the order the records come (the data file's,
    then the archive's members, then its organizations); a new record whose label is
    already another record's is refused, naming that one. A label twice in one field
    (two Members "Canada") is the duplicates' check, not this one.
    """
    owner: dict[str, tuple[str, int, str, str]] = {}  # label -> field, record, what, where
    errors: list[FieldError] = []
    adding = {id(x) for x in chain(new_members, new_orgs)}

    def claim(label: str | None, field: str, record: Any, what: str, where: str,
              report: str | None) -> None:
        if not label:
            return
        first = owner.get(label)
        if first is None:
            owner[label] = (field, id(record), what, where)
        elif report is not None and first[1] != id(record) and first[0] != field:
            errors.append(FieldError(field.split(":")[1], f'"{label}" is {first[2]} '
                                     f"({first[3]}); one name cannot stand for two records",
                                     report))

    def member(m: Member, where: str, report: str | None) -> None:
        claim(m.name, "member:name", m, f'the name of the Member "{m.name}"', where, report)

    def organization(o: Organization, where: str, report: str | None) -> None:
        claim(o.name, "organization:name", o, f'the name of the organization "{o.name}"',
              where, report)
        claim(o.acronym, "organization:acronym", o,
              f'the acronym of the organization "{o.name}"', where, report)

    for m in existing.members:
        member(m, "in the data file", None)
    for o in existing.organizations:
        organization(o, "in the data file", None)
    for i, m in enumerate(incoming.members):
        member(m, f"members[{i}]", f"members[{i}]" if id(m) in adding else None)
    for i, o in enumerate(incoming.organizations):
        organization(o, f"organizations[{i}]",
                     f"organizations[{i}]" if id(o) in adding else None)
    return errors


def _unmatched(incoming: list[Any], existing: list[Any]) -> list[Any]:
    """The records of ``incoming`` that ``existing`` does not already hold, matched by
    their whole content (outreach events and package entries have no natural key) and
    counted: two equal events in the archive and one in the file add one."""
    if not existing:
        return list(incoming)  # (into an empty file: no content keys to build)
    have = Counter(_content_key(x) for x in existing)
    new = []
    for x in incoming:
        k = _content_key(x)
        if have[k]:
            have[k] -= 1
        else:
            new.append(x)
    return new


def _write(session: Session, plan: dict[str, list[Any]], existing: RecordSet,
           progress: Progress | None) -> None:
    total = sum(len(v) for v in plan.values())
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None and progress(done, total) is False:
            # Raising inside the transaction rolls every insert back.
            raise Cancelled("The import was cancelled; nothing was written.")

    connection = session.connection()
    large = connection.dialect.name == "sqlite" and total > max(
        1000, sum(len(getattr(existing, section)) for section in SECTIONS))
    with _bulk_load(connection) if large else nullcontext():
        _insert(session, plan, existing, tick)


@contextmanager
def _bulk_load(connection: Connection) -> Iterator[None]:
    """SQLite set up for a large import into a small file, inside its transaction.

    SQLite builds an index faster from the finished table than row by row: the secondary
    indexes are dropped and made again from their own SQL before the transaction commits
    (a failure rolls both back). A page cache of 64 MB instead of SQLite's 2 MB keeps the
    new rows in memory until the commit and sorts those indexes in memory rather than in
    temporary files; the connection's own cache size comes back afterwards.
    """
    # Python's sqlite3 opens its transaction before the first row written, not before a
    # DROP INDEX: without this BEGIN the drops were committed at once, and an import
    # cancelled or refused by the database left the file without its indexes.
    driver = connection.connection.driver_connection
    assert driver is not None  # (an open connection has its sqlite3 connection)
    if not driver.in_transaction:
        connection.exec_driver_sql("BEGIN")
    cache_size = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql("PRAGMA cache_size = -65536")  # in KiB
    try:
        indexes = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).all()
        for name, _sql in indexes:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _name, sql in indexes:
            connection.exec_driver_sql(sql)
    finally:
        if not connection.invalidated:  # (else the failure that closed it is the news)
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")


def _insert(session: Session, plan: dict[str, list[Any]], existing: RecordSet,
            tick: Callable[[int], None]) -> None:
    def next_id(table: Any) -> int:
        return int(session.scalar(select(func.coalesce(func.max(table.id), 0))) or 0) + 1

    connection = session.connection()
    style = connection.dialect.paramstyle

    def bulk(table: Any, columns: str, rows: list[tuple[Any, ...]]) -> None:
        # One plain executemany per chunk, straight to the driver: the ORM's bulk path
        # splits the rows into many small batches and SQLAlchemy's per-row parameter
        # handling costs more than the database's own work. Rows are built as tuples in
        # the order of ``columns`` (names of ours, never user text). Chunks keep memory
        # flat and let a progress dialog move and cancel.
        if not rows:
            return
        keys = columns.split()
        into = f"INSERT INTO {table.__tablename__} ({', '.join(keys)}) VALUES "
        one_row = f"({', '.join('?' * len(keys))})"
        # SQLite's driver: each statement writes `per` rows (their values one flat tuple):
        # SQLite's own work per statement (start, constraint bookkeeping, reset) and the
        # driver's per-statement loop are then paid once for 50 rows, which more than
        # halves the time of the inserts (well below SQLite's limit of 32,766 values).
        per = 50
        many = into + ", ".join([one_row] * per)
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            if style == "qmark":
                whole = len(chunk) - len(chunk) % per
                if whole:
                    connection.exec_driver_sql(many, [
                        tuple(chain.from_iterable(chunk[i:i + per]))
                        for i in range(0, whole, per)])
                if whole < len(chunk):
                    connection.exec_driver_sql(
                        into + ", ".join([one_row] * (len(chunk) - whole)),
                        tuple(chain.from_iterable(chunk[whole:])))
                continue
            # Any other driver: SQLAlchemy's insert() with named parameters.
            session.execute(insert(table.__table__),
                            [dict(zip(keys, r, strict=True)) for r in chunk])

    if plan["group"]:
        write_group(session, plan["group"][0])

    member_id = dict(session.execute(select(MemberRow.name, MemberRow.id)).all())
    first = next_id(MemberRow)
    rows: list[tuple[Any, ...]] = []
    for n, m in enumerate(plan["members"], first):
        member_id[m.name] = n
        rows.append((n, m.name, m.list_name, m.sort_name, m.prose_name, sort_key(m.sort_label),
                     m.counts_as, _partial(m.joined), _partial(m.left), m.notes))
    bulk(MemberRow, "id name list_name sort_name prose_name sort_key counts_as joined "
                    "left_date notes", rows)
    tick(len(rows))

    org_id: dict[str, int] = {}
    for i, name, acronym in session.execute(select(OrganizationRow.id, OrganizationRow.name,
                                                   OrganizationRow.acronym)):
        org_id[name] = i
        if acronym:
            org_id.setdefault(acronym, i)
    first = next_id(OrganizationRow)
    rows = []
    for n, o in enumerate(plan["organizations"], first):
        org_id[o.name] = n
        rows.append((n, o.name, o.acronym, _partial(o.network_member_since)))
    bulk(OrganizationRow, "id name acronym network_member_since", rows)
    # Acronyms win over names when a label could be either.
    for o in plan["organizations"]:
        if o.acronym:
            org_id[o.acronym] = org_id[o.name]
    for o in existing.organizations:
        if o.acronym:
            org_id[o.acronym] = org_id[o.name]
    tick(len(rows))

    doc_id = dict(session.execute(select(DocumentRow.symbol, DocumentRow.id)).all())
    first = next_id(DocumentRow)
    rows = []
    for n, d in enumerate(plan["documents"], first):
        doc_id[d.symbol] = n
        rows.append((n, d.symbol, d.title, d.date.isoformat() if d.date else None, d.kind,
                     d.url))
    bulk(DocumentRow, "id symbol title date kind url", rows)
    tick(len(rows))

    meeting_ids: dict[date, list[tuple[str, int]]] = {}
    for i, d, k in session.execute(select(MeetingRow.id, MeetingRow.date, MeetingRow.kind)):
        meeting_ids.setdefault(date.fromisoformat(d), []).append((k, i))
    first = next_id(MeetingRow)
    rows, talks, spots = [], [], []
    for mid, m in enumerate(plan["meetings"], first):
        meeting_ids.setdefault(m.date, []).append((m.kind, mid))
        rows.append((mid, m.date.isoformat(), m.kind, doc_id.get(m.convening_notice or ""),
                     doc_id.get(m.summary_document or ""), m.summary))
        talks += [(mid, i, p.speaker, org_id[p.organization] if p.organization else None,
                   member_id[p.member] if p.member else None, p.topic)
                  for i, p in enumerate(m.presentations)]
        spots += [(mid, i, s.business, s.person, s.country, s.introduced_by, s.description)
                  for i, s in enumerate(m.spotlights)]
    bulk(MeetingRow, "id date kind convening_notice_id summary_document_id summary", rows)
    bulk(PresentationRow, "meeting_id position speaker organization_id member_id topic", talks)
    bulk(SpotlightRow, "meeting_id position business person country introduced_by "
                       "description", spots)
    tick(len(rows))

    def meeting_on(day: date) -> int:
        # A proposal names a meeting by its date; prefer the open-ended one of that day.
        options = sorted(meeting_ids[day], key=lambda kv: kv[0] != "open-ended")
        return options[0][1]

    proposal_id = dict(session.execute(
        select(DocumentRow.symbol, ProposalRow.id).join(ProposalRow,
                                                        ProposalRow.document_id == DocumentRow.id)
    ).all())
    first = next_id(ProposalRow)
    rows, proponents, discussions = [], [], set()
    for pid, p in enumerate(plan["proposals"], first):
        proposal_id[p.symbol] = pid
        rows.append((pid, doc_id[p.symbol], p.title, _partial(p.submitted), p.status,
                     p.summary))
        for i, name in enumerate(p.proponents):
            is_member = name in member_id
            proponents.append((pid, i, member_id[name] if is_member else None,
                               None if is_member else org_id[name]))
        discussions |= {(pid, meeting_on(day)) for day in p.discussed_at}
    for m in plan["meetings"]:
        if m.proposals:
            mid = (meeting_on(m.date) if m.kind == "open-ended"
                   else dict(meeting_ids[m.date])[m.kind])
            discussions |= {(proposal_id[s], mid) for s in m.proposals}
    bulk(ProposalRow, "id document_id title submitted status summary", rows)
    bulk(ProponentRow, "proposal_id position member_id organization_id", proponents)
    known_links = {(p, m) for p, m in session.execute(select(DiscussionRow.proposal_id,
                                                            DiscussionRow.meeting_id))}
    bulk(DiscussionRow, "proposal_id meeting_id", sorted(discussions - known_links))
    tick(len(rows))

    first = next_id(OutreachRow)
    rows, partners = [], []
    for eid, e in enumerate(plan["outreach"], first):
        rows.append((eid, e.date.iso(), _partial(e.end_date), e.kind, e.title, e.summary))
        partners += [(eid, o, i) for i, o in enumerate(dict.fromkeys([org_id[p]
                                                                       for p in e.partners]))]
        if len(rows) >= 5000:
            bulk(OutreachRow, "id date end_date kind title summary", rows)
            bulk(PartnerRow, "event_id organization_id position", partners)
            tick(len(rows))
            rows, partners = [], []
    bulk(OutreachRow, "id date end_date kind title summary", rows)
    bulk(PartnerRow, "event_id organization_id position", partners)
    tick(len(rows))

    first = next_id(PackageEntryRow)
    rows, members = [], []
    for eid, p in enumerate(plan["package_entries"], first):
        rows.append((eid, p.annex, p.year, p.summary))
        members += [(eid, member_id[name], i) for i, name in enumerate(dict.fromkeys(p.members))]
    bulk(PackageEntryRow, "id annex year summary", rows)
    bulk(PackageMemberRow, "entry_id member_id position", members)
    tick(len(rows))
