"""Campus, building, room, department, class, term and holiday screens: the generic views at work."""

from core import filters, forms, tables
from core.models import Building, Campus, Department, Holiday, Room, SchoolClass, Term
from core.views.generic import Crud

campus = Crud(
    model=Campus,
    filterset=filters.CampusFilterSet,
    table=tables.CampusTable,
    form=forms.CampusForm,
    detail_fields=["name", "address"],
)
building = Crud(
    model=Building,
    filterset=filters.BuildingFilterSet,
    table=tables.BuildingTable,
    form=forms.BuildingForm,
    queryset=Building.objects.select_related("campus"),
    detail_fields=["campus", "code", "name", "floors", "year_built"],
)
room = Crud(
    model=Room,
    filterset=filters.RoomFilterSet,
    table=tables.RoomTable,
    form=forms.RoomForm,
    queryset=Room.objects.select_related("building__campus"),
    detail_fields=["building", "code", "name", "floor", "room_type", "area"],
    list_actions_template="core/includes/room_list_actions.html",
    related_template="core/includes/room_qr.html",
)
department = Crud(
    model=Department,
    filterset=filters.DepartmentFilterSet,
    table=tables.DepartmentTable,
    form=forms.DepartmentForm,
    queryset=Department.objects.select_related("head"),
    detail_fields=["name", "head"],
)
school_class = Crud(
    model=SchoolClass,
    filterset=filters.SchoolClassFilterSet,
    table=tables.SchoolClassTable,
    form=forms.SchoolClassForm,
    queryset=SchoolClass.objects.select_related("homeroom_teacher", "room"),
    detail_fields=["grade", "number", "homeroom_teacher", "room"],
)
term = Crud(
    model=Term,
    filterset=filters.TermFilterSet,
    table=tables.TermTable,
    form=forms.TermForm,
    detail_fields=["name", "start", "end"],
)
holiday = Crud(
    model=Holiday,
    filterset=filters.HolidayFilterSet,
    table=tables.HolidayTable,
    form=forms.HolidayForm,
    detail_fields=["name", "kind", "start", "end"],
)

ALL = [
    ("campuses", campus),
    ("buildings", building),
    ("rooms", room),
    ("departments", department),
    ("classes", school_class),
    ("terms", term),
    ("holidays", holiday),
]
