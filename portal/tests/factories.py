"""Factories of the portal app."""

import factory

from portal.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    phone = "+86 512 6666 0000"
    password = factory.django.Password(PASSWORD)
