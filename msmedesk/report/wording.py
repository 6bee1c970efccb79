"""WTO-style wording: numbers, ordinals, lists and dates as the Group's reports write them.

Pure functions over plain values (see shared/wto-conventions.md): numbers below ten in
words and figures from 10, a number that starts a sentence in words; no serial comma
before "and" unless asked for; semicolons between list items when an item holds a comma;
dates as "19 March" within the year and "10 December 2024" where the year is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from msmedesk.domain import MONTHS, PartialDate
from msmedesk.report.model import Text

_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
)  # fmt: skip
_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth",
)  # fmt: skip

# "11th", "2nd" in running text: the suffix prints as a superscript.
_ORDINAL_SUFFIX = re.compile(r"\b(\d+)(st|nd|rd|th)\b")

# A WTO document symbol inside free text (the grammar of msmedesk.domain, applied to a
# substring): it must hold a digit somewhere, so that "UN/CEFACT" is not taken for one.
_HEAD = r"[A-Z]+(?:\(\d+\))?"
_SEGMENT = r"(?:[A-Z]+(?:\(\d+\))?|[A-Z]+\d+|\d+)"
_STATUS = r"(?:Rev|Add|Corr|Suppl)\.\d+"
_ONE = rf"{_HEAD}(?:/{_SEGMENT})+(?:/{_STATUS})*"
_SYMBOL_IN_TEXT = re.compile(rf"(?<![A-Za-z0-9/\-.])(?:{_ONE})(?:-{_ONE})*(?![\w/(])")


def number(n: int, *, start: bool = False) -> str:
    """A cardinal in WTO style: "four", "Four" at a sentence start, "10", "103"."""
    if 0 <= n < 10:
        word = _UNITS[n]
        return capitalize(word) if start else word
    return str(n)


def counted(n: int, singular: str, plural: str | None = None, *, start: bool = False) -> str:
    """A number with its noun: "one meeting", "four meetings", "Five new Members"."""
    noun = singular if n == 1 else (plural if plural is not None else singular + "s")
    return f"{number(n, start=start)} {noun}"


def ordinal(n: int) -> str:
    """An ordinal as a string: "first" … "ninth", then "10th", "11th", "22nd"."""
    if 0 < n < 10:
        return _ORDINALS[n]
    return f"{n}{_suffix(n)}"


def ordinal_runs(n: int) -> tuple[Text, ...]:
    """An ordinal as runs, the suffix of a figure as a superscript: "11" + sup "th"."""
    if 0 < n < 10:
        return (Text(_ORDINALS[n]),)
    return (Text(str(n)), Text(_suffix(n), "sup"))


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def capitalize(text: str) -> str:
    """The text with its first letter in capitals (the rest untouched); a letter with no
    single capital ("ß"), or a word already written with a capital inside it ("eBay",
    "iPhone": a name as its owner spells it), is left as it is."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            word = text[i:].split(maxsplit=1)[0]
            if any(c.isupper() for c in word[1:]):
                return text
            upper = ch.upper()
            return text[:i] + (upper if len(upper) == 1 else ch) + text[i + 1 :]
        if not ch.isspace() and ch not in "\"'“‘(":
            return text
    return text


def join(
    items: Iterable[str],
    *,
    conjunction: str = "and",
    serial_comma: bool = False,
    semicolons: bool | None = None,
) -> str:
    """Join as "A, B and C"; with "; " between items when one holds a comma ("A; B and C").

    ``semicolons`` None chooses by content, True or False forces; ``serial_comma`` puts the
    separator before the conjunction too ("A, B, and C").
    """
    parts = [item for item in items]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    use_semicolons = any("," in p for p in parts) if semicolons is None else semicolons
    separator = "; " if use_semicolons else ", "
    last = separator.rstrip() + " " if serial_comma and len(parts) > 2 else " "
    return separator.join(parts[:-1]) + f"{last}{conjunction} {parts[-1]}"


def join_runs(
    items: Sequence[Sequence[Text]],
    *,
    conjunction: str = "and",
    serial_comma: bool = False,
    semicolons: bool | None = None,
) -> tuple[Text, ...]:
    """``join`` for items made of styled runs (a symbol, a superscript …)."""
    if not items:
        return ()
    texts = ["".join(t.text for t in item) for item in items]
    use_semicolons = any("," in t for t in texts) if semicolons is None else semicolons
    separator = "; " if use_semicolons else ", "
    last = separator.rstrip() + " " if serial_comma and len(items) > 2 else " "
    out: list[Text] = []
    for i, item in enumerate(items):
        if i == len(items) - 1 and i > 0:
            out.append(Text(f"{last}{conjunction} "))
        elif i > 0:
            out.append(Text(separator))
        out.extend(item)
    return tuple(out)


def day_month(value: date) -> str:
    """A date within the year's narrative: "19 March"."""
    return f"{value.day} {MONTHS[value.month - 1]}"


