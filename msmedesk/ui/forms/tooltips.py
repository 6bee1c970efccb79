"""What each form field's tooltip says: what goes there, with an example from the Group's
world where the field takes typed text (issue 16, item 6).

Keyed by the form (a record type's key, or a row list's: "presentations") and the field's
key. A field not here keeps the hint its form or the registry gives it: a type declared
in files of its own (README "Adding a record type") says its fields' hints there.
"""

from __future__ import annotations

_DATE = "e.g. 19 March 2024 or 19/3/2024 (day first)"
_PARTIAL = "e.g. 19 March 2024, March 2024 or 2024"
_PLACE = ("Where the report tells this item among the meeting's items: 1 first, e.g. 2; "
          "leave empty for the usual order")

TOOLTIPS: dict[str, dict[str, str]] = {
    "members": {
        "name": "The name as the WTO writes it, e.g. Korea, Republic of",
        "list_name": "How the entry reads in the membership footnote, e.g. European Union "
                     "and its 27 Member States",
        "sort_name": "The key that orders the membership footnote, e.g. Gambia for "
                     "The Gambia",
        "prose_name": "The form used inside a sentence, with its article, e.g. the "
                      "European Union",
        "counts_as": "How many Members this entry stands for, e.g. 28 for the European "
                     "Union",
        "joined": f"When the Member joined the Group, {_PARTIAL}; leave empty for a Member "
                  "since before the records begin",
        "left": f"When the Member left the Group, if it did, {_PARTIAL}",
        "notes": "Anything staff want to remember, e.g. who to ask for its figures",
    },
    "organizations": {
        "acronym": "The short name, e.g. ITC",
        "name": "The full name, e.g. International Trade Centre",
        "network_member_since": f"When it joined the Trade4MSMEs Network, {_PARTIAL}; "
                                "leave empty for organizations outside the Network",
        "short_name": "The name the report uses after the first mention, e.g. the Centre",
    },
    "documents": {
        "symbol": "The WTO document symbol, e.g. INF/MSME/R/43 or INF/MSME/W/53",
        "title": "The title on the document, e.g. Annual Report 2024",
        "date": f"The date on the document, {_DATE}",
        "kind": "What sort of document it is; a working document is a proposal",
        "url": "The document's address online, if it has one, e.g. "
               "https://docs.wto.org/… (none for JOB documents)",
        "about": "What the document covers, as the report says it, e.g. summarizing the "
                 "Group's main activities since 2017",
    },
    "meetings": {
        "date": f"The day of the meeting, {_DATE}",
        "kind": "Open-ended meeting, thematic session, private-sector meeting or other",
        "convening_notice": "The airgram that announced the meeting, e.g. "
                            "INF/MSME/CN/25/Rev.1",
        "summary_document": "The document that records the meeting, e.g. INF/MSME/R/43",
        "summary": "What the report's paragraph on this meeting says after its opening "
                   "sentence, e.g. The Group discussed the next steps of its work plan.",
        "presentations": "Who spoke at the meeting: Add… a speaker, the organization or "
                         "Member they spoke for and the topic",
        "spotlights": "The MSME Spotlights: Add… each business introduced to the Group",
        "proposals": "Tick the proposals the Group discussed at this meeting",
        "proposals_order": "Where the report tells the proposals discussed among the "
                           "meeting's items: 1 first, e.g. 3; leave empty for the usual "
                           "order",
        "closing": "What the report tells after the presentations and spotlights, e.g. "
                   "The Coordinator closed the meeting by recalling the next dates.",
        "closing_order": "Where the report tells that narrative among the meeting's "
                         "items, e.g. 4; leave empty to tell it last",
    },
    "presentations": {
        "speaker": "Who spoke, e.g. Lazzat Daniyarova (a speaker, an organization or a "
                   "Member is needed)",
        "organization": "The organization the speaker presented for; type to choose, "
                        "e.g. WCO",
        "member": "The Member that presented or briefed, if any; type to choose, e.g. "
                  "Kenya",
        "topic": "What the presentation was on, as the report says it, e.g. preliminary "
                 "findings of a survey on the SAFE Framework of Standards",
        "order": _PLACE,
        "opening": "Yes: the report tells this presentation first, right after the "
                   "meeting's opening sentence",
        "lead_in": "Sentences the report tells just before this presentation, e.g. The "
                   "Group then held its first thematic session.",
    },
    "spotlights": {
        "business": "The business in the spotlight, e.g. La Mandala",
        "person": "Who spoke for it, e.g. Usha Subba",
        "country": "Its Member; type to choose, e.g. Nepal",
        "introduced_by": "The organization or Member that introduced it; type to choose, "
                         "e.g. EIF",
        "description": "What the business is, e.g. A specialty tea business and the third "
                       "in the series.",
        "order": _PLACE,
    },
    "proposals": {
        "symbol": "The proposal's document symbol, e.g. INF/MSME/W/53 (a joint one: "
                  "INF/MSME/W/58-INF/TGE/COM/11)",
        "title": "The title on the document, e.g. Access to information for MSMEs",
        "proponents": "Tick the Members (or the organization) that put the proposal forward",
        "submitted": f"When it was submitted, {_PARTIAL}",
        "status": "Where the proposal stands: submitted, under discussion, adopted, "
                  "concluded or withdrawn",
        "discussed_at": "Tick the meetings at which the Group discussed the proposal",
        "summary": "What the proposal asks, in a few sentences, e.g. It invites Members to "
                   "share how they help MSMEs use trade finance.",
        "subject": "What the proposal is for, as the report says it after its symbol, "
                   "e.g. to bridge the gap between international organizations and MSMEs",
    },
    "outreach": {
        "date": "The day, or only the month or year when that is all that is known, "
                f"{_PARTIAL}",
        "end_date": f"The last day of an event over several days, {_PARTIAL}",
        "kind": "What sort of activity it was: award, Network meeting, joint event…",
        "title": "The event's name, e.g. Small Business Champions award",
        "partners": "Tick the organizations the Group worked with",
        "summary": "What the report says of it, e.g. At this event the three groups "
                   "presented their work.",
        "place": "Where it was, as the report says it, e.g. in Barbados",
        "role": "At a speaking engagement: what the Coordinator did (spoke, moderated…)",
        "position": "Where the item stands among section 4's items, 1 first, e.g. 2; "
                    "leave empty for the usual order",
    },
    "package": {
        "annex": "The annex of the December 2020 MSME Package (INF/MSME/4/Rev.2)",
        "year": "The year the Members reported, e.g. 2024",
        "members": "Tick the Members that reported implementing the annex (may be none)",
        "summary": "As it reads after the Members' names, e.g. included MSME information "
                   "in their Trade Policy Review reports",
    },
    "group": {
        "name": "The Group's full name, e.g. Informal Working Group on MSMEs",
        "short_name": "The name the report uses after the first mention, e.g. MSME Group",
        "established": f"The day the Group was established, {_DATE}",
        "established_by": "The document that established the Group, e.g. "
                          "WT/MIN(17)/58/Rev.1",
        "founding_members": "How many WTO Members established the Group, e.g. 88",
        "coordinators": "The Group's Coordinators: Add… each, with their title and dates",
        "established_at": "Where it was established, e.g. the 11th Ministerial Conference "
                          "(MC11)",
        "founders": "Who the founding Members represented, e.g. all major regions and "
                    "levels of development",
    },
    "coordinators": {
        "name": "The Coordinator's name, e.g. H.E. Mr Matthew Wilson",
        "title": "Their title, e.g. Ambassador of Barbados",
        "from": f"When they took up the role, {_PARTIAL}",
        "to": f"When they left it, {_PARTIAL}; leave empty while serving",
    },
    "annexes": {
        "number": "The annex's number in the Package, 1 to 6, e.g. 5",
        "title": "The annex's title, e.g. Declaration on Access to Information",
        "symbol": "The Package's symbol, e.g. INF/MSME/4/Rev.2",
    },
}


def tooltip(form: str, key: str, given: str = "") -> str:
    """The tooltip of field ``key`` of ``form``: this table's, else the ``given`` hint."""
    return TOOLTIPS.get(form, {}).get(key) or given
