from django.views.generic import TemplateView

from programmes.selectors import (
    annual_themes_archive,
    campaigns_closed,
    programme_current,
)
from themes.selectors import theme_list


class ProgrammeView(TemplateView):
    template_name = "programmes/programme_detail.html"

    def get_context_data(self, **kwargs):
        programme = programme_current()
        annual_themes = annual_themes_archive(programme) if programme else []
        return super().get_context_data(
            programme=programme,
            # The archive is newest first and ends at this year, so its first item is the
            # current theme (this year's, or the latest earlier one).
            annual_theme=annual_themes[0] if annual_themes else None,
            annual_themes=annual_themes,
            past_campaigns=campaigns_closed(),
            themes=theme_list(),
            **kwargs,
        )
