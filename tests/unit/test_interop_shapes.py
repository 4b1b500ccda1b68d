"""Issue 14: projects in the shapes NVivo, QualCoder, ATLAS.ti, MAXQDA and Taguette really
write (see the interop research), imported with every passage on the text the tool coded."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from annotations.interchange.importing import read_import
from annotations.interchange.refi_qda.positions import (
    CODE_POINTS,
    UTF16,
    SourcePositions,
    choose_reading,
)
from annotations.interchange.refi_qda.read import read_qdpx
from annotations.store import AnnotationStore
from tui.cli import main

NS = "urn:QDA-XML:project:1.0"
CODE_A, CODE_B = "5067d381-1dc9-4816-81dd-ae1dbfea2ad7", "7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f"
USER = "29518289-d0e3-447b-b7dd-ae1d8cd880a0"


def utf16_index(text: str, index: int) -> int:
    """The UTF-16 code unit index of a code-point index (what NVivo writes)."""
    return len(text[:index].encode("utf-16-le")) // 2


def qdpx(path: Path, project: str, files: dict[str, bytes], folder: str = "sources") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", project.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}", data)
    return path


def codebook(extra: str = "") -> str:
    return f"""<CodeBook><Codes>
      <Code guid="{CODE_A}" name="Vaccine type" isCodable="true"><Description>COVID or not
      </Description><Code guid="{CODE_B}" name="COVID" isCodable="true"/></Code>{extra}
    </Codes></CodeBook>"""


# --- NVivo: UTF-16 units, CRLF counted, BOM not counted, empty Descriptions ------------------

NVIVO_LINES = [
    "Anna: I got the jab 💉 last week 😀😀 and felt fine.",
    "Béla: Not me 🙅‍♂️, I waited for the second wave 🌊.",
    "Anna: The clinic 🏥 was quick; no queue at all 👍.",
    "Csilla: My gran 👵 says the 💉 saved her life.",
]
NVIVO_TEXT = "\r\n".join(NVIVO_LINES) + "\r\n"
NVIVO_QUOTES = ["felt fine", "the second wave", "no queue at all", "saved her life", "Csilla"]


def nvivo_project(tmp_path: Path, origin: str = "NVivo for Windows 12.6") -> Path:
    guid = "aa000000-0000-4000-8000-000000000001"
    selections = []
    for number, quote in enumerate(NVIVO_QUOTES):
        start = NVIVO_TEXT.index(quote)
        selections.append(
            f'<PlainTextSelection guid="bb000000-0000-4000-8000-00000000000{number}" name="" '
            f'startPosition="{utf16_index(NVIVO_TEXT, start)}" '
            f'endPosition="{utf16_index(NVIVO_TEXT, start + len(quote))}" creatingUser="{USER}" '
            'creationDateTime="2025-06-18T02:08:15Z"><Description />'
            f'<Coding guid="cc000000-0000-4000-8000-00000000000{number}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{CODE_B}"/></Coding></PlainTextSelection>'
        )
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Untitled" origin="{origin}"><Description />
  <Users><User guid="{USER}" name="Gergo"/></Users>{codebook()}
  <Sources><TextSource guid="{guid}" name="videos_selected" plainTextPath="internal://{guid}.txt">
    <Description />{"".join(selections)}</TextSource></Sources></Project>"""
    data = b"\xef\xbb\xbf" + NVIVO_TEXT.encode("utf-8")
    return qdpx(tmp_path / "nvivo.qdpx", project, {f"{guid}.txt": data}, folder="Sources")


def test_nvivo_positions_are_read_as_utf16_and_every_passage_is_what_nvivo_coded(tmp_path):
    imported = read_qdpx(nvivo_project(tmp_path))
    assert [a.exact for a in imported.annotations] == NVIVO_QUOTES
    (fact,) = [f for f in imported.facts if "positions read as" in f]
    assert "UTF-16 code units" in fact and "word boundaries" in fact
    assert imported.skipped == []  # the empty Descriptions are nothing to report
    assert all(a.note == "" for a in imported.annotations)
    assert imported.sources[0].text == NVIVO_TEXT.replace("\r\n", "\n")


def test_the_same_positions_from_a_code_point_tool_are_read_as_code_points(tmp_path):
    """QualCoder, MAXQDA and ATLAS.ti count code points: a project whose selections quote
    their text under code points is read that way, whatever the emoji."""
    text = NVIVO_TEXT.replace("\r\n", "\n")
    spans = [(text.index(q), text.index(q) + len(q)) for q in NVIVO_QUOTES]
    choice = choose_reading(SourcePositions(text), spans, NVIVO_QUOTES, "QualCoder 4.0")
    assert choice.reading == CODE_POINTS
    assert [text[s:e] for s, e in choice.positions] == NVIVO_QUOTES  # type: ignore[misc]


