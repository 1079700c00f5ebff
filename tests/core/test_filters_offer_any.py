"""Issue 9 point 2: pressing 筛选 on an untouched filter form hides nothing, on every list.

The hazard list's severity select had no empty option, so the browser submitted its first
choice (一般) and 较大 / 重大 vanished. Every FilterSet of every app is rendered here as a browser
would submit it untouched, and applied: the result must be every row.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import get_resolver

from core import access
from core.demo import seed_demo_school
from core.filters import ScopedFilterSet
from core.models import User
from safety.choices import Severity
from safety.models import Hazard

ANY_LABELS = {"不限", "全部"}


def all_filtersets() -> list[type[ScopedFilterSet]]:
    get_resolver().url_patterns  # imports every app's views, hence its filters
    found, todo = [], list(ScopedFilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls._meta.model is not None and not cls.__module__.startswith("tests."):
            found.append(cls)
    return sorted(set(found), key=lambda cls: f"{cls.__module__}.{cls.__name__}")


class _Submitted(HTMLParser):
    """What a browser sends for a form nobody touched, and each single select's first option."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.first_options: dict[str, tuple[str, str]] = {}
        self._select: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value", ""), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in a:
                self.data.setdefault(a["name"], []).append(a.get("value") or "")

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data.strip()

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        if tag == "select" and self._select is not None:
            options, name = self._select["options"], self._select["name"]
            chosen = [o["value"] for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0]["value"]]
            if options and not self._select["multiple"]:
                self.first_options[name] = (options[0]["value"], options[0]["text"])
            self.data[name] = chosen
            self._select = None


def untouched_submission(filterset: ScopedFilterSet) -> _Submitted:
    parser = _Submitted()
    parser.feed("".join(str(field) for field in filterset.form))
    return parser


@pytest.mark.django_db
def test_every_filterset_offers_any_and_hides_nothing_when_untouched():
    school = seed_demo_school()
    director = User.objects.get(username="director", school=school)
    request = RequestFactory().get("/")
    request.user = director
    problems = []
    filtersets = all_filtersets()
    assert len(filtersets) >= 20, [cls.__name__ for cls in filtersets]
    for cls in filtersets:
        for flt in cls.base_filters.values():
            flt.field  # as the API schema does: class-level fields built before
        rows = access.scope(director, cls._meta.model)
        submitted = untouched_submission(cls(None, rows, request=request))
        for name, (value, text) in submitted.first_options.items():
            if value != "" or text not in ANY_LABELS:
                problems.append(f"{cls.__name__}.{name} starts with {text!r} ({value!r})")
        params = QueryDict(mutable=True)
        for key, values in submitted.data.items():
            params.setlist(key, values)
        applied = cls(params, rows, request=request)
        if not applied.is_valid():
            problems.append(f"{cls.__name__}: untouched form is invalid: {applied.errors}")
        elif applied.qs.count() != rows.count():
            problems.append(f"{cls.__name__}: untouched form hides rows")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_pressing_filter_on_the_hazard_list_keeps_every_severity(client):
    school = seed_demo_school()
    director = User.objects.get(username="director", school=school)
    template = Hazard.objects.filter(school=school).first()
    for severity in Severity.values:
        template.pk = None
        template.severity = severity
        template.save()
    client.force_login(director)
    page = client.get("/safety/hazards/").content.decode()
    form = page[page.index('<form method="get" class="filters">') :]
    form = form[: form.index("</form>")]
    parser = _Submitted()
    parser.feed(form)
    response = client.get("/safety/hazards/", parser.data)
    shown = {pk for pk, _values in response.context["rows"]}
    assert set(Hazard.objects.filter(school=school).values_list("pk", flat=True)) == shown
