"""Security: every route has and keeps a policy; tokens, CSRF, escaping, headers, cookies, rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from webkit import PASSWORD, csrf_of

from conftest import make_site
from rightsledger.store.users import ROLES
from rightsledger.web.policy import POLICIES, PUBLIC, walk_routes
from rightsledger.web.security import CSP

XSS = '<script>alert("x")</script><img src=x onerror="alert(1)">'


def _params(site) -> dict[str, str]:
    doc = site.doc_id("Thousands detained")
    fact = next(f for f in site.ledger.facts(document=doc, type="counts"))
    events = site.api("viewer").get("/api/v1/events").json()["events"]
    actors = site.api("viewer").get("/api/v1/actors").json()["actors"]
    site.services.accounts.add_user("spare", "viewer", PASSWORD, by="test")
    return {
        "{ref}": str(doc),
        "{fact_id}": str(fact.id),
        "{event_id}": events[0]["id"],
        "{actor_id}": actors[0]["id"],
    }


def _fill(path: str, values: dict[str, str]) -> str:
    if path.startswith(("/export/", "/api/v1/export/")):
        path = path.replace("{name}", "claims.json")
    path = path.replace("{name}", "spare")
    for key, value in values.items():
        path = path.replace(key, value)
    return "/static/style.css" if path == "/static" else path


def test_every_route_declares_a_policy(site) -> None:
    routes = {(method, path) for method, path, _route in walk_routes(site.app.routes)}
    missing = routes - set(POLICIES)
    assert not missing, f"routes without an access policy: {sorted(missing)}"
    assert set(POLICIES) - routes == set(), "policies for routes that do not exist"
    assert len(routes) >= 40


def test_a_route_without_a_policy_is_refused(site) -> None:
    @site.app.get("/unlisted")
    def unlisted() -> dict[str, str]:
        return {"secret": "data"}

    client = site.client("admin", raise_server_exceptions=False)
    answer = client.get("/unlisted")
    assert answer.status_code == 500 and "secret" not in answer.text
    assert answer.headers["content-security-policy"] == CSP  # error pages carry the headers too


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_role_isolation_holds_for_every_route(site) -> None:
    values = _params(site)
    checked = 0
    for method, path, _route in walk_routes(site.app.routes):
        required = POLICIES[(method, path)]
        url = _fill(path, values)
        api = path.startswith("/api/v1")
        for role in (None, *ROLES):
            client = site.api(role) if api else site.client(role)
            if method == "GET":
                answer = client.get(url)
            else:
                data = {"csrf_token": getattr(client, "csrf", "")}
                answer = client.post(url, data=data) if not api else client.post(url, json={})
            where = f"{role or 'anonymous'} {method} {url} (needs {required}): {answer.status_code}"
            allowed = required == PUBLIC or (role is not None and ROLES.index(role) >= ROLES.index(required))
            if path == "/login" and method == "POST":
                allowed = False  # no login CSRF cookie here: refused whoever asks (see the CSRF test)
                assert answer.status_code == 403, where
            elif allowed:
                assert answer.status_code not in (401, 403), where
                assert not answer.headers.get("location", "").startswith("/login?next="), where
            elif role is None:
                assert answer.status_code == (401 if api else 303), where
                if not api:
                    assert answer.headers["location"].startswith("/login?next="), where
            else:
                assert answer.status_code == 403, where
            checked += 1
    assert checked >= 40 * 5


def test_every_api_route_refuses_a_missing_or_wrong_token(site) -> None:
    values = _params(site)
    api_routes = [(m, p) for m, p, _r in walk_routes(site.app.routes) if p.startswith("/api/v1/")]
    assert len(api_routes) >= 13
    logged_in = site.client("admin")  # a valid session cookie is not accepted by the API
    for method, path in api_routes:
        url = _fill(path, values)
        for client in (
            site.api(),
            site.api(token="rl_wrong"),
            site.api(token=site.tokens["admin"] + "x"),
            logged_in,
        ):
            answer = client.get(url) if method == "GET" else client.post(url, json={})
            assert answer.status_code == 401, f"{method} {url}: {answer.status_code}"
            assert answer.headers.get("www-authenticate") == "Bearer"
            assert answer.json() == {"detail": "a valid API token is required"}
        ok = site.api("admin")
        answer = ok.get(url) if method == "GET" else ok.post(url, json={})
        assert answer.status_code not in (401, 403), f"{method} {url} with the admin token"


def test_a_disabled_users_token_and_session_stop_working(site) -> None:
    client = site.client("analyst")
    assert client.get("/").status_code == 200
    assert site.api("analyst").get("/api/v1/documents").status_code == 200
    site.services.accounts.disable("analyst", by="test")
    assert client.get("/").status_code == 303
    assert site.api("analyst").get("/api/v1/documents").status_code == 401


def test_form_posts_without_or_with_a_wrong_csrf_token_are_refused(site) -> None:
    fact = site.ledger.facts(type="counts")[0]
    client = site.client("admin")
    for data in ({}, {"csrf_token": ""}, {"csrf_token": "forged"}, {"csrf_token": client.csrf + "x"}):
        answer = client.post(f"/facts/{fact.id}/review", data={**data, "action": "reject", "note": "n"})
        assert answer.status_code == 403 and "CSRF" in answer.text
        answer = client.post(
            "/admin/users", data={**data, "name": "x1", "role": "admin", "password": "y" * 12}
        )
        assert answer.status_code == 403
    assert site.ledger.reviews(fact.id) == []
    assert "x1" not in {u.name for u in site.services.accounts.users()}
    # another session's token does not do either
    other = site.client("admin")
    answer = client.post(
        f"/facts/{fact.id}/review", data={"csrf_token": other.csrf, "action": "reject", "note": "n"}
    )
    assert answer.status_code == 403
    answer = client.post(
        f"/facts/{fact.id}/review", data={"csrf_token": client.csrf, "action": "reject", "note": "n"}
    )
    assert answer.status_code == 303 and len(site.ledger.reviews(fact.id)) == 1


def test_login_form_needs_its_csrf_token(site) -> None:
    client = site.client()
    client.get("/login")  # sets the login CSRF cookie
    answer = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert answer.status_code == 403
    answer = client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "forged"})
    assert answer.status_code == 403 and "rl_session" not in answer.cookies


def test_stored_xss_in_a_report_and_a_review_note_is_inert(site) -> None:
    client = site.client("admin")
    form = client.get("/upload")
    text = f"Report {XSS}\n\nAt least 12 people were killed in {XSS} on 3 May 2024, monitors said.\n"
    answer = client.post(
        "/upload",
        data={"csrf_token": csrf_of(form.text), "title": f"Title {XSS}", "publisher": XSS},
        files={"file": ("evil.txt", text.encode(), "text/plain")},
    )
    assert answer.status_code == 303, answer.text
    doc_url = answer.headers["location"]
    fact = site.ledger.facts(type="counts", document=int(doc_url.rsplit("/", 1)[1]))[0]
    client.post(
        f"/facts/{fact.id}/review", data={"csrf_token": client.csrf, "action": "note", "note": f"see {XSS}"}
    )
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"
    for url in (doc_url, "/", f"/facts/{fact.id}", "/search?q=killed+monitors", "/audit", "/review"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script" not in page.text and "<img" not in page.text, url
        if url == "/audit":  # the payload is shown as JSON, whose encoder escapes < and >
            assert "see \\u003cscript\\u003e" in page.text
        elif url != "/review":
            assert escaped in page.text, url
    api = site.api("admin").get(f"/api/v1/facts/{fact.id}").json()
    assert api["history"][-1]["note"] == f"see {XSS}"  # kept as written, escaped only when shown


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_html_page_has_the_csp_and_security_headers(site) -> None:
    values = _params(site)
    client = site.client("admin")
    pages = [p for m, p, _r in walk_routes(site.app.routes) if m == "GET" and not p.startswith("/api/v1")]
    for path in [*pages, "/no-such-page", "/documents/999999"]:
        answer = client.get(_fill(path, values))
        assert answer.headers["content-security-policy"] == CSP, path
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert answer.headers["referrer-policy"] == "no-referrer", path
        if answer.headers.get("content-type", "").startswith("text/html"):
            assert "style=" not in answer.text and "<script" not in answer.text, path
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP and "unsafe" not in CSP


def test_session_cookie_is_httponly_and_samesite_strict(site, ledger_url, home, extracted_examples) -> None:
    client = site.client()
    form = client.get("/login")
    answer = client.post(
        "/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text)}
    )
    [cookie] = [c for c in answer.headers.get_list("set-cookie") if c.startswith("rl_session=")]
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    assert "secure" not in flags
    stored = site.services.accounts
    token = answer.cookies["rl_session"]
    assert stored.session(token) is not None
    with site.ledger.engine.connect() as conn:  # only the token's hash is stored
        from sqlalchemy import text

        hashes = [row[0] for row in conn.execute(text("SELECT token_hash FROM login_sessions"))]
    assert token not in hashes and len(hashes) == 1


def test_secure_cookie_setting(ledger_url, home, extracted_examples) -> None:
    secure = make_site(ledger_url, home, [], secure_cookies=True)
    try:
        client = secure.client(base_url="https://testserver")
        form = client.get("/login")
        answer = client.post(
            "/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text)}
        )
        [cookie] = [c for c in answer.headers.get_list("set-cookie") if c.startswith("rl_session=")]
        assert "secure" in {p.strip().lower() for p in cookie.split(";")}
    finally:
        secure.ledger.close()


def test_login_is_rate_limited_per_user_and_per_address(site) -> None:
    client = site.client()

    def attempt(name: str, password: str) -> int:
        form = client.get("/login")
        return client.post(
            "/login", data={"username": name, "password": password, "csrf_token": csrf_of(form.text)}
        ).status_code

    assert [attempt("viewer", "wrong") for _ in range(5)] == [401] * 5
    assert attempt("viewer", PASSWORD) == 429  # even the right password, until the window passes
    assert attempt("analyst", PASSWORD) == 429  # the same address is limited too
    by_name, by_ip = site.services.accounts.recent_failures("viewer", "testclient", timedelta(minutes=5))
    assert by_name == 7 - 1 and by_ip == 7  # every refused attempt is recorded
    assert site.services.accounts.recent_failures("admin", "10.0.0.9", timedelta(minutes=5)) == (0, 0)


def test_upload_too_large_is_413_and_stores_nothing(ledger_url, home, extracted_examples, dump) -> None:
    small = make_site(ledger_url, home, [], max_upload_bytes=4096)
    try:
        client = small.client("analyst")
        before = dump(ledger_url)
        answer = client.post(
            "/upload",
            data={"csrf_token": client.csrf},
            files={"file": ("big.txt", b"killed " * 10_000, "text/plain")},
        )
        assert answer.status_code == 413 and "larger than the limit of 4 KB" in answer.text
        assert answer.headers["content-type"].startswith("text/html")
        api = small.api("analyst").post(
            "/api/v1/documents", files={"file": ("big.txt", b"killed " * 10_000, "text/plain")}
        )
        assert api.status_code == 413 and "limit of 4 KB" in api.json()["detail"]
        assert dump(ledger_url) == before
    finally:
        small.ledger.close()
