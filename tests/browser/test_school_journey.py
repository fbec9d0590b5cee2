"""Journey 5: a coordinator lends an iPad and takes it back on her school pages and
prints the agreement; an agent imports a CSV with one bad row in /cms/, sees the
error with its line number, and nothing is written."""

from __future__ import annotations

import datetime

import pytest

from support.models import Device, Loan
from tests.browser.conftest import check_accessibility, log_in, switch_to_english
from tests.browser.helpers import log_in_as
from tests.factories import TEST_PASSWORD
from tests.support.factories import DeliveryBatchFactory, DeviceFactory

SERIAL = "F9FXK3ABCD12"
CSV = (
    "Seriennummer;Modell;Schulnummer;Zweck;Lieferung;Geliefert am\n"
    "DMPAAAAA0001;iPad (9. Generation);100001;Schülerleihgerät;1;18.11.2020\n"
    "DMPAAAAA0002;iPad (9. Generation);999999;Schülerleihgerät;1;18.11.2020\n"
    "DMPAAAAA0003;iPad (9. Generation);100001;Lehrergerät;1;2020-12-01\n"
)


@pytest.mark.parametrize(("viewport", "language"), [("phone", "de"), ("desktop", "en")])
def test_coordinator_lends_and_takes_back_an_ipad(
    new_page, coordinator, school, viewport, language
):
    device = DeviceFactory(school=school, serial=SERIAL, model="iPad (9. Generation)")
    page = new_page(viewport)
    log_in(page, coordinator.email, TEST_PASSWORD)
    if language == "en":
        switch_to_english(page)
    name = f"{viewport}-{language}"
    base = f"/support/schulen/{school.school_number}"

    page.goto(f"{base}/leihen/neu/")
    check_accessibility(page, f"journey-loan-form-{name}")
    page.locator("#id_serial").fill("f9fx k3ab cd12")
    page.locator("#id_pupil_reference").fill("7b-0412")
    page.locator("#id_issued_on").fill("2026-11-02")
    page.locator("#id_agreement_signed_on").fill("2026-10-30")
    page.locator("#id_accessories").fill("Hülle, Ladekabel")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")

    # The printable agreement: serial and school, a blank line for the pupil's name.
    loan = Loan.objects.get(device=device)
    assert page.url.endswith(f"{base}/leihen/{loan.pk}/vertrag/")
    agreement = page.locator("article.agreement")
    assert SERIAL in agreement.inner_text()
    assert school.name in agreement.inner_text()
    assert "7B-0412" in agreement.inner_text()
    assert page.locator("button[data-print]").count() == 1
    assert page.locator("html").get_attribute("lang") == language
    check_accessibility(page, f"journey-loan-agreement-{name}")

    # The return, from the list of open loans.
    page.goto(f"{base}/leihen/")
    page.locator(f"a[href='{base}/leihen/{loan.pk}/rueckgabe/']").click()
    page.wait_for_load_state("load")
    check_accessibility(page, f"journey-loan-return-{name}")
    page.locator("#id_returned_on").fill("2026-11-20")
    page.locator("#id_condition_at_return").fill("Kratzer auf der Rückseite")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    loan.refresh_from_db()
    assert loan.returned_on == datetime.date(2026, 11, 20)
    assert page.url.endswith(f"{base}/leihen/")
    assert page.locator(f"a[href='{base}/leihen/{loan.pk}/rueckgabe/']").count() == 0
    assert page.locator(".messages .message").count() >= 1


def test_agent_import_with_one_bad_row_writes_nothing(
    new_page, live_server, agent, school, tmp_path
):
    DeliveryBatchFactory(number=1)
    upload = tmp_path / "lieferung.csv"
    upload.write_text(CSV, encoding="utf-8")
    page = new_page("desktop")
    log_in_as(page, agent, live_server.url)

    page.goto("/cms/device-import/")
    page.locator("input[type=file][name=file]").set_input_files(str(upload))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")

    rows = page.locator("#result-heading ~ table tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_inner_texts()
    assert cells[0] == "3" and cells[1] == "DMPAAAAA0002"
    assert "999999" in cells[2]
    assert not Device.objects.exists()
