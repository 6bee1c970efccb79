"""Whether the records changed since a backup (issue 12.7): the change counter, the comparison."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from msmedesk.db.backups import make_backup
from msmedesk.db.changes import ChangeCounter, changed_since
from msmedesk.db.engine import open_data_file
from msmedesk.domain import Member
from msmedesk.records import Services
from msmedesk.validation import ValidationError

INSERT = ("INSERT INTO members (name, list_name, sort_name, prose_name, sort_key, counts_as, "
          "notes) VALUES ('Atlantis', '', '', '', 'atlantis', 1, '')")


def test_counter_counts_committed_changes_only(data_file: Path) -> None:
    """Reads and refused writes count nothing; each add, edit and delete counts."""
    engine = open_data_file(data_file)
    counter = ChangeCounter(engine)
    heard: list[int] = []
    counter.listen(lambda: heard.append(counter.count))
    services = Services(engine)
    try:
        services.members.list()
        services.members.total()
        assert counter.count == 0
        member = services.members.create(Member(name="Atlantis"))
        assert counter.count == 1
        with pytest.raises(ValidationError):
            services.members.create(Member(name="Atlantis"))  # the name is taken
        assert counter.count == 1
        services.members.update(replace(member, notes="Joined late"))
        services.members.delete(member.id)
        assert counter.count == 3
        assert heard == [1, 2, 3]
    finally:
        services.close()


def test_counter_does_not_count_what_was_rolled_back_or_changed_nothing(
        data_file: Path) -> None:
    """A transaction rolled back after changing rows leaves nothing to back up."""
    engine = open_data_file(data_file)
    counter = ChangeCounter(engine)
    try:
        with pytest.raises(RuntimeError), engine.begin() as connection:
            connection.exec_driver_sql(INSERT)
            raise RuntimeError("the user action failed after the insert")
        assert counter.count == 0
        with engine.begin() as connection:  # changes nothing: no row has this name
            connection.exec_driver_sql("UPDATE members SET notes = 'x' WHERE name = 'Nobody'")
        assert counter.count == 0
        with engine.begin() as connection:
            connection.exec_driver_sql(INSERT)
        assert counter.count == 1
    finally:
        engine.dispose()


def test_changed_since_compares_the_records_row_for_row(sample_file: Path,
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    services = Services(open_data_file(sample_file))
    try:
        backup = make_backup(sample_file, "manual", folder)
        assert changed_since(sample_file, backup) is False
        member = services.members.create(Member(name="Atlantis"))
        assert changed_since(sample_file, backup) is True
        services.members.delete(member.id)
        # The same records again, but the history keeps the create and the delete.
        assert changed_since(sample_file, backup) is True
        backup = make_backup(sample_file, "manual", folder)
        assert changed_since(sample_file, backup) is False
        first = services.members.get(services.members.list()[0].id)
        services.members.update(replace(first, notes="A new note"))
        assert changed_since(sample_file, backup) is True
    finally:
        services.close()


def test_a_backup_that_cannot_be_compared_counts_as_changed(sample_file: Path,
                                                            tmp_path: Path) -> None:
    backup = make_backup(sample_file, "manual", tmp_path / "bk")
    older = tmp_path / "older.sqlite"
    older.write_bytes(backup.read_bytes())
    con = sqlite3.connect(older)
    con.execute("DROP TABLE spotlights")
    con.commit()
    con.close()
    assert changed_since(sample_file, older) is True
    assert changed_since(sample_file, tmp_path / "missing.sqlite") is True
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 100)
    assert changed_since(sample_file, garbage) is True
