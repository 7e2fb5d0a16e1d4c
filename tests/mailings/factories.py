import factory
from django.utils import timezone

from mailings.models import Newsletter, Subscriber, Subscription


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"tilaaja{n}@example.fi")
    language = "fi"
    status = Subscriber.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create:
            for topic in extracted if extracted is not None else ["newsletter"]:
                Subscription.objects.create(subscriber=self, topic=topic)


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsletter

    subject_fi = "Kumppanuusohjelman uutiskirje: syksyn tapahtumat"
    subject_sv = "Partnerskapsprogrammets nyhetsbrev: höstens evenemang"
    body_fi = "## Tervetuloa\n\nSyksyllä järjestämme **kolme** tapaamista. [Lue lisää](https://example.fi/fi/)"
    body_sv = "## Välkommen\n\nI höst ordnar vi **tre** träffar. [Läs mer](https://example.fi/sv/)"
    topics = factory.LazyFunction(lambda: ["newsletter"])
