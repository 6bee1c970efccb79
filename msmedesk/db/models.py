"""SQLAlchemy 2 typed models: the tables of an msmedesk data file.

Keys, references and allowed values are enforced by the database as well as by
``msmedesk.validation``, so that no path into the file (an old program, a bug, a hand
edit) can store what the program would refuse. Dates are ISO text; a partial date
("2024", "2024-06", "2024-06-27") sorts correctly as text.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Registers how a CHECK written with SQLite's GLOB is rendered on PostgreSQL (through ~).
from msmedesk.db.migrations import portable  # noqa: F401
from msmedesk.domain import (
    CONTACT_ROLES,
    DOCUMENT_KINDS,
    MEETING_KINDS,
    OUTREACH_KINDS,
    OUTREACH_ROLES,
    PROPOSAL_STATUSES,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# GLOB patterns of the three forms of a partial date, for CHECK constraints.
_Y = "[12][0-9][0-9][0-9]"
_YM = _Y + "-[01][0-9]"
_YMD = _YM + "-[0-3][0-9]"


def partial_date_check(column: str, nullable: bool = True) -> str:
    """SQL that holds when ``column`` is a partial date (or NULL when allowed)."""
    forms = f"{column} GLOB '{_Y}' OR {column} GLOB '{_YM}' OR {column} GLOB '{_YMD}'"
    return f"{column} IS NULL OR {forms}" if nullable else forms


def full_date_check(column: str, nullable: bool = True) -> str:
    """SQL that holds when ``column`` is a full ISO date (or NULL when allowed)."""
    form = f"{column} GLOB '{_YMD}'"
    return f"{column} IS NULL OR {form}" if nullable else form


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING)


class GroupRow(Base):
    """The Group's profile: a single row."""

    __tablename__ = "group_profile"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),
                      CheckConstraint(full_date_check("established"), name="established_date"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    short_name: Mapped[str] = mapped_column(String, nullable=False, default="")
    established: Mapped[str | None] = mapped_column(String)
    established_by: Mapped[str | None] = mapped_column(String)
    established_at: Mapped[str] = mapped_column(String, nullable=False, default="")
    founding_members: Mapped[int | None] = mapped_column(Integer)
    founders: Mapped[str] = mapped_column(String, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class CoordinatorRow(Base):
    """A Coordinator of the Group, in order of service."""

    __tablename__ = "coordinators"
    __table_args__ = (CheckConstraint(partial_date_check("start_date"), name="start_form"),
                      CheckConstraint(partial_date_check("end_date"), name="end_form"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String, nullable=False)
    title: Mapped[str] = mapped_column(String, nullable=False, default="")
    start_date: Mapped[str | None] = mapped_column(String)
    end_date: Mapped[str | None] = mapped_column(String)


class MemberRow(Base):
    """A membership entry."""

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("counts_as >= 1", name="counts_as_positive"),
        CheckConstraint("length(trim(name)) > 0", name="name_required"),
        CheckConstraint(partial_date_check("joined"), name="joined_date"),
        CheckConstraint(partial_date_check("left_date"), name="left_form"),
        CheckConstraint("joined IS NULL OR left_date IS NULL OR left_date >= joined",
                        name="left_after_joined"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False, unique=True)
    list_name: Mapped[str] = mapped_column(String, nullable=False, default="")
    sort_name: Mapped[str] = mapped_column(String, nullable=False, default="")
    prose_name: Mapped[str] = mapped_column(String, nullable=False, default="")
    # casefolded, accent-free form of sort_name (or name): SQL can then order the
    # membership footnote the way the WTO does without a collation of its own.
    sort_key: Mapped[str] = mapped_column(String, nullable=False, index=True)
    counts_as: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    joined: Mapped[str | None] = mapped_column(String, index=True)
    left_date: Mapped[str | None] = mapped_column(String)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class OrganizationRow(Base):
    """An organization, with its place in the Trade4MSMEs Network if any."""

    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_required"),
        CheckConstraint("acronym IS NULL OR length(trim(acronym)) > 0", name="acronym_blank"),
        CheckConstraint(partial_date_check("network_member_since"), name="network_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False, unique=True)
    acronym: Mapped[str | None] = mapped_column(String, unique=True)
    network_member_since: Mapped[str | None] = mapped_column(String)
    short_name: Mapped[str | None] = mapped_column(String)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class ContactRow(Base):
    """A person the office deals with, of exactly one Member or organization."""

    __tablename__ = "contacts"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_required"),
        CheckConstraint("(member_id IS NULL) != (organization_id IS NULL)", name="exactly_one"),
        CheckConstraint(_in("role", CONTACT_ROLES), name="role_allowed"),
        # A backstop of validation's stricter rule: one address, local@domain.tld.
        CheckConstraint("email = '' OR (email GLOB '?*@?*.?*' AND email NOT GLOB '*[ ,;]*')",
                        name="email_form"),
        # Two contacts of one name must be of different Members or organizations.
        UniqueConstraint("name", "member_id", name="uq_contact_member"),
        UniqueConstraint("name", "organization_id", name="uq_contact_organization"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # (Sorting by name uses the index of the first UNIQUE constraint, which starts with it.)
    name: Mapped[str] = mapped_column(String, nullable=False)
    title: Mapped[str] = mapped_column(String, nullable=False, default="")
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    email: Mapped[str] = mapped_column(String, nullable=False, default="")
    phone: Mapped[str] = mapped_column(String, nullable=False, default="")
    role: Mapped[str] = mapped_column(String, nullable=False, default="other")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class DocumentRow(Base):
    """A WTO document by its symbol."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("length(symbol) > 0 AND symbol NOT GLOB '*[ ;]*'", name="symbol_form"),
        CheckConstraint(_in("kind", DOCUMENT_KINDS), name="kind_allowed"),
        CheckConstraint(full_date_check("date"), name="date_form"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String, nullable=False, unique=True)
    # The symbol as the WTO numbers it (symbol_order.symbol_sort_key: W/2 before W/10),
    # written with the symbol, so that lists sort by it in SQL.
    sort_key: Mapped[str] = mapped_column(String, nullable=False, index=True)
    title: Mapped[str] = mapped_column(String, nullable=False, default="")
    date: Mapped[str | None] = mapped_column(String, index=True)
    kind: Mapped[str] = mapped_column(String, nullable=False, default="other")
    url: Mapped[str | None] = mapped_column(String)
    about: Mapped[str] = mapped_column(String, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class MeetingRow(Base):
    """A meeting on one day; two meetings of one kind on one day are refused."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("date", "kind", name="uq_meetings_date_kind"),
        CheckConstraint(full_date_check("date", nullable=False), name="date_form"),
        CheckConstraint(_in("kind", MEETING_KINDS), name="kind_allowed"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[str] = mapped_column(String, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String, nullable=False, default="open-ended")
    convening_notice_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), index=True)
    summary_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), index=True)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Where the proposals discussed and the closing narrative go among the items (NULL: the
    # usual place), and that narrative itself.
    proposals_place: Mapped[int | None] = mapped_column(Integer)
    closing: Mapped[str] = mapped_column(Text, nullable=False, default="")
    closing_place: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class PresentationRow(Base):
    """A presentation or briefing at a meeting."""

    __tablename__ = "presentations"
    __table_args__ = (
        CheckConstraint("length(speaker) > 0 OR organization_id IS NOT NULL "
                        "OR member_id IS NOT NULL", name="someone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    speaker: Mapped[str] = mapped_column(String, nullable=False, default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    topic: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The recorded contact who spoke (besides the free-text speaker): a contact named by a
    # presentation is deleted only after the user removes it there (the service says where).
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True)
    place: Mapped[int | None] = mapped_column(Integer)  # among the meeting's items
    opening: Mapped[str] = mapped_column(String, nullable=False, default="")
    lead_in: Mapped[str] = mapped_column(Text, nullable=False, default="")


class SpotlightRow(Base):
    """An MSME Spotlight at a meeting."""

    __tablename__ = "spotlights"
    __table_args__ = (CheckConstraint("length(trim(business)) > 0", name="business_required"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    business: Mapped[str] = mapped_column(String, nullable=False)
    person: Mapped[str] = mapped_column(String, nullable=False, default="")
    country: Mapped[str] = mapped_column(String, nullable=False, default="")
    introduced_by: Mapped[str] = mapped_column(String, nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    place: Mapped[int | None] = mapped_column(Integer)  # among the meeting's items


class ProposalRow(Base):
    """A proposal; its symbol is that of its document."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(_in("status", PROPOSAL_STATUSES), name="status_allowed"),
        CheckConstraint(partial_date_check("submitted"), name="submitted_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String, nullable=False, default="")
    submitted: Mapped[str | None] = mapped_column(String, index=True)
    status: Mapped[str] = mapped_column(String, nullable=False, default="submitted")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    subject: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class ProponentRow(Base):
    """A proponent of a proposal: a Member or, for another body's proposal, an organization."""

    __tablename__ = "proposal_proponents"
    __table_args__ = (
        CheckConstraint("(member_id IS NULL) != (organization_id IS NULL)", name="exactly_one"),
        UniqueConstraint("proposal_id", "member_id", name="uq_proponent_member"),
        UniqueConstraint("proposal_id", "organization_id", name="uq_proponent_organization"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)


class DiscussionRow(Base):
    """A proposal discussed at a meeting."""

    __tablename__ = "proposal_meetings"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True, index=True)


class OutreachRow(Base):
    """An outreach event."""

    __tablename__ = "outreach_events"
    __table_args__ = (
        CheckConstraint(partial_date_check("date", nullable=False), name="date_form"),
        CheckConstraint(partial_date_check("end_date"), name="end_date_form"),
        CheckConstraint(_in("kind", OUTREACH_KINDS), name="kind_allowed"),
        CheckConstraint(_in("role", OUTREACH_ROLES), name="role_allowed"),
        CheckConstraint("length(trim(title)) > 0", name="title_required"),
        Index("ix_outreach_events_title", "title"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[str] = mapped_column(String, nullable=False, index=True)
    end_date: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String, nullable=False, default="other")
    title: Mapped[str] = mapped_column(String, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    role: Mapped[str] = mapped_column(String, nullable=False, default="")
    position: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class PartnerRow(Base):
    """A partner organization of an outreach event."""

    __tablename__ = "outreach_partners"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_events.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)


class AnnexRow(Base):
    """An annex of the December 2020 MSME Package, as the report's notes name it."""

    __tablename__ = "annexes"
    __table_args__ = (CheckConstraint("number BETWEEN 1 AND 6", name="number_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String, nullable=False, default="")
    symbol: Mapped[str | None] = mapped_column(String)
    symbol_sort_key: Mapped[str | None] = mapped_column(String)  # as documents' sort_key
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class PackageEntryRow(Base):
    """What was done under one annex of the December 2020 MSME Package in a year."""

    __tablename__ = "package_entries"
    __table_args__ = (
        CheckConstraint("annex BETWEEN 1 AND 6", name="annex_range"),
        CheckConstraint("year BETWEEN 2020 AND 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    annex: Mapped[int] = mapped_column(Integer, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class PackageMemberRow(Base):
    """A Member named in a package entry."""

    __tablename__ = "package_entry_members"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("package_entries.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="RESTRICT"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)


class SearchWordRow(Base):
    """The start (one or two characters) of a word of a field (narratives aside) and the
    field's number in the search index (``records/search_codes.py``: type, record, field):
    what a query of one or two characters is matched against, since trigrams cannot match
    fewer than three."""

    __tablename__ = "search_words"
    # Without rowid, keyed by word first: one b-tree is the table and its index on word (a
    # record's rows are found by the words of its texts to forget them).
    __table_args__ = ({"sqlite_with_rowid": False},)

    # Compared byte by byte on a server too (migration 0006; there also an index on code).
    word: Mapped[str] = mapped_column(
        String().with_variant(String(collation="C"), "postgresql"), primary_key=True)
    # (Integer on SQLite is 64 bits already; PostgreSQL's is 32: codes need more.)
    code: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"),
                                      primary_key=True)


#: The search index's text (trigrams: any three characters match within words), one row
#: per value of a record's field, its rowid telling which (``records/search_codes.py``);
#: the text is kept once, in its own content table (what a check of a word's start reads).
#: No column sizes (``columnsize=0``): nothing ranks by them. Migration 0006 makes it with
#: the same statement; db/schema.py reads its shadow tables from it.
SEARCH_TEXT_SQL = ("CREATE VIRTUAL TABLE search_text USING fts5(text, tokenize='trigram', "
                   "columnsize=0)")


def compared(name: str | None, kind: str, _parents: object = None) -> bool:
    """Whether Alembic's autogenerate compares this object with the models: not the FTS5
    table and its shadow tables, which no model declares (SEARCH_TEXT_SQL makes them)."""
    return not (kind == "table" and (name or "").startswith("search_text"))


class SavedSearchRow(Base):
    """A search kept under a name: of one tab (``scope``, a registry type key) or of Find
    anywhere (``scope`` "")."""

    __tablename__ = "saved_searches"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_required"),
        # One name once per scope ("" is Find anywhere: not NULL, which UNIQUE lets repeat).
        UniqueConstraint("scope", "name", name="uq_saved_searches_scope_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    scope: Mapped[str] = mapped_column(String, nullable=False, default="")
    query: Mapped[str] = mapped_column(Text, nullable=False, default="")



class HistoryRow(Base):
    """One change of one record: who, when, what (the record's archive dict before and
    after, as JSON text); written in the same transaction as the change."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_kind_record", "kind", "record_id"),
                      Index("ix_history_at", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String, nullable=False)  # ISO 8601, UTC
    author: Mapped[str] = mapped_column(String, nullable=False)
    action: Mapped[str] = mapped_column(String, nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String, nullable=False, default="", server_default="")
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    origin: Mapped[str] = mapped_column(String, nullable=False, default="", server_default="")
