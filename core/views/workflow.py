"""The HTML side of a declared workflow (core.workflow): one POST view per row and step.

The module's step view subclasses :class:`TransitionView` (usually together with its detail view,
so a refused step re-renders the page) and implements :meth:`TransitionView.take` (validate the
step's form, call the service). The row is read through ``access.scope`` (another school's row:
404), the declaration is checked before the form (the same refusal, message and status as the
API whatever the body), and a refusal shows its sentence through the messages framework.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views import View

from core.views.generic import ScopedViewMixin
from core.workflow import Transition, TransitionRefused, Workflow


class TransitionView(ScopedViewMixin, View):
    """POST <row>/<slug>/: check the declared step, then `take` it; refusals answered alike."""

    workflow: Workflow
    request: HttpRequest
    action = "view"  # reading the row is enough to ask; the workflow checks the step's role
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        transition = self.workflow.by_slug(kwargs.get("step", ""))
        if transition is None:
            raise Http404
        self.transition = transition
        try:
            self.workflow.check(request.user, obj, transition)
            return self.take(transition, obj)
        except TransitionRefused as exc:
            return self.refused(exc, obj)

    def take(self, transition: Transition, obj) -> HttpResponse:
        raise NotImplementedError

    def refused(self, exc: TransitionRefused, obj) -> HttpResponse:
        if exc.status_code == 404:
            raise Http404(exc.messages[0])
        messages.error(self.request, exc.messages[0])
        return self.render_refused(obj, status=exc.status_code)

    def render_refused(self, obj, *, status: int) -> HttpResponse:
        """The row's page again, as its reader sees it (override to add the step's form)."""
        context = self.get_context_data(object=obj)
        return TemplateResponse(self.request, self.template_name, context, status=status)  # type: ignore[attr-defined]


def steps_for(workflow: Workflow, user, obj) -> dict[str, Transition]:
    """The steps `user` may take on `obj` now, by name: what a detail template shows as buttons."""
    return {t.name: t for t in workflow.available(user, obj)}
