"""A select's empty choice is in the page's language (Django 6.1's "- Select an option -" is
not in Django's own Indonesian catalogue; the project catalogue has it)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from kotalive.accounts.models import Organisation

pytestmark = pytest.mark.django_db


class OfficeForm(forms.Form):
    office = forms.ModelChoiceField(queryset=Organisation.objects.all())


def test_the_empty_choice_of_a_select_is_indonesian_on_indonesian_pages():
    with translation.override("id"):
        html = str(OfficeForm()["office"])
    assert "- Pilih salah satu -" in html
    assert "Select an option" not in html


def test_the_empty_choice_stays_english_on_english_pages():
    with translation.override("en"):
        assert "- Select an option -" in str(OfficeForm()["office"])
