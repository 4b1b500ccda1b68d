"""casereader's interfaces: the command line and the Textual app (imported lazily)."""
