"""The central PostgreSQL store that several kiosks feed (no Textual, no data files here).

Each kiosk keeps its own TinyDB folder as the record of truth for its desk; the central
database holds a copy of every kiosk's events and closed days, keyed so that sending the
same thing twice changes nothing: events by their UUID, closes by kiosk, date and revision.
"""