def full_date(value: date) -> str:
    """A date where the year is needed: "10 December 2024"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def partial_date(value: PartialDate, *, with_year: bool = True) -> str:
    """A partial date: "27 June 2024", "July 2024", "2024" (year dropped on request)."""
    if value.month is None:
        return str(value.year)
    month = MONTHS[value.month - 1]
    if value.day is None:
        return f"{month} {value.year}" if with_year else month
    return f"{value.day} {month} {value.year}" if with_year else f"{value.day} {month}"


def date_range(start: PartialDate, end: PartialDate | None, *, with_year: bool = True) -> str:
    """A span as WTO writes it: "17-19 July 2024", "30 June-2 July 2024", "June-July 2024"."""
    if end is None or end == start:
        return partial_date(start, with_year=with_year)
    year = f" {end.year}" if with_year else ""
    if start.year != end.year:
        return f"{partial_date(start)}-{partial_date(end)}"
    if start.day is not None and end.day is not None and start.month == end.month:
        assert start.month is not None
        return f"{start.day}-{end.day} {MONTHS[start.month - 1]}{year}"
    if start.month is not None and end.month is not None:
        return (f"{partial_date(start, with_year=False)}-"
                f"{partial_date(end, with_year=False)}{year}")
    return partial_date(start, with_year=with_year)


def when(start: PartialDate, end: PartialDate | None = None, *, with_year: bool = True) -> str:
    """The opening of a sentence dated to a day, month or year: "On 1 October 2024"; without
    the year inside the year's narrative: "On 1 October", "In May", "During the year"."""
    span = date_range(start, end, with_year=with_year)
    if start.day is not None:
        return f"On {span}"
    if start.month is not None:
        return f"In {span}"
    return f"During {span}" if with_year else "During the year"


def ordinal_text(text: str) -> tuple[Text, ...]:
    """Plain text with the suffix of each figure ordinal ("11th") as a superscript."""
    out: list[Text] = []
    pos = 0
    for match in _ORDINAL_SUFFIX.finditer(text):
        head = text[pos : match.end(1)]
        if head:
            out.append(Text(head))
        out.append(Text(match.group(2), "sup"))
        pos = match.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out)


def literal_runs(text: str) -> tuple[Text, ...]:
    """User text as runs: same characters, symbols styled as symbols, "11th" superscript.

    Nothing in the text is taken as markup; only the style of a run changes.
    """
    out: list[Text] = []
    pos = 0
    for match in _SYMBOL_IN_TEXT.finditer(text):
        if not any(ch.isdigit() for ch in match.group()):
            continue
        if match.start() > pos:
            out.extend(ordinal_text(text[pos : match.start()]))
        out.append(Text(match.group(), "symbol"))
        pos = match.end()
    if pos < len(text):
        out.extend(ordinal_text(text[pos:]))
    return tuple(out)


def sentence(text: str) -> str:
    """The text stripped, ending with a full stop unless it ends a sentence already."""
    text = text.strip()
    if text and text[-1] not in ".!?":
        # A closing quote or bracket after the stop (."  .)) still ends the sentence.
        if not (len(text) > 1 and text[-1] in "\"')”’" and text[-2] in ".!?"):
            text += "."
    return text


# ---------------------------------------------------------------- placeholders
# Every placeholder has one form, "[what is missing: not recorded]" (or "none recorded"
# for a year with nothing of a kind), so that staff and ``Report.warnings`` read them
# alike. Nothing inside the brackets ends with a stop: where the placeholder ends a
# sentence, the sentence's full stop follows the closing bracket ("Runs.gap").


def not_recorded(what: str) -> str:
    """The placeholder of a missing fact: "[convening notice: not recorded]"."""
    return f"[{what}: not recorded]"


def none_recorded(what: str) -> str:
    """The placeholder of a year with nothing of a kind: "[open-ended meetings in 2031: none
    recorded]"."""
    return f"[{what}: none recorded]"


def what_did(names: Sequence[str]) -> str:
    """What a package entry's Members did, in the number of the Members: "what Türkiye did",
    "what these Members did"."""
    if len(names) == 1:
        return f"what {names[0]} did"
    return "what these Members did"


def own_sentence(text: str) -> str:
    """Text staff wrote that stands as a sentence of its own: ``sentence``, starting with a
    capital ("members met." -> "Members met."); only the first letter changes."""
    return capitalize(sentence(text))


# ---------------------------------------------------------------- names and verbs

_VOWELS = set("AEIOU")
_ORDINAL_WORDS = {*_ORDINALS[1:], "tenth", "last", "annual", "final", "next"}


