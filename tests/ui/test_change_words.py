"""A history entry in plain words: labels and values from the registry, times staff read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from msmedesk.history import Change

from msmedesk.ui.change_words import changed_fields, history_html, summary, value_text, when


def change(action: str = "changed", before: dict | None = None, after: dict | None = None,
           at: datetime | None = None) -> Change:
    """An entry of a meeting's history."""
    return Change(1, at or datetime.now(UTC), OTHER, action, "outreach", 7,
                  "Launch of the guide", before, after, 2)


OTHER = "ana on DESK-3"


def test_a_changed_field_is_told_with_its_label_and_its_values_in_words() -> None:
    """A choice as its label, a date as "19 March 2024", an unchanged field left out."""
    entry = change(before={"date": "2024-03-19", "kind": "other", "summary": "Same"},
                   after={"date": "2024-03-20", "kind": "other", "summary": "Same"})
    assert [(f.label, f.before, f.after) for f in changed_fields(entry)] == [
        ("Date", "19 March 2024", "20 March 2024")]


def test_values_in_words() -> None:
    """Nothing as "(empty)", rows counted, long text shortened with an ellipsis."""
    assert value_text("meetings", "summary", "") == "(empty)"
    assert value_text("meetings", "presentations", [{"speaker": "A"}, {"speaker": "B"}]) \
        == "2 presentations"
    long = value_text("meetings", "summary", "word " * 100)
    assert long.endswith("…") and len(long) <= 120


def test_when_says_today_and_yesterday() -> None:
    """Today's and yesterday's changes by the clock; older ones by the date."""
    now = datetime.now(UTC).astimezone()
    assert when(now, now).endswith("today")
    assert when(now - timedelta(days=1), now).endswith("yesterday")
    assert "," in when(now - timedelta(days=9), now)


def test_the_summary_and_the_section_escape_user_text() -> None:
    """Who did what to which record; a label with <b> is text, not markup."""
    entry = replace_label(change(before={"summary": "a"}, after={"summary": "<b>b</b>"}))
    assert summary(entry).startswith(f"{OTHER} changed the outreach event")
    page = history_html([entry])
    assert "&lt;b&gt;b&lt;/b&gt;" in page and "<b>b</b>" not in page


def replace_label(entry: Change) -> Change:
    """The entry with a label holding markup."""
    from dataclasses import replace

    return replace(entry, label="<i>x</i>")


def test_a_long_text_changed_at_its_end_shows_where_it_changed() -> None:
    """Both values shortened from where they part, not from their same first words."""
    text = ("Members heard how the Global Trade Helpdesk had gained users and was building a "
            "chatbot, and how the compendia on access to finance were still being updated.")
    entry = change(before={"summary": text}, after={"summary": text + " Ana added a line."})
    (field,) = changed_fields(entry)
    assert field.before != field.after
    assert field.after.endswith("Ana added a line.") and field.after.startswith("…")
    assert field.before.endswith("being updated.")
