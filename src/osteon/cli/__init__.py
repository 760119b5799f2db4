"""Command-line interface (typer + rich). Entry point: ``osteon``."""
