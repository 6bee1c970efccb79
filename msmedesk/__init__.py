"""msmedesk: the record keeper of the office of the Coordinator of the WTO MSME Group."""

__version__ = "0.1.0"
