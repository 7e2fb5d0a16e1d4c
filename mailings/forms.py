from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mailings.models import Topic


class _TopicsMixin(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the mailings"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = Topic.choices()


class SubscribeForm(_TopicsMixin):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, such as name@example.fi."),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree that my address is used to send me the mailings I chose."),
        error_messages={"required": _("Your consent is needed to send you mailings.")},
    )
    # Left empty by people; bots that fill every field are turned away quietly.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    field_order = ["email", "language", "topics", "consent", "website"]

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(_TopicsMixin):
    pass
