"""The check of an e-mail address: the rule of the registry's "email" kind of value."""

from __future__ import annotations

import re

from msmedesk.validation.values import bad_text

# An address longer than SMTP carries (RFC 5321: 254 characters, 64 before the @) would
# never be delivered.
MAX_EMAIL = 254
MAX_EMAIL_LOCAL = 64

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
