"""The only package that talks to MkDocs (or ProperDocs): the plugin hooks and the build call."""
