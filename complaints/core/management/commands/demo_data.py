"""Load demo data: each app's `demo.load(out)` in INSTALLED_APPS order. Safe to run again."""

import logging
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo platforms, regulators, campaigns and logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        from portal.celery import app

        # The demo's own background work (notification fan-outs, evidence processing, its emails) is done
        # here, before the server starts, instead of queueing hundreds of tasks in front of the first
        # visitor's sign-up code.
        app.conf.task_always_eager = True
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        for config in apps.get_app_configs():
            if not config.name.startswith("complaints."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        if not options["quiet_logins"]:
            from complaints.accounts.demo import DEMO_PASSWORD, DEMO_USERS

            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
            for role, (email, _name, _lang) in DEMO_USERS.items():
                self.stdout.write(f"  {role:<10} {email}")
            self.stdout.write("  open http://127.0.0.1:8000/  (admin: /admin/)")
