"""Narratives: the director's markdown, its expressions, and the checks on what they typed."""
