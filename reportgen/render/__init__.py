"""Rendering HTML: the theme (templates), the context each page sees, and its charts."""
