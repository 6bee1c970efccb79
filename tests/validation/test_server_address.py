"""The Open server dialog's fields: each problem named beside its field, and the address made."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from msmedesk.db.location import ServerAddress, read_location
from msmedesk.validation.server_address import (
    SSL_MODES,
    ServerFields,
    check_server_fields,
    fields_of,
    server_address,
)


def fields_named(fields: ServerFields) -> set[str]:
    return {e.field for e in check_server_fields(fields)}


def test_a_server_and_a_database_are_required() -> None:
    assert fields_named(ServerFields(host=" ", database="")) == {"host", "database"}


def test_a_port_out_of_range_or_not_a_number_is_named() -> None:
    assert fields_named(ServerFields(host="db", port="70000")) == {"port"}
    assert fields_named(ServerFields(host="db", port="54a2")) == {"port"}
    assert fields_named(ServerFields(host="db", port="")) == set()


def test_a_host_or_user_with_characters_of_an_address_is_refused() -> None:
    # "@" or "/" in a field would change what the address means, not only what it names.
    assert fields_named(ServerFields(host="evil@db", user="ana")) == {"host"}
    assert fields_named(ServerFields(host="db", user="ana:secret")) == {"user"}
    assert fields_named(ServerFields(host="db", database="msme?password=x")) == {"database"}


def test_the_address_made_reads_back_as_the_same_server() -> None:
    fields = ServerFields(host="db.example.org", port="5433", database="msme", user="ana",
                          sslmode="require")
    address = read_location(server_address(fields))
    assert isinstance(address, ServerAddress)
    assert (address.url.host, address.url.port, address.database, address.url.username,
            address.sslmode) == ("db.example.org", 5433, "msme", "ana", "require")
    assert fields_of(server_address(fields)) == fields


def test_a_socket_folder_on_this_computer_is_a_host_query() -> None:
    fields = ServerFields(host="/run/postgresql", port="5444", database="msme")
    address = read_location(server_address(fields))
    assert isinstance(address, ServerAddress)
    assert address.url.query["host"] == "/run/postgresql"
    assert address.url.query["port"] == "5444"
    assert fields_of(server_address(fields)) == fields


_names = st.from_regex(r"[A-Za-z0-9_.\-]{1,12}", fullmatch=True)


@given(host=st.from_regex(r"[a-z0-9][a-z0-9\-.]{0,15}", fullmatch=True),
       port=st.one_of(st.just(""), st.integers(1, 65535).map(str)), database=_names,
       user=st.one_of(st.just(""), _names), sslmode=st.sampled_from([m for m, _ in SSL_MODES]))
def test_any_accepted_fields_round_trip(host: str, port: str, database: str, user: str,
                                        sslmode: str) -> None:
    fields = ServerFields(host, port, database, user, sslmode)
    assert check_server_fields(fields) == []
    assert fields_of(server_address(fields)) == fields
    assert read_location(server_address(fields)).url.password is None  # type: ignore[union-attr]
