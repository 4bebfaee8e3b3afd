"""The bench's SMTP server counts what an SMTP client hands it, message by message, whatever the message holds."""

from __future__ import annotations

import smtplib

from tests.bench.sink import CountingSMTPServer
from tests.smtp import free_port


def test_every_message_a_client_sends_is_counted_once():
    tricky = [
        "Subject: x\r\n\r\nplain",
        "Subject: x\r\n\r\n.\r\n..\r\n.a line that starts with a dot\r\nend",  # dot-stuffed by the client
        "Subject: x\r\n\r\n" + "x" * 76 + "\r\n" * 2000,  # arrives in many pieces
        "",
    ]
    with CountingSMTPServer(free_port()) as server:
        with smtplib.SMTP("127.0.0.1", server.port) as client:
            for body in tricky:
                assert client.sendmail("from@example.org", ["to@example.org"], body) == {}
            assert client.noop()[0] == 250
            assert client.docmd("DATA")[0] == 503, "no message without a recipient"
        with smtplib.SMTP("127.0.0.1", server.port) as client:
            client.sendmail("from@example.org", ["a@example.org", "b@example.org"], "Subject: two\r\n\r\nhi")
        assert server.handler.accepted == len(tricky) + 1
