"""Small files in the press and office formats, made by the tests themselves.

Nothing here is copied from a real export: the layouts follow the services'
documented field layouts (see tests/test_press_formats.py for what was checked
on real files).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

# A line of a PDF page: its text and font size (and where it stands on the page,
# from the bottom, for a footer), or "" for a blank line (a paragraph gap).
PdfLine = tuple[str, float] | tuple[str, float, float] | str


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252", "replace")
    out = bytearray(b"(")
    for byte in data:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def make_pdf(
    pages: Sequence[Sequence[PdfLine]],
    title: str | None = None,
    author: str | None = None,
    compress: bool = True,
    images_only: bool = False,
    kerned: bool = False,
) -> bytes:
    """A PDF whose pages hold ``pages``' lines in Helvetica, from the top down.

    ``images_only`` makes pages that draw a small image and no text, as a
    scanned document without a text layer does. ``kerned`` writes every word
    as its own string in a ``TJ`` array with kerning between them, as word
    processors and TeX do.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    image = None
    if images_only:
        pixels = bytes(range(256)) * 16
        image = add(
            b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"
        )
    pages_id = len(objects) + 1 + 2 * len(pages) + 1  # after the pages and their contents
    kids = []
    for lines in pages:
        if images_only:
            ops = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
        else:
            ops = bytearray(b"BT\n")
            y = 800.0
            for line in lines:
                if isinstance(line, str):
                    y -= 14
                    continue
                text, size, *at = line
                y -= size * 1.3
                where = at[0] if at else y
                shown = _pdf_string(text) + b" Tj"
                if kerned:
                    words = [_pdf_string(w + " ") for w in text.split(" ")]
                    shown = b"[" + b" -12 ".join(words) + b"] TJ"
                ops += b"/F1 %.1f Tf 1 0 0 1 56 %.1f Tm %s\n" % (size, where, shown)
            ops += b"ET"
            ops = bytes(ops)
        if compress:
            data = zlib.compress(ops)
            contents = add(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
                + data
                + b"\nendstream"
            )
        else:
            contents = add(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
        resources = b"<< /Font << /F1 %d 0 R >>" % font
        if image:
            resources += b" /XObject << /Im1 %d 0 R >>" % image
        resources += b" >>"
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources %s >>" % (pages_id, contents, resources)
            )
        )
    kids_ref = b" ".join(b"%d 0 R" % k for k in kids)
    while len(objects) < pages_id - 1:
        add(b"null")
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids_ref, len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_items = b""
    if title is not None:
        info_items += b" /Title " + _pdf_string(title)
    if author is not None:
        info_items += b" /Author " + _pdf_string(author)
    info = add(b"<<" + info_items + b" /Producer (newsgrep tests) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)


_WORDS = (
    "minister council budget river harbour election museum railway festival report "
    "village senator strike vaccine bridge storm market court treaty orchestra farmer "
    "school border library mayor drought airport coalition tunnel verdict harvest"
).split()


def sentence(seed: int, words: int = 12) -> str:
    """A made-up sentence, the same for the same seed."""
    picked = [_WORDS[(seed * 7 + i * 13 + (seed >> 3) * i) % len(_WORDS)] for i in range(words)]
    return f"The {' '.join(picked)} number {seed}."


def report_pages(count: int, lines_per_page: int = 40) -> list[list[PdfLine]]:
    """``count`` pages of a report: a running header and footer, a headline on the
    first page, body text in paragraphs of eight wrapped lines, a hyphenated word."""
    pages: list[list[PdfLine]] = []
    seed = 0
    for number in range(1, count + 1):
        lines: list[PdfLine] = [("The Daily Chronicle - Special report", 8.0), ""]
        if number == 1:
            lines += [("Harbour Tunnel Opens After", 20.0), ("Ten Years of Work", 20.0), ""]
        for k in range(lines_per_page):
            seed += 1
            text = sentence(seed, 9)
            if k % 8 == 6:
                text = text[:-1] + " infra-"
            elif k % 8 == 7:
                text = "structure " + text
            lines.append((text, 11.0))
            if k % 8 == 7:
                lines.append("")
        lines.append((f"Page {number} of {count}", 8.0, 30.0))
        pages.append(lines)
    return pages


# ---------------------------------------------------------------- press exports

#: Articles as the fixtures below write them: every field a reader should give back.
STORIES = [
    {
        "title": "Harbour tunnel opens after ten years",
        "author": "Jane Doe",
        "date": "11 January 2010",
        "source": "The Daily Chronicle",
        "source_code": "DCHRON",
        "section": "News",
        "words": "512 words",
        "language": "English",
        "lead": ["The harbour tunnel opened on Monday, ten years after work began."],
        "text": [
            "The mayor cut the ribbon at dawn while the café owners cheered.",
            "Traffic on the old bridge fell by half within hours.",
        ],
        "an": "DCHRON0020100111e61b0000x",
    },
    {
        "title": "Le festival de Lyon attire les foules",
        "author": "Marie Dupont",
        "date": "12 janvier 2010",
        "source": "Le Quotidien",
        "source_code": "LEQUOT",
        "section": "Culture",
        "words": "310 mots",
        "language": "Français",
        "lead": ["Plus de cent mille visiteurs sont venus au festival."],
        "text": ["Les organisateurs se réjouissent d’un succès « inattendu »."],
        "an": "LEQUOT0020100112e61c0000y",
    },
]


def _rtf_escape(text: str) -> str:
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        elif char.encode("cp1252", "ignore"):
            out.append("\\'{:02x}".format(char.encode("cp1252")[0]))
        else:
            out.append(f"\\u{ord(char)}?")
    return "".join(out)


def _factiva_fields(story: dict) -> list[tuple[str, list[str]]]:
    return [
        ("HD", [story["title"]]),
        ("BY", [f"By {story['author']}"]),
        ("WC", [story["words"]]),
        ("PD", [story["date"]]),
        ("SN", [story["source"]]),
        ("SC", [story["source_code"]]),
        ("SE", [story["section"]]),
        ("LA", [story["language"]]),
        ("CY", ["(c) 2010 The Publisher. All rights reserved."]),
        ("LP", story["lead"]),
        ("TD", story["text"]),
        ("NS", ["gcat : Political/General News"]),
        ("RE", ["uk : United Kingdom"]),
        ("AN", [f"Document {story['an']}"]),
    ]


def factiva_rtf(stories: Sequence[dict] = STORIES, layout: str = "table") -> bytes:
    """A Factiva RTF export: every field a table row (``layout="table"``) or a
    ``CODE<tab>value`` paragraph (``"tabs"``), a page break after each article."""
    out = [
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}"
        "{\\info{\\title Factiva}{\\author Dow Jones}}\\f0\\fs20\n"
    ]
    for story in stories:
        for code, values in _factiva_fields(story):
            body = "\\par ".join(_rtf_escape(v) for v in values)
            if layout == "table":
                out.append(
                    f"\\trowd\\cellx1200\\cellx9000\\pard\\intbl{{\\b {code}}}\\cell"
                    f"\\pard\\intbl {body}\\cell\\row\n"
                )
            else:
                out.append(f"\\pard {code}\\tab {body}\\par\n")
        out.append("\\page\n")
    out.append("}")
    return "".join(out).encode("ascii")


