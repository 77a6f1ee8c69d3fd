"""Web stage: a FastAPI app (server-rendered pages and a JSON API) over the same services as the CLI."""

from rightsledger.web.app import create_app
from rightsledger.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
