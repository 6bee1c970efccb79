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

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from msmedesk.validation.errors import FieldError, ValidationError, raise_if, shown

if TYPE_CHECKING:
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

# The module of each name not imported above: it is imported at its first use. The window
# opens without the parsers and checks (a form or an import needs them), which keeps the
# window's memory what it was before validation became ten modules.
_LAZY: dict[str, str] = {
    "ARCHIVE_KEYS": "keys",
    "DUPLICATE_KEYS": "keys",
    "HugeNumber": "values",
    "LIST": "values",
    "MAPPING": "values",
    "MAX_COUNT": "values",
    "MAX_DESCRIPTION": "values",
    "MAX_NAME": "values",
    "MAX_TEXT": "values",
    "MAX_TITLE": "values",
    "MAX_TOPIC": "values",
    "PARSERS": "dispatch",
    "Parsed": "parsers",
    "check": "dispatch",
    "check_document": "checks",
    "check_group": "checks",
    "check_meeting": "checks",
    "check_member": "checks",
    "check_organization": "checks",
    "check_outreach": "checks",
    "check_package_entry": "checks",
    "check_partial_date": "values",
    "check_proposal": "checks",
    "check_symbol": "values",
    "email_problem": "email",
    "key_problems": "keys",
    "parse": "dispatch",
    "parse_coordinator": "parsers",
    "parse_document": "parsers",
    "parse_group": "parsers",
    "parse_meeting": "parsers",
    "parse_member": "parsers",
    "parse_organization": "parsers",
    "parse_outreach": "parsers",
    "parse_package_entry": "parsers",
    "parse_presentation": "parsers",
    "parse_proposal": "parsers",
    "parse_spotlight": "parsers",
}


def __getattr__(name: str) -> Any:
    """A name of ``_LAZY``, from its module (imported now, once)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # (the next look-up finds it without this function)
    return value

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
