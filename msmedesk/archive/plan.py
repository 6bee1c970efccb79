"""Planning an import: what the archive adds, after refusing clashes with the data file
and references to records neither holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from itertools import chain
from typing import Any

from msmedesk import symbol_rules
from msmedesk.archive.parse import rejected, show_key
from msmedesk.archive.record_set import SECTIONS, RecordSet, content_key, identity
from msmedesk.archive.saved import plan_saved
from msmedesk.domain import (
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    Presentation,
    Proposal,
)
from msmedesk.registry import Field, RecordType, RowType, by_key, by_section
from msmedesk.validation import FieldError


def canonical(incoming: RecordSet, existing: RecordSet) -> RecordSet:
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

    def owner(name: str) -> str:
        return name if name in members else org(name)

    changed: dict[str, list[Any]] = {"meetings": [meeting(m) for m in incoming.meetings],
               "proposals": [proposal(p) for p in incoming.proposals],
               "outreach": [event(e) for e in incoming.outreach]}
    # The fields of any type that name a Member or organization, or a record that one of
    # them identifies (a record a presentation names), name it as the data file does.
    for section in SECTIONS if renamed else ():
        rename = _owner_renamer(by_section(section), owner, renamed)
        if rename is not None:
            changed[section] = [rename(r) for r in changed.get(section,
                                                               incoming.section(section))]
    return incoming.replace(**changed)


Renamer = Callable[[Any], Any]


def _owner_renamer(declared: RecordType | RowType, owner: Callable[[str], str],
                   renamed: Any) -> Renamer | None:
    """A function giving a record of ``declared`` with the Members and organizations it
    names (itself, in its rows or in its references) named by ``owner``; None when a record
    of ``declared`` names none. Made once per type: an import passes every record."""
    steps: list[tuple[str, Renamer]] = []
    for f in declared.fields:
        if f.kind == "owner":
            steps.append((f.name, lambda v: owner(v) if v in renamed else v))
        elif f.rows is not None:
            inner = _owner_renamer(f.rows, owner, renamed)
            if inner is not None:
                steps.append((f.name, _each(inner)))
        elif f.kind == "ref":
            target = by_key(f.target)
            keys = [target.field(k).name for k in target.identity
                    if target.field(k).kind == "owner"]
            if keys:
                steps.append((f.name, _ref_renamer(keys, owner, renamed)))
    if not steps:
        return None

    def rename(record: Any) -> Any:
        changes = {}
        for name, step in steps:
            value = getattr(record, name)
            if value:
                new = step(value)
                if new != value:
                    changes[name] = new
        return replace(record, **changes) if changes else record
    return rename


def _each(rename: Renamer) -> Renamer:
    """``rename`` over a record's rows."""
    return lambda rows: tuple(map(rename, rows))


def _ref_renamer(keys: list[str], owner: Callable[[str], str], renamed: Any) -> Renamer:
    """A reference with the owners among its identity (``keys``) named by ``owner``."""
    def rename(value: Any) -> Any:
        named = {k: owner(v) for k in keys if (v := getattr(value, k)) in renamed}
        return replace(value, **named) if named else value
    return rename


def plan_import(incoming: RecordSet, existing: RecordSet) -> dict[str, list[Any]]:
    """What to add, after refusing clashes and dangling references."""
    errors: list[FieldError] = []
    plan: dict[str, list[Any]] = {}
    for section in SECTIONS:
        kind = by_section(section)
        if kind.identity:
            plan[section] = _keyed(errors, kind, incoming.section(section),
                                   existing.section(section))
        else:
            plan[section] = _unmatched(incoming.section(section), existing.section(section))
    errors += _name_clashes(incoming, existing, plan["members"], plan["organizations"])
    taken_acronyms = {o.acronym: o.name for o in existing.organizations if o.acronym}
    new_orgs = plan["organizations"]
    for i, o in enumerate(incoming.organizations):
        if o.acronym in taken_acronyms and o in new_orgs:
            errors.append(FieldError("acronym", f'"{o.acronym}" is already used by '
                                     f'"{taken_acronyms[o.acronym]}" in the data file',
                                     f"organizations[{i}]"))
    group: list[GroupProfile] = []
    if incoming.group is not None:
        if existing.group is None:
            group = [incoming.group]
        elif existing.group != incoming.group:
            errors.append(FieldError("", "differs from the Group's profile already in the data "
                                     "file", "group"))

    members, orgs = _known(incoming, existing)
    errors += _meeting_errors(incoming, existing, plan["meetings"], members, orgs)
    errors += _listing_errors(incoming, existing, members, orgs)
    errors += _reference_errors(incoming, existing, members | orgs)
    searches, problems = plan_saved(incoming.saved, existing.saved)
    errors += problems
    if errors:
        raise rejected(errors)
    _add_implied_documents(existing, plan["documents"], plan["meetings"], plan["proposals"])
    # (Saved searches are told apart in an import's counts only when the archive has some.)
    return {"group": group, **plan, **({"saved_searches": searches} if incoming.saved else {})}


