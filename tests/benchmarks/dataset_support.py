"""The support half of the benchmark dataset: profiles, batches, devices, loans,
tickets with their conversations. A mixin of `dataset.Builder`."""

from __future__ import annotations

from datetime import date, timedelta

from portal.accounts.models import User
from portal.schools.models import School
from support.models import (
    BatchAllocation,
    ConfigurationProfile,
    DeliveryBatch,
    Device,
    Loan,
    ProfileApp,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketMessage,
)
from tests.benchmarks.bulk import bulk, insert

LONG_TICKET_MESSAGES = 60
LONG_TICKET_SUBJECT = "Klassensatz verbindet sich nicht mit dem WLAN"


class SupportRows:
    """Inventory and helpdesk rows; expects `sizes`, `rng`, `now`, `tag`, `log`."""

    # --- inventory ------------------------------------------------------------
    def profiles(self, schools: list[School]) -> dict[int, int]:
        current = dict(
            ConfigurationProfile.objects.filter(is_current=True).values_list(
                "school_id", "pk"
            )
        )
        if current:
            return current
        rows = []
        for school in schools:
            for version in (1, 2):
                rows.append(
                    ConfigurationProfile(
                        school=school,
                        version=version,
                        is_current=version == 2,
                        wifi_name=f"SCHULE-{school.school_number}",
                        settings_restrictions="AirDrop: aus\nKamera: an",
                        pupil_permissions="Apps laden: nein",
                        teacher_permissions="Apps laden: ja",
                        change_note="Bench",
                    )
                )
        bulk(ConfigurationProfile, rows)
        current = dict(
            ConfigurationProfile.objects.filter(is_current=True).values_list(
                "school_id", "pk"
            )
        )
        apps = [
            ProfileApp(profile_id=pid, name=name, bundle_id=bundle)
            for pid in ConfigurationProfile.objects.values_list("pk", flat=True)
            for name, bundle in (
                ("Keynote", "com.apple.Keynote"),
                ("Pages", "com.apple.Pages"),
                ("GarageBand", "com.apple.mobilegarageband"),
            )
        ]
        bulk(ProfileApp, apps)
        return current

    def batches(self, schools: list[School]) -> list[DeliveryBatch]:
        if DeliveryBatch.objects.exists():
            return list(DeliveryBatch.objects.order_by("number"))
        first = date(2020, 11, 2)
        bulk(
            DeliveryBatch,
            [
                DeliveryBatch(
                    number=n + 1,
                    planned_date=first + timedelta(weeks=2 * n),
                    actual_date=first + timedelta(weeks=2 * n, days=2),
                )
                for n in range(12)
            ],
        )
        batches = list(DeliveryBatch.objects.order_by("number"))
        per_school = max(1, self.sizes.devices // (len(schools) * len(batches)))
        bulk(
            BatchAllocation,
            [
                BatchAllocation(batch=b, school=s, devices_planned=per_school)
                for b in batches
                for s in schools
            ],
        )
        return batches

    def devices(self, schools, batches, profiles: dict[int, int]) -> int:
        purposes = ["teacher_device", "class_set", "class_set"] + ["pupil_loan"] * 7
        statuses = ["in_use"] * 6 + ["delivered"] * 2 + ["in_repair", "lost"]
        others = [s.pk for s in schools[1:]]
        weights = [max(s.pupils, 50) for s in schools[1:]]
        n = self.sizes.devices
        # The bench coordinator's school gets the same 160 devices at any scale.
        own = 0 if self.tag else min(n, 160)
        school_ids = [schools[0].pk] * own + self.rng.choices(
            others, weights=weights, k=n - own
        )
        now = self.now

        def rows():
            for i in range(n):
                batch = batches[i % len(batches)]
                school_id = school_ids[i]
                yield (
                    f"DM{(self.tag or 'P')[:1].upper()}{i:09d}",
                    "iPad (9. Generation)",
                    64,
                    f"INV-{i:07d}",
                    school_id,
                    purposes[i % 10],
                    statuses[i % len(statuses)],
                    batch.pk,
                    batch.actual_date,
                    profiles[school_id],
                    batch.actual_date + timedelta(days=3 * 365),
                    "",
                    now,
                )

        count = insert(
            Device,
            [
                "serial",
                "model",
                "storage_gb",
                "asset_tag",
                "school",
                "purpose",
                "status",
                "batch",
                "delivered_on",
                "profile_version",
                "warranty_until",
                "notes",
                "updated_at",
            ],
            rows(),
        )
        self.log(f"devices: {count}")
        return count

    def loans(self) -> int:
        devices = Device.objects.filter(
            purpose="pupil_loan", status="in_use", loans__isnull=True
        )
        issued, signed = date(2021, 2, 1), date(2021, 1, 28)
        count = insert(
            Loan,
            [
                "device",
                "borrower_type",
                "pupil_reference",
                "issued_on",
                "agreement_signed_on",
                "accessories",
                "condition_at_issue",
                "condition_at_return",
                "created_at",
            ],
            (
                (
                    pk,
                    "pupil",
                    f"P{pk:07d}",
                    issued,
                    signed,
                    "Hülle",
                    "neu",
                    "",
                    self.now,
                )
                # A list, not an iterator: no query may run during a COPY.
                for pk in list(devices.values_list("pk", flat=True))
            ),
        )
        self.log(f"loans: {count}")
        return count

    # --- helpdesk -------------------------------------------------------------
    def tickets(self, schools, teachers: list[int], staff: dict) -> dict:
        categories = [c for c, _label in Ticket.Category.choices]
        statuses = ["new", "open", "waiting", "in_repair"] + ["resolved", "closed"] * 3
        reporters_by_school: dict[int, list[int]] = {}
        for pk, school_id in User.objects.filter(pk__in=teachers).values_list(
            "pk", "school_id"
        ):
            reporters_by_school.setdefault(school_id, []).append(pk)
        coordinator_of = dict(
            User.objects.filter(pk__in=staff["coordinators"]).values_list(
                "school_id", "pk"
            )
        )
        year = self.now.year
        agents = staff["agents"]
        plan = []  # (reporter, assignee, created, messages)
        rows = []
        first = (
            TicketCounter.objects.filter(year=year)
            .values_list("last_number", flat=True)
            .first()
            or 0
        )
        for i in range(self.sizes.tickets + (0 if self.tag else 1)):
            long = i == self.sizes.tickets
            school = schools[0] if long else schools[i % len(schools)]
            if long:
                # The long conversation, filed by the bench coordinator.
                reporter, assignee = staff["coordinators"][0], agents[0]
                created, status = self.now - timedelta(days=20), "open"
                category, priority = "wlan", "high"
                subject = LONG_TICKET_SUBJECT
            else:
                reporter = self.rng.choice(
                    reporters_by_school.get(school.pk) or [coordinator_of[school.pk]]
                )
                assignee = agents[i % len(agents)] if i % 4 else None
                created = self.now - timedelta(hours=self.rng.randint(1, 24 * 600))
                # Drawn independently: taken in step (i mod 10, i mod 5) the
                # priority followed from the status, so that "new or open and
                # high" matched one ticket in 30,000, which no city has.
                status = self.rng.choice(statuses)
                category = self.rng.choice(categories)
                priority = self.rng.choice(
                    ["low", "normal", "normal", "high", "urgent"]
                )
                subject = f"iPad Problem {i + 1}"
            done = status in ("resolved", "closed")
            rows.append(
                (
                    f"T-{year}-{first + i + 1:06d}",
                    school.pk,
                    reporter,
                    "",
                    subject,
                    category,
                    priority,
                    status,
                    assignee,
                    created,
                    created + timedelta(hours=2),
                    created + timedelta(hours=8),
                    created + timedelta(days=3),
                    created + timedelta(hours=1),
                    created + timedelta(days=2) if done else None,
                    created + timedelta(days=16) if status == "closed" else None,
                )
            )
            plan.append(
                (
                    reporter,
                    assignee,
                    created,
                    LONG_TICKET_MESSAGES if long else 1 + i % 5,
                )
            )
        insert(
            Ticket,
            [
                "reference",
                "school",
                "reporter",
                "serial",
                "subject",
                "category",
                "priority",
                "status",
                "assignee",
                "created_at",
                "last_activity_at",
                "response_due_at",
                "due_at",
                "first_response_at",
                "resolved_at",
                "closed_at",
            ],
            rows,
        )
        TicketCounter.objects.update_or_create(
            year=year, defaults={"last_number": first + len(rows)}
        )
        ids = list(
            Ticket.objects.order_by("pk").values_list("pk", flat=True)[
                Ticket.objects.count() - len(rows) :
            ]
        )
        body = "Das iPad verbindet sich nicht mit dem Schul-WLAN. " * 4

        def messages():
            for pk, (reporter, assignee, created, count) in zip(ids, plan, strict=True):
                for n in range(count):
                    agent_turn = n % 2 == 1
                    yield (
                        pk,
                        (assignee or agents[0]) if agent_turn else reporter,
                        body,
                        agent_turn and n % 3 == 0,
                        created + timedelta(minutes=30 * n),
                        "",
                    )

        def events():
            for pk, (reporter, assignee, created, _count) in zip(
                ids, plan, strict=True
            ):
                yield (pk, reporter, "created", "", "", created)
                if assignee:
                    yield (pk, assignee, "assignee", "", "Agent", created)

        message_count = insert(
            TicketMessage,
            ["ticket", "author", "body", "is_internal", "created_at", "merged_from"],
            messages(),
        )
        insert(
            TicketEvent,
            ["ticket", "actor", "kind", "old_value", "new_value", "created_at"],
            events(),
        )
        self.log(f"tickets: {len(rows)}, messages: {message_count}")
        return {"tickets": len(rows), "messages": message_count}
