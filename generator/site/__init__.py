"""Every page of the site as Markdown, from Jinja2 templates; one section per data kind, and the navigation."""
