from django.views.generic import TemplateView

from programmes.selectors import annual_theme_current, programme_current
from themes.selectors import theme_list


class ProgrammeView(TemplateView):
    template_name = "programmes/programme_detail.html"

    def get_context_data(self, **kwargs):
        programme = programme_current()
        return super().get_context_data(
            programme=programme,
            annual_theme=annual_theme_current(programme) if programme else None,
            themes=theme_list(),
            **kwargs,
        )
