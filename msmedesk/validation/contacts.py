"""The checks of a contact that need no data file: its texts, its role, its e-mail address.

Whether its Member or organization is recorded, and whether another contact of that one
has the same name, needs the data file: ``msmedesk.records.contacts`` checks those.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from msmedesk.domain import CONTACT_ROLES, Contact
from msmedesk.validation.errors import FieldError
from msmedesk.validation.parsers import Parsed, _finish
from msmedesk.validation.reader import Reader
from msmedesk.validation.values import MAX_NAME, MAX_TEXT, bad_text

# An address longer than SMTP carries (RFC 5321: 254 characters, 64 before the @) would
# never be delivered; a phone number with extensions and a country code fits in 100.
MAX_EMAIL = 254
MAX_EMAIL_LOCAL = 64
MAX_PHONE = 100

# What a plausible address is made of. \w takes letters and digits of every script, since
# addresses such as "josé@correo.es" are delivered today.
_LOCAL_RE = re.compile(r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*")
_LABEL_RE = re.compile(r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?")
_TLD_RE = re.compile(r"[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59}", re.IGNORECASE)
# Two addresses typed in one field are most often joined by one of these.
_SEPARATORS_RE = re.compile(r"[\s,;]")
_EXAMPLE = "write one address such as name@example.org"


def email_problem(address: str) -> str | None:
    """What is wrong with one e-mail address (already stripped), or None when plausible."""
    problem = bad_text(address, MAX_EMAIL, one_line=True)
    if problem:
        return problem
    if _SEPARATORS_RE.search(address):
        return f'"{address}" holds a space, comma or semicolon; {_EXAMPLE}'
    if "@" not in address:
        return f'"{address}" is not an e-mail address: it has no @; {_EXAMPLE}'
    if address.count("@") > 1:
        return f'"{address}" has more than one @; {_EXAMPLE}'
    local, domain = address.split("@")
    if not local:
        return f'"{address}" has nothing before the @; {_EXAMPLE}'
    if len(local) > MAX_EMAIL_LOCAL:
        return (f'"{address}" has {len(local)} characters before the @; an address has at '
                f"most {MAX_EMAIL_LOCAL}")
    if not _LOCAL_RE.fullmatch(local):
        return (f'"{address}" has a character or a dot before the @ that no address holds '
                f"there; {_EXAMPLE}")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.fullmatch(label) for label in labels[:-1]) \
            or not _TLD_RE.fullmatch(labels[-1]):
        return (f'"{address}" does not end in a domain such as example.org after the @; '
                f"{_EXAMPLE}")
    return None


def check_contact(c: Contact, record: str = "") -> list[FieldError]:
    """Problems with a contact that need no data file."""
    return _contact_texts(c, record) or contact_rules(c, record)


def _contact_texts(c: Contact, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for field_name, value, limit, one_line in (
            ("name", c.name, MAX_NAME, True), ("of", c.of, MAX_NAME, True),
            ("title", c.title, MAX_NAME, True), ("phone", c.phone, MAX_PHONE, True),
            ("notes", c.notes, MAX_TEXT, False)):
        if not isinstance(value, str):
            errors.append(FieldError(field_name, "must be text", record))
            continue
        problem = bad_text(value, limit, one_line)
        if problem:
            errors.append(FieldError(field_name, problem, record))
    if not isinstance(c.email, str):
        errors.append(FieldError("email", "must be text", record))
    return errors


def contact_rules(c: Contact, record: str) -> list[FieldError]:
    """The rules of a contact beyond its texts (the parser applies these alone)."""
    errors: list[FieldError] = []
    if not c.name.strip():
        errors.append(FieldError("name", "is required", record))
    if not c.of.strip():
        errors.append(FieldError("of", "is required: the Member or organization the contact "
                                       "belongs to", record))
    email = c.email.strip()
    problem = email_problem(email) if email else None
    if problem:
        errors.append(FieldError("email", problem, record))
    if c.role not in CONTACT_ROLES:
        errors.append(FieldError("role", f'"{c.role}" is not one of: {", ".join(CONTACT_ROLES)}',
                                 record))
    return errors


def parse_contact(raw: Mapping[str, Any], record: str = "") -> Parsed[Contact]:
    """A Contact from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Contact(
        name=r.name("name", required=True),
        of=r.name("of"),
        title=r.name("title"),
        email=r.text("email", limit=MAX_EMAIL, one_line=True).strip(),
        phone=r.text("phone", limit=MAX_PHONE, one_line=True).strip(),
        role=r.choice("role", CONTACT_ROLES, "other"),
        notes=r.text("notes"),
    )
    return _finish(r, value, contact_rules)