def factiva_html(stories: Sequence[dict] = STORIES) -> bytes:
    """A Factiva HTML export: a ``div.article`` with a table of fields per article."""
    from html import escape

    out = [
        "<html><head><meta charset='utf-8'><title>Factiva</title>"
        "<style>td { font: 10pt Arial }</style></head><body>"
    ]
    for story in stories:
        lang = "fr" if story["language"].startswith("Fr") else "en"
        out.append(f'<div class="article {lang}Article"><table>')
        for code, values in _factiva_fields(story):
            if code in ("LP", "TD"):
                cell = "".join(f'<p class="articleParagraph">{escape(v)}</p>' for v in values)
            else:
                cell = escape(" ".join(values))
            out.append(f"<tr><td><b>{code}</b>&nbsp;</td><td>{cell}</td></tr>")
        out.append("</table></div>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def factiva_text(stories: Sequence[dict] = STORIES) -> str:
    """A Factiva export as text (what converting its RTF gives): ``CODE<tab>value`` lines."""
    out = []
    for story in stories:
        for code, values in _factiva_fields(story):
            out.append(f"{code}\t{values[0]}")
            out.extend(values[1:])
        out.append("\f")
    return "\n".join(out)


def lexisnexis_text(count: int, paragraphs: int = 6) -> str:
    """A LexisNexis plain-text export of ``count`` made-up articles."""
    out = ["", f"Download Request: Selected Items: 1-{count}", "", ""]
    for i in range(1, count + 1):
        out += [
            f"{'':30}{i} of {count} DOCUMENTS",
            "",
            f"{'':34}The Daily Chronicle",
            "",
            f"{'':28}March {i % 28 + 1}, 2011 Tuesday",
            f"{'':34}Late Edition",
            "",
            f"Story {i}: {sentence(i, 6)[4:-1]}",
            "",
            f"BYLINE: By Reporter {i}",
            "",
            f"SECTION: NEWS; Pg. {i % 40 + 1}",
            "",
            f"LENGTH: {paragraphs * 60} words",
            "",
        ]
        for k in range(paragraphs):
            text = " ".join(sentence(i * 100 + k * 10 + j) for j in range(5))
            lines, line = [], ""
            for word in text.split():
                if len(line) + len(word) + 1 > 76:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}" if line else word
            out += [*lines, line, ""]
        out += [
            f"LOAD-DATE: March {i % 28 + 2}, 2011",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "PUBLICATION-TYPE: Newspaper",
            "",
            "",
            f"{'':20}Copyright 2011 The Chronicle Company",
            f"{'':30}All Rights Reserved",
            "",
        ]
    return "\r\n".join(out)


