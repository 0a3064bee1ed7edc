"""Importers and generators for public benchmark instance formats."""
