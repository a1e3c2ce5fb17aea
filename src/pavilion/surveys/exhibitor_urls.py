"""A booth's survey pages for its staff, under /<lang>/events/<event>/exhibition/my-booths/<booth>/surveys/."""

from __future__ import annotations

from django.urls import path

from pavilion.surveys import manage_views as views
from pavilion.surveys.manage_views import booth_scope as scoped

app_name = "surveys_booth"
urlpatterns = [
    path("", scoped(views.index), name="index"),
    path("interest/", scoped(views.start_interest), name="start_interest"),
    path("<int:survey_id>/", scoped(views.survey_detail), name="survey"),
    path("<int:survey_id>/status/", scoped(views.survey_status), name="status"),
    path("<int:survey_id>/results/", scoped(views.results), name="results"),
    path("<int:survey_id>/questions/<int:question_id>/", scoped(views.question_edit), name="question"),
]
