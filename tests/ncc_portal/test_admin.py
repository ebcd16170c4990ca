import pytest


@pytest.mark.django_db
def test_admin_translation_tabs_work_offline(client, administrator, reference_data):
    client.force_login(administrator)
    content = client.get("/en/admin/ncc_portal/theme/add/").content.decode()
    assert "vendor/jquery-ui/jquery-ui.min.js" in content
    assert "googleapis" not in content
    assert 'name="name_et"' in content


@pytest.mark.django_db
def test_assigning_a_role_in_the_admin_goes_through_the_service(
    client, administrator, innovator, centre_de
):
    client.force_login(administrator)
    response = client.post(
        f"/en/admin/ncc_portal/user/{innovator.pk}/change/",
        {
            "email": innovator.email,
            "name": innovator.name,
            "language": "de",
            "role": "coordinator",
            "centre": centre_de.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    innovator.refresh_from_db()
    assert (innovator.role, innovator.centre, innovator.is_staff) == (
        "coordinator",
        centre_de,
        False,
    )


@pytest.mark.django_db
def test_a_coordinator_without_centre_is_refused_in_the_admin(client, administrator, innovator):
    client.force_login(administrator)
    response = client.post(
        f"/en/admin/ncc_portal/user/{innovator.pk}/change/",
        {
            "email": innovator.email,
            "name": innovator.name,
            "language": "de",
            "role": "coordinator",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    innovator.refresh_from_db()
    assert innovator.role == "innovator"