def nexis_uni_paragraphs(count: int, paragraphs: int = 6) -> list[str]:
    """The paragraphs of a Nexis Uni Word export of ``count`` made-up articles."""
    out = ["Date and Time: Friday, 5. July 2019 09:31:00 CEST", "Job Number: 1234",
           f"Documents ({count})"]  # fmt: skip
    out += [f"{i}. Story {i}" for i in range(1, count + 1)]
    out += ["Client/Matter: -None-", "Search Terms: tunnel", ""]
    for i in range(1, count + 1):
        out += [
            f"Story {i}: {sentence(i, 6)[4:-1]}",
            "The Daily Chronicle",
            f"July {i % 28 + 1}, 2019 Monday 9:20 AM GMT",
            "",
            "Copyright 2019 The Chronicle Company All Rights Reserved",
            "Section:\u00a0NEWS; Version:2",
            f"Length:\u00a0{paragraphs * 60} words",
            f"Byline:\u00a0Reporter {i}",
            "Body",
            "",
        ]
        out += [
            " ".join(sentence(i * 100 + k * 10 + j) for j in range(5)) for k in range(paragraphs)
        ]
        out += ["Classification", "Language:\u00a0ENGLISH", "Publication-Type:\u00a0Newspaper",
                f"Load-Date:\u00a0July {i % 28 + 2}, 2019", "", "End of Document", ""]  # fmt: skip
    return out


def make_docx(paragraphs: Sequence[str | tuple[str, str]], table: Sequence[Sequence[str]] = (),
              core: dict | None = None) -> bytes:  # fmt: skip
    """A Word document: paragraphs (``(text, style)`` for a styled one), then a table."""
    import io

    import docx

    document = docx.Document()
    for item in paragraphs:
        text, style = (item, None) if isinstance(item, str) else item
        document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for key, value in (core or {}).items():
        setattr(document.core_properties, key, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_odt(body_xml: str, meta_xml: str = "", encrypted: bool = False) -> bytes:
    """An OpenDocument text whose ``office:text`` holds ``body_xml``."""
    import io
    import zipfile

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:text>{body_xml}</office:text></office:body>"
        "</office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ns}>'
        f"<office:meta>{meta_xml}</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        + ("<manifest:encryption-data/>" if encrypted else "")
        + "</manifest:file-entry></manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_email(subject: str, sender: str, date: str, text: str | None = None,
               html: str | None = None, **headers: str) -> bytes:  # fmt: skip
    """An e-mail message with a text part, an HTML part, or both."""
    from email.message import EmailMessage
    from email.policy import SMTP

    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = "reader@example.org"
    message["Date"] = date
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for name, value in headers.items():  # after the content, which resets Content-* headers
        message[name.replace("_", "-")] = value
    return message.as_bytes(policy=SMTP)


