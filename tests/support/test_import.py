"""The CSV import: every error kind with its line, all-or-nothing, idempotence."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from support.importer import import_devices
from support.models import Device
from tests.support.factories import DeliveryBatchFactory, DeviceFactory

HEADER = "Seriennummer;Modell;Schulnummer;Zweck;Lieferung;Geliefert am\n"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


@pytest.fixture
def batches(db):
    return DeliveryBatchFactory(number=1), DeliveryBatchFactory(number=2)


def test_clean_file_creates_devices_with_german_dates(school, batches, agent):
    data = csv(
        "f9fx k3ab cd12;iPad 8;100001;Schülerleihgerät;1;18.11.2020",
        "DMPABCDE01;iPad 8;100001;Lehrergerät;2;2020-12-01",
    )
    result = import_devices(data, by=agent)
    assert result.written and (result.created, result.rejected) == (2, 0)
    device = Device.objects.get(serial="F9FXK3ABCD12")
    assert device.school == school
    assert device.purpose == Device.Purpose.PUPIL_LOAN
    assert device.delivered_on == datetime.date(2020, 11, 18)
    assert device.status == Device.Status.DELIVERED
    assert Device.objects.get(serial="DMPABCDE01").batch.number == 2


def test_comma_separated_english_header_with_bom(school, batches):
    header = "Serial Number,Model,School number,Purpose,Batch,Delivered on,Storage\n"
    data = "\ufeff".encode() + csv(
        "F9FXK3ABCD12,iPad 8,100001,class set,1,31.12.2020,128 GB", header=header
    )
    result = import_devices(data)
    assert result.created == 1
    device = Device.objects.get()
    assert device.storage_gb == 128
    assert device.purpose == Device.Purpose.CLASS_SET
    assert device.delivered_on == datetime.date(2020, 12, 31)


def test_excel_windows_1252_file_is_read(school, batches):
    data = (HEADER + "F9FXK3ABCD12;iPad 8;100001;Schülerleihgerät;1;\n").encode(
        "cp1252"
    )
    assert import_devices(data).created == 1


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("F9F-K3;iPad 8;100001;Klassensatz;1;18.11.2020", "keine gültige Seriennummer"),
        ("F9FXK3ABCD12;iPad 8;999999;Klassensatz;1;18.11.2020", "999999"),
        ("F9FXK3ABCD12;iPad 8;100001;Klassensatz;7;18.11.2020", "Lieferung: 7"),
        ("F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;31.02.2020", "31.02.2020"),
        ("F9FXK3ABCD12;iPad 8;100001;Zauberstab;1;18.11.2020", "Zauberstab"),
        ("F9FXK3ABCD12;;100001;Klassensatz;1;18.11.2020", "Modell: leer"),
    ],
)
def test_each_error_kind_names_its_line_and_writes_nothing(
    school, batches, row, expected
):
    data = csv("DMPABCDE01;iPad 8;100001;Klassensatz;1;18.11.2020", row)
    result = import_devices(data)
    assert not result.written
    assert [e.line for e in result.errors] == [3]
    assert expected in result.errors[0].message
    assert Device.objects.count() == 0


def test_duplicate_serial_in_file_points_to_first_line(school, batches):
    data = csv(
        "F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;18.11.2020",
        "DMPABCDE01;iPad 8;100001;Klassensatz;1;18.11.2020",
        "f9fxk3abcd12;iPad 8;100001;Klassensatz;1;18.11.2020",
    )
    result = import_devices(data)
    assert [e.line for e in result.errors] == [4]
    assert "Zeile 2" in result.errors[0].message
    assert Device.objects.count() == 0


def test_move_to_other_school_needs_allow_move(school, other_school, batches):
    DeviceFactory(serial="F9FXK3ABCD12", school=school)
    data = csv("F9FXK3ABCD12;iPad (8. Generation);100002;Schülerleihgerät;;18.11.2020")
    refused = import_devices(data)
    assert [e.line for e in refused.errors] == [2]
    assert "--allow-move" in refused.errors[0].message
    assert Device.objects.get().school == school
    moved = import_devices(data, allow_move=True)
    assert moved.updated == 1
    assert Device.objects.get().school == other_school


def test_asset_tag_taken_in_school_is_an_error(school, batches):
    DeviceFactory(serial="DMPABCDE01", school=school, asset_tag="INV-1")
    header = HEADER.rstrip("\n") + ";Inventarnummer\n"
    data = csv("F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;;INV-1", header=header)
    result = import_devices(data)
    assert "INV-1" in result.errors[0].message
    assert "DMPABCDE01" in result.errors[0].message


def test_missing_column_is_reported_for_line_one(school):
    result = import_devices(b"Seriennummer;Modell\nF9FXK3ABCD12;iPad\n")
    assert result.file_error.startswith("Zeile 1")
    assert "Schulnummer" in result.file_error


def test_reimport_is_idempotent_and_update_changes_only_what_changed(
    school, batches, agent
):
    rows = [
        f"DMP{n:07d};iPad 8;100001;Schülerleihgerät;1;18.11.2020" for n in range(50)
    ]
    assert import_devices(csv(*rows), by=agent).created == 50
    again = import_devices(csv(*rows), by=agent)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 50)
    assert "50 unverändert" in again.summary()
    rows[3] = rows[3].replace("iPad 8", "iPad 9")
    changed = import_devices(csv(*rows), by=agent)
    assert (changed.updated, changed.unchanged) == (1, 49)
    assert Device.objects.get(serial="DMP0000003").model == "iPad 9"


def test_import_records_history(school, batches, agent):
    from wagtail.models import ModelLogEntry

    import_devices(csv("F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;"), by=agent)
    entry = ModelLogEntry.objects.get(action="support.device.import")
    assert entry.user == agent
    assert entry.object_id == str(Device.objects.get().pk)


def test_command_writes_nothing_on_bad_file(tmp_path, school, batches):
    path = tmp_path / "lieferung.csv"
    path.write_bytes(
        csv(
            "F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;18.11.2020",
            "BAD;iPad 8;100001;Klassensatz;1;18.11.2020",
        )
    )
    with pytest.raises(CommandError, match="nichts gespeichert"):
        call_command("import_devices", str(path))
    assert Device.objects.count() == 0
    assert not (tmp_path / "lieferung.rejects.csv").exists()


def test_skip_invalid_imports_valid_rows_and_writes_rejects(
    tmp_path, school, batches, capsys
):
    path = tmp_path / "lieferung.csv"
    path.write_bytes(
        csv(
            "F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;18.11.2020",
            "BAD;iPad 8;100001;Klassensatz;1;18.11.2020",
            "DMPABCDE01;iPad 8;123456;Klassensatz;1;18.11.2020",
        )
    )
    call_command("import_devices", str(path), "--skip-invalid")
    assert list(Device.objects.values_list("serial", flat=True)) == ["F9FXK3ABCD12"]
    rejects = (tmp_path / "lieferung.rejects.csv").read_text(encoding="utf-8-sig")
    lines = rejects.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("BAD;") and ";3;" in lines[1]
    assert "123456" in lines[2] and ";4;" in lines[2]


def test_query_count_grows_with_chunks_not_rows(
    school, batches, django_assert_max_num_queries
):
    rows = [
        f"DMP{n:07d};iPad 8;100001;Schülerleihgerät;1;18.11.2020" for n in range(3000)
    ]
    with django_assert_max_num_queries(150):
        result = import_devices(csv(*rows))
    assert result.created == 3000


def test_command_records_the_user_in_the_history(tmp_path, school, batches, agent):
    from wagtail.models import ModelLogEntry

    path = tmp_path / "lieferung.csv"
    path.write_bytes(csv("F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;18.11.2020"))
    call_command("import_devices", str(path), "--user", agent.email)
    assert ModelLogEntry.objects.get(action="support.device.import").user == agent


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path, school, batches):
    path = tmp_path / "lieferung.csv"
    path.write_bytes(csv("F9FXK3ABCD12;iPad 8;100001;Klassensatz;1;18.11.2020"))
    terminal, pipe = FakeTerminal(), io.StringIO()
    call_command("import_devices", str(path), "--dry-run", stdout=pipe)
    assert "[" not in pipe.getvalue()
    call_command("import_devices", str(path), stdout=terminal)
    assert "[########################################]      1/1" in terminal.getvalue()


def test_excel_variants_of_headers_dates_and_purposes(school, batches):
    header = (
        "Gerätetyp;Serien-Nr.;Schul-Nr.;Verwendungszweck;Liefercharge;Lieferdatum\n"
    )
    data = csv(
        "iPad 8;F9FXK3ABCD12;100001;Lehrkraftgerät;Lieferung 2;31.12.2020 00:00",
        "iPad 8;DMPABCDE01;100001;Schülergerät;1;2021-01-04 00:00:00",
        header=header,
    )
    result = import_devices(data)
    assert (result.created, result.rejected) == (2, 0)
    device = Device.objects.get(serial="F9FXK3ABCD12")
    assert device.purpose == Device.Purpose.TEACHER_DEVICE
    assert device.batch.number == 2
    assert device.delivered_on == datetime.date(2020, 12, 31)
