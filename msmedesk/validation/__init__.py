"""Pure checks of the Group's records: each error names the record, the field and what is wrong.

Two layers, both free of Qt and SQLAlchemy:

* ``check_*`` look at a typed record (required fields, allowed kinds, symbols, date order);
* ``parse_*`` turn raw, archive-shaped values (what the JSON archive holds and what a form's
  widgets produce) into a typed record, collecting every field error on the way.

Checks that need the data file (uniqueness, references) are done by the services and the
archive importer with the same ``FieldError``.

The modules: ``errors`` (FieldError, ValidationError), ``values`` (limits and single
values), ``keys`` (an archive object's keys), ``reader`` (raw fields read one by one),
``checks`` (``check_*``) and ``parsers`` (``parse_*``).
"""

from typing import Any

# TEMPORARY (CORE's part, until its dispatch over the registry is merged): contacts parse
# and check through the generic parser; ``check`` dispatches by registry key.
from msmedesk.validation import contacts as _contacts  # noqa: E402
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
from msmedesk.validation.errors import FieldError, ValidationError, raise_if, shown
from msmedesk.validation.keys import ARCHIVE_KEYS, DUPLICATE_KEYS, key_problems
from msmedesk.validation.parsers import (
    PARSERS,
    Parsed,
    parse,
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

PARSERS.setdefault("contacts", _contacts.parse_contact)
_CHECKS: dict[str, Any] = {
    "members": check_member, "organizations": check_organization,
    "documents": check_document, "meetings": check_meeting, "proposals": check_proposal,
    "outreach": check_outreach, "package": check_package_entry, "group": check_group,
    "contacts": _contacts.check_contact,
}


def check(key: str, record: object, where: str = "") -> list[FieldError]:
    """The problems of a typed record of registry key ``key`` that need no data file."""
    errors: list[FieldError] = _CHECKS[key](record, where)
    return errors


__all__ = [
    "check",
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
