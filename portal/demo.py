"""Demo data of the core: 154 schools and one account per role.

Every app may have a `demo.py` with `seed(*, stdout) -> None`; `manage.py seed_demo`
calls them in the order of INSTALLED_APPS. Each must be idempotent and use bulk inserts.
"""

from __future__ import annotations

import random

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal import roles
from portal.accounts.models import User
from portal.schools.models import School, SchoolType

DEMO_PASSWORD = "Demo-Portal-2026!"  # noqa: S105 - documented demo password
# Base32 TOTP secret of the demo staff accounts, printed by `make run` so that a
# developer can add it to an authenticator app. Demo data only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_DOMAIN = "demo.schulportal.example"

DISTRICTS = [
    "Innenstadt-West",
    "Innenstadt-Nord",
    "Innenstadt-Ost",
    "Eving",
    "Scharnhorst",
    "Brackel",
    "Aplerbeck",
    "Hörde",
    "Hombruch",
    "Lütgendortmund",
    "Huckarde",
    "Mengede",
]
# (type, how many schools, typical pupils, name prefix)
SCHOOL_MIX = [
    (SchoolType.GRUNDSCHULE, 88, 220, "Grundschule"),
    (SchoolType.HAUPTSCHULE, 9, 350, "Hauptschule"),
    (SchoolType.REALSCHULE, 13, 600, "Realschule"),
    (SchoolType.SEKUNDARSCHULE, 2, 500, "Sekundarschule"),
    (SchoolType.GESAMTSCHULE, 13, 1100, "Gesamtschule"),
    (SchoolType.GYMNASIUM, 14, 950, "Gymnasium"),
    (SchoolType.FOERDERSCHULE, 10, 150, "Förderschule"),
    (SchoolType.BERUFSKOLLEG, 5, 3600, "Berufskolleg"),
]
NAME_PARTS = [
    "Am Lindenhof",
    "An der Goethestraße",
    "Am Westpark",
    "Im Grünen Winkel",
    "Am Rombergpark",
    "An den Teichen",
    "Am Hohen Wall",
    "Kleine Kielstraße",
    "Am Schwanenwall",
    "An der Marsbruchstraße",
    "Im Defdahl",
    "Am Fredenbaum",
    "Am Hafen",
    "Auf dem Berge",
    "Am Buschmühlengraben",
    "An der Emscher",
    "Im Kirchfeld",
    "Am Ostenhellweg",
    "Am Rüpingsbach",
    "Am Burgholz",
    "Lindenhorst",
    "Kemminghausen",
    "Brechten",
    "Holthausen",
    "Kirchderne",
    "Derne",
    "Husen",
    "Kurl",
    "Lanstrop",
    "Asseln",
    "Wambel",
    "Wickede",
    "Berghofen",
    "Schüren",
    "Sölde",
    "Benninghofen",
    "Wellinghofen",
    "Kirchhörde",
    "Eichlinghofen",
    "Barop",
    "Kley",
    "Marten",
    "Bodelschwingh",
    "Westerfilde",
    "Nette",
    "Oestrich",
    "Deusen",
    "Rahm",
    "Kirchlinde",
]
PERSON_NAMES = [
    "Anne Frank",
    "Erich Kästner",
    "Astrid Lindgren",
    "Max Planck",
    "Marie Curie",
    "Heinrich Heine",
    "Friedrich Schiller",
    "Albert Einstein",
    "Hildegard von Bingen",
    "Geschwister Scholl",
    "Nelly Sachs",
    "Wilhelm Busch",
    "Johannes Gutenberg",
    "Clara Schumann",
    "Leibniz",
    "Fritz Henßler",
    "Robert Koch",
    "Käthe Kollwitz",
]
STREETS = ["Schulstraße", "Hauptstraße", "Parkweg", "Lindenallee", "Kirchplatz"]
TOTAL_PUPILS = 78_500
TOTAL_DEVICES = 25_000

