"""Privacy markers on model fields, read by the privacy layer (``generator/privacy/masking.py``).

They live here, beside the models, so that a model never imports the code that masks it.
"""

from __future__ import annotations

# Field markers, put in a model field's ``json_schema_extra``.
PRIVATE = {"privacy": "private"}  # never published
ADDRESS = {"privacy": "address"}  # an exact address: building/unit/room hidden
PUBLIC = {"privacy": "public"}  # numbers written here are declared public
# The committee's own contact fields (office phone, mailbox, office address): landlines,
# e-mail and exact addresses written here are public; mobiles still need public_numbers.
OFFICE = {"privacy": "office"}


def private_unless(flag: str) -> dict[str, str]:
    """A field that is published only when the record's boolean ``flag`` field is true."""
    return {"privacy": "private", "public_if": flag}
