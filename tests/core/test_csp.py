"""A strict Content-Security-Policy: nothing from outside, no inline script or style without the
request's nonce. Templates that would be blocked fail here before a browser notices."""

import pathlib
import re

import pytest

from core.choices import Role

ROOT = pathlib.Path(__file__).resolve().parents[2]
NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]+)'")


def header_nonce(response) -> str:
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy  # no outside origin is allowed
    return NONCE.search(policy).group(1)


@pytest.mark.django_db
def test_every_response_has_the_policy_with_a_fresh_nonce(client, make_user):
    first = header_nonce(client.get("/accounts/login/"))
    second = header_nonce(client.get("/accounts/login/"))
    assert first != second
    client.force_login(make_user(Role.TEACHER))
    page = client.get("/repairs/new/")
    nonce = header_nonce(page)
    html = page.content.decode()
    inline = re.findall(r"<(script|style)\b([^>]*)>", html)
    assert inline, "the repair form has an inline script and style"
    for tag, attributes in inline:
        assert "src=" in attributes or f'nonce="{nonce}"' in attributes, (tag, attributes)


@pytest.mark.django_db
def test_the_swagger_page_carries_the_nonce(client, make_user):
    client.force_login(make_user(Role.DIRECTOR))
    response = client.get("/api/docs/")
    assert response.status_code == 200
    nonce = header_nonce(response)
    html = response.content.decode()
    assert html.count(f'nonce="{nonce}"') == 2  # its <style> and its inline <script>
    assert "https://" not in html  # Swagger UI comes from the sidecar, served by the app


def page_templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "pdf" not in path.relative_to(ROOT).parts:  # WeasyPrint's, never sent to a browser
            yield path


def test_no_template_has_inline_code_the_policy_would_block():
    problems = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        for tag, attributes in re.findall(r"<(script|style)\b([^>]*)>", text):
            if "src=" not in attributes and "nonce=" not in attributes:
                problems.append(f"{name}: <{tag}> without nonce")
        if re.search(r"\sstyle=\"", text):
            problems.append(f"{name}: style attribute (use a class in static/css)")
        if re.search(r"\son[a-z]+=\"", text):
            problems.append(f"{name}: inline event handler (use static/js)")
        if re.search(r"(src|href)=\"(https?:)?//", text):
            problems.append(f"{name}: loads from outside")
    assert problems == []
