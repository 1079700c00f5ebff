"""What today still needs in the canteen: items of the canteen staff's home page (core.todo).

Each part of the module lists its items in its own module (``todo_<part>.py``); this one
registers them all from ``CanteenConfig.ready()``.
"""

from canteen import todo_acceptance, todo_menus, todo_samples  # noqa: F401  (acceptance: on import)
from canteen.todo_hygiene import hygiene_items
from core import todo

todo.register(*todo_menus.ITEMS)
todo.register(*todo_samples.ITEMS)
todo.register(*hygiene_items())
