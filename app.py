"""Reglament: the application factory. The only place a Flask object is made."""
from pathlib import Path

from flask import Flask

from workflow import config as app_config

ROOT = Path(__file__).resolve().parent


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(app_config.from_environment())
    app.config.update(overrides or {})
    app_config.check(app.config)
    Path(app.config["DATA_DIR"]).mkdir(parents=True, exist_ok=True)

    from workflow import db, web
    from workflow.cli import register_commands
    from workflow.views import register_blueprints

    app.url_map.converters["int"] = web.DatabaseIdConverter
    db.init_app(app)
    web.init_app(app)
    register_blueprints(app)
    register_commands(app)
    return app
