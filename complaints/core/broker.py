"""The embedded broker (kombu's filesystem transport), with each message written whole before it appears.

Kombu's filesystem transport creates a message's file and then writes it, while a consumer takes files by
moving them away without the writer's lock: a worker that polled in between read an empty message and
stopped ("Unrecoverable error: JSONDecodeError"), seen in the browser journeys when a worker task published
email batches quickly. Here the message is written to a name no queue matches and renamed into place,
which is atomic on one filesystem, so a consumer sees a whole file or none.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


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


class Transport(filesystem.Transport):
    Channel = Channel
