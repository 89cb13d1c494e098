"""Editors' tools on the command line: diff, import, new files, the data-format guide, JSON Schemas, CI annotations."""
