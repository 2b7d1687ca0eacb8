"""Command-line interface: ``flask --app app <group> <command>``."""
from flask import Flask


def register_commands(app: Flask) -> None:
    from workflow.cli import db, demo, users

    for group in (db.group, demo.group, users.group):
        app.cli.add_command(group)
