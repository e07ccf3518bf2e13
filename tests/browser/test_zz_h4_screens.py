import pytest
pytestmark = [pytest.mark.browser]
def test_shots(page, sms_file):
    page.goto("/masuk/")
    page.screenshot(path="/tmp/h4_signin.png")
    page.get_by_role("button", name="Ganti bahasa ke English").click()
    page.screenshot(path="/tmp/h4_en.png")
