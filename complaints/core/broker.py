"""The embedded broker (kombu's filesystem transport), with each message written whole before it appears and
a bad message file moved aside instead of stopping the worker.

Kombu's filesystem transport creates a message's file and then writes it, while a consumer takes files by
moving them away without the writer's lock: a worker that polled in between read an empty message and
stopped ("Unrecoverable error: JSONDecodeError"), seen in the browser journeys when a worker task published
email batches quickly. Here the message is written to a name no queue matches and renamed into place,
which is atomic on one filesystem, so a consumer sees a whole file or none.

A file that is still not a message (a half-written file from before that fix or from a full disk, a
directory, an unreadable file) used to stop the worker again after every restart, one file per crash, so
all background work stopped. The consumer moves such a file into ``rejected/`` beside the queue directory,
logs it, and takes the next message.

This is the portal's one override of a library's underscore methods: ``_get`` and ``_put`` are the methods
kombu documents for a virtual transport to implement (``kombu.transport.virtual.AbstractChannel``), but here
they replace the filesystem channel's own. No public option of kombu's filesystem transport writes a message
atomically or skips a bad file, and the other embedded transports need a new dependency (SQLAlchemy) and would
lose the ``rejected/`` folder people look in after a crash. What it buys: one bad file no longer stops all
background work. It is chosen through Celery's ``broker_transport`` setting (portal/settings.py), and
tests/core/test_broker.py fails on the kombu upgrade that changes the code overridden here. Only the
channel's public transport options are read.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)
REJECTED_FOLDER = "rejected"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".partial"  # "<stamp>.<queue>.msg.partial" is no queue's message
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue):
        """Take the oldest whole message of ``queue``; files that are no message are moved aside."""
        wanted = f"{queue}.msg"
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.partition(".")[2] != wanted:
                continue
            source = os.path.join(self.data_folder_in, name)
            claimed = os.path.join(self._claim_folder(), name)
            try:
                os.replace(source, claimed)  # the claim: whoever renames first has the message
            except OSError:
                continue  # another consumer took it in the meantime
            try:
                with open(claimed, "rb") as handle:
                    payload = loads(bytes_to_str(handle.read()))
                if not isinstance(payload, dict):
                    raise ValueError(f"a message is a JSON object, not {type(payload).__name__}")
            except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                self._reject(claimed, name, exc)
                continue
            if not self.store_processed:
                os.remove(claimed)
            return payload
        raise Empty()

    def _claim_folder(self) -> str:
        # Beside the queue (one filesystem, so the claim is a rename), unlike kombu's default of /tmp.
        folder = (
            self.processed_folder if self.store_processed else os.path.join(self.data_folder_in, ".claimed")
        )
        os.makedirs(folder, exist_ok=True)
        return folder

    def rejected_folder(self) -> Path:
        return Path(self.data_folder_in).parent / REJECTED_FOLDER

    def _reject(self, claimed: str, name: str, exc: Exception) -> None:
        folder = self.rejected_folder()
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        if target.exists():
            target = Path(tempfile.mkdtemp(dir=folder)) / name
        try:
            shutil.move(claimed, target)
        except OSError:
            logger.exception("broker: cannot move bad message file %s aside", claimed)
            return
        logger.error(
            "broker: moved bad message file %s to %s (%s: %s)", name, target, type(exc).__name__, exc
        )


class Transport(filesystem.Transport):
    Channel = Channel
