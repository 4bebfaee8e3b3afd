"""Load demo data: each registered app's `demo.load(out)` (complaints.core.demo). Safe to run again."""

import logging
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from complaints.core.demo import demo_modules
from portal.celery import app


class Command(BaseCommand):
    help = "Load demo platforms, regulators, campaigns and logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        # The demo's own background work (notification fan-outs, evidence processing, its emails) is done
        # here, before the server starts, instead of queueing hundreds of tasks in front of the first
        # visitor's sign-up code.
        app.conf.task_always_eager = True
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        modules = [import_module(name) for name in demo_modules()]
        for module in modules:
            with transaction.atomic():
                module.load(self.stdout)
        if options["quiet_logins"]:
            return
        for module in modules:
            if hasattr(module, "logins"):
                module.logins(self.stdout, self.style)
