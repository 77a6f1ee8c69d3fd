"""CLI command groups that live outside ``cli.py`` (each a Typer sub-app hooked in there)."""
