"""A contact's checks without the data file: required fields, role, limits, and its e-mail
address (one plausible address: local@domain.tld, no spaces). Contacts have no bespoke
parser or check: ``parse``/``check`` read them from the registry's fields, and the e-mail
address is the rule of the "email" kind of value."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msmedesk.domain import CONTACT_ROLES, Contact
from msmedesk.registry.contacts import MAX_PHONE
from msmedesk.validation import check, email_problem, parse
from msmedesk.validation.email import MAX_EMAIL

_ATOM = st.text(string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-", min_size=1,
                max_size=12)
_LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_TLD = st.text(string.ascii_lowercase, min_size=2, max_size=6)


@st.composite
def addresses(draw: st.DrawFn) -> str:
    """A plausible address: dot-separated atoms, @, labels, a top-level domain."""
    local = ".".join(draw(st.lists(_ATOM, min_size=1, max_size=3)))
    domain = ".".join(draw(st.lists(_LABEL, min_size=1, max_size=3)) + [draw(_TLD)])
    return f"{local}@{domain}"


@given(addresses())
def test_a_plausible_address_passes(address):
    assert email_problem(address) is None


@given(st.emails())
def test_addresses_hypothesis_makes_pass(address):
    # (st.emails() keeps within RFC 5321's lengths and uses real top-level domains.)
    assert email_problem(address) is None


@given(addresses(), st.data(), st.sampled_from([" ", "\t", ",", ";", "\u00a0"]))
def test_a_space_or_separator_anywhere_is_refused(address, data, char):
    at = data.draw(st.integers(1, len(address) - 1))
    problem = email_problem(address[:at] + char + address[at:])
    assert problem is not None


@given(addresses(), addresses(), st.sampled_from([",", ";", " ", ", ", "; "]))
def test_two_addresses_in_one_field_are_refused(first, second, sep):
    assert email_problem(first + sep + second) is not None
    assert email_problem(first + second) is not None  # two @


@given(addresses())
def test_an_address_without_its_at_or_its_domain_is_refused(address):
    local, domain = address.split("@")
    assert "no @" in (email_problem(local + domain) or "")
    assert email_problem(local + "@") is not None
    assert email_problem("@" + domain) is not None
    assert email_problem(f"{local}@{domain.split('.')[0]}") is not None  # no dot left
    assert email_problem(f".{address}") is not None


@pytest.mark.parametrize("address", [
    "ana@wto.org", "ana.lopez@economia.gob.mx", "josé@correo.es", "a+msme@mail.co.uk",
    "x@b.xn--p1ai"])
def test_real_addresses_pass(address):
    assert email_problem(address) is None


@pytest.mark.parametrize(("address", "words"), [
    ("ana.wto.org", "has no @"),
    ("ana@@wto.org", "more than one @"),
    ("ana@wto", "domain such as example.org"),
    ("ana@wto.o", "domain such as example.org"),
    ("ana@wto_org.int", "domain such as example.org"),
    ("ana@-wto.org", "domain such as example.org"),
    ("a..b@wto.org", "before the @"),
    ("mailto:ana@wto.org", "before the @"),
    ("Ana <ana@wto.org>", "space"),
    ("a" * 65 + "@wto.org", "65 characters before the @"),
    ("a@" + "b" * 250 + ".org", "too long"),
])
def test_bad_addresses_are_refused_saying_what_is_wrong(address, words):
    assert words in (email_problem(address) or "")


def test_a_whole_contact_passes():
    contact = Contact("Ana López", "Mexico", title="Counsellor", email="ana@wto.org",
                      phone="+41 22 739 51 11", role="focal-point", notes="x\ny")
    assert check("contacts", contact) == []


def test_only_the_email_may_be_empty_among_name_of_and_email():
    assert check("contacts", Contact("Ana", "Mexico")) == []
    errors = check("contacts", Contact(" ", " "), "contacts[3]")
    assert [(e.field, e.record) for e in errors] == [("name", "contacts[3]"),
                                                    ("of", "contacts[3]")]
    assert "Member or organization" in errors[1].message


@pytest.mark.parametrize("role", CONTACT_ROLES)
def test_every_role_is_allowed(role):
    assert check("contacts", Contact("Ana", "Mexico", role=role)) == []


@pytest.mark.parametrize(("contact", "field"), [
    (Contact("Ana", "Mexico", role="chair"), "role"),
    (Contact("Ana", "Mexico", email="ana at wto.org"), "email"),
    (Contact("Ana", "Mexico", email="a@" + "b" * MAX_EMAIL + ".org"), "email"),
    (Contact("Ana", "Mexico", phone="1" * (MAX_PHONE + 1)), "phone"),
    (Contact("Ana", "Mexico", phone="+41\n22"), "phone"),
    (Contact("Ana\u200b", "Mexico"), "name"),
    (Contact("Ana", "Mexico", title="a" * 501), "title"),
    (Contact("Ana", "Mex\nico"), "of"),
])
def test_each_bad_value_is_named_by_its_field(contact, field):
    assert [e.field for e in check("contacts", contact)] == [field]


def test_the_parser_reads_an_archive_shaped_contact():
    raw = {"name": " Ana López ", "of": "Mexico", "title": "Counsellor",
           "email": "ana@wto.org", "phone": "+41 22", "role": "delegate", "notes": "n"}
    value, errors = parse("contacts", raw, "contacts[0]")
    assert errors == []
    assert value == Contact("Ana López", "Mexico", title="Counsellor", email="ana@wto.org",
                            phone="+41 22", role="delegate", notes="n")
    assert parse("contacts", {"name": "Ana", "of": "Mexico"}) == (Contact("Ana", "Mexico"), [])


def test_the_parser_names_every_bad_field():
    value, errors = parse("contacts", {"name": "", "of": "Mexico", "email": "x", "role": "boss",
                                   "phone": 41}, "contacts[2]")
    assert value is None
    assert {e.field for e in errors} == {"name", "role", "phone"}
    value, errors = parse("contacts", {"name": "Ana", "email": "ana@@wto.org"}, "contacts[2]")
    assert value is None
    assert {e.field for e in errors} == {"of", "email"}
    assert all(str(e).startswith("contacts[2].") for e in errors)
