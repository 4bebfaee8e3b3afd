from tests.campaigns.conftest import campaign, client, member, organizer, platform  # noqa: F401
