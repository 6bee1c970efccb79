"""The words a form shows that the registry does not hold: the annexes' titles, and a choice
field's values as a drop-down offers them."""

from __future__ import annotations

from msmedesk.registry import Field

ANNEX_LABELS = {
    1: "Annex 1 — MSME-related information (Trade Policy Reviews)",
    2: "Annex 2 — Access to information (Global Trade Helpdesk)",
    3: "Annex 3",
    4: "Annex 4 — Good regulatory practice",
    5: "Annex 5 — Tariff data (Integrated Database)",
    6: "Annex 6 — Access to finance",
}


def choice_items(field: Field) -> list[tuple[str, str]]:
    """(label, value) of each value of a choice field, in the order the registry gives them."""
    return [(c.form_label, c.value) for c in field.choices]
