"""The detail panel's page of one record, as HTML with every recorded text escaped."""

from __future__ import annotations

import html

from msmedesk.ui.kinds import Detail


def detail_html(detail: Detail, text_label: str = "Summary") -> str:
    """The detail panel's page; every recorded text is escaped (user text is text)."""
    esc = html.escape
    parts = [f"<h3>{esc(detail.heading)}</h3>"]
    if detail.facts:
        rows = "".join(f"<tr><td style='padding-right:12px'><b>{esc(label)}</b></td>"
                       f"<td>{esc(value)}</td></tr>" for label, value in detail.facts)
        parts.append(f"<table>{rows}</table>")
    for group in detail.groups:
        if group.items:
            items = "".join(f"<li>{esc(item)}</li>" for item in group.items)
            more = group.count - len(group.items)
            if more > 0:
                items += f"<li><i>… and {more:,} more</i></li>"
            parts.append(f"<p><b>{esc(group.title)}</b> ({group.count:,})</p><ul>{items}</ul>")
        else:
            parts.append(f"<p><b>{esc(group.title)}</b>: none recorded</p>")
    if detail.text.strip():
        body = "<br>".join(esc(line) for line in detail.text.strip().splitlines())
        parts.append(f"<p><b>{esc(text_label)}</b></p><p>{body}</p>")
    return "".join(parts)
