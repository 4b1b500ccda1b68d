"""Analysis of coded annotations: frequencies, co-occurrence, timeline, coded passages,
inter-coder agreement and keyword suggestions.

Pure functions: a corpus (or document lengths), codes and annotations in, frozen values with a
``to_json()`` out. The command line and the app render them; nothing here prints.

Definitions (stated in the output too, so figures can be checked by hand):
- A *passage* is one annotation; a passage with two codes counts once for each code.
- *Characters* coded with a code: the union of its passages in a document, so overlapping
  passages of the same code are not counted twice.
- *Co-occurrence* of codes X and Y: the number of pairs of passages {p, q} of one document,
  where p carries X and q carries Y, that share at least one character; p and q may be the
  same passage (one passage carrying both). The diagonal holds each code's passage count. A
  second matrix gives the characters coded with both X and Y.
- *Timeline*: passages per code by the month (or year) of their document's dateline, local
  calendar date; documents without a dateline fall under ``undated``.
- *Agreement*: at the character level over the documents both coders coded (at least one
  annotation each). Per code, each character is coded or not by each coder (binary). Overall,
  each character's value is the set of codes applied to it (``{}`` when uncoded), a nominal
  category. Uncoded characters count as agreement on "not coded": percent agreement is high on
  sparse coding, which is why kappa and alpha, corrected for chance, are reported beside it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .corpus import Corpus
from .errors import CasereaderError
from .model import Annotation, Code
from .segments import covered_characters, sentence_spans, shared_characters


class ReportError(CasereaderError):
    """A report cannot be made from what was given (unknown code, bad pattern, ...)."""


# --- shared pieces --------------------------------------------------------------------------


def report_codes(
    codes: Sequence[Code], annotations: Iterable[Annotation], only: Collection[str] | None = None
) -> list[Code]:
    """The codes a report covers, in codebook order, plus codes annotations use but the
    codebook lacks (named by their id); ``only`` narrows them to some ids."""
    known = {code.id for code in codes}
    extra = sorted({c for a in annotations for c in a.codes if c not in known})
    chosen = [*codes, *(Code(c, c, "#808080") for c in extra)]
    return [code for code in chosen if only is None or code.id in only]


def _by_document(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    grouped: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        grouped[annotation.document].append(annotation)
    return grouped


def _title(corpus: Corpus | None, doc_id: str) -> str:
    document = corpus.get(doc_id) if corpus is not None else None
    return document.title if document is not None else doc_id


# --- frequencies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCount:
    code: str
    name: str
    passages: int
    documents: int
    characters: int

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "passages": self.passages,
            "documents": self.documents,
            "characters": self.characters,
        }


@dataclass(frozen=True)
class DocumentCounts:
    document: str
    title: str
    passages: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "title": self.title, "passages": self.passages}


@dataclass(frozen=True)
class Frequencies:
    """How often each code is used, overall and per document."""

    overall: list[CodeCount]
    per_document: list[DocumentCounts]
    passages: int

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "frequencies",
            "unit": "passages (annotations); characters are the union of a code's passages",
            "passages": self.passages,
            "codes": [row.to_json() for row in self.overall],
            "documents": [row.to_json() for row in self.per_document],
        }


def frequencies(
    corpus: Corpus | None,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    only: Collection[str] | None = None,
) -> Frequencies:
    """Passages, documents and characters per code; passages per code per document."""
    chosen = report_codes(codes, annotations, only)
    ids = [code.id for code in chosen]
    grouped = _by_document(annotations)
    overall: list[CodeCount] = []
    for code in chosen:
        passages = documents = characters = 0
        for items in grouped.values():
            spans = [(a.start, a.end) for a in items if code.id in a.codes]
            if spans:
                passages += len(spans)
                documents += 1
                characters += covered_characters(spans)
        overall.append(CodeCount(code.id, code.name, passages, documents, characters))
    per_document = []
    for doc_id in sorted(grouped):
        counts = Counter(c for a in grouped[doc_id] for c in a.codes)
        row = {code_id: counts.get(code_id, 0) for code_id in ids}
        if any(row.values()):
            per_document.append(DocumentCounts(doc_id, _title(corpus, doc_id), row))
    relevant = [a for a in annotations if only is None or any(c in only for c in a.codes)]
    return Frequencies(overall, per_document, len(relevant))


# --- co-occurrence --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cooccurrence:
    """Square matrices over ``codes``: passage pairs, and characters coded with both."""

    codes: list[Code]
    passages: list[list[int]]
    characters: list[list[int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "cooccurrence",
            "definition": (
                "passages[x][y]: pairs of passages of one document, one carrying x and the other "
                "y (or one passage carrying both), that share at least one character; the "
                "diagonal is each code's passage count. characters[x][y]: characters coded "
                "with both x and y."
            ),
            "codes": [{"code": c.id, "name": c.name} for c in self.codes],
            "passages": self.passages,
            "characters": self.characters,
        }

    def pairs(self) -> list[tuple[Code, Code, int, int]]:
        """Each pair of different codes once, most frequent first."""
        rows = [
            (self.codes[i], self.codes[j], self.passages[i][j], self.characters[i][j])
            for i in range(len(self.codes))
            for j in range(i + 1, len(self.codes))
        ]
        return sorted(rows, key=lambda row: (-row[2], -row[3], row[0].name, row[1].name))


def overlapping_pairs(items: Sequence[Annotation]) -> Iterator[tuple[Annotation, Annotation]]:
    """Each pair of different passages sharing at least one character, once."""
    ordered = sorted(items, key=lambda a: (a.start, a.end))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            if min(first.end, second.end) > second.start:
                yield first, second


def cooccurrence(
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    only: Collection[str] | None = None,
) -> Cooccurrence:
    """Co-occurrence counts as defined in the module docstring."""
    chosen = report_codes(codes, annotations, only)
    index = {code.id: i for i, code in enumerate(chosen)}
    size = len(chosen)
    passages = [[0] * size for _ in range(size)]
    characters = [[0] * size for _ in range(size)]

    def count(x: str, y: str) -> None:
        if x in index and y in index:
            passages[index[x]][index[y]] += 1
            if x != y:
                passages[index[y]][index[x]] += 1

    for items in _by_document(annotations).values():
        for annotation in items:
            codes_here = list(annotation.codes)
            for i, x in enumerate(codes_here):
                count(x, x)
                for y in codes_here[i + 1 :]:
                    count(x, y)
        for first, second in overlapping_pairs(items):
            # {p, q} counts once for {X, Y}, even when each passage carries both codes.
            met = {frozenset((x, y)) for x in first.codes for y in second.codes if x != y}
            for pair in met:
                count(*sorted(pair))
        spans_by_code = {
            code: [(a.start, a.end) for a in items if code in a.codes] for code in index
        }
        for x, i in index.items():
            for y, j in index.items():
                if j < i or not spans_by_code[x] or not spans_by_code[y]:
                    continue
                shared = shared_characters(spans_by_code[x], spans_by_code[y])
                characters[i][j] += shared
                if i != j:
                    characters[j][i] += shared
    return Cooccurrence(chosen, passages, characters)


# --- timeline -------------------------------------------------------------------------------

UNDATED = "undated"


@dataclass(frozen=True)
class TimelineRow:
    period: str
    documents: int
    passages: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "documents": self.documents, "passages": self.passages}


@dataclass(frozen=True)
class Timeline:
    by: str
    codes: list[Code]
    rows: list[TimelineRow]

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "timeline",
            "by": self.by,
            "unit": "passages per code by the local date of the document's dateline",
            "codes": [{"code": c.id, "name": c.name} for c in self.codes],
            "periods": [row.to_json() for row in self.rows],
        }


def timeline(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    by: str = "month",
    only: Collection[str] | None = None,
) -> Timeline:
    """Passages per code per month (``YYYY-MM``) or year (``YYYY``), oldest first."""
    if by not in ("month", "year"):
        raise ReportError(f"timeline is by month or year, not {by!r}")
    chosen = report_codes(codes, annotations, only)
    period_of: dict[str, str] = {}
    documents: Counter[str] = Counter()
    for document in corpus:
        dateline = document.dateline
        if dateline is None:
            period = UNDATED
        else:
            period = dateline.date.strftime("%Y-%m" if by == "month" else "%Y")
        period_of[document.id] = period
        documents[period] += 1
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for annotation in annotations:
        period = period_of.get(annotation.document, UNDATED)
        counts[period].update(annotation.codes)
    periods = sorted(set(documents) | set(counts), key=lambda p: (p == UNDATED, p))
    rows = [
        TimelineRow(period, documents[period], {c.id: counts[period][c.id] for c in chosen})
        for period in periods
    ]
    return Timeline(by, chosen, rows)


# --- coded passages -------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    document: str
    title: str
    date: str | None
    start: int
    end: int
    text: str
    note: str
    coder: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title,
            "date": self.date,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "note": self.note,
            "coder": self.coder,
        }


@dataclass(frozen=True)
class CodePassages:
    code: Code
    passages: list[Passage]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code.id,
            "name": self.code.name,
            "passages": [p.to_json() for p in self.passages],
        }


def coded_passages(
    corpus: Corpus | None,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    only: Collection[str] | None = None,
) -> list[CodePassages]:
    """Every passage of each code, by document date (undated last), document and position."""
    result: list[CodePassages] = []
    for code in report_codes(codes, annotations, only):
        passages = []
        for annotation in annotations:
            if code.id not in annotation.codes:
                continue
            document = corpus.get(annotation.document) if corpus is not None else None
            dateline = document.dateline if document is not None else None
            passages.append(
                Passage(
                    annotation.document,
                    document.title if document is not None else annotation.document,
                    dateline.date.isoformat() if dateline else None,
                    annotation.start,
                    annotation.end,
                    annotation.exact,
                    annotation.note,
                    annotation.coder,
                )
            )
        passages.sort(key=lambda p: (p.date is None, p.date or "", p.document, p.start, p.end))
        result.append(CodePassages(code, passages))
    return result


# --- agreement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """Agreement between two coders over ``units`` weighted units (here, characters)."""

    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "percent_agreement": _round(self.percent),
            "cohen_kappa": _round(self.kappa),
            "krippendorff_alpha": _round(self.alpha),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def nominal_agreement(table: Mapping[tuple[Hashable, Hashable], int]) -> Scores:
    """Percent agreement, Cohen's kappa and Krippendorff's alpha (nominal) for two coders.

    ``table[(a, b)]`` is the number of units coder A put in category a and coder B in b. Kappa
    and alpha are None when undefined: every unit in one and the same category (no variation
    to agree on beyond chance).
    """
    units = sum(table.values())
    if units == 0:
        return Scores(0, None, None, None)
    agree = sum(w for (a, b), w in table.items() if a == b)
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    for (a, b), w in table.items():
        first[a] += w
        second[b] += w
    observed = agree / units
    expected = sum(first[c] * second[c] for c in first) / (units * units)
    kappa = (observed - expected) / (1 - expected) if expected < 1 else None
    # Krippendorff: n = 2 * units pairable values; alpha = 1 - (n - 1) * D_o / D_e, nominal.
    n = 2 * units
    values = first + second
    spread = n * n - sum(count * count for count in values.values())
    alpha = 1 - (n - 1) * 2 * (units - agree) / spread if spread > 0 else None
    return Scores(units, observed, kappa, alpha)


Segment = tuple[int, frozenset[str], frozenset[str]]


def segments(
    length: int, first: Sequence[Annotation], second: Sequence[Annotation]
) -> list[Segment]:
    """The document cut where any passage starts or ends: (characters, A's codes, B's codes).

    Each segment has the same codes throughout, so character counts come from segment lengths
    rather than from a pass over every character.
    """
    cuts = {0, length}
    for annotation in (*first, *second):
        cuts.update((annotation.start, annotation.end))
    positions = sorted(cuts)
    active_a = _active_codes(positions, first)
    active_b = _active_codes(positions, second)
    return [
        (positions[i + 1] - positions[i], active_a[i], active_b[i])
        for i in range(len(positions) - 1)
        if positions[i + 1] > positions[i]
    ]


def _active_codes(positions: list[int], items: Sequence[Annotation]) -> list[frozenset[str]]:
    """For each segment starting at ``positions[i]``, the codes covering it."""
    opening: dict[int, list[str]] = defaultdict(list)
    closing: dict[int, list[str]] = defaultdict(list)
    for annotation in items:
        if annotation.end > annotation.start:
            opening[annotation.start].extend(annotation.codes)
            closing[annotation.end].extend(annotation.codes)
    live: Counter[str] = Counter()
    result: list[frozenset[str]] = []
    for position in positions:
        live.subtract(closing.get(position, ()))
        live.update(opening.get(position, ()))
        result.append(frozenset(code for code, count in live.items() if count > 0))
    return result


@dataclass(frozen=True)
class DocumentAgreement:
    document: str
    overall: Scores
    codes: dict[str, Scores]

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "characters": self.overall.units,
            "overall": self.overall.to_json(),
            "codes": {code: scores.to_json() for code, scores in self.codes.items()},
        }


@dataclass(frozen=True)
class Agreement:
    """Agreement of two coders (A, B) at the character level."""

    codes: list[Code]
    documents: list[str]
    only_first: list[str]
    only_second: list[str]
    overall: Scores
    per_code: dict[str, Scores]
    per_document: list[DocumentAgreement]
    unit: str = "character"
    labels: tuple[str, str] = ("A", "B")
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "agreement",
            "unit": self.unit,
            "method": (
                "characters of the documents both coders coded; per code, coded or not "
                "(binary); overall, the set of codes on each character (nominal); Cohen's kappa "
                "and Krippendorff's alpha (nominal); null where undefined (no variation)"
            ),
            "coders": {"A": self.labels[0], "B": self.labels[1]},
            "documents": self.documents,
            "documents_only_A": self.only_first,
            "documents_only_B": self.only_second,
            "characters": self.overall.units,
            "overall": self.overall.to_json(),
            "codes": [
                {"code": c.id, "name": c.name, **self.per_code[c.id].to_json()} for c in self.codes
            ],
            "per_document": [row.to_json() for row in self.per_document],
            "notes": self.notes,
        }


def agreement(
    lengths: Mapping[str, int],
    codes: Sequence[Code],
    first: Sequence[Annotation],
    second: Sequence[Annotation],
    only: Collection[str] | None = None,
    labels: tuple[str, str] = ("A", "B"),
) -> Agreement:
    """Character-level agreement of two coders' annotations over the documents both coded.

    ``lengths`` gives each document's length in characters (code points of the normalised
    text); a passage past a document's end means the coders saw different texts and is refused.
    """
    chosen = report_codes(codes, [*first, *second], only)
    ids = [code.id for code in chosen]
    wanted = set(ids)
    by_first, by_second = _by_document(first), _by_document(second)
    shared = sorted(set(by_first) & set(by_second))
    overall: Counter[tuple[Hashable, Hashable]] = Counter()
    per_code: dict[str, Counter[tuple[Hashable, Hashable]]] = {c: Counter() for c in ids}
    rows: list[DocumentAgreement] = []
    for doc_id in shared:
        if doc_id not in lengths:
            raise ReportError(f"document {doc_id!r} is not in the corpus; give the corpus folder")
        length = lengths[doc_id]
        for annotation in (*by_first[doc_id], *by_second[doc_id]):
            if annotation.end > length:
                raise ReportError(
                    f"a passage of {doc_id!r} ends at {annotation.end}, past its {length} "
                    "characters: were both coders working on the same text?"
                )
        doc_overall: Counter[tuple[Hashable, Hashable]] = Counter()
        doc_codes: dict[str, Counter[tuple[Hashable, Hashable]]] = {c: Counter() for c in ids}
        for size, codes_a, codes_b in segments(length, by_first[doc_id], by_second[doc_id]):
            doc_overall[(codes_a & wanted, codes_b & wanted)] += size
            for code in ids:
                doc_codes[code][(code in codes_a, code in codes_b)] += size
        overall.update(doc_overall)
        for code in ids:
            per_code[code].update(doc_codes[code])
        rows.append(
            DocumentAgreement(
                doc_id,
                nominal_agreement(doc_overall),
                {code: nominal_agreement(doc_codes[code]) for code in ids},
            )
        )
    notes = []
    if not shared:
        notes.append("no document was coded by both coders")
    return Agreement(
        codes=chosen,
        documents=shared,
        only_first=sorted(set(by_first) - set(by_second)),
        only_second=sorted(set(by_second) - set(by_first)),
        overall=nominal_agreement(overall),
        per_code={code: nominal_agreement(per_code[code]) for code in ids},
        per_document=rows,
        labels=labels,
        notes=notes,
    )


# --- suggestions ----------------------------------------------------------------------------

DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "strength": (
        "strength*",
        "good practice",
        "outstanding",
        "praise*",
        "commend*",
        "excellent",
        "effective*",
        "well-led",
        "positive*",
    ),
    "area-for-improvement": (
        "improv*",
        "weakness*",
        "concern*",
        "inadequate",
        "requires improvement",
        "shortfall*",
        "delay*",
        "fail*",
        "not good enough",
    ),
    "staffing": (
        "staff*",
        "recruit*",
        "retention",
        "retain*",
        "caseload*",
        "workforce",
        "vacanc*",
        "agency worker*",
        "social worker*",
        "turnover",
        "locum*",
    ),
}
"""Keywords for the default codes, used when a suggestion is asked with none given."""


def keywords_for(code: Code) -> tuple[str, ...]:
    """A code's own keywords, else the built-in ones of a default code, else its name."""
    return code.keywords or DEFAULT_KEYWORDS.get(code.id, ()) or (code.name,)