def test_when_nothing_decides_nvivo_origins_are_read_as_utf16_and_it_is_said():
    text = "ab😀cd efgh"  # both readings put these spans on word boundaries
    spans = [(utf16_index(text, 7), utf16_index(text, 11))]
    choice = choose_reading(SourcePositions(text), [(0, 0), *spans], ["", ""], "NVivo for Mac 12")
    assert choice.reading == UTF16 and "nothing decided" in choice.reason


def test_a_position_inside_a_surrogate_pair_leaves_out_that_selection_only():
    source = SourcePositions("a😀b")
    assert source.place(2, UTF16) is None and source.place(3, UTF16) == 2


# --- QualCoder: BOM text, full-quote names, Description memo, Notes with selections ----------

QC_TEXT = "Interview 😀\nStaffing is the main worry: agency staff cover nights.\n"


def qualcoder_project(tmp_path: Path) -> Path:
    source, user, code = (
        "201f3461-543c-461a-acd5-a0a9ea57080f",
        "31baddd9-814c-44e4-ae7b-e8872d26ad1c",
        "1190c79a-3379-4812-b237-f73434f9d136",
    )
    start = QC_TEXT.index("Staffing")
    end = QC_TEXT.index("nights.") + len("nights.")
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="built.qda" origin="QualCoder 4.0 Beta">
<Users><User guid="{user}" name="qc_coder"/></Users>
<CodeBook><Codes><Code guid="dfc888b1-0681-40b0-b8fa-a6ebf228252f" name="Workforce"
  isCodable="false"><Code guid="{code}" name="agency cover" isCodable="true" color="#3498DB">
  <Description>Code memo: workforce issues</Description></Code></Code></Codes></CodeBook>
<Sources><TextSource plainTextPath="internal://{source}.txt" guid="{source}" name="interview1.txt">
<Description>Source memo: first interview</Description>
<PlainTextSelection guid="da6e1df9-f6be-48bd-94a5-07ec87026a20" startPosition="{start}"
  endPosition="{end}" name="{QC_TEXT[start:end]}" creatingUser="{user}"
  creationDateTime="2026-11-25T17:12:59Z">
<Description>Coding memo: nights are covered by agency staff</Description>
<Coding guid="d9c558d3-79d6-4fdb-9486-90b6c88d90fc" creatingUser="{user}">
<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>
<NoteRef targetGUID="8440f945-e15b-4e42-bd4d-f9dd88aba66f"/></TextSource></Sources>
<Notes><Note guid="8440f945-e15b-4e42-bd4d-f9dd88aba66f" creatingUser="{user}"
  creationDateTime="2026-11-25T17:12:59Z"
  ><PlainTextContent>Annotation on the emoji</PlainTextContent>
<PlainTextSelection guid="4a369ef2-e0ec-4cf2-8bf6-f1659d1390df" startPosition="10"
  endPosition="11"/></Note>
<Note guid="dc6f448e-8a08-44ea-b3d8-90911a43c741" creatingUser="{user}"><PlainTextContent
  >Second annotation, same source</PlainTextContent><PlainTextSelection
  guid="fd50ef90-8925-4511-9be5-3feca6858f00" startPosition="{start}" endPosition="{start + 8}"
  /></Note></Notes>
