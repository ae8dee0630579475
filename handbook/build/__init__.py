"""Build time: Markdown sources -> rendered pages, catalog and search index (no Qt)."""
