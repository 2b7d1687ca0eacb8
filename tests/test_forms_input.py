"""Hostile and malformed input on every form: a message or a redirect, never a server error."""
import pytest

from workflow.enums import Role

JUNK = ["", " ", "x" * 5000, "0", "-1", "999999999999", "<script>alert(1)</script>", "'; DROP TABLE users; --",
        "\x00", "ё" * 300, "None", "1.5"]

FORMS = {
    "/login": ["email", "password", "remember"],
    "/admin/users/new": ["email", "full_name", "position", "phone", "role", "school_id", "municipality_id",
                         "region_id", "password", "active"],
    "/admin/regions/new": ["name", "code"],
    "/admin/municipalities/new": ["region_id", "name", "short_name", "kind", "authority_name"],
    "/admin/schools/new": ["municipality_id", "name", "short_name", "kind", "inn", "oktmo", "director_name",
                           "email", "phone", "address", "website", "active"],
    "/admin/schools/import": ["municipality_id", "file"],
    "/admin/schools/import/confirm": ["token", "municipality_id"],
}


@pytest.mark.parametrize("url", list(FORMS))
def test_junk_in_every_field_never_breaks_the_server(client, login_as, make_user, url):
    login_as(None if url == "/login" else make_user(Role.admin))
    for junk in JUNK:
        response = client.post(url, data={name: junk for name in FORMS[url]})
        assert response.status_code in (200, 302), (url, junk[:20], response.status_code)


@pytest.mark.parametrize("url", ["/schools/99999999999", "/assignments/2147483648", "/orders/99999999999",
                                 "/admin/users/99999999999/edit", "/admin/schools/0/edit"])
def test_ids_beyond_the_database_are_not_found(client, login_as, make_user, url):
    login_as(make_user(Role.admin))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["page=-5", "page=abc", "page=99999999999999", "q=%00",
                                   "municipality_id=99999999999", "role=wizard", "region_id=x"])
def test_junk_in_list_filters_is_ignored(client, login_as, make_user, query):
    login_as(make_user(Role.admin))
    for url in ("/", "/admin/users", "/admin/schools", "/admin/municipalities", "/admin/regions"):
        assert client.get(f"{url}?{query}").status_code == 200, url
