from django.urls import path

from portal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("loeschen/", views.delete_account, name="delete"),
]
