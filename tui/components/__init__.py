"""Widgets and modal screens of the reader that are not the document view itself."""
