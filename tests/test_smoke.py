import pytest

from .conftest import PUBLIC_PATHS


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_renders(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
