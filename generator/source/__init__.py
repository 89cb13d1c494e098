"""The YAML files as written: safe parsing with line marks, and a record tied to its file."""
