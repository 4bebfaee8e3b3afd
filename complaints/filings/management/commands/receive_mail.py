"""Run the SMTP receiver for replies to filings until stopped (SIGTERM or Ctrl-C): the Procfile's `inbound`."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from complaints.filings.smtp import inbound_controller


class Command(BaseCommand):
    help = "Receive replies to filings by SMTP (filing+<token>@ addresses) and record them as answers."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=settings.TONGSU_INBOUND_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.TONGSU_INBOUND_SMTP_PORT)

    def handle(self, *args, host: str, port: int, **options) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        controller = inbound_controller(host=host, port=port)
        controller.start()
        self.stdout.write(f"Receiving replies to filings on {host}:{port}", ending="\n")
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            controller.stop()
