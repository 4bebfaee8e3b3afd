"""Keep the Chinese catalogue complete: list what is missing, fill entries from a JSON file, compile."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def catalog_path(locale: str = "zh_Hans") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"


class Command(BaseCommand):
    help = (
        "Extract strings (makemessages), fill translations from --fill FILE.json ({msgid: msgstr} or "
        "{msgid: [singular, plural]}), compile, and with --missing list what is still untranslated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fill", action="append", default=[], help="JSON file of msgid -> Chinese text")
        parser.add_argument("--missing", action="store_true", help="print untranslated msgids, exit 1 if any")
        parser.add_argument("--no-extract", action="store_true", help="skip makemessages")

    def handle(self, *args, **options):
        import polib

        path = catalog_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.parent / ".lock", "w")  # noqa: SIM115 - held for the whole command
        fcntl.flock(lock, fcntl.LOCK_EX)  # several people may fill at once; one writer at a time
        try:
            if not options["no_extract"]:
                ignore = [".venv/*", "var/*", "tests/*", "node_modules/*"]
                call_command(
                    "makemessages",
                    locale=["zh_Hans", "en"],
                    ignore_patterns=ignore,
                    no_obsolete=True,
                    verbosity=0,
                )
                call_command(
                    "makemessages",
                    locale=["zh_Hans", "en"],
                    domain="djangojs",
                    ignore_patterns=[*ignore, "static/vendor/*"],
                    no_obsolete=True,
                    verbosity=0,
                )
            catalog = polib.pofile(str(path))
            filled = 0
            for fill in options["fill"]:
                mapping = json.loads(Path(fill).read_text(encoding="utf-8"))
                for entry in catalog:
                    if entry.msgid in mapping:
                        value = mapping[entry.msgid]
                        if entry.msgid_plural:
                            forms = value if isinstance(value, list) else [value, value]
                            entry.msgstr_plural = {0: forms[-1]}
                        else:
                            entry.msgstr = value if isinstance(value, str) else value[0]
                        if "fuzzy" in entry.flags:
                            entry.flags.remove("fuzzy")
                        filled += 1
            catalog.metadata["Language"] = "zh_Hans"
            catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
            catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            catalog.save(str(path))
            call_command(
                "compilemessages", locale=["zh_Hans", "en"], ignore_patterns=[".venv/*"], verbosity=0
            )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
        missing = [e.msgid for e in catalog if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        self.stdout.write(f"{filled} filled, {len(missing)} untranslated of {len(catalog)} in {path}")
        if options["missing"]:
            for msgid in missing:
                self.stdout.write(json.dumps(msgid, ensure_ascii=False))
            if missing:
                raise CommandError(f"{len(missing)} strings have no Chinese translation")
