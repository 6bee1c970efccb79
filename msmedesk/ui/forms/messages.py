"""Messages in plain words: a validation message as a sentence beside its field."""

from __future__ import annotations

import re

# Validation messages that continue the field's name ("is required") get it as subject.
_VERB = re.compile(r"^(is|are|must|needs?|lists?|contains?|has|have|cannot)\b")
_PATH = re.compile(r"^([A-Za-z_]+)(?:\[(\d+)\])?(?:\.(.+))?$")


def sentence(subject: str, message: str) -> str:
    """A message as a sentence: "Name is required.", "There is no meeting on 1 July."."""
    text = message.strip() or "is not right"
    if subject and _VERB.match(text):
        text = f"{subject} {text}"
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _plain(label: str) -> str:
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")



def _plain_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or "the data file could not be written"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
