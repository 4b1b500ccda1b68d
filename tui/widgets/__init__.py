"""Textual widgets for casereader. Import modules directly; this package stays light."""
