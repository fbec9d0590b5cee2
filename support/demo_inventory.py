"""Demo data of the inventory: profiles, 25,000 iPads in batches, loans.

Schools (and how many devices each was allotted, by pupils and social index)
come from `portal.demo`. Batches run from November 2020 to April 2021, about
3,500 devices by the end of December; schools with the highest social index are
served first. One more batch of replacements is planned for the future, so the
delivery overview has schools "next in line". Everything is bulk-inserted.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from portal.schools.models import School, SchoolType
from support.models import (
    BatchAllocation,
    ConfigurationProfile,
    DeliveryBatch,
    Device,
    Loan,
    ProfileApp,
)

#: (planned = actual delivery date, devices in the batch); 3,500 by end of 2020.
BATCHES = [
    (date(2020, 11, 16), 1000),
    (date(2020, 11, 30), 1200),
    (date(2020, 12, 14), 1300),
    (date(2021, 1, 11), 2400),
    (date(2021, 1, 25), 2400),
    (date(2021, 2, 8), 2400),
    (date(2021, 2, 22), 2400),
    (date(2021, 3, 8), 2400),
    (date(2021, 3, 22), 2400),
    (date(2021, 4, 12), 2400),
    (date(2021, 4, 19), 2400),
    (date(2021, 4, 26), None),  # the rest
]
REPLACEMENT_BATCH = (date(2027, 2, 15), 25)  # planned, per school, 20 schools

COMMON_APPS = [
    ("IServ", "de.iserv.app"),
    ("Safari", "com.apple.mobilesafari"),
    ("Kamera", "com.apple.camera"),
    ("Book Creator", "com.redjumper.bookcreator"),
    ("Keynote", "com.apple.Keynote"),
]
APPS_BY_TYPE = {
    SchoolType.GRUNDSCHULE: [
        ("ANTON", "com.solocode.anton"),
        ("Schlaukopf", "de.schlaukopf.app"),
        ("Stop Motion Studio", "com.cateater.stopmotion"),
    ],
    SchoolType.GYMNASIUM: [
        ("GoodNotes 5", "com.goodnotesapp.x"),
        ("GeoGebra", "org.geogebra.ios"),
        ("Pages", "com.apple.Pages"),
        ("Numbers", "com.apple.Numbers"),
    ],
    SchoolType.BERUFSKOLLEG: [
        ("Microsoft Word", "com.microsoft.Office.Word"),
        ("Numbers", "com.apple.Numbers"),
        ("GoodNotes 5", "com.goodnotesapp.x"),
    ],
}
DEFAULT_APPS = [
    ("GoodNotes 5", "com.goodnotesapp.x"),
    ("GeoGebra", "org.geogebra.ios"),
    ("Pages", "com.apple.Pages"),
]
SETTINGS = "AirDrop: nur Kontakte\nApp Store: aus\nBildschirmzeit: 22–6 Uhr gesperrt"
PUPILS_MAY = "Apps aus dem Self Service laden\nFotos und Videos aufnehmen"
PUPILS_MAY_PRIMARY = "Nur freigegebene Apps nutzen\nFotos aufnehmen"
TEACHERS_MAY = (
    "Classroom: Bildschirme ansehen und sperren\nApps über den Self Service "
    "anfordern\nAirPlay auf das Display im Klassenraum"
)
CHANGE_NOTES = [
    "Erstausstattung",
    "WLAN auf WPA3 Enterprise umgestellt",
    "App-Auswahl nach Rückmeldung der Fachschaften erweitert",
]


def seed(*, stdout) -> None:
    if Device.objects.exists():
        stdout.write("  inventory: already there")
        return
    rng = random.Random(2020)  # noqa: S311 - demo data
    schools = list(School.objects.order_by("school_number"))
    if not schools:
        return
    current = seed_profiles(schools, rng)
    batches, allocations = seed_batches(schools)
    devices = seed_devices(schools, batches, allocations, current, rng)
    primary = {s.pk for s in schools if s.school_type == SchoolType.GRUNDSCHULE}
    loans = seed_loans(devices, rng, primary)
    stdout.write(
        f"  inventory: {len(devices)} devices in {len(batches)} batches, "
        f"{loans} loans, profiles for {len(schools)} schools"
    )


def seed_profiles(schools: list[School], rng: random.Random) -> dict[int, list]:
    """One to three versions per school; returns the versions per school id."""
    profiles, apps = [], []
    for school in schools:
        versions = rng.choice([1, 2, 2, 3])
        for number in range(1, versions + 1):
            primary = school.school_type == SchoolType.GRUNDSCHULE
            profile = ConfigurationProfile(
                school=school,
                version=number,
                is_current=number == versions,
                wifi_name=f"SCHULE-{school.school_number}",
                wifi_security=(
                    ConfigurationProfile.WifiSecurity.WPA3_ENTERPRISE
                    if number >= 2
                    else ConfigurationProfile.WifiSecurity.WPA2_ENTERPRISE
                ),
                settings_restrictions=SETTINGS,
                pupil_permissions=PUPILS_MAY_PRIMARY if primary else PUPILS_MAY,
                teacher_permissions=TEACHERS_MAY,
                change_note=CHANGE_NOTES[number - 1],
            )
            profiles.append(profile)
    ConfigurationProfile.objects.bulk_create(profiles, batch_size=500)
    by_school: dict[int, list] = {}
    for profile in ConfigurationProfile.objects.select_related("school"):
        by_school.setdefault(profile.school_id, []).append(profile)
        extra = APPS_BY_TYPE.get(profile.school.school_type, DEFAULT_APPS)
        chosen = COMMON_APPS + extra[: 1 + profile.version]
        apps.extend(
            ProfileApp(profile=profile, name=name, bundle_id=bundle)
            for name, bundle in {b: (n, b) for n, b in chosen}.values()
        )
    ProfileApp.objects.bulk_create(apps, batch_size=1000)
    for version, when in [(1, (2020, 10, 20)), (2, (2021, 8, 23)), (3, (2023, 2, 6))]:
        ConfigurationProfile.objects.filter(version=version).update(
            created_at=datetime(*when, 9, 0, tzinfo=UTC)
        )
    for versions in by_school.values():
        versions.sort(key=lambda p: p.version)
    return by_school


def seed_batches(schools: list[School]):
    """Batches in order; schools with the highest social index are served first."""
    total = sum(s.devices_allotted for s in schools)
    sizes = [n for _d, n in BATCHES if n]
    sizes.append(total - sum(sizes))
    batches = DeliveryBatch.objects.bulk_create(
        DeliveryBatch(number=i + 1, planned_date=day, actual_date=day)
        for i, (day, _n) in enumerate(BATCHES)
    )
    queue = sorted(schools, key=lambda s: (-(s.social_index or 0), -s.pupils))
    planned: dict[tuple[int, int], int] = {}
    batch_index, room = 0, sizes[0]
    for school in queue:
        left = school.devices_allotted
        while left:
            take = min(left, room)
            key = (batch_index, school.pk)
            planned[key] = planned.get(key, 0) + take
            left, room = left - take, room - take
            if room == 0 and batch_index + 1 < len(sizes):
                batch_index += 1
                room = sizes[batch_index]
    BatchAllocation.objects.bulk_create(
        BatchAllocation(batch=batches[b], school_id=s, devices_planned=n)
        for (b, s), n in planned.items()
    )
    future = DeliveryBatch.objects.create(
        number=len(batches) + 1, planned_date=REPLACEMENT_BATCH[0]
    )
    BatchAllocation.objects.bulk_create(
        BatchAllocation(batch=future, school=s, devices_planned=REPLACEMENT_BATCH[1])
        for s in queue[:20]
    )
    return batches, planned


def _serial(rng: random.Random, n: int) -> str:
    tail = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(4))
    return f"DMP{n:05d}{tail}"


def seed_devices(schools, batches, allocations, profiles, rng) -> list[Device]:
    by_pk = {s.pk: s for s in schools}
    counters: dict[int, int] = {}
    devices = []
    for (batch_index, school_id), count in sorted(allocations.items()):
        batch, school = batches[batch_index], by_pk[school_id]
        versions = profiles.get(school_id, [])
        for _ in range(count):
            counters[school_id] = number = counters.get(school_id, 0) + 1
            roll = rng.random()
            purpose = (
                Device.Purpose.TEACHER_DEVICE
                if roll < 0.12
                else Device.Purpose.CLASS_SET
                if roll < 0.22
                else Device.Purpose.PUPIL_LOAN
            )
            teacher = purpose == Device.Purpose.TEACHER_DEVICE
            fate = rng.random()
            status = (
                Device.Status.LOST
                if fate < 0.004
                else Device.Status.RETIRED
                if fate < 0.01
                else Device.Status.IN_REPAIR
                if fate < 0.025
                else Device.Status.IN_USE
                if teacher or purpose == Device.Purpose.CLASS_SET
                else Device.Status.DELIVERED
            )
            devices.append(
                Device(
                    serial=_serial(rng, len(devices)),
                    model="iPad Air (4. Generation)"
                    if teacher
                    else "iPad (8. Generation)",
                    storage_gb=64 if teacher else 32,
                    asset_tag=f"{school.school_number}-{number:04d}",
                    school_id=school_id,
                    purpose=purpose,
                    status=status,
                    batch=batch,
                    delivered_on=batch.actual_date,
                    profile_version=(
                        versions[-1]
                        if rng.random() < 0.85 or not versions
                        else versions[0]
                    )
                    if versions
                    else None,
                    warranty_until=batch.actual_date + timedelta(days=3 * 365),
                )
            )
    Device.objects.bulk_create(devices, batch_size=2000)
    return devices


def seed_loans(devices: list[Device], rng: random.Random, primary: set[int]) -> int:
    """About 60 % of the pupil devices are out on loan; some were returned before."""
    loans, lent = [], []
    for device in devices:
        if device.purpose != Device.Purpose.PUPIL_LOAN:
            continue
        if device.status not in (Device.Status.DELIVERED, Device.Status.IN_REPAIR):
            continue
        issued = device.delivered_on + timedelta(days=rng.randint(5, 40))
        if rng.random() < 0.15:
            returned = issued + timedelta(days=rng.randint(120, 500))
            loans.append(_loan(device, rng, issued, returned, primary))
            issued = returned + timedelta(days=rng.randint(3, 60))
        if device.status == Device.Status.DELIVERED and rng.random() < 0.6:
            loans.append(_loan(device, rng, issued, None, primary))
            lent.append(device.pk)
    Loan.objects.bulk_create(loans, batch_size=2000)
    for start in range(0, len(lent), 900):
        Device.objects.filter(pk__in=lent[start : start + 900]).update(
            status=Device.Status.IN_USE
        )
    return len(loans)


def _loan(device: Device, rng: random.Random, issued: date, returned, primary) -> Loan:
    grade = rng.randint(1, 4) if device.school_id in primary else rng.randint(5, 10)
    return Loan(
        device=device,
        borrower_type=Loan.BorrowerType.PUPIL,
        pupil_reference=f"{grade}{rng.choice('ABCDE')}-{rng.randint(1, 9999):04d}",
        issued_on=issued,
        expected_return=date(issued.year + 2, 7, 31),
        agreement_signed_on=issued - timedelta(days=rng.randint(0, 7)),
        accessories=rng.choice(
            ["Hülle, Ladekabel", "Hülle, Ladekabel, Stift", "Hülle"]
        ),
        condition_at_issue="neu"
        if issued.year == 2020 or issued.year == 2021
        else "gut",
        returned_on=returned,
        condition_at_return=(
            rng.choice(["gut", "Kratzer", "Hülle fehlt"]) if returned else ""
        ),
    )
