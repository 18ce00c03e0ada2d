"""The Django database settings for a postgres:// URL, shared by the test scripts beside this file."""
import os
from urllib.parse import unquote, urlparse


def database(url_text):
    """DATABASES["default"] for the URL; SEARCH_PATH in the environment names the schema."""
    url = urlparse(url_text)
    options = {"options": f"-c search_path={os.environ['SEARCH_PATH']}"} if os.environ.get("SEARCH_PATH") else {}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": url.path.lstrip("/"),
        "USER": url.username,
        "PASSWORD": unquote(url.password or ""),
        "HOST": url.hostname,
        "PORT": url.port,
        "OPTIONS": options,
    }
