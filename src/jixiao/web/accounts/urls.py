from __future__ import annotations

from django.urls import path

from jixiao.web.accounts import lockouts, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("lockouts/", lockouts.lockouts, name="lockouts"),
    path("lockouts/lift/", lockouts.lift, name="lockouts_lift"),
]
