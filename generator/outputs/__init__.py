"""Files made from the site beside the pages: posters (PDF), print facts, open data, search index, zh-Hant."""
