from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.emails import send_prepared_email


class PortalAccountAdapter(DefaultAccountAdapter):
    """allauth for the portal: optional e-mail domain list, mails via the task queue."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).lower()
        allowed = [
            d.lower().lstrip("@") for d in settings.ACCOUNT_ALLOWED_EMAIL_DOMAINS
        ]
        if allowed and email.rsplit("@", 1)[-1] not in allowed:
            raise ValidationError(
                _("Please use your school e-mail address (ending in %(domains)s).")
                % {"domains": ", ".join("@" + d for d in allowed)}
            )
        return email

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        send_prepared_email(
            to=message.to, subject=message.subject, body=message.body, html=html
        )
