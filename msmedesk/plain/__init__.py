"""The window's first reads through the plain sqlite3 connection, without SQLAlchemy (issue 18).

A data file of the current schema opens (``db.plain_open``) and shows its first tab's
count, first page and first record's details through these readers, which return the same
frozen dataclasses, in the same order, as the services (``design.md``: reads may go through
the DBAPI connection without the ORM). ``services.PlainFirstServices`` answers those reads
and hands everything else (a search, a write, another tab) to the SQLAlchemy services,
loaded then. Nothing here imports SQLAlchemy or the ORM (a test checks it).
"""
