"""What the data means: one pydantic model module per data kind, exact money, real dates; no I/O."""
