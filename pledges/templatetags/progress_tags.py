"""Filters of the public progress section: `{% load progress_tags %}`."""

from decimal import Decimal

from django import template

from pledges.progress_charts import figure

register = template.Library()


@register.filter
def progress_figure(value: Decimal, unit: str = "") -> str:
    """An indicator's value as readers write it, with its unit: `{{ v|progress_figure:unit }}`."""
    return figure(value, unit)
