"""A server that stops answering after it was opened: one sentence, nothing written or lost."""

from __future__ import annotations

import pytest

from msmedesk.domain import Member
from msmedesk.server_lost import ServerLost
from tests import pg


def _database(url: str) -> str:
    return url.split("/")[3].split("?")[0]


def _cut_off(cluster: pg.PgCluster, name: str) -> None:
    """As a server going away: no new connection is taken, the open ones are ended."""
    cluster.sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    cluster.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")


def test_a_save_while_the_server_is_gone_says_so_and_a_retry_saves(
        pg_cluster: pg.PgCluster, server_url: str) -> None:
    name = _database(server_url)
    services = pg.services_for(server_url)
    try:
        assert services.members.total() == 0  # a pooled connection, open before the loss
        _cut_off(pg_cluster, name)
        with pytest.raises(ServerLost) as lost:
            services.members.create(Member(name="Aruba"))
        sentence = str(lost.value)
        assert sentence.startswith("The server holding ") and "does not answer" in sentence
        assert sentence.endswith("try again when it is back.") and "\n" not in sentence
        pg_cluster.sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        saved = services.members.create(Member(name="Aruba"))  # the same call, again
        assert services.members.get(saved.id).name == "Aruba"
        assert pg_cluster.sql("SELECT count(*) FROM members", name) == [(1,)]
    finally:
        services.close()


def test_a_refused_statement_is_not_taken_for_a_lost_server(server_url: str) -> None:
    services = pg.services_for(server_url)
    try:
        with services.engine.connect() as connection, pytest.raises(Exception) as refused:
            connection.exec_driver_sql("SELECT 1/0")
        assert not isinstance(refused.value, ServerLost)
    finally:
        services.close()
