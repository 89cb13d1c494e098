"""Read data/ from disk, validate every file against its model, check across files, gather every error."""
