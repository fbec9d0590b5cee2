"""URLs of the inventory part of support (school pages, delivery overview)."""

from django.urls import path

from support.views import inventory, inventory_delivery, inventory_loans

SCHOOL = "schulen/<str:school_number>/"

urlpatterns = [
    path("schule/", inventory.school_overview, name="my_school"),
    path(SCHOOL, inventory.school_overview, name="school"),
    path(f"{SCHOOL}geraete/", inventory.school_devices, name="school_devices"),
    path(
        f"{SCHOOL}geraete/<str:serial>/", inventory.school_device, name="school_device"
    ),
    path(f"{SCHOOL}leihen/", inventory_loans.school_loans, name="school_loans"),
    path(f"{SCHOOL}leihen/neu/", inventory_loans.loan_create, name="loan_create"),
    path(
        f"{SCHOOL}leihen/<int:pk>/rueckgabe/",
        inventory_loans.loan_return,
        name="loan_return",
    ),
    path(
        f"{SCHOOL}leihen/<int:pk>/vertrag/",
        inventory_loans.loan_agreement,
        name="loan_agreement",
    ),
    path(
        "auslieferung/", inventory_delivery.delivery_overview, name="delivery_overview"
    ),
]
