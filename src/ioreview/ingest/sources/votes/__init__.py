"""Importer ``votes``: UN General Assembly roll-call votes (see ``importer.py``)."""