DEMO_ACCOUNTS = [
    # e-mail local part, name, role, school index (None: IT service), superuser
    ("lehrerin", "Laura Lehmann", roles.TEACHER, 0, False),
    ("lehrer", "Tim Becker", roles.TEACHER, 1, False),
    ("koordination", "Kerstin Koch", roles.COORDINATOR, 0, False),
    ("koordination2", "Jonas Wagner", roles.COORDINATOR, 1, False),
    ("trainerin", "Tanja Richter", roles.TRAINER, None, False),
    ("trainer", "Omar Yilmaz", roles.TRAINER, None, False),
    ("support", "Sven Schulz", roles.AGENT, None, False),
    ("admin", "Anke Neumann", roles.ADMINISTRATOR, None, True),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def build_schools() -> list[School]:
    """The 154 demo schools, the same every time (fixed random seed)."""
    rng = random.Random(154)  # noqa: S311 - demo data, not security
    schools: list[School] = []
    names_used: set[str] = set()
    number = 100_000
    for school_type, count, typical, prefix in SCHOOL_MIX:
        for i in range(count):
            number += rng.randint(3, 40)
            if prefix in {"Gymnasium", "Gesamtschule", "Realschule"} and i % 3 == 0:
                name = f"{rng.choice(PERSON_NAMES)}-{prefix}"
            else:
                name = f"{prefix} {rng.choice(NAME_PARTS)}"
            while name in names_used:
                name = (
                    f"{name} {['II', 'Nord', 'Süd', 'West', 'Ost'][rng.randint(0, 4)]}"
                )
            names_used.add(name)
            district = DISTRICTS[len(schools) % len(DISTRICTS)]
            slug = "".join(c for c in name.lower() if c.isalnum())[:20]
            schools.append(
                School(
                    school_number=f"{number:06d}",
                    name=name,
                    school_type=school_type,
                    district=district,
                    street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    postal_code=f"44{rng.randint(100, 399)}",
                    city="Dortmund",
                    contact_name=f"Sekretariat {name}",
                    contact_email=f"sekretariat@{slug}.schulen.example",
                    contact_phone=f"0231 {rng.randint(100000, 999999)}",
                    pupils=max(40, int(rng.gauss(typical, typical * 0.2))),
                    social_index=rng.randint(1, 9),
                    iserv_url=f"https://{slug}.schulen.example",
                )
            )
    # Scale pupils to the city's total, then allot devices by pupils and social index.
    factor = TOTAL_PUPILS / sum(s.pupils for s in schools)
    for school in schools:
        school.pupils = max(30, round(school.pupils * factor))
    schools[0].pupils += TOTAL_PUPILS - sum(s.pupils for s in schools)
    weights = [s.pupils * (1 + s.social_index / 4) for s in schools]
    total_weight = sum(weights)
    for school, weight in zip(schools, weights, strict=True):
        school.devices_allotted = int(TOTAL_DEVICES * weight / total_weight)
    schools[0].devices_allotted += TOTAL_DEVICES - sum(
        s.devices_allotted for s in schools
    )
    return schools


def seed_schools() -> list[School]:
    wanted = build_schools()
    existing = set(School.objects.values_list("school_number", flat=True))
    School.objects.bulk_create([s for s in wanted if s.school_number not in existing])
    return list(
        School.objects.filter(
            school_number__in=[s.school_number for s in wanted]
        ).order_by("school_number")
    )


def seed_accounts(schools: list[School]) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    for local, name, role, school_index, superuser in DEMO_ACCOUNTS:
        email = demo_email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                school=schools[school_index] if school_index is not None else None,
                is_superuser=superuser,
                is_staff=superuser,
            )
        user.groups.add(Group.objects.get(name=role))
        if role == roles.COORDINATOR:
            user.groups.add(Group.objects.get(name=roles.TEACHER))
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            role in roles.STAFF_ROLES
            and not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)


def seed(*, stdout) -> None:
    schools = seed_schools()
    seed_accounts(schools)
    stdout.write(f"  schools: {len(schools)}, pupils: {sum(s.pupils for s in schools)}")


def describe_logins() -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for local, name, role, _school, _su in DEMO_ACCOUNTS:
        lines.append(f"  {role:<22} {demo_email(local):<45} {name}")
    lines.append(
        f"Trainers, support and admin log into /cms/ with the TOTP secret "
        f"{DEMO_TOTP_SECRET} (add it to an authenticator app)."
    )
    return "\n".join(lines)
