"""What today still needs in the canteen: items of the canteen staff's home page (core.todo)."""

from django.urls import reverse  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

from core import todo
from core.todo import TodoItem  # noqa: F401

# ---- part: menus (begin) ----
# isort: off
from canteen import todo_menus
# isort: on

todo.register(*todo_menus.ITEMS)
# ---- part: menus (end) ----


# ---- part: samples (begin) ----
def _samples_items() -> list:
    from canteen import todo_samples

    return todo_samples.ITEMS


todo.register(*_samples_items())
# ---- part: samples (end) ----


# ---- part: acceptance (begin) ----
def _acceptance_todo() -> None:
    from canteen import todo_acceptance  # noqa: F401  (registers the acceptance items)


_acceptance_todo()
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# todo.register(TodoItem(...))  (hygiene)
# ---- part: hygiene (end) ----
