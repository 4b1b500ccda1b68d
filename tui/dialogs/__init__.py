"""The reader's modal screens: prompts and choices, the note editor, the code picker, export,
help and the command palette. Import modules directly; this package stays light."""