<Description>Project memo: pilot of the inspection reports</Description></Project>"""
    data = b"\xef\xbb\xbf" + QC_TEXT.encode()
    return qdpx(tmp_path / "qc.qdpx", project, {f"{source}.txt": data})


def test_qualcoder_memos_and_annotations_are_imported(tmp_path, capsys):
    path = qualcoder_project(tmp_path)
    assert main(["import", str(path), "--json"]) == 1  # the memos of project and source
    summary = json.loads(capsys.readouterr().out)
    with AnnotationStore.open(tmp_path / "qc" / ".casereader", read_only=True) as store:
        got = {a.exact: (a.note, a.codes, a.coder) for a in store.annotations()}
    assert got == {
        "Staffing is the main worry: agency staff cover nights.": (
            "Coding memo: nights are covered by agency staff",
            ("agency-cover",),
            "qc_coder",
        ),
        "😀": ("Annotation on the emoji", ("imported-note",), "qc_coder"),
        # Named by no NoteRef, but the project has one text: placed there.
        "Staffing": ("Second annotation, same source", ("imported-note",), "qc_coder"),
    }
    left_out = {item["what"]: item["reason"] for item in summary["not_imported"]}
    assert left_out == {
        "the project's memo": "casereader keeps notes on passages only",
        "the memo of source 'interview1.txt'": "casereader keeps notes on passages only",
    }
    assert summary["new_codes"] == 3  # Workforce, agency cover, imported note
    assert any("not codable" in fact for fact in summary["facts"])


# --- ATLAS.ti: texts missing, media sources, Sets, a Link memo -------------------------------


def atlas_project(tmp_path: Path) -> Path:
    present = "0A000000-0000-4000-8000-000000000001"
    missing = "0A000000-0000-4000-8000-000000000002"
    text = "Mabel: I buy the cereal for the kids.\r\nThey love it.\r\n"
    start = text.index("They")
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="TestProject" origin="ATLAS.ti 8.4.0 573 (2019-10-17), macOS">
<Users><User guid="{USER}" name="Simon"/></Users>{codebook()}
<Sources>
<TextSource guid="{present}" name="Mabel.txt" plainTextPath="internal://{present}.txt">
 <PlainTextSelection guid="0B000000-0000-4000-8000-000000000001" name="They love…"
  startPosition="{start - 1}" endPosition="{start - 1 + 13}" creatingUser="{USER}">
  <Coding guid="0C000000-0000-4000-8000-000000000001"><CodeRef targetGUID="{CODE_A}"/></Coding>
 </PlainTextSelection>
 <PlainTextSelection guid="0B000000-0000-4000-8000-000000000002" name="Mabel"
  startPosition="0" endPosition="5"><Description>Is she the main buyer?</Description>
 </PlainTextSelection></TextSource>
<TextSource guid="{missing}" name="Simon.docx" plainTextPath="internal://{missing}.txt">
 <PlainTextSelection guid="0B000000-0000-4000-8000-000000000003" name="x" startPosition="0"
  endPosition="1"/></TextSource>
<PictureSource guid="0A000000-0000-4000-8000-000000000003" name="cornflakes.jpg"
  path="internal://cornflakes.jpg"><PictureSelection guid="0B000000-0000-4000-8000-000000000004"
  firstX="1" firstY="1" secondX="2" secondY="2"/></PictureSource>
<AudioSource guid="0A000000-0000-4000-8000-000000000004" name="ad.m4a" path="relative:///ad.m4a"/>
<VideoSource guid="0A000000-0000-4000-8000-000000000005" name="ad.mp4" path="internal://ad.mp4"/>
<PDFSource guid="0A000000-0000-4000-8000-000000000006" name="Nutrition.pdf"
  path="internal://n.pdf"/>
</Sources>
<Notes><Note guid="0D000000-0000-4000-8000-000000000001" name="Memo on Mabel">
 <PlainTextContent>She mentions the kids first.</PlainTextContent></Note>
<Note guid="0D000000-0000-4000-8000-000000000002" name="Project ideas">
 <PlainTextContent>Look at price.</PlainTextContent></Note></Notes>
<Links><Link guid="0E000000-0000-4000-8000-000000000001" name="Memo-Quotation Relation"
  originGUID="0D000000-0000-4000-8000-000000000001"
  targetGUID="0B000000-0000-4000-8000-000000000001"/></Links>
<Sets><Set guid="0F000000-0000-4000-8000-000000000001" name="gender: female">
  <MemberSource targetGUID="{present}"/></Set>
<Set guid="0F000000-0000-4000-8000-000000000002" name="Brands"><MemberCode targetGUID="{CODE_A}"/>
  </Set><Set guid="0F000000-0000-4000-8000-000000000003" name="&lt;3"/></Sets>
</Project>"""
    return qdpx(tmp_path / "atlas.qdpx", project, {f"{present}.txt": text.encode()})


