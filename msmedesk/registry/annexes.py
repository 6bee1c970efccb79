"""Annexes: the December 2020 MSME Package's annexes, which the report's notes name."""

from __future__ import annotations

from msmedesk.domain import ANNEXES, Annex
from msmedesk.registry.fields import Field, RecordType, symbol, title

ANNEX_TYPE = RecordType(
    key="annexes", noun="annex", plural="annexes", title="Package annexes",
    section="annexes", record=Annex, identity=("number",),
    tab="reference", position=30, archive_position=35, when_empty="when_set",
    columns=("number", "title", "symbol"), search_hint="title or symbol", by_year=False,
    fields=(
        Field("number", "Annex", "integer", required=True, minimum=ANNEXES[0],
              maximum=ANNEXES[-1]),
        title("title", "Title", placeholder="e.g. Declaration on Access to Information"),
        symbol("symbol", "Document", hint="The Package's symbol, e.g. INF/MSME/4/Rev.2"),
    ))
