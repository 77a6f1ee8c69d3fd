"""Reviewer decisions through the web and API, facet filters, restricted actor names, `rightsledger serve`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx


def test_merge_and_split_events_through_the_forms(site) -> None:
    events = [e for e in site.api("viewer").get("/api/v1/events").json()["events"] if e["kind"] == "event"]
    first, second = events[0], events[1]
    client = site.client("reviewer")
    merged = client.post(
        f"/events/{first['id']}/merge",
        data={"csrf_token": client.csrf, "other": second["id"], "note": "same day"},
    )
    assert merged.status_code == 303
    decision = site.ledger.event_decisions()[-1]
    assert (decision.action, decision.event, decision.other, decision.by) == (
        "merge",
        first["id"],
        second["id"],
        "reviewer",
    )
    after = {e["id"]: e for e in site.api("viewer").get("/api/v1/events").json()["events"]}
    assert second["id"] not in after
    joined = after[first["id"]]
    assert len(joined["members"]) == len(first["members"]) + len(second["members"])
    member = joined["members"][-1]["fact"]
    split = client.post(
        f"/events/{first['id']}/split", data={"csrf_token": client.csrf, "fact_id": member, "note": "not it"}
    )
    assert split.status_code == 303
    assert site.ledger.event_decisions()[-1].action == "split"
    assert [e.action for e in site.ledger.audit_log()[-2:]] == ["event.merge", "event.split"]
    no_note = client.post(
        f"/events/{first['id']}/merge", data={"csrf_token": client.csrf, "other": second["id"]}
    )
    assert no_note.status_code == 400 and "merge needs a note saying why" in no_note.text


def test_merge_and_split_actors_through_the_forms(site) -> None:
    actors = site.api("viewer").get("/api/v1/actors").json()["actors"]
    keep, join = actors[0], actors[1]
    client = site.client("reviewer")
    page = client.get(f"/actors/{keep['id']}")
    assert page.status_code == 200 and f'action="/actors/{keep["id"]}/merge"' in page.text
    merged = client.post(
        f"/actors/{keep['id']}/merge",
        data={"csrf_token": client.csrf, "other": join["id"], "note": "same body"},
    )
    assert merged.status_code == 303
    after = {a["id"]: a for a in site.api("viewer").get("/api/v1/actors").json()["actors"]}
    assert join["id"] not in after and set(join["facts"]) <= set(after[keep["id"]]["facts"])
    assert site.ledger.audit_log()[-1].action == "actor.merge"
    split = client.post(
        f"/actors/{keep['id']}/split",
        data={"csrf_token": client.csrf, "fact_id": join["facts"][0], "note": "not the same"},
    )
    assert split.status_code == 303 and site.ledger.audit_log()[-1].action == "actor.split"
    viewer = site.client("viewer")
    refused = viewer.post(
        f"/actors/{keep['id']}/merge", data={"csrf_token": viewer.csrf, "other": join["id"]}
    )
    assert refused.status_code == 403


def test_review_through_the_api(site) -> None:
    fact = site.ledger.facts(type="counts")[0]
    api = site.api("reviewer")
    answer = api.post(f"/api/v1/facts/{fact.id}/review", json={"action": "reject", "note": "a rumour"})
    assert answer.status_code == 201 and answer.json()["by"] == "reviewer"
    assert site.ledger.get_fact(fact.id).rejected
    bad = api.post(
        f"/api/v1/facts/{fact.id}/review",
        json={"action": "correct", "changes": {"value": "many"}, "note": "n"},
    )
    assert bad.status_code == 400 and "whole number" in bad.json()["detail"]
    assert api.post("/api/v1/facts/999999/review", json={"action": "accept"}).status_code == 404
    assert (
        site.api("analyst").post(f"/api/v1/facts/{fact.id}/review", json={"action": "accept"}).status_code
        == 403
    )
    history = site.api("viewer").get(f"/api/v1/facts/{fact.id}").json()["history"]
    assert [(h["action"], h["note"], h["by"]) for h in history] == [("reject", "a rumour", "reviewer")]


def test_facet_filters_narrow_the_hits(site) -> None:
    api = site.api("viewer")
    everything = api.get("/api/v1/search").json()
    assert len(everything["hits"]) == 4
    countries = {f["value"]: f["count"] for f in everything["facets"]["country"]}
    assert "Russia" in countries
    only = api.get("/api/v1/search", params={"country": "Russia"}).json()["hits"]
    assert len(only) == countries["Russia"] and all(
        "Russia" in h["title"] or "Kazakhstan" in h["title"] for h in only
    )
    event = everything["facets"]["event"][0]
    in_event = api.get("/api/v1/search", params={"event": event["value"]}).json()["hits"]
    assert len(in_event) == event["count"]
    assert api.get("/api/v1/search", params={"violation": "no-such-code"}).json()["hits"] == []
    page = site.client("viewer").get("/search", params={"country": "Russia"})
    assert page.status_code == 200 and "country=Russia" in page.text


def test_a_restricted_actor_name_is_not_listed_for_viewers(site) -> None:
    putin = next(f for f in site.ledger.facts(type="actors") if f.data["name"] == "Vladimir Putin")
    site.services.restrictions.set_field(putin.id, "name", True, by="test")
    names = {a["name"] for a in site.api("viewer").get("/api/v1/actors").json()["actors"]}
    assert "Vladimir Putin" not in names
    names = {a["name"] for a in site.api("analyst").get("/api/v1/actors").json()["actors"]}
    assert "Vladimir Putin" in names


def test_serve_command_prints_the_url_and_serves(tmp_path) -> None:
    home = tmp_path / "home"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "RIGHTSLEDGER_HOME": str(home)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rightsledger.cli",
            "user",
            "add",
            "ana",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="a long enough password\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "rightsledger.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = server.stdout.readline()
        assert re.search(rf"http://127\.0\.0\.1:{port}/", line), line
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        assert answer.status_code == 200 and "Log in" in answer.text
    finally:
        server.terminate()
        server.wait(timeout=20)
