"""Lists sorted by a symbol sort as the WTO numbers them (issue 16, item 4): W/2 before
W/10 and Rev.2 before Rev.10, in SQL through the stored key, kept on every write and on
an import."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from msmedesk.archive.export import export_archive
from msmedesk.archive.importer import import_archive
from msmedesk.db.engine import open_data_file
from msmedesk.domain import Annex, ListQuery, Meeting, Member, Proposal
from msmedesk.records import Services

_WTO_ORDER = ["INF/MSME/W/2", "INF/MSME/W/5", "INF/MSME/W/5/Rev.2", "INF/MSME/W/5/Rev.10",
              "INF/MSME/W/10"]


def _symbols(services: Services, kind: str, column: int = 0, *, sort: str = "symbol",
             descending: bool = False) -> list[str]:
    rows = getattr(services, kind).list(ListQuery(sort=sort, descending=descending))
    return [r.values[column] for r in rows]


def _record(services: Services) -> None:
    services.members.create(Member("Chad"))
    for symbol in ("INF/MSME/W/10", "INF/MSME/W/5/Rev.10", "INF/MSME/W/2",
                   "INF/MSME/W/5/Rev.2", "INF/MSME/W/5"):
        services.proposals.create(Proposal(symbol, "A proposal", ("Chad",)))


def test_documents_and_proposals_list_in_the_wto_order(services) -> None:
    _record(services)
    assert _symbols(services, "documents") == _WTO_ORDER
    assert _symbols(services, "documents", descending=True) == _WTO_ORDER[::-1]
    assert _symbols(services, "proposals") == _WTO_ORDER
    assert _symbols(services, "proposals", descending=True) == _WTO_ORDER[::-1]
    assert [p.symbol for p in services.proposals.all()] == _WTO_ORDER
    # A Member's details list its proposals in the same order.
    chad = services.members.list(ListQuery())[0].id
    (group,) = [g for g in services.members.links(chad) if g.items]
    assert [item.split()[0] for item in group.items] == _WTO_ORDER


def test_a_changed_symbol_takes_its_new_place(services) -> None:
    _record(services)
    row = services.documents.list(ListQuery(sort="symbol"))[-1]
    ten = services.documents.get(row.id)
    assert ten.symbol == "INF/MSME/W/10"
    services.documents.update(replace(ten, symbol="INF/MSME/W/3"))
    assert _symbols(services, "documents") == ["INF/MSME/W/2", "INF/MSME/W/3", "INF/MSME/W/5",
                                               "INF/MSME/W/5/Rev.2", "INF/MSME/W/5/Rev.10"]


def test_meetings_sort_by_their_documents_in_the_wto_order(services) -> None:
    for day, notice in ((1, "INF/MSME/CN/10"), (2, "INF/MSME/CN/9"), (3, "INF/MSME/CN/100")):
        services.meetings.create(Meeting(date(2024, 3, day), convening_notice=notice,
                                         summary_document=notice.replace("CN", "R")))
    for sort, column in (("convening_notice", 2), ("summary_document", 3)):
        assert [s.rsplit("/", 1)[1] for s in _symbols(services, "meetings", column,
                                                     sort=sort)] == ["9", "10", "100"]


def test_annexes_sort_by_their_symbols_in_the_wto_order(services) -> None:
    for number, symbol in ((1, "WT/L/1100"), (2, "WT/L/99"), (3, None)):
        services.annexes.create(Annex(number, f"Annex {number}", symbol))
    ordered = _symbols(services, "annexes", 2, sort="symbol")
    assert ordered[-2:] == ["WT/L/99", "WT/L/1100"]  # (no symbol first, as SQLite puts NULL)


def test_an_import_writes_the_key(services, tmp_path: Path, template_file: Path) -> None:
    _record(services)
    archive = tmp_path / "out.json"
    export_archive(services, archive)
    fresh = tmp_path / "fresh.sqlite"
    fresh.write_bytes(template_file.read_bytes())
    other = Services(open_data_file(fresh))
    try:
        import_archive(other, archive)
        assert _symbols(other, "documents") == _WTO_ORDER
        assert _symbols(other, "proposals") == _WTO_ORDER
    finally:
        other.close()
