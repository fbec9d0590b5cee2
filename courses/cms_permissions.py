"""CMS rights of trainers (catalogue pages, material collection) and fixed rows.

Model permissions of the roles are declared in `CoursesConfig.role_permissions`.
Page and collection permissions belong to rows (a page, a collection), so they are
brought in line here: after every `migrate`, when the catalogue page is created (admin
hook) and by the demo seed. Every step is idempotent.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from portal import roles

MATERIAL_COLLECTION_NAME = "Kursmaterial"

#: Wagtail page permissions trainers hold on the catalogue and everything below it.
TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")

#: Wagtail collection permissions on the material collection (and its children).
MATERIAL_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def get_material_collection() -> Collection:
    """The "Kursmaterial" collection under the root, created when missing."""
    existing = Collection.objects.filter(depth=2, name=MATERIAL_COLLECTION_NAME).first()
    if existing:
        return existing
    # A flushed database (tests in real transactions) has lost Wagtail's root.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return root.add_child(name=MATERIAL_COLLECTION_NAME)


def is_material_collection(collection: Collection) -> bool:
    """The collection is "Kursmaterial" or one of its sub-collections."""
    material = Collection.objects.filter(depth=2, name=MATERIAL_COLLECTION_NAME).first()
    if material is None:
        return False
    return collection.pk == material.pk or collection.is_descendant_of(material)


@transaction.atomic
def ensure_cms_permissions() -> None:
    """Give trainers and administrators their page and collection rights."""
    from courses.models import CourseIndexPage

    trainer = Group.objects.filter(name=roles.TRAINER).first()
    administrator = Group.objects.filter(name=roles.ADMINISTRATOR).first()
    if trainer is None or administrator is None:
        return
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=TRAINER_PAGE_PERMISSIONS
    )
    for catalogue in CourseIndexPage.objects.all():
        for perm in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=trainer, page=catalogue, permission=perm
            )
    collection = get_material_collection()
    for app_label, codename in MATERIAL_COLLECTION_PERMISSIONS:
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is None:
            continue
        for group in (trainer, administrator):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )


def ensure_audiences() -> None:
    """One Audience row per school type (a data migration made them; flush did not)."""
    from courses.models import Audience
    from portal.schools.models import SchoolType

    existing = set(Audience.objects.values_list("school_type", flat=True))
    Audience.objects.bulk_create(
        [Audience(school_type=t) for t in SchoolType.values if t not in existing]
    )


def sync_after_migrate(sender: Any = None, **kwargs: Any) -> None:
    """post_migrate (also sent by flush): audiences, page and collection rights."""
    if kwargs.get("using", "default") != "default":
        return
    ensure_audiences()
    ensure_cms_permissions()
