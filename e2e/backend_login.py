"""Log a Playwright page into the Odoo backend through the real login form."""
from conftest import DB


def login(page, base_url, user='admin', password='admin'):
    """``user``: a login, or a user of conftest.backend_user (its login and password)."""
    if isinstance(user, dict):
        user, password = user['login'], user['password']
    page.goto(base_url + '/web/login?db=%s' % DB)
    page.fill('input[name=login]', user)
    page.fill('input[name=password]', password)
    page.click('button[type=submit]')
    page.wait_for_selector('#oe_main_menu_navbar', timeout=60000)
