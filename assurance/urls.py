from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assurance import views
from assurance.forms import SignInForm

admin.site.site_header = "Safeguarding Assurance Tracker administration"
admin.site.site_title = "Safeguarding Assurance Tracker"
admin.site.index_title = "Records"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("recommendations.urls")),
]
