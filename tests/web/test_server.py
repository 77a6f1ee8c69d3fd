"""A real uvicorn server on 127.0.0.1 in a thread: log in, read pages, use the API, upload."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn
from webkit import PASSWORD, csrf_of

REPORT = b"Security forces killed at least 9 protesters in Zorritos on 5 May 2024."


@pytest.fixture
def server(site):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def test_a_browser_like_flow_over_real_http(site, server) -> None:
    with httpx.Client(base_url=server, follow_redirects=False, timeout=30) as client:
        assert client.get("/").status_code == 303
        form = client.get("/login")
        assert form.headers["content-security-policy"].startswith("default-src 'none'")
        answer = client.post(
            "/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text)}
        )
        assert answer.status_code == 303
        index = client.get("/")
        assert index.status_code == 200 and "Peru" in index.text
        doc_id = site.doc_id("Juliaca")
        page = client.get(f"/documents/{doc_id}")
        assert page.status_code == 200 and 'class="fact fact-counts"' in page.text
        assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
        events = client.get("/events")
        assert events.status_code == 200
        uploaded = client.post(
            "/upload",
            data={"csrf_token": csrf_of(index.text)},
            files={"file": ("a.txt", REPORT)},
        )
        assert uploaded.status_code == 403  # a viewer may not upload (analysts and above may)
    api = httpx.Client(
        base_url=server, headers={"Authorization": f"Bearer {site.tokens['analyst']}"}, timeout=30
    )
    with api:
        created = api.post(
            "/api/v1/documents",
            files={"file": ("a.txt", REPORT)},
        )
        assert created.status_code == 201 and created.json()["created"] is True
        hits = api.get("/api/v1/search", params={"q": "Zorritos"}).json()["hits"]
        assert [h["id"] for h in hits] == [created.json()["document"]]
        assert api.get("/api/v1/events").status_code == 200