def reads_as_word(acronym: str) -> bool:
    """Whether an acronym is spoken as a word ("UNCTAD", "WIPO") rather than letter by letter
    ("ITC", "OECD"): words take no "the" in running text.

    UN bodies of five letters or more ("UNCTAD", "UNECA", "UN/CEFACT") are words; otherwise
    an acronym of four letters or more is a word when it alternates consonants and vowels
    closely enough to be pronounced: at least two vowels, no two vowels together and no more
    than two consonants in a row ("WIPO", "NATO", "UNEP"; not "OECD", "STDF", "CCPIT").
    """
    letters = acronym.replace("/", "")
    if not letters.isalpha() or not letters.isupper():
        return False
    if letters.startswith("UN") and len(letters) >= 5:
        return True
    if len(letters) < 4 or sum(ch in _VOWELS for ch in letters) < 2:
        return False
    run = 0
    for prev, ch in zip(" " + letters, letters, strict=False):
        if ch in _VOWELS:
            if prev in _VOWELS:
                return False
            run = 0
        else:
            run += 1
            if run > 2:
                return False
    return True


def acronym_in_text(acronym: str) -> str:
    """An acronym as a sentence uses it: "the ITC", "the WCO", but "UNCTAD", "WIPO"."""
    return acronym if reads_as_word(acronym) else f"the {acronym}"


def acronym_pattern(acronym: str) -> re.Pattern[str]:
    """The acronym as a whole word ("ITC" in "the ITC's" or "WTO-ITC", not in "ITCS")."""
    return re.compile(rf"(?<![A-Za-z0-9&/]){re.escape(acronym)}(?![A-Za-z0-9&/])")


def as_name(title: str) -> str:
    """A title used as a name inside a sentence, with the right article.

    A title that starts with an article keeps it, in lower case ("A virtual meeting" ->
    "a virtual meeting"). A descriptive, sentence-case title ("Virtual meeting with the
    private sector", "Third annual meeting of …") is lower-cased and takes "the" when it is
    made definite by an ordinal or an "of" ("the third annual meeting of the Network", "the
    launch of Divasity's project"), else "a"/"an" ("a virtual meeting with the private
    sector"). A proper title ("International Trade Awards", "UN MSME Day event") takes "the".
    """
    title = title.strip()
    for article in ("A ", "An ", "The "):
        if title.startswith(article):
            return article.lower() + title[len(article):]
    if title.startswith(("a ", "an ", "the ")):
        return title
    words = title.split()
    if not words:
        return title
    first = words[0]
    descriptive = (first.isalpha() and first[0].isupper() and first[1:].islower()
                   and (len(words) == 1 or words[1][:1].islower()))
    if not descriptive:
        return f"the {title}"
    title = first.lower() + title[len(first):]
    if first.lower() in _ORDINAL_WORDS or " of " in f" {title} ":
        return f"the {title}"
    return f"{'an' if title[0] in 'aeiou' else 'a'} {title}"


_WH_WORDS = ("how", "why", "what", "whether", "where", "when", "which", "who")
_POSSESSIVES = ("its", "his", "her", "their", "our")


def presentation_verb(topic: str, *, briefing: bool) -> str:
    """The verb that introduces a presentation's topic, from who gave it and what it was.

    Organizations and WTO bodies "briefed the Group on" it; a topic that is a question
    ("how …", "why …") was "explained"; a speaker's own work ("its electronic Single Window")
    was "presented"; anything else was "presented on".
    """
    if briefing:
        return "briefed the Group on"
    first = topic.strip().split(" ", 1)[0].lower() if topic.strip() else ""
    if first in _WH_WORDS:
        return "explained"
    if first in _POSSESSIVES:
        return "presented"
    return "presented on"


def relative_clause(summary: str) -> str | None:
    """A one-sentence summary that opens with a verb ("Proposes …", "Suggests …") as a
    "which …" clause ("which proposes …"); None when it would not read as one (a noun
    phrase, several sentences, a semicolon that would break a list)."""
    text = summary.strip()
    if not text or ";" in text or re.search(r"[.!?]\s+\S", text):
        return None
    first = text.split(" ", 1)[0]
    if not (first.isalpha() and first[0].isupper() and first[1:].islower()
            and first.endswith("s") and not first.endswith("ss") and len(first) > 3):
        return None
    if first.lower() in ("members", "businesses", "its", "this", "thus", "ministers"):
        return None
    return "which " + first.lower() + text[len(first):].rstrip(".")


def pronoun(name: str) -> str | None:
    """"he" or "she" from the honorific in a name ("H.E. Mr Matthew Wilson"), else None."""
    words = set(re.findall(r"[A-Za-z]+", name))
    if words & {"Mr"}:
        return "he"
    if words & {"Ms", "Mrs", "Madam", "Mme", "Miss"}:
        return "she"
    return None


_OTHER_VERB = {
    "briefed the Group on": "updated the Group on",
    "explained": "set out",
    "presented": "described",
    "presented on": "spoke about",
}


def varied_verb(verb: str, repeat: int) -> str:
    """The ``repeat``-th sentence in a row with the same verb, varied so that it does not
    read as a list: "presented on", "also presented on", "spoke about", "also spoke about"."""
    base = _OTHER_VERB.get(verb, verb) if repeat % 4 >= 2 else verb
    return f"also {base}" if repeat % 2 == 1 else base
