"""Contacts: the people the office deals with (delegates, focal points, speakers ...)."""

from __future__ import annotations

from msmedesk.domain import Contact
from msmedesk.registry.fields import MAX_NAME, Choice, Field, RecordType, choice, name, text

MAX_PHONE = 100  # a number with its country code and an extension fits with room to spare

CONTACT_ROLES = (
    Choice("delegate", "Delegate"),
    Choice("focal-point", "Focal point"),
    Choice("speaker", "Speaker"),
    Choice("other", "Other"),
)

CONTACTS = RecordType(
    key="contacts", noun="contact", plural="contacts", title="Contacts",
    section="contacts", record=Contact, identity=("name", "of"),
    tab="main", position=45, archive_position=25, when_empty="when_set",
    columns=("name", "title", "of", "role", "email"),
    search_hint="name, title, e-mail, notes or Member", by_year=False,
    fields=(
        name("name", "Name", required=True, placeholder="required, e.g. Ana López"),
        name("title", "Title or function", column_label="Title",
             placeholder="e.g. Counsellor, Permanent Mission"),
        Field("of", "Member or organization", "owner", required=True, limit=MAX_NAME,
              default="", column_label="Of", search_names=("member", "organization"),
              hint="The Member or organization the person belongs to"),
        choice("role", "Role", CONTACT_ROLES, "other"),
        Field("email", "E-mail", "email", limit=MAX_NAME, default="",
              placeholder="name@example.org"),
        name("phone", "Phone", limit=MAX_PHONE),
        text("notes", "Notes"),
    ))
