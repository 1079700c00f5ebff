"""Campus, building, room, department, class, term and holiday: each declared once."""

from django.utils.translation import gettext_lazy as _

from core import filters, forms, tables
from core.api.serializers import CalendarEntrySerializer
from core.models import Building, Campus, Department, Holiday, Room, SchoolClass, Term
from core.navigation import PLACES, SCHOOL
from core.resources import Resource

campus = Resource(
    model=Campus,
    fields=["name", "address"],
    table=tables.CampusTable,
    filterset=filters.CampusFilterSet,
    url_prefix="places/campuses",
    api_prefix="campuses",
    api_ordering=["name"],
    menu=(PLACES, _("Campuses")),
)
building = Resource(
    model=Building,
    fields=["campus", "code", "name", "floors", "year_built"],
    table=tables.BuildingTable,
    filterset=filters.BuildingFilterSet,
    queryset=Building.objects.select_related("campus"),
    url_prefix="places/buildings",
    api_prefix="buildings",
    api_ordering=["code", "name", "floors"],
    menu=(PLACES, _("Buildings")),
)
room = Resource(
    model=Room,
    fields=["building", "code", "name", "floor", "room_type", "area"],
    table=tables.RoomTable,
    filterset=filters.RoomFilterSet,
    queryset=Room.objects.select_related("building__campus"),
    url_prefix="places/rooms",
    api_prefix="rooms",
    api_read_only=["qr_token"],
    api_ordering=["code", "name", "floor", "building__code"],
    menu=(PLACES, _("Rooms")),
    list_actions_template="core/includes/room_list_actions.html",
    related_template="core/includes/room_qr.html",
)
department = Resource(
    model=Department,
    fields=["name", "head"],
    table=tables.DepartmentTable,
    filterset=filters.DepartmentFilterSet,
    queryset=Department.objects.select_related("head"),
    url_prefix="places/departments",
    api_prefix="departments",
    api_ordering=["name"],
    menu=(SCHOOL, _("Departments")),
)
school_class = Resource(
    model=SchoolClass,
    fields=["grade", "number", "homeroom_teacher", "room"],
    table=tables.SchoolClassTable,
    filterset=filters.SchoolClassFilterSet,
    queryset=SchoolClass.objects.select_related("homeroom_teacher", "room"),
    url_prefix="places/classes",
    api_prefix="classes",
    api_ordering=["grade", "number"],
    menu=(SCHOOL, _("Classes")),
)
term = Resource(
    model=Term,
    fields=["name", "start", "end"],
    table=tables.TermTable,
    filterset=filters.TermFilterSet,
    form_base=forms.TermForm,
    serializer_base=CalendarEntrySerializer,
    url_prefix="places/terms",
    api_prefix="terms",
    api_ordering=["start", "name"],
    menu=(SCHOOL, _("Terms")),
)
holiday = Resource(
    model=Holiday,
    fields=["name", "kind", "start", "end"],
    table=tables.HolidayTable,
    filterset=filters.HolidayFilterSet,
    form_base=forms.HolidayForm,
    serializer_base=CalendarEntrySerializer,
    url_prefix="places/holidays",
    api_prefix="holidays",
    api_ordering=["start", "name"],
    menu=(SCHOOL, _("Holidays and make-up days")),
)

ALL = [campus, building, room, department, school_class, term, holiday]
