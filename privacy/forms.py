from django import forms
from django.utils.translation import gettext_lazy as _


class PersonalDataLookupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Addresses are matched without regard to upper and lower case."),
    )


class PersonalDataEraseForm(PersonalDataLookupForm):
    confirm = forms.BooleanField(
        label=_("I have checked the request and want to erase this person's data"),
        required=True,
    )
