"""Gongkailan (公开栏): committee YAML in, a public disclosure site out."""

from __future__ import annotations

__version__ = "0.1.0"
