"""Authentication backends: Django's and allauth's, loading the signed-in person in one query.

Every signed-in page needs two facts about the viewer besides the user row: whether they moderate (the
header's link, the permission checks) and the bell's unread count. Asked separately, those were two more
queries on each page; here they are columns of the query that loads the user from the session.

The session stores the dotted path of the backend that signed a person in, and Django only accepts paths
still listed in AUTHENTICATION_BACKENDS: sessions begun under the bare Django or allauth classes sign in
once more.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from complaints.accounts.selectors import user_for_session


class _OneQueryUser:
    def get_user(self, user_id):
        user = user_for_session(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_OneQueryUser, DjangoModelBackend):
    pass


class AuthenticationBackend(_OneQueryUser, AllauthBackend):
    pass
