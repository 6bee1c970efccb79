"""The report's sections, each built from one year's records (``YearRecords``) alone.

``context`` holds what the sections share (lookups, notes, runs of text); ``events`` tells
outreach events for the introduction and section 4; one module per section follows.
"""
