from django.urls import path

from safety import views

app_name = "safety"

urlpatterns = [
    path("my/", views.MyTasksView.as_view(), name="my_tasks"),
    path("rounds/", views.TaskListView.as_view(), name="inspectiontask_list"),
    path("rounds/<int:pk>/", views.InspectView.as_view(), name="inspectiontask_detail"),
    path("rounds/<int:pk>/assign/", views.TaskAssignView.as_view(), name="inspectiontask_edit"),
    path("records/", views.AnswerListView.as_view(), name="inspectionanswer_list"),
    path("records/<int:pk>/", views.AnswerDetailView.as_view(), name="inspectionanswer_detail"),
    path(
        "checklists/<int:pk>/activate/",
        views.ActivateTemplateView.as_view(),
        name="inspectiontemplate_activate",
    ),
    path("fire-equipment/<int:pk>/check/", views.FireCheckView.as_view(), name="fire_check"),
    path("drills/term/", views.DrillTermView.as_view(), name="drill_term"),
    path(
        "visitors/<int:pk>/check-out/",
        views.VisitorCheckOutView.as_view(),
        name="visitor_check_out",
    ),
    *views.hazard_urlpatterns(),
    *views.template.urlpatterns(),
    *views.item.urlpatterns(),
    *views.equipment.urlpatterns(),
    *views.drill.urlpatterns(),
    *views.visitor.urlpatterns("visitors"),
    *views.roster.urlpatterns("duty"),
    *views.shift.urlpatterns("duty-shifts"),
]
