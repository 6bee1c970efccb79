"""The server could not be reached: at start, or lost in the middle of the work.

Raised by the server's engine in place of the driver's error (``db/server.py``), so that
the window, which never imports the database layer, can say so in one sentence and offer
to try again, keeping what was typed.
"""

from __future__ import annotations


class ServerLost(ConnectionError):
    """The PostgreSQL server did not answer; the message is one plain sentence."""
