"""Blueprints, one per surface. Each view: load (404) → authorize (403) → validate → one
operation → commit → flash → redirect."""
from flask import Flask


def register_blueprints(app: Flask) -> None:
    from workflow.views import admin, auth, health, home, orders, review, schools, status

    for module in (auth, home, admin, orders, status, schools, review, health):
        app.register_blueprint(module.bp)