@dataclass(frozen=True)
class Suggestion:
    """A sentence that may deserve a code, with the keywords it matched."""

    document: str
    title: str
    start: int
    end: int
    text: str
    keywords: tuple[str, ...]
    hits: int

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "keywords": list(self.keywords),
            "hits": self.hits,
        }


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a pattern: whole words, any case; ``*`` ends a prefix (``recruit*``);
    spaces match any run of white space; ``/.../`` is a regular expression as written."""
    if len(keyword) > 2 and keyword.startswith("/") and keyword.endswith("/"):
        try:
            return re.compile(keyword[1:-1], re.IGNORECASE)
        except re.error as error:
            raise ReportError(f"keyword {keyword}: not a valid pattern ({error})") from None
    words = keyword.strip()
    if not words or words == "*":
        raise ReportError(f"keyword {keyword!r} is empty")
    prefix = words.endswith("*")
    body = r"\s+".join(re.escape(part) for part in words.rstrip("*").split())
    ending = r"\w*" if prefix else r"\b"
    return re.compile(r"\b" + body + ending, re.IGNORECASE)


def suggest(
    corpus: Corpus,
    code: str,
    keywords: Sequence[str],
    annotations: Sequence[Annotation],
    limit: int | None = None,
    include_coded: bool = False,
) -> list[Suggestion]:
    """Sentences matching a code's keywords, most keywords first; sentences already coded
    with the code (sharing a character with one of its passages) are left out."""
    if not keywords:
        raise ReportError(f"no keywords for code {code!r}; give some with --keyword")
    patterns = [(keyword, keyword_pattern(keyword)) for keyword in keywords]
    coded = _by_document(a for a in annotations if code in a.codes)
    found: list[Suggestion] = []
    for document in corpus:
        text = document.text
        spans = [(a.start, a.end) for a in coded.get(document.id, ())]
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            matched, hits = [], 0
            for keyword, pattern in patterns:
                count = len(pattern.findall(sentence))
                if count:
                    matched.append(keyword)
                    hits += count
            if not matched:
                continue
            if not include_coded and any(s < end and start < e for s, e in spans):
                continue
            found.append(
                Suggestion(document.id, document.title, start, end, sentence, tuple(matched), hits)
            )
    found.sort(key=lambda s: (-len(s.keywords), -s.hits, s.document, s.start))
    return found[:limit] if limit is not None else found
