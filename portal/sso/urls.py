from django.urls import path

from portal.sso import views

app_name = "sso"
urlpatterns = [
    path("", views.choose, name="choose"),
    path("verknuepfen/", views.link, name="link"),
    path("verbinden/", views.connect, name="connect"),
]
