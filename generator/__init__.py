"""Gongkailan (公开栏): committee YAML in, a public disclosure site out.

The subpackages follow the data: source -> load -> model -> site -> outputs, with tools,
the MkDocs glue and the command line on top; generator/README.md describes each layer.
"""

from __future__ import annotations

__version__ = "0.1.0"
