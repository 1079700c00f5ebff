"""Stored files, each served through its owning record's access rule (core.files)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views import View

from core import access, files
from core.views.generic import ScopedViewMixin


def _photo_response(field_file) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")  # clean_photo stores JPEG only
    response["Cache-Control"] = "private, max-age=86400"
    return response


class StoredFileView(ScopedViewMixin, View):
    """/files/<app_label.model>/<pk>/<field>/: the photo of a record the user may read."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        model = files.owner_model(kwargs["label"], kwargs["field"])
        if model is None:
            raise Http404
        self.model = model

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.can(request.user, self.model, "view"):
            raise Http404  # a file's address must not tell whether the record exists
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, label, pk, field):
        record = self.get_queryset().filter(pk=pk).first()
        field_file = getattr(record, field, None)
        if not field_file:
            raise Http404
        return _photo_response(field_file)


class LegacyMediaView(ScopedViewMixin, View):
    """/media/<path>: addresses printed before photos were addressed by their record; served
    only when a record the user may read owns the file (documents never: they are not photos)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return View.dispatch(self, request, *args, **kwargs)

    def get(self, request, path):
        field_file = files.find_by_name(request.user, path)
        if field_file is None:
            raise Http404
        return _photo_response(field_file)
