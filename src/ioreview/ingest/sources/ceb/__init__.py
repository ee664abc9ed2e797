"""Importer ``ceb``: UN CEB financial statistics (see ``importer.py``)."""