def _keyed(errors: list[FieldError], kind: RecordType, items: list[Any], old: list[Any]
           ) -> list[Any]:
    """The records of ``items`` whose identity ``old`` lacks; one whose identity it has with
    other content goes into ``errors``."""
    key = identity(kind)
    have = {key(x): x for x in old}
    if not have:
        return list(items)  # into an empty file: all of them
    norm = _content(kind)
    new = []
    for i, item in enumerate(items):
        found = have.get(key(item))
        if found is None:
            new.append(item)
        elif norm(found) != norm(item):
            was, now = norm(found), norm(item)
            diff = [f.key for f in kind.fields if f.archived != "never"
                    and getattr(was, f.name) != getattr(now, f.name)]
            errors.append(FieldError(diff[0] if diff else "", f"{show_key(key(item), kind)} is "
                                     "already in the data file with other content ("
                                     + ", ".join(diff) + " differ)", f"{kind.section}[{i}]"))
    return new


def _content(kind: RecordType) -> Callable[[Any], Any]:
    """A record's content as the archive holds it: what must match for a record whose
    identity the data file has already to be the same record.

    Without its id and what the archive does not write (a meeting's proposals: each
    proposal says where it was discussed), and with an empty field that the archive writes
    as another (a Member's list name: its name) as the archive writes it: an exported
    Member must match the same Member stored with the defaults.
    """
    never = {f.name: f.default for f in kind.fields if f.archived == "never"}
    fallbacks = [(f.name, f.fallback) for f in kind.fields if f.fallback]

    def content(x: Any) -> Any:
        stand_ins = {name: getattr(x, name) or getattr(x, other) for name, other in fallbacks}
        return replace(x, id=None, **never, **stand_ins)
    return content


def _known(incoming: RecordSet, existing: RecordSet) -> tuple[set[str], set[str]]:
    """The Members' names, and the organizations' names and acronyms, of the file and the
    archive: what references may name."""
    members = {m.name for m in existing.members} | {m.name for m in incoming.members}
    orgs = ({o.name for o in existing.organizations} | {o.name for o in incoming.organizations}
            | {o.acronym for o in existing.organizations if o.acronym}
            | {o.acronym for o in incoming.organizations if o.acronym})
    return members, orgs


def _meeting_errors(incoming: RecordSet, existing: RecordSet, new_meetings: list[Meeting],
                    members: set[str], orgs: set[str]) -> list[FieldError]:
    """The meetings' references to what neither the file nor the archive holds, and the
    documents they would share with other meetings."""
    errors: list[FieldError] = []
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
    return errors


def _listing_errors(incoming: RecordSet, existing: RecordSet, members: set[str],
                    orgs: set[str]) -> list[FieldError]:
    """The proposals', outreach events' and package entries' references to what neither the
    file nor the archive holds, or to one record twice."""
    errors: list[FieldError] = []
    meeting_dates = {m.date for m in existing.meetings} | {m.date for m in incoming.meetings}
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
    return errors


def _reference_errors(incoming: RecordSet, existing: RecordSet, owners: set[str]
                      ) -> list[FieldError]:
    """The references, told by their fields' kinds, to what neither the file nor the archive
    holds: an "owner" names a Member or organization, a "ref" a record of its target by the
    target's identity."""
    errors: list[FieldError] = []
    known: dict[str, tuple[RecordType, Callable[[Any], Any], set[Any]]] = {}

    def check(f: Field, value: Any, field: str, where: str) -> None:
        if not value:
            return
        if f.kind == "owner" and value not in owners:
            errors.append(FieldError(field, f'"{value}" is not a Member or organization of '
                                     "the archive or the data file", where))
        elif f.kind == "ref":
            if f.target not in known:  # (the target's identities, gathered once)
                target = by_key(f.target)
                key = identity(target)
                known[f.target] = (target, key, {key(r) for r in chain(
                    existing.section(target.section), incoming.section(target.section))})
            target, key, have = known[f.target]
            if key(value) not in have:
                errors.append(FieldError(field, f"{show_key(key(value), target)} is not a "
                                         f"{target.noun} of the archive or the data file",
                                         where))

    for section in SECTIONS:
        kind = by_section(section)
        direct = [f for f in kind.fields if f.kind in ("owner", "ref")]
        nested = [(f.key, f.name, [g for g in f.rows.fields if g.kind in ("owner", "ref")])
                  for f in kind.fields if f.rows is not None]
        nested = [n for n in nested if n[2]]
        if not direct and not nested:
            continue
        for i, record in enumerate(incoming.section(section)):
            where = f"{section}[{i}]"
            for f in direct:
                check(f, getattr(record, f.name), f.key, where)
            for key, name, inner in nested:
                for j, row in enumerate(getattr(record, name)):
                    for g in inner:
                        check(g, getattr(row, g.name), f"{key}[{j}].{g.key}", where)
    return errors


def _add_implied_documents(existing: RecordSet, new_docs: list[Document],
                           new_meetings: list[Meeting], new_proposals: list[Proposal]) -> None:
    """Symbols that meetings and proposals use without listing them become documents."""
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
    have = Counter(content_key(x) for x in existing)
    new = []
    for x in incoming:
        k = content_key(x)
        if have[k]:
            have[k] -= 1
        else:
            new.append(x)
    return new
