"""Small interaction exports in every format Metanet reads, written by the tests.

One world: Sabine (the user) writes with Anna on LinkedIn, by e-mail and meets her
weekly; Jürgen messages her on Facebook (his name as Meta writes it, mojibake); Clara
was invited and endorsed; a "Max Müller" (two people have that name) was recommended;
Carol, whom nobody knows, wrote once. Every message body holds :data:`BODY` and every
event title :data:`TITLE`: neither may ever reach the database.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

BODY = "Zitronenfalter-Geheimprojekt"
TITLE = "Quittenbrot-Strategierunde"
SUBJECT = "Betreff Pfirsichblüte"
NOW = datetime.now(UTC).replace(microsecond=0)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def mojibake(text: str) -> str:
    """How Meta's exports write non-ASCII names: UTF-8 bytes as Latin-1 code points."""
    return text.encode("utf-8").decode("latin-1")


def _csv(header: str, rows: list[str], notes: bool = False) -> str:
    head = 'Notes:\n"When exporting your connection data, ..."\n\n' if notes else ""
    return head + header + "\n" + "\n".join(rows) + "\n"


def _li(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def _us(when: datetime) -> str:
    return when.strftime("%m/%d/%y, %I:%M %p")


SABINE = "https://www.linkedin.com/in/sabine-weber"
ANNA = "https://www.linkedin.com/in/anna-schmidt"
CLARA = "https://www.linkedin.com/in/clara-vogel"


def linkedin_zip(path: Path, *, extra_message: bool = False) -> Path:
    """The LinkedIn export: Connections, messages, invitations, endorsements and
    recommendations, given and received."""
    messages = [
        # conversation 1: Sabine and Anna, three messages (two from Sabine)
        f"c1,Projekt,Sabine Weber,{SABINE},Anna Schmidt,{ANNA},{_li(ago(40))},{SUBJECT},"
        f'"{BODY} 1",INBOX',
        f'c1,Projekt,Anna Schmidt,{ANNA},Sabine Weber,{SABINE},{_li(ago(39))},,"{BODY} 2",INBOX',
        f'c1,Projekt,Sabine Weber,{SABINE},Anna Schmidt,{ANNA},{_li(ago(10))},,"{BODY} 3",INBOX',
        # conversation 2: Anna begins another
        f'c2,,Anna Schmidt,{ANNA},Sabine Weber,{SABINE},{_li(ago(5))},,"{BODY} 4",INBOX',
        # conversation 3: Clara writes once
        f'c3,,Clara Vogel,{CLARA},Sabine Weber,{SABINE},{_li(ago(15))},,"{BODY} 6",INBOX',
    ]
    if extra_message:
        messages.append(
            f'c2,,Sabine Weber,{SABINE},Anna Schmidt,{ANNA},{_li(ago(1))},,"{BODY} 5",INBOX'
        )
    files = {
        "Connections.csv": _csv(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
            [
                f"Anna,Schmidt,{ANNA},,Acme,CTO,12 Mar 2021",
                f"Clara,Vogel,{CLARA},,Beta,CFO,12 Mar 2021",
            ],
            notes=True,
        ),
        "messages.csv": _csv(
            "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
            "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER",
            messages,
        ),
        "Invitations.csv": _csv(
            "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
            [f'Sabine Weber,Clara Vogel,"{_us(ago(100))}","{BODY}",OUTGOING,{SABINE},{CLARA}'],
        ),
        "Endorsement_Received_Info.csv": _csv(
            "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
            "Endorser Public Url,Endorsement Status",
            [f"{ago(20).strftime('%Y/%m/%d %H:%M:%S')} UTC,Python,Anna,Schmidt,{ANNA},ACCEPTED"],
        ),
        "Endorsement_Given_Info.csv": _csv(
            "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,"
            "Endorsee Public Url,Endorsement Status",
            [
                f"{ago(30).strftime('%Y/%m/%d %H:%M:%S')} UTC,SQL,Clara,Vogel,{CLARA},ACCEPTED",
                f"{ago(31).strftime('%Y/%m/%d %H:%M:%S')} UTC,Go,Clara,Vogel,{CLARA},ACCEPTED",
            ],
        ),
        "Recommendations_Received.csv": _csv(
            "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
            [f'Anna,Schmidt,Acme,CTO,"{BODY}","{_us(ago(60))}",VISIBLE'],
        ),
        "Recommendations_Given.csv": _csv(
            "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
            [f'Max,Müller,Gamma,CEO,"{BODY}","{_us(ago(70))}",VISIBLE'],
        ),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def facebook_zip(path: Path) -> Path:
    """A Facebook DYI with one thread: Sabine and Jürgen, names in mojibake."""
    thread = {
        "participants": [{"name": mojibake("Jürgen Größ")}, {"name": "Sabine Weber"}],
        "messages": [
            {"sender_name": mojibake("Jürgen Größ"), "timestamp_ms": int(ago(3).timestamp() * 1000),
             "content": mojibake(f"{BODY} ü")},
            {"sender_name": "Sabine Weber", "timestamp_ms": int(ago(4).timestamp() * 1000),
             "content": BODY},
            {"sender_name": "Sabine Weber", "timestamp_ms": int(ago(50).timestamp() * 1000),
             "content": BODY},
        ],
        "title": mojibake("Jürgen Größ"),
        "thread_path": "inbox/jurgengross_123",
    }  # fmt: skip
    other = {  # a second thread, so the user is the one in every thread
        "participants": [{"name": "Bernd Keller"}, {"name": "Sabine Weber"}],
        "messages": [{"sender_name": "Bernd Keller", "timestamp_ms": int(ago(8).timestamp() * 1000),
                      "content": BODY}],
    }  # fmt: skip
    with zipfile.ZipFile(path, "w") as archive:
        base = "your_facebook_activity/messages/inbox"
        archive.writestr(f"{base}/jurgengross_123/message_1.json", json.dumps(thread))
        archive.writestr(f"{base}/berndkeller_456/message_1.json", json.dumps(other))
        archive.writestr("your_facebook_activity/messages/photos/x.jpg", b"\xff\xd8")
    return path


def _rfc(when: datetime) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S +0000")


def mbox_file(path: Path) -> Path:
    """Folded and encoded headers; bodies (one with a line beginning ``From``)."""
    text = f"""From anna@example.com Mon Jan  5 10:00:00 2026
Received: from mx.example.com by mail.example.com; {_rfc(ago(7))}
From: =?UTF-8?Q?Anna_Schmidt?= <Anna@Example.COM>
To: =?UTF-8?B?U2FiaW5lIFdlYmVy?= <sabine@example.com>
Subject: =?UTF-8?Q?{SUBJECT.replace(" ", "_")}?=
Date: {_rfc(ago(7))}
Message-ID: <m1@example.com>

{BODY}
>From the archive: a body line beginning with From, escaped as mbox writers do

From sabine@example.com Mon Jan  5 11:00:00 2026
From: Sabine Weber <sabine@example.com>
To: Anna Schmidt <anna@example.com>,
 "Keller, Bernd"
   <bernd@example.org>
Cc: =?ISO-8859-1?Q?J=FCrgen_Gr=F6=DF?= <juergen@example.de>
Subject: Re: {SUBJECT}
Date: {_rfc(ago(6))}
Message-ID: <m2@example.com>
In-Reply-To: <m1@example.com>
References: <m1@example.com>

{BODY} again

From carol@example.net Mon Jan  5 12:00:00 2026
From: Carol Unknown <carol@example.net>
To: sabine@example.com
Date: {_rfc(ago(2))}
Message-ID: <m3@example.com>

{BODY}
"""
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def _ics(when: datetime) -> str:
    return when.strftime("%Y%m%dT%H%M%SZ")


def ics_file(path: Path) -> Path:
    """A weekly meeting with Anna (4 times, one cancelled), one in the future, and one
    Sabine was not at."""
    start = ago(50).replace(hour=9, minute=0, second=0)
    text = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
X-WR-CALNAME:sabine@example.com
BEGIN:VEVENT
UID:weekly-1@example.com
DTSTAMP:{_ics(ago(60))}
DTSTART:{_ics(start)}
DTEND:{_ics(start + timedelta(hours=1))}
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE:{_ics(start + timedelta(weeks=2))}
SUMMARY:{TITLE}
DESCRIPTION:{BODY}
ORGANIZER;CN=Sabine Weber:mailto:sabine@example.com
ATTENDEE;CN=Anna Schmidt;PARTSTAT=ACCEPTED:mailto:anna@example.com
ATTENDEE;CN=Sabine Weber;PARTSTAT=ACCEPTED:mailto:sabine@example.com
END:VEVENT
BEGIN:VEVENT
UID:future-1@example.com
DTSTAMP:{_ics(ago(60))}
DTSTART:{_ics(NOW + timedelta(days=30))}
SUMMARY:{TITLE}
ORGANIZER:mailto:sabine@example.com
ATTENDEE:mailto:anna@example.com
END:VEVENT
BEGIN:VEVENT
UID:other-1@example.com
DTSTAMP:{_ics(ago(60))}
DTSTART:{_ics(ago(20))}
SUMMARY:{TITLE}
ORGANIZER:mailto:anna@example.com
ATTENDEE:mailto:bernd@example.org
END:VEVENT
END:VCALENDAR
"""
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def as_zip(path: Path, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path
