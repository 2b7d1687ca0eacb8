"""Configuration from the environment, checked before the application starts."""
import os
from pathlib import Path

# The key of a development checkout. Outside development the application refuses to start with it.
DEVELOPMENT_SECRET_KEY = "reglament-development-only-secret"

ROOT = Path(__file__).resolve().parent.parent
# Material shipped with the product (see reference/README.md).
CATALOG_PATH = ROOT / "reference" / "catalog" / "requirements-catalog.yaml"
SEEDS_DIR = ROOT / "reference" / "seeds"


class ConfigError(RuntimeError):
    pass


def from_environment(env: dict[str, str] | None = None) -> dict:
    env = os.environ if env is None else env
    data_dir = Path(env.get("REGLAMENT_DATA_DIR") or ROOT / "instance").resolve()
    return {
        "REGLAMENT_ENV": env.get("REGLAMENT_ENV", "production"),
        "SECRET_KEY": env.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY,
        "DATA_DIR": data_dir,
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'reglament.sqlite3'}",
        "TIMEZONE": env.get("REGLAMENT_TIMEZONE", "Europe/Moscow"),
        # One file at most REGLAMENT_MAX_UPLOAD_MB; a request may carry several such files.
        "MAX_UPLOAD_BYTES": int(env.get("REGLAMENT_MAX_UPLOAD_MB", "25")) * 1024 * 1024,
        "MAX_CONTENT_LENGTH": 4 * int(env.get("REGLAMENT_MAX_UPLOAD_MB", "25")) * 1024 * 1024 + 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("REGLAMENT_SECURE_COOKIES", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # a form left open all day must still submit
        "WTF_I18N_ENABLED": False,  # WTForms' bundled Russian messages, see forms.Form
        "PER_PAGE": 50,
    }


def check(config) -> None:
    """Refuse configurations that are unsafe outside development."""
    if config["REGLAMENT_ENV"] == "development" or config.get("TESTING"):
        return
    if config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY or len(config["SECRET_KEY"]) < 16:
        raise ConfigError(
            "SECRET_KEY is not set (or is the development default). Set SECRET_KEY to a long random "
            "string, or REGLAMENT_ENV=development for a local checkout."
        )
