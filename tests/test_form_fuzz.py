"""Every form a person can reach, filled with what people (and scripts) really type.

As each role of the demo school, the pages are crawled from the home page (the Django admin as
the school's admin), every <form> found is recorded with the values the page put in it, and each
form is then submitted again with every field replaced by a malformed value: empty, text where a
number is expected, huge numbers, impossible dates, emoji, a NUL character, a very long string.
The answer must be a 4xx or the page again (200 with the errors) or a redirect when the value was
acceptable, never a 5xx; and an answer that is not a redirect must have written nothing (the audit
log, which records every change of every school-scoped model, has not grown).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pytest
from auditlog.models import LogEntry
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from core.models import User

LOGINS = ["director", "admin", "logistics1", "teacher1", "worker1", "canteen1", "principal"]
BAD_VALUES = [
    "",
    "abc",
    "99999999999999999999",  # beyond any integer column
    "999999999",  # a year, a quantity, an id: fits a column, not a date
    "0000-00-00",
    "😀",
    "a\x00b",
    "x" * 5000,
]
# Not followed: leaving the session, file downloads (not forms), the API (tests/test_api_schema.py).
SKIP_PREFIXES = ("/api/", "/media/", "/accounts/logout", "/i18n/", "/jsi18n", "/admin/logout")
SKIP_SUFFIXES = (".pdf", ".svg", "/download/", "/password/")
SKIP_ADMIN = ("/delete/", "/history/", "/password/", "/logout/", "/jsi18n/")
FIELD_TAGS = ("input", "select", "textarea")
UNFILLED = {"submit", "button", "file", "image", "reset", "checkbox"}
# CPU seconds of this process, not wall time, so a machine shared with other jobs does not fail
# the test: about a minute for assets, repairs and safety on an idle two-core machine, and as much
# again for the canteen's forms.
CPU_BUDGET = 360


@dataclass
class Form:
    login: str
    page: str
    action: str
    method: str
    multipart: bool
    values: dict[str, str] = field(default_factory=dict)
    fillable: list[str] = field(default_factory=list)


def route_key(path: str) -> str | None:
    """One visit per URL pattern (and per value of its slug: each move kind is its own form)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    slugs = sorted(f"{k}={v}" for k, v in match.kwargs.items() if not str(v).isdigit())
    return f"{match.route}|{'&'.join(slugs)}"


def followable(href: str, login: str) -> bool:
    if not href.startswith("/") or href.startswith(SKIP_PREFIXES) or "export=" in href:
        return False
    if href.startswith("/admin/"):
        return login == "admin" and not any(part in href for part in SKIP_ADMIN)
    return not href.endswith(SKIP_SUFFIXES)


def forms_of(login: str, page: str, html: str) -> Iterator[Form]:
    tree = lxml.html.fromstring(html)
    for element in tree.iter("form"):
        action = urljoin(page, element.get("action") or page)
        if not followable(urlsplit(action).path, login):
            continue  # logging out, switching the language
        form = Form(
            login=login,
            page=page,
            action=action,
            method=(element.get("method") or "get").lower(),
            multipart="multipart" in (element.get("enctype") or ""),
        )
        for control in element.iter(*FIELD_TAGS):
            name, kind = control.get("name"), (control.get("type") or "text").lower()
            if not name or name == "csrfmiddlewaretoken" or control.get("disabled") is not None:
                continue
            if control.tag == "select":
                chosen = control.xpath(".//option[@selected]") or control.xpath(".//option")
                form.values.setdefault(name, chosen[0].get("value", "") if chosen else "")
            elif control.tag == "textarea":
                form.values.setdefault(name, control.text or "")
            elif kind in ("checkbox", "radio"):
                if control.get("checked") is not None:
                    form.values.setdefault(name, control.get("value", "on"))
                elif kind == "radio":
                    form.values.setdefault(name, control.get("value", ""))
            elif kind not in UNFILLED:
                form.values.setdefault(name, control.get("value", ""))
            if kind not in UNFILLED and name not in form.fillable:
                form.fillable.append(name)
        submit = element.xpath(".//button[@name] | .//input[@type='submit'][@name]")
        if submit:  # the first named button, as a click on it sends (a stocktake line's result)
            form.values.setdefault(submit[0].get("name"), submit[0].get("value", ""))
        yield form


def crawl(client: Client, login: str, seen: set[str], found: dict[tuple, Form]) -> None:
    queue, visited = ["/admin/" if login == "admin" else "/"], set()
    if login == "admin":
        queue.append("/")
    while queue:
        page = queue.pop(0)
        key = route_key(urlsplit(page).path)
        if key is None or (login, key) in visited:
            continue
        visited.add((login, key))
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for form in forms_of(login, page, html):
            signature = (route_key(urlsplit(form.action).path), form.method, tuple(form.values))
            found.setdefault(signature, form)
        for href in lxml.html.fromstring(html).xpath("//a/@href"):
            href = urljoin(page, href)
            if followable(href, login):
                queue.append(href)
    seen.update(key for _login, key in visited)


def submit(client: Client, form: Form, values: dict[str, str]):
    if form.method == "get":
        return client.get(urlsplit(form.action).path, values)
    if form.multipart:
        return client.post(form.action, values)
    return client.post(
        form.action,
        urlencode(values, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )


def variants(form: Form) -> Iterator[tuple[str, dict[str, str]]]:
    """Every fillable field at once with each bad value, then each field alone with 'abc'
    (on the app's own forms)."""
    for bad in BAD_VALUES:
        yield f"all={bad[:12]!r}", {**form.values, **dict.fromkeys(form.fillable, bad)}
    # Each field alone on the app's own forms; the Django admin's generated forms (their fields
    # are the models', already tried above all at once) would double the test's time.
    own = not urlsplit(form.action).path.startswith("/admin/")
    if form.method == "post" and len(form.fillable) > 1 and own:
        for name in form.fillable:
            yield f"{name}='abc'", {**form.values, name: "abc"}


@pytest.mark.django_db
def test_every_form_refuses_malformed_input_without_error_or_partial_save():
    from core.demo import seed_demo_school

    started = time.process_time()
    seed_demo_school()
    clients, found, seen = {}, {}, set()
    for login in LOGINS:
        clients[login] = Client()
        clients[login].force_login(User.objects.get(username=login))
        crawl(clients[login], login, seen, found)
    assert len(found) > 100, f"the crawl found only {len(found)} forms: is the demo seeded?"
    crawled = time.process_time() - started

    failures, sent = [], 0
    # Deleting and archiving last: the other forms of the same record are tried first.
    ordered = sorted(found.values(), key=lambda form: "/delete/" in form.action)
    for form in ordered:
        client = clients[form.login]
        for label, values in variants(form):
            if time.process_time() - started > CPU_BUDGET:
                pytest.fail(f"time budget spent after {sent} submissions: {failures[:10]}")
            logged = LogEntry.objects.count()
            sent += 1
            where = f"{form.login} {form.method.upper()} {form.action} {label}"
            try:
                with transaction.atomic():
                    response = submit(client, form, values)
            except Exception as exc:
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                failures.append(f"{where}: {exc!r} at {frame.filename}:{frame.lineno}")
                continue
            if response.status_code >= 500:
                failures.append(f"{where}: {response.status_code}")
            elif not 300 <= response.status_code < 400 and LogEntry.objects.count() != logged:
                failures.append(f"{where}: {response.status_code} but a change was saved")
    spent = time.process_time() - started
    print(
        f"{len(found)} forms, {len(seen)} pages, {sent} submissions, CPU {crawled:.0f}+{spent:.0f} s"
    )
    assert failures == [], "\n".join(failures[:40])
