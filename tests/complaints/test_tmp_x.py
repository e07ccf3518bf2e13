import pytest
from tests.complaints.test_resident_api import *  # noqa
def test_x(api, laksa):
    r = api.post(f"{BASE}/", _form(laksa, lat="", lon="", kelurahan="99.99"))
    print(r.json())
