"""Create the programme's five themes with their official names in Finnish and Swedish."""

from django.db import migrations

THEMES = [
    {
        "number": 1,
        "name_fi": "Tehokas kotoutuminen ja työllistyminen",
        "name_sv": "Effektiv integration och sysselsättning",
        "slug_fi": "tehokas-kotoutuminen-ja-tyollistyminen",
        "slug_sv": "effektiv-integration-och-sysselsattning",
        "summary_fi": "Kotoutuminen etenee, kun Suomeen muuttanut pääsee nopeasti opiskelemaan, "
        "harjoittelemaan ja töihin. Teema kokoaa yhteistyötä, joka madaltaa kynnystä työelämään.",
        "summary_sv": "Integrationen går framåt när den som flyttat till Finland snabbt kommer i "
        "gång med studier, praktik och arbete. Temat samlar samarbete som sänker tröskeln till "
        "arbetslivet.",
    },
    {
        "number": 2,
        "name_fi": "Lasten, nuorten ja perheiden kotoutuminen",
        "name_sv": "Integration av barn, ungdomar och familjer",
        "slug_fi": "lasten-nuorten-ja-perheiden-kotoutuminen",
        "slug_sv": "integration-av-barn-ungdomar-och-familjer",
        "summary_fi": "Lapset ja nuoret kotoutuvat varhaiskasvatuksessa, koulussa ja "
        "harrastuksissa, ja perhe kulkee heidän rinnallaan. Teema tukee koko perheen osallisuutta.",
        "summary_sv": "Barn och unga integreras i småbarnspedagogiken, skolan och på fritiden, "
        "och familjen går vid deras sida. Temat stöder hela familjens delaktighet.",
    },
    {
        "number": 3,
        "name_fi": "Kansainvälinen suojelu ja kunnat",
        "name_sv": "Internationellt skydd och kommuner",
        "slug_fi": "kansainvalinen-suojelu-ja-kunnat",
        "slug_sv": "internationellt-skydd-och-kommuner",
        "summary_fi": "Kansainvälistä suojelua saavien vastaanotto ja kotoutuminen onnistuvat, "
        "kun kunta, järjestöt ja asukkaat toimivat yhdessä.",
        "summary_sv": "Mottagandet och integrationen av personer som får internationellt skydd "
        "lyckas när kommunen, organisationerna och invånarna arbetar tillsammans.",
    },
    {
        "number": 4,
        "name_fi": "Maahanmuuttajat, elinkeinotoiminta ja innovaatiot",
        "name_sv": "Invandrare, näringsverksamhet och innovationer",
        "slug_fi": "maahanmuuttajat-elinkeinotoiminta-ja-innovaatiot",
        "slug_sv": "invandrare-naringsverksamhet-och-innovationer",
        "summary_fi": "Maahanmuuttajien yrittäjyys ja osaaminen uudistavat elinkeinoelämää. "
        "Teema kokoaa yrityksiä, neuvontaa ja uusia ideoita.",
        "summary_sv": "Invandrares företagande och kunnande förnyar näringslivet. Temat samlar "
        "företag, rådgivning och nya idéer.",
    },
    {
        "number": 5,
        "name_fi": "Avoin keskustelukulttuuri, rasismia ei sallita",
        "name_sv": "Öppen diskussionskultur, rasism tillåts inte",
        "slug_fi": "avoin-keskustelukulttuuri-rasismia-ei-sallita",
        "slug_sv": "oppen-diskussionskultur-rasism-tillats-inte",
        "summary_fi": "Avoin ja asiallinen keskustelu sekä selvä kanta rasismia vastaan luovat "
        "luottamusta. Teema kutsuu jokaisen organisaation mukaan.",
        "summary_sv": "Ett öppet och sakligt samtal och en tydlig hållning mot rasism skapar "
        "förtroende. Temat bjuder in varje organisation att delta.",
    },
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    for data in THEMES:
        # The untranslated columns mirror the default language, as modeltranslation expects.
        defaults = {
            **data,
            "name": data["name_fi"],
            "slug": data["slug_fi"],
            "summary": data["summary_fi"],
        }
        Theme.objects.update_or_create(number=data["number"], defaults=defaults)


def delete_themes(apps, schema_editor):
    apps.get_model("themes", "Theme").objects.filter(number__in=range(1, 6)).delete()


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]
    operations = [migrations.RunPython(create_themes, delete_themes)]
