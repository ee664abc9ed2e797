"""Importer ``events``: an analyst's own sourced facts, CSV or JSON Lines (see ``importer.py``)."""
