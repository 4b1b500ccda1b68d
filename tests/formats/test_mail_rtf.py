"""Email (.eml, .msg) and RTF: the head, the body, attachments by name, the sending date."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.formats import CorruptFileError, EncryptedError, extract_bytes
from tests.formats import writers

ATTACHMENTS = [
    ("agenda.pdf", b"%PDF-1.4 agenda", "application/pdf"),
    ("Minutes – January.docx", b"PK\x03\x04", "application/octet-stream"),
]


def test_an_html_only_email_reads_head_body_and_attachments(tmp_path: Path) -> None:
    path = writers.html_only_email(tmp_path / "agenda.eml", ATTACHMENTS)
    result = extract_bytes(path.read_bytes(), "eml")
    assert result.text.split("\n\n") == [
        "From: Priya Shah <priya.shah@example.gov.uk>\n"
        "To: Corporate Parenting Panel <panel@example.gov.uk>\n"
        "Date: Tue, 05 Mar 2024 14:05:09 +0530\n"
        "Subject: Agenda for Thursday’s panel",
        "Dear colleagues,",
        "Please find the agenda attached. The panel will discuss staffing and the new\n"
        "fostering strategy.",
        "• Item 1: minutes",
        "• Item 2: sufficiency",
        "Kind regards,\nPriya",
        "Attachments:\n• agenda.pdf\n• Minutes – January.docx",
    ]
    assert result.attachments == ("agenda.pdf", "Minutes – January.docx")
    assert result.title == "Agenda for Thursday’s panel"


def test_the_date_header_is_exact_evidence_with_its_offset_and_place(tmp_path: Path) -> None:
    path = writers.html_only_email(tmp_path / "agenda.eml")
    result = extract_bytes(path.read_bytes(), "eml")
    (date,) = result.dates
    assert (date.kind, date.value, date.strength) == ("sent", "2024-03-05T14:05:09+05:30", "exact")
    assert date.source == "email Date header" and date.precision == "second"
    assert date.start is not None and date.end is not None
    assert result.text[date.start : date.end] == "Tue, 05 Mar 2024 14:05:09 +0530" == date.raw


def test_a_flowed_plain_email_joins_soft_breaks_and_keeps_address_lines(tmp_path: Path) -> None:
    result = extract_bytes(writers.plain_email(tmp_path / "visit.eml").read_bytes(), "eml")
    blocks = result.text.split("\n\n")
    assert blocks[0] == (
        "From: Sam Green <sam.green@example.org>\n"
        "To: Alex Brown <alex.brown@example.gov.uk>\n"
        "Cc: Team <team@example.gov.uk>\n"
        "Date: Mon, 29 Jan 2024 17:45:00 -0500\n"
        "Subject: Visit to Oak House – follow-up"
    )
    assert blocks[1:] == [
        "Hello Alex,",
        "Thanks for the visit. The young people said they felt listened to and the staff were "
        "kind.",
        "Sam\n123 High Street\nMaidstone",
        "Attachments:\n• forwarded message: Inspection outcome\n• visit report.pdf",
    ]
    assert result.dates[0].value == "2024-01-29T17:45:00-05:00"


def test_a_file_without_email_headers_is_not_an_email() -> None:
    with pytest.raises(CorruptFileError, match="not an email"):
        extract_bytes(b"Just some words\nover two lines\n", "eml")


def test_an_outlook_message_reads_like_an_email(tmp_path: Path) -> None:
    headers = "Received: from mx\r\nDate: Tue, 5 Mar 2024 09:29:40 +0100\r\nFrom: Alex\r\n"
    path = writers.outlook_message(tmp_path / "visit.msg", headers=headers)
    result = extract_bytes(path.read_bytes(), "msg")
    assert result.text.split("\n\n") == [
        "From: Alex Brown <alex.brown@example.gov.uk>\n"
        "To: Sam Green <sam@example.org>\n"
        "Date: Tue, 5 Mar 2024 09:29:40 +0100\n"
        "Subject: Visit to Oak House",
        "Dear Sam,",
        "The visit is confirmed for Thursday.",
        "Regards,\nAlex",
        "Attachments:\n• visit-notes.docx",
    ]
    (date,) = result.dates
    assert (date.value, date.strength, date.source) == (
        "2024-03-05T09:29:40+01:00",
        "exact",
        "MSG Internet headers Date",
    )
    assert result.text[date.start : date.end] == "Tue, 5 Mar 2024 09:29:40 +0100"
    assert result.library.startswith("olefile ")


def test_an_outlook_message_without_headers_is_dated_by_its_submit_time(tmp_path: Path) -> None:
    path = writers.outlook_message(tmp_path / "draft.msg", headers=None, plain=False)
    result = extract_bytes(path.read_bytes(), "msg")
    assert "Date: Tue, 05 Mar 2024 08:30:05 +0000" in result.text
    assert "Dear Sam,\n\nThe visit is confirmed." in result.text
    (date,) = result.dates
    assert (date.value, date.strength, date.source) == (
        "2024-03-05T08:30:05+00:00",
        "exact",
        "MSG client submit time (UTC)",
    )


def test_an_outlook_message_that_is_not_a_compound_file_is_refused() -> None:
    with pytest.raises(CorruptFileError, match="not an Outlook message"):
        extract_bytes(b"From: someone\r\n\r\nthis is an eml named .msg", "msg")


def test_an_encrypted_outlook_message_is_refused_as_encrypted(tmp_path: Path) -> None:
    from aspose.email_foss import msg

    message = msg.MapiMessage.create("Secret", "")
    message.set_property(msg.PropertyId.MESSAGE_CLASS, "IPM.Note.SMIME")
    message.save(str(tmp_path / "secret.msg"))
    with pytest.raises(EncryptedError):
        extract_bytes((tmp_path / "secret.msg").read_bytes(), "msg")


# RTF is itself text: this is what a word processor writes for the document below (the
# control words are RTF 1.9's own; no RTF writer is needed to make it).
LETTER_RTF = rb"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}
{\info{\title Letter to parents}{\creatim\yr2024\mo3\dy5\hr9\min30}{\revtim\yr2024\mo3\dy6}}
\pard\sa200\b Letter to parents\b0\par
\pard\sa200 Dear parents and carers,\par
\pard\sa200 The caf\'e9 will open at 9am. Na\u239?ve and \u8220?quoted\u8221? text, well\-being.\par
\trowd\cellx2000\cellx4000 Year\cell Caseload\cell\row
\trowd\cellx2000\cellx4000 2023\cell 19\cell\row
\pard\sa200 Yours sincerely,\par
}"""


def test_rtf_paragraphs_tables_and_escapes() -> None:
    result = extract_bytes(LETTER_RTF, "rtf")
    assert result.text.split("\n\n") == [
        "Letter to parents",
        "Dear parents and carers,",
        "The café will open at 9am. Naïve and “quoted” text, wellbeing.",
        "Year | Caseload\n2023 | 19",
        "Yours sincerely,",
    ]


def test_rtf_info_times_are_weak_dates() -> None:
    result = extract_bytes(LETTER_RTF, "rtf")
    assert {(d.kind, d.value, d.strength) for d in result.dates} == {
        ("created", "2024-03-05T09:30:00", "weak"),
        ("modified", "2024-03-06", "weak"),
    }


def test_a_file_that_is_not_rtf_is_refused() -> None:
    with pytest.raises(CorruptFileError, match="not an RTF file"):
        extract_bytes(b"plain words", "rtf")
