"""Walk the app as a person clicks: start from the pages a role may open, follow every link shown.

Used by tests/core/test_every_page.py. A page is fetched with Django's test client (no browser),
its visible text and links are read back with the standard library's HTML parser, and the links
are followed breadth-first. Each route is fetched a few times per distinct set of query keys
(`/assets/assets/7/` and `/assets/assets/8/` are the same page twice), but every href shown is
checked for shape (`??`, a path that resolves to no view).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.test import Client
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from core import access

# Not pages a person browses: the Django admin is checked on its own (tests/core/test_admin.py),
# the API has its own tests, and these GETs answer files or change session state.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/jsi18n/", "/accounts/")
VISITS_PER_ROUTE = 2

# Raw values that must never reach the Chinese UI.
LEAKS = {
    "Python None": re.compile(r"\bNone\b"),
    "Python bool": re.compile(r"\b(?:True|False)\b"),
    "Python list": re.compile(r"\[\s*'[^']*'"),
    "snake_case code": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "English code beside Chinese": re.compile(r"[\u4e00-\u9fff]\s*\(\s*[a-z][a-z _]*\)"),
    "stored file path": re.compile(r"[\w-]+/[\w/.-]*\.(?:jpe?g|png|webp|gif|pdf|xlsx)\b", re.I),
    "format placeholder": re.compile(r"YYYY|MM-DD|\bhh:mm\b"),
    "another product name": re.compile(r"总务通|总务后勤"),
}


class _Page(HTMLParser):
    """Visible text (incl. titles and placeholders people read) and the hrefs of links."""

    TEXT_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.text.append(values["value"])
        self.text.extend(v for k in self.TEXT_ATTRIBUTES if (v := values.get(k)))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


@dataclass
class CrawlReport:
    visited: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def start_pages(user) -> list[str]:
    """Home plus every list page (and "my ..." page) without arguments the user's role may view."""
    pages = ["/"]
    for name, pattern in _walk(get_resolver().url_patterns):
        short = name.rsplit(":", 1)[-1]
        if not (short.endswith("_list") or short.startswith("my_")):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # a route with arguments is reached through links
            continue
        model = getattr(getattr(pattern.callback, "view_class", None), "model", None)
        if url.startswith(SKIPPED_PREFIXES) or (model and not access.can(user, model, "view")):
            continue
        pages.append(url)
    return list(dict.fromkeys(pages))


def _route_key(path: str, query: str) -> tuple:
    match = resolve(path)
    return match.view_name, tuple(sorted({key for key, _ in parse_qsl(query)}))


def _leaks(text: str) -> list[tuple[str, str]]:
    found = []
    for label, pattern in LEAKS.items():
        for hit in pattern.finditer(text):
            found.append((label, text[max(0, hit.start() - 30) : hit.end() + 15]))
    return found


def crawl(user, *, check_text: bool = True) -> CrawlReport:
    """Every page reachable by links from `start_pages(user)`: status, link shape, raw values."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    report = CrawlReport()
    seen: set[str] = set()
    per_route: Counter = Counter()
    files: set[str] = set()
    queue = deque((href, "start") for href in start_pages(user))
    while queue:
        href, source = queue.popleft()
        if href in seen:
            continue
        seen.add(href)
        parts = urlsplit(href)
        if "??" in href or (parts.query and parts.query.startswith("?")):
            report.add(f"malformed link {href!r} on {source}")
            continue
        if parts.scheme or parts.netloc or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        try:
            key = _route_key(parts.path, parts.query)
        except Resolver404:
            report.add(f"link to no page {href!r} on {source}")
            continue
        per_route[key] += 1
        if per_route[key] > VISITS_PER_ROUTE or key[0] in files:
            continue
        response = client.get(href)
        report.visited += 1
        if response.status_code >= 400:
            report.add(f"HTTP {response.status_code} for {href} (linked from {source})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            files.add(key[0])  # an export or a PDF: once per route is enough (they are slow)
        if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        page = _Page()
        page.feed(response.content.decode())
        if check_text:
            for label, context in _leaks("\n".join(page.text)):
                report.add(f"{label} on {key[0]}: …{context}…".replace("\n", " | "))
        for link in page.links:
            if link.startswith("#") or link.startswith(("mailto:", "tel:")):
                continue
            queue.append((parts.path + link if link.startswith("?") else link, href))
    return report
