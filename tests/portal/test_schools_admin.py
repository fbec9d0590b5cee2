import pytest

from portal.schools.models import School, SchoolType
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(db):
    SchoolFactory(
        name="Gymnasium Hörde", school_type=SchoolType.GYMNASIUM, district="Hörde"
    )
    SchoolFactory(
        name="Grundschule Eving", school_type=SchoolType.GRUNDSCHULE, district="Eving"
    )
    SchoolFactory(
        name="Realschule Eving", school_type=SchoolType.REALSCHULE, district="Eving"
    )


def test_agent_lists_searches_and_filters_schools(client, agent, schools):
    client.force_login(agent)
    listing = client.get("/cms/schools/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Gymnasium Hörde" in body and "Grundschule Eving" in body

    found = client.get("/cms/schools/", {"q": "Hörde"}).content.decode()
    assert "Gymnasium Hörde" in found and "Grundschule Eving" not in found

    filtered = client.get(
        "/cms/schools/", {"district": "Eving", "school_type": "realschule"}
    ).content.decode()
    assert "Realschule Eving" in filtered
    assert "Grundschule Eving" not in filtered and "Gymnasium Hörde" not in filtered


def test_agent_exports_and_inspects_schools(client, agent, schools):
    client.force_login(agent)
    csv = client.get("/cms/schools/", {"export": "csv"})
    assert csv.status_code == 200
    assert b"Gymnasium H" in b"".join(csv.streaming_content)
    xlsx = client.get("/cms/schools/", {"export": "xlsx"})
    assert xlsx.status_code == 200
    school = School.objects.get(name="Gymnasium Hörde")
    assert client.get(f"/cms/schools/inspect/{school.pk}/").status_code == 200
    assert client.get(f"/cms/schools/history/{school.pk}/").status_code == 200


def test_agent_edit_is_validated_and_logged(client, agent, schools):
    client.force_login(agent)
    school = School.objects.get(name="Gymnasium Hörde")
    response = client.post(
        f"/cms/schools/edit/{school.pk}/",
        {
            "school_number": "12345",
            "school_type": "gymnasium",
            "name": "X",
            "district": "Hörde",
            "pupils": 1,
            "devices_allotted": 1,
            "social_index": 12,
        },
    )
    assert response.status_code == 200
    assert "sechs Ziffern" in response.content.decode()
    from wagtail.models import ModelLogEntry

    client.post(
        f"/cms/schools/edit/{school.pk}/",
        {
            "school_number": school.school_number,
            "school_type": "gymnasium",
            "name": "Gymnasium Hörde-Süd",
            "district": "Hörde",
            "pupils": 800,
            "devices_allotted": 100,
            "social_index": 3,
        },
    )
    school.refresh_from_db()
    assert school.name == "Gymnasium Hörde-Süd"
    assert ModelLogEntry.objects.filter(object_id=str(school.pk), user=agent).exists()


@pytest.mark.parametrize("who", ["teacher", "coordinator", "trainer"])
def test_school_admin_refused_to_others(client, request, who, schools):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/cms/schools/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response.url.startswith("/cms/schools/")
