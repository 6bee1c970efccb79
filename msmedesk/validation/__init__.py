"""Pure checks of the Group's records: each error names the record, the field and what is wrong.

Two layers, both free of Qt and SQLAlchemy:

* ``check_*`` look at a typed record (required fields, allowed kinds, symbols, date order);
* ``parse_*`` turn raw, archive-shaped values (what the JSON archive holds and what a form's
  widgets produce) into a typed record, collecting every field error on the way.

Checks that need the data file (uniqueness, references) are done by the services and the
archive importer with the same ``FieldError``.

``parse(key, raw)`` and ``check(key, record)`` serve every record type of the registry:
through its bespoke ``parse_*``/``check_*`` where one was written, otherwise from the
type's declared fields and their kinds of value (``generic``), so that a new record type
needs no code here.

The modules: ``errors`` (FieldError, ValidationError), ``values`` (limits and single
values), ``email`` (an e-mail address's rule), ``keys`` (an archive object's keys),
``reader`` (raw fields read one by one), ``checks`` (``check_*``), ``parsers``
(``parse_*``), ``generic`` (any type from its fields) and ``dispatch`` (``parse``, ``check``).
"""

from msmedesk.validation.checks import (
    check_document,
    check_group,
    check_meeting,
    check_member,
    check_organization,
    check_outreach,
    check_package_entry,
    check_proposal,
)
from msmedesk.validation.dispatch import PARSERS, check, parse
from msmedesk.validation.email import email_problem
from msmedesk.validation.errors import FieldError, ValidationError, raise_if, shown
from msmedesk.validation.keys import ARCHIVE_KEYS, DUPLICATE_KEYS, key_problems
from msmedesk.validation.parsers import (
    Parsed,
    parse_coordinator,
    parse_document,
    parse_group,
    parse_meeting,
    parse_member,
    parse_organization,
    parse_outreach,
    parse_package_entry,
    parse_presentation,
    parse_proposal,
    parse_spotlight,
)
from msmedesk.validation.values import (
    LIST,
    MAPPING,
    MAX_COUNT,
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    MAX_TOPIC,
    HugeNumber,
    check_partial_date,
    check_symbol,
)

__all__ = [
    "ARCHIVE_KEYS",
    "DUPLICATE_KEYS",
    "FieldError",
    "HugeNumber",
    "LIST",
    "MAPPING",
    "MAX_COUNT",
    "MAX_DESCRIPTION",
    "MAX_NAME",
    "MAX_TEXT",
    "MAX_TITLE",
    "MAX_TOPIC",
    "PARSERS",
    "Parsed",
    "ValidationError",
    "check",
    "check_document",
    "check_group",
    "check_meeting",
    "check_member",
    "check_organization",
    "check_outreach",
    "check_package_entry",
    "check_partial_date",
    "check_proposal",
    "check_symbol",
    "email_problem",
    "key_problems",
    "parse",
    "parse_coordinator",
    "parse_document",
    "parse_group",
    "parse_meeting",
    "parse_member",
    "parse_organization",
    "parse_outreach",
    "parse_package_entry",
    "parse_presentation",
    "parse_proposal",
    "parse_spotlight",
    "raise_if",
    "shown",
]
