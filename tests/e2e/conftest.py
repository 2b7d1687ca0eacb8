"""Browser tests: Debian's Chromium driven by Playwright against a live server.

One server for the whole session, with its own SQLite file holding the committed demo data (the
transactional fixtures of ``tests/conftest.py`` would be invisible to the server's threads), real
forms and real CSRF. pytest-playwright gives one browser per session and a new context per test.
"""
import logging
import threading
from datetime import date

import pytest
from werkzeug.serving import make_server

from app import create_app
from workflow import db
from workflow.config import CATALOG_PATH, SEEDS_DIR
from workflow.demo import load_demo
from workflow.schema import upgrade
from workflow.web import file_store


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "headless": True, "executable_path": "/usr/bin/chromium",
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]}


@pytest.fixture(scope="session")
def e2e_app(tmp_path_factory):
    """An application of its own: a fresh SQLite file, migrated, with the demo data committed."""
    folder = tmp_path_factory.mktemp("e2e")
    app = create_app({
        "REGLAMENT_ENV": "development",
        "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite3'}",
        "DATA_DIR": folder / "data",
        "SECRET_KEY": "e2e-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": True,
    })
    with app.app_context():
        upgrade(app)
        session = db.session()
        load_demo(session, date.today(), CATALOG_PATH, SEEDS_DIR, store=file_store())
        session.commit()
    yield app
    app.extensions["reglament.engine"].dispose()


@pytest.fixture(scope="session")
def live_server(e2e_app):
    """The base URL of ``e2e_app`` served from a daemon thread on a free port."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request; errors still logged
    server = make_server("127.0.0.1", 0, e2e_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright gives every browser context this base URL, so pages can ``goto("/login")``."""
    return live_server
