"""Files made from the site beside the pages: posters (PDF), print facts, open data, search index, zh-Hant."""

# The 公开目录's statuses join every committee's open data (registered on import).
from . import catalogue_table as catalogue_table