def mbox(*messages: bytes) -> bytes:
    """An mbox mailbox of ``messages`` (``From`` lines in their text escaped)."""
    import re

    out = []
    for message in messages:
        body = re.sub(rb"^(>*From )", rb">\1", message.replace(b"\r\n", b"\n"), flags=re.M)
        out.append(b"From sender@example.org Mon Jan 11 10:00:00 2010\n" + body.rstrip(b"\n"))
    return b"\n\n".join(out) + b"\n"


# ---------------------------------------------------------------- the README's example folder

_TRAM = (
    "The city council voted 31 to 12 on Tuesday to build the eastern tram line, "
    "after two years of consultation and a referendum that the opposition called "
    "premature."
)

_DEPOT = (
    "The depot will stand on the old football ground; the club moved to the new stadium in 2019."
)
_FESTIVAL = (
    "The summer festival runs from 5 to 14 July this year, with forty concerts in the old "
    "harbour, a new stage on the river bank and, for the first time, free entry on the "
    "opening night for everyone who lives in the city."
)

_REPORT = [
    ("The vote ends a debate that split the city for a gener-",
     "ation; building starts in the spring and takes four years."),
    ("Eleven stops are planned between the station and the",
     "university, with a depot on the old football ground."),
    ("Opponents had asked for a second referendum; the mayor",
     "said the council had consulted residents long enough."),
]  # fmt: skip


def write_examples(folder: str) -> None:
    """One small file of each format read by the readers of press exports and office files,
    a scanned PDF and a zip bomb, into ``folder`` (the README's examples index it)."""
    import io
    import zipfile
    from pathlib import Path

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    (root / "factiva.rtf").write_bytes(factiva_rtf())
    (root / "factiva.html").write_bytes(factiva_html(STORIES[1:]))
    header = ("The Evening Courier - 12 March 2024", 8.0, 800.0)
    pages = []
    for n in range(1, 4):
        lines: list[PdfLine] = [header]
        if n == 1:
            lines += [("Council approves the eastern tram line", 18.0), ""]
        first, second = _REPORT[n - 1]
        lines += [(first, 10.0), (second, 10.0), "", (f"Page {n} of 3", 8.0, 40.0)]
        pages.append(lines)
    (root / "tram-report.pdf").write_bytes(make_pdf(pages, title="Untitled"))
    (root / "scan.pdf").write_bytes(make_pdf([[], []], images_only=True))
    (root / "briefing.docx").write_bytes(
        make_docx(
            [("Tram line approved", "Title"), _TRAM, "Work starts in the spring."],
            core={"author": "Press office"},
        )  # fmt: skip
    )
    (root / "minutes.odt").write_bytes(
        make_odt(
            f"<text:h>Council minutes, 12 March 2024</text:h><text:p>{_TRAM}</text:p>"
        )  # fmt: skip
    )
    (root / "letter.rtf").write_bytes(
        b"{\\rtf1\\ansi{\\b Letter: the tram will pay for itself}\\par "
        b"Readers wrote in about the tram vote\\'85 most of them in favour.\\par}"
    )
    newsletter = make_email(
        "[Courier] Morning briefing", "The Evening Courier <news@courier.example>",
        "Wed, 13 Mar 2024 06:00:00 +0000",
        html=f"<html><body><h2>Tram line approved</h2><p>{_TRAM}</p>"
        f"<p>{_DEPOT}</p><hr><h2>Festival dates announced</h2><p>{_FESTIVAL}</p><hr>"
        "<p>Unsubscribe</p></body></html>",
    )  # fmt: skip
    (root / "briefing.eml").write_bytes(newsletter)
    tips = [
        make_email(f"Tip {n}: {subject}", f"Reader {n} <reader{n}@example.org>",
                   f"Thu, {13 + n} Mar 2024 09:00:00 +0000", text=text)
        for n, (subject, text) in enumerate([
            ("tram noise", "Will the new tram line be quieter than the buses it replaces?"),
            ("depot", "The tram depot is planned on the old football ground."),
        ], 1)
    ]  # fmt: skip
    (root / "tips.mbox").write_bytes(mbox(*tips))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", bytes(50 * 2**20))  # 50 MB of zeros in 50 KB
    (root / "bomb.docx").write_bytes(out.getvalue())


if __name__ == "__main__":
    import sys

    write_examples(sys.argv[1])
