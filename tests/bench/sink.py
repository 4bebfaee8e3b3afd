"""`make bench`'s SMTP server: speaks enough SMTP for any client (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT), accepts every message and counts it, keeps nothing.

It stands for the provider's servers, which in production run elsewhere. aiosmtpd (tests/smtp.py, used where a
test reads the messages) reads a message line by line: 0.5-0.6 ms of CPU a message, about 30 s of the bench
machine's two cores while the fan-out's 50,000 emails went out, taken from the portal's own mail worker. This
one finds a message's end in the bytes as they arrive."""

from __future__ import annotations

import asyncio
import threading

_END = b"\r\n.\r\n"  # a line with only "." ends the message (a line starting with "." is sent as "..")


class _Counter:
    def __init__(self) -> None:
        self.accepted = 0


class _Session(asyncio.Protocol):
    def __init__(self, counter: _Counter) -> None:
        self.counter = counter
        self.buffer = bytearray()
        self.in_data = False
        self.recipients = 0

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 127.0.0.1 bench SMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.buffer:
            if self.in_data:
                if self.buffer.startswith(b".\r\n"):  # an empty message
                    end = 3
                else:
                    found = self.buffer.find(_END)
                    if found < 0:
                        return
                    end = found + len(_END)
                del self.buffer[:end]
                self.in_data, self.recipients = False, 0
                self.counter.accepted += 1
                self.transport.write(b"250 Message accepted for delivery\r\n")
                continue
            line_end = self.buffer.find(b"\r\n")
            if line_end < 0:
                return
            line = bytes(self.buffer[:line_end])
            del self.buffer[: line_end + 2]
            verb = line.split(b" ", 1)[0].upper()
            self.transport.write(self._answer(verb))
            if verb == b"QUIT":
                self.transport.close()
                return

    def _answer(self, verb: bytes) -> bytes:
        if verb == b"EHLO":
            return b"250-127.0.0.1\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n"
        if verb in (b"HELO", b"NOOP"):
            return b"250 OK\r\n"
        if verb in (b"MAIL", b"RSET"):
            self.recipients = 0
            return b"250 OK\r\n"
        if verb == b"RCPT":
            self.recipients += 1
            return b"250 OK\r\n"
        if verb == b"DATA":
            if not self.recipients:
                return b"503 Error: need RCPT command\r\n"
            self.in_data = True
            return b"354 End data with <CR><LF>.<CR><LF>\r\n"
        if verb == b"QUIT":
            return b"221 Bye\r\n"
        return b"502 Command not implemented\r\n"


class CountingSMTPServer:
    """On 127.0.0.1:`port`, in a thread of its own, for a `with` block; `handler.accepted` counts messages."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = _Counter()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bench-smtp", daemon=True)

    def __enter__(self) -> CountingSMTPServer:
        self._thread.start()
        serving = self._loop.create_server(lambda: _Session(self.handler), "127.0.0.1", self.port)
        self._server = asyncio.run_coroutine_threadsafe(serving, self._loop).result(timeout=10)
        return self

    def __exit__(self, *exc) -> None:
        self._server.close()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
