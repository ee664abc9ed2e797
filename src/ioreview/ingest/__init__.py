"""Importers: each source is a metadata file plus one function that receives a context."""
