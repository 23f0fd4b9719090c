from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agencies import sso
from agencies import views as agency_views
from assurance import views
from assurance.forms import SignInForm

admin.site.site_header = "Safeguarding Assurance Tracker administration"
admin.site.site_title = "Safeguarding Assurance Tracker"
admin.site.index_title = "Records"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/login/", views.SignInView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/logout/", agency_views.sign_out, name="logout"),
    # Signing in with an organisation's own account (OpenID Connect).
    path("accounts/organisation/", agency_views.sso_start, name="sso_start"),
    path("accounts/organisation/callback/", sso.Callback.as_view(), name="sso_callback"),
    path("accounts/organisation/<slug:key>/", agency_views.sso_organisation, name="sso_organisation"),
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
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(template_name="registration/password_reset_form.html"),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("accounts/two-factor/", agency_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", agency_views.two_factor_setup, name="two_factor_setup"),
    path("admin/", admin.site.urls),
    path("notifications/", include("notifications.urls")),
    path("api/", include("api.urls")),
    path("", include("recommendations.urls")),
]
