"""``check``'s rules over the records, on a data file and on a server alike."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from msmedesk.checks import check_engine


@pytest.mark.parametrize("place", ["sqlite", "postgresql"], indirect=True)
def test_the_rules_find_the_same_broken_records_on_a_file_and_a_server(sample_services):
    engine = sample_services.engine
    assert check_engine(engine).problems == ()
    with engine.begin() as connection:
        for statement in (
                # Rules only Python checks: the symbol grammar, an end before the start, a
                # proposal without proponents, a saved search the language cannot read.
                "UPDATE documents SET symbol = 'bad/symbol!' WHERE symbol = 'G/MA/357'",
                "UPDATE outreach_events SET end_date = '2024-06-01' WHERE date = "
                "'2024-06-27' AND kind = 'award'",
                "DELETE FROM proposal_proponents WHERE proposal_id = (SELECT p.id FROM "
                "proposals p JOIN documents d ON d.id = p.document_id WHERE d.symbol = "
                "'INF/MSME/W/53')",
                "INSERT INTO saved_searches (name, scope, query) VALUES ('Old', 'meetings', "
                "'colour:red')"):
            connection.execute(text(statement))
    found = check_engine(engine).problems
    assert len(found) == 4, found
    assert all(f.startswith("Rule broken: ") for f in found)
    said = "\n".join(found)
    assert '.symbol: "bad/symbol!" is not a WTO document symbol' in said
    assert ".end_date: 2024-06-01 is before the date 2024-06-27" in said
    assert ".proponents: needs at least one proponent" in said
    assert ".query: There is no field “colour”" in said
