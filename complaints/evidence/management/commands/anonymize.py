"""Anonymize evidence files, or a JSONL file of texts, with the same pipeline as uploads."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaints.evidence.pipeline import RejectedFile, anonymize_bytes, anonymize_text


def _write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    # A tool on files that never reads the database: the system checks would connect to it (a GeneratedField's
    # check asks PostgreSQL for its version), so it runs where no database is reachable.
    requires_system_checks = []
    help = (
        "Anonymize evidence. `anonymize FILE... --out DIR` writes each redacted file under the same "
        "name in DIR with NAME.report.json beside it. `anonymize --jsonl IN --out OUT` reads lines "
        '{"id", "text"} and writes {"id", "text", "findings": [{"type", "start", "end"}]}, with offsets '
        "into the input text. Nothing is written unless every input is accepted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="Images (JPEG, PNG, WebP), PDFs or UTF-8 text exports.")
        parser.add_argument("--jsonl", help='A JSONL file of {"id", "text"} records instead of files.')
        parser.add_argument("--out", required=True, help="Output directory (files) or output file (--jsonl).")
        parser.add_argument(
            "--known",
            action="append",
            default=[],
            metavar="VALUE",
            help="A known identifier of the owner (name, email, phone, order number); repeatable.",
        )
        parser.add_argument(
            "--lang", choices=["zh", "en"], help="Language of the placeholders (default: guessed)."
        )
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="Write the accepted files even when others are rejected (still exits non-zero).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        if options["jsonl"] and files:
            raise CommandError("Give either files or --jsonl, not both.")
        if not options["jsonl"] and not files:
            raise CommandError("Nothing to do: give files to anonymize, or --jsonl IN.")
        started = time.monotonic()
        if options["jsonl"]:
            self._jsonl(Path(options["jsonl"]), Path(options["out"]), options)
        else:
            self._files([Path(f) for f in files], Path(options["out"]), options)
        self.stderr.write(f"done in {time.monotonic() - started:.1f} s")

    def _files(self, paths: list[Path], out: Path, options: dict[str, Any]) -> None:
        names = Counter(p.name for p in paths)
        twice = sorted(n for n, c in names.items() if c > 1)
        if twice:
            raise CommandError(f"Two inputs would be written to the same name in {out}: {', '.join(twice)}")
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} exists and is not a directory.")
        for p in paths:
            if not p.is_file():
                raise CommandError(f"{p}: no such file.")
            if out.exists() and p.parent.resolve() == out.resolve():
                raise CommandError(
                    f"{p}: --out is the input's own folder; the original would be overwritten."
                )

        errors: list[str] = []
        with tempfile.TemporaryDirectory(prefix="anonymize-") as staging_dir:
            staging = Path(staging_dir)
            staged: list[Path] = []
            for p in paths:
                try:
                    result = anonymize_bytes(
                        p.read_bytes(), p.name, known_identifiers=options["known"], lang_hint=options["lang"]
                    )
                except RejectedFile as exc:
                    errors.append(f"{p}: rejected ({exc.code}): {exc.message}")
                    continue
                except OSError as exc:
                    errors.append(f"{p}: cannot read: {exc.strerror}")
                    continue
                report = result.report()
                (staging / p.name).write_bytes(result.redacted)
                (staging / f"{p.name}.report.json").write_text(
                    json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                )
                staged.append(p)
                counts = ", ".join(f"{k} {v}" for k, v in report["counts"].items()) or "nothing found"
                unsure = f"  [unsure: {', '.join(result.unsure_reasons)}]" if result.unsure else ""
                self.stdout.write(f"{p.name}: {counts}{unsure}")
            if errors and not options["keep_going"]:
                raise CommandError(
                    "Nothing written; these inputs were not accepted:\n  " + "\n  ".join(errors)
                )
            for p in staged:
                for name in (p.name, f"{p.name}.report.json"):
                    _write_atomically(out / name, (staging / name).read_bytes())
        if errors:
            raise CommandError(
                "Written all but these inputs, which were not accepted:\n  " + "\n  ".join(errors)
            )

    def _jsonl(self, source: Path, out: Path, options: dict[str, Any]) -> None:
        if not source.is_file():
            raise CommandError(f"{source}: no such file.")
        if out.exists() and out.is_dir():
            raise CommandError(f"--out {out} is a directory; --jsonl writes one file.")
        if out.exists() and out.resolve() == source.resolve():
            raise CommandError("--out is the input file; it would be overwritten.")
        try:
            lines = source.read_text(encoding="utf-8-sig").splitlines()
        except UnicodeDecodeError as exc:
            raise CommandError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
        # Read and check every record before anonymizing any, so a bad line costs nothing.
        records: list[dict[str, Any]] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"{source}:{number}: not valid JSON ({exc.msg}).") from exc
            if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
                raise CommandError(f'{source}:{number}: expected an object with "id" and a string "text".')
            known = record.get("known", [])
            if not isinstance(known, list) or not all(isinstance(k, str) for k in known):
                raise CommandError(f'{source}:{number}: "known" must be a list of strings.')
            records.append(record)

        started, chars = time.monotonic(), 0
        out_lines: list[str] = []
        for record in records:
            text = record["text"]
            chars += len(text)
            redacted, findings = anonymize_text(
                text, known_identifiers=[*options["known"], *record.get("known", [])], lang=options["lang"]
            )
            out_lines.append(
                json.dumps(
                    {
                        "id": record["id"],
                        "text": redacted,
                        "findings": [{"type": str(f.type), "start": f.start, "end": f.end} for f in findings],
                    },
                    ensure_ascii=False,
                )
            )
        _write_atomically(out, ("\n".join(out_lines) + "\n" if out_lines else "").encode("utf-8"))
        secs = time.monotonic() - started
        self.stdout.write(
            f"{len(records)} records, {chars} characters in {secs:.1f} s "
            f"({chars / max(secs, 1e-9):.0f} characters/s)"
        )
