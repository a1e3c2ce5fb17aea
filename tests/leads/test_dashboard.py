from __future__ import annotations

import pytest
from django.test import Client

from pavilion.leads.dashboard import booth_figures
from tests.leads.fixture import fair

pytestmark = pytest.mark.django_db


def test_dashboard_figures_equal_the_fixture() -> None:
    stand = fair()
    figures = booth_figures(booth=stand.booth)
    assert figures.visits.rows == [("2026-11-20", 3), ("2026-11-21", 2), ("2026-11-22", 2)]
    assert figures.unique_visitors.rows == [("2026-11-20", 3), ("2026-11-21", 2), ("2026-11-22", 2)]
    assert figures.product_views.rows == [("Private 5G", 1)]
    assert [chart.rows for chart in figures.interest] == [
        [
            ("Not interested", 0),
            ("Slightly interested", 0),
            ("Somewhat interested", 0),
            ("Interested", 1),
            ("Very interested", 1),
        ]
    ]
    assert figures.leads_by_country.rows == [("Senegal", 1), ("Viet Nam", 1)]


def test_dashboard_page_draws_accessible_charts_with_tables() -> None:
    stand = fair()
    client = Client()
    client.force_login(stand.staff)
    response = client.get(stand.base + "dashboard/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') == 5
    assert html.count("<title id=") == 5
    assert html.count("<desc id=") == 5
    assert '<th scope="row">Private 5G</th><td>1</td>' in html
    assert "Carl Hidden" not in html  # non-consenting: only in the totals