def test_a_partial_atlas_project_imports_what_it_can_and_lists_the_rest(tmp_path, capsys):
    assert main(["import", str(atlas_project(tmp_path)), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    with AnnotationStore.open(tmp_path / "atlas" / ".casereader", read_only=True) as store:
        got = {a.exact: (a.note, a.codes) for a in store.annotations()}
    # ATLAS.ti counts CRLF once: the quotes in the names decide that reading.
    assert got == {
        "They love it.": ("She mentions the kids first.", ("vaccine-type",)),
        "Mabel": ("Is she the main buyer?", ("imported-note",)),
    }
    assert any("CRLF counted once" in fact for fact in summary["facts"])
    reasons = {item["what"]: item["reason"] for item in summary["not_imported"]}
    assert "is not in the archive" in reasons["text source 'Simon.docx' and its 1 selection(s)"]
    for what in (
        "picture source 'cornflakes.jpg' and its 1 selection(s)",
        "audio source 'ad.m4a'",
        "video source 'ad.mp4'",
        "PDF source 'Nutrition.pdf'",
    ):
        assert reasons[what] == "casereader imports text sources only"
    assert reasons["set 'gender: female' of 1 document(s)"] == "casereader has no document groups"
    assert reasons["set 'Brands' of 1 code(s)"] == "casereader has no code groups"
    assert reasons["set '<3'"] == "it is empty"
    assert reasons["journal 'Project ideas'"] == "casereader keeps notes on passages only"
    assert summary["added"] == 2 and summary["documents_written"] == 1


def test_a_codebook_only_project_imports_its_codebook(tmp_path, capsys):
    project = f'<Project xmlns="{NS}" name="x" origin="ATLAS.ti 23">{codebook()}</Project>'
    path = qdpx(tmp_path / "codes.qdpx", project, {})
    assert main(["import", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["added"], summary["new_codes"]) == (0, 2)


# --- MAXQDA: 300 codes, Sets, lower-case sources, no codings ---------------------------------


def test_a_maxqda_project_reports_its_300_codes_as_a_count(tmp_path, capsys):
    codes = "".join(
        f'<Code guid="9A000000-0000-4000-8000-{n:012d}" name="Theme {n}" isCodable="true">'
        f"<Description>About theme {n}</Description></Code>"
        for n in range(300)
    )
    source = "9B000000-0000-4000-8000-000000000001"
    project = f"""<Project xmlns="{NS}" name="ICLS" origin="MAXQDA 24 (Release 24.7.0)">
<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>
<TextSource guid="{source}" name="Paper 1" plainTextPath="internal://{source}.txt"/></Sources>
<Sets><Set guid="9C000000-0000-4000-8000-000000000001" name="ICLS 2024">
<MemberSource targetGUID="{source}"/></Set></Sets></Project>"""
    path = qdpx(tmp_path / "maxqda.qdpx", project, {f"{source}.txt": b"Learning sciences.\n"})
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "; 300 new code(s); 1 text(s) written" in err
    assert "Theme 299" not in err
    assert "set 'ICLS 2024' of 1 document(s): casereader has no document groups" in err


# --- Taguette: .qdc with <Sets/>, and its codebook CSV -------------------------------------


TAGUETTE_QDC = (
    '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
    'origin="Taguette 1.5.2"><Codes><Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" '
    'name="interesting" isCodable="true"/><Code guid="0727A5B0-4CC7-5725-A654-C3C23840C109" '
    'name="interesting.quote" isCodable="true"/></Codes><Sets/></CodeBook>'
)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_qdc_codebook_is_imported_also_with_an_empty_sets(tmp_path, capsys, bom):
    path = tmp_path / "codebook.qdc"
    path.write_bytes(bom + TAGUETTE_QDC.encode())
    store = tmp_path / "store"
    assert main(["import", str(path), "--store", str(store), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["format"], summary["new_codes"]) == ("qdc", 2)
    with AnnotationStore.open(store, read_only=True) as opened:
        assert {"interesting", "interesting.quote"} <= {c.name for c in opened.codebook.codes}


def test_taguettes_codebook_csv_is_imported(tmp_path):
    path = tmp_path / "codebook.csv"
    path.write_bytes(
        "tag,description,number of highlights,number of documents\r\n"
        'café ☕ 😀,"two\nlines",3,1\r\n,,,\r\nstaffing,,0,0\r\n'.encode()
    )
    imported = read_import(path)
    assert imported.format == "taguette"
    assert [(c.name, c.description) for c in imported.codes] == [
        ("café ☕ 😀", "two\nlines"),
        ("staffing", ""),
    ]


def test_a_csv_with_no_tag_column_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "codes.csv"
    path.write_text("tag,name\nx,y\n")
    assert main(["import", str(path), "--store", str(tmp_path / "s")]) == 2
    assert "needs exactly one of the columns tag, name or path" in capsys.readouterr().err


def test_our_taguette_csv_is_what_taguette_reads_and_reads_back(tmp_path):
    """UTF-8 with a BOM (Taguette misreads non-ASCII without one), ``tag,description``, and no
    formula guard: Taguette would keep ``'=x`` as a tag of that name."""
    from annotations.interchange.taguette import codebook_csv, read_codebook_csv
    from annotations.model import Code

    codes = [Code("a", "café ☕ 😀", "#000000", None, "two\nlines"), Code("b", "=x", "#000000")]
    data = codebook_csv(codes)
    assert data.startswith(b"\xef\xbb\xbftag,description\r\n")
    assert b"'=x" not in data
    again = read_codebook_csv(data, "codebook.csv")
    assert [(c.name, c.description) for c in again.codes] == [
        ("café ☕ 😀", "two\nlines"),
        ("=x", ""),
    ]
