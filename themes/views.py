from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import ListView, TemplateView

from core.i18n import object_urls
from themes.selectors import theme_by_slug, theme_list


class ThemeListView(ListView):
    template_name = "themes/theme_list.html"
    context_object_name = "themes"

    def get_queryset(self):
        return theme_list()


class ThemeDetailView(TemplateView):
    template_name = "themes/theme_detail.html"

    def get(self, request, *args, slug: str, **kwargs):
        theme, canonical = theme_by_slug(slug)
        if theme is None:
            raise Http404
        if not canonical:
            # A slug of the other language: send the reader to this language's address.
            return HttpResponsePermanentRedirect(theme.get_absolute_url())
        context = self.get_context_data(theme=theme, alternate_urls=object_urls(theme), **kwargs)
        return self.render_to_response(context)
