"""Place evidence: names of countries, states, provinces and cities, and web domains, mapped
to the IANA zone where a document naming them was most likely written.

A zone from place evidence is still an assumption (``zone_assumed`` stays true) and never
overrides a zone written in the text or the corpus's own setting. Names that are also
places in the UK or common words ("Perth", "Victoria", "Halifax", "Washington", "Boston")
are weak: they only refine a strong place of the same country, never stand alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .patterns import Lazy
from .values import Place

_AU_SYD, _AU_MEL, _AU_BNE = "Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"
_AU_HBA, _AU_ADL, _AU_PER = "Australia/Hobart", "Australia/Adelaide", "Australia/Perth"
_CA_TOR, _CA_VAN, _CA_EDM = "America/Toronto", "America/Vancouver", "America/Edmonton"
_CA_WPG, _CA_REG, _CA_HAL = "America/Winnipeg", "America/Regina", "America/Halifax"
_US_NY, _US_CHI, _US_DEN = "America/New_York", "America/Chicago", "America/Denver"
_US_LA, _IN, _UK = "America/Los_Angeles", "Asia/Kolkata", "Europe/London"
_NZ, _IE = "Pacific/Auckland", "Europe/Dublin"

# name: (zone, country, region, level). Level 0 country, 1 state or province, 2 city.
_STRONG: dict[str, tuple[str, str, str | None, int]] = {
    # Australia
    "Australia": (_AU_SYD, "au", None, 0),
    "Australian": (_AU_SYD, "au", None, 0),
    "Commonwealth of Australia": (_AU_SYD, "au", None, 0),
    "New South Wales": (_AU_SYD, "au", "nsw", 1),
    "NSW": (_AU_SYD, "au", "nsw", 1),
    "Queensland": (_AU_BNE, "au", "qld", 1),
    "QLD": (_AU_BNE, "au", "qld", 1),
    "Tasmania": (_AU_HBA, "au", "tas", 1),
    "Tasmanian": (_AU_HBA, "au", "tas", 1),
    "Victoria Police": (_AU_MEL, "au", "vic", 1),
    "Victorian Government": (_AU_MEL, "au", "vic", 1),
    "South Australia": (_AU_ADL, "au", "sa", 1),
    "Western Australia": (_AU_PER, "au", "wa", 1),
    "Northern Territory": ("Australia/Darwin", "au", "nt", 1),
    "Australian Capital Territory": (_AU_SYD, "au", "act", 1),
    "Sydney": (_AU_SYD, "au", "nsw", 2),
    "Melbourne": (_AU_MEL, "au", "vic", 2),
    "Brisbane": (_AU_BNE, "au", "qld", 2),
    "Gold Coast": (_AU_BNE, "au", "qld", 2),
    "Townsville": (_AU_BNE, "au", "qld", 2),
    "Cairns": (_AU_BNE, "au", "qld", 2),
    "Toowoomba": (_AU_BNE, "au", "qld", 2),
    "Hobart": (_AU_HBA, "au", "tas", 2),
    "Launceston": (_AU_HBA, "au", "tas", 2),
    "Adelaide": (_AU_ADL, "au", "sa", 2),
    "Canberra": (_AU_SYD, "au", "act", 2),
    "Geelong": (_AU_MEL, "au", "vic", 2),
    "Wollongong": (_AU_SYD, "au", "nsw", 2),
    "Alice Springs": ("Australia/Darwin", "au", "nt", 2),
    # Canada
    "Canada": (_CA_TOR, "ca", None, 0),
    "Canadian": (_CA_TOR, "ca", None, 0),
    "Ontario": (_CA_TOR, "ca", "on", 1),
    "Quebec": (_CA_TOR, "ca", "qc", 1),
    "Québec": (_CA_TOR, "ca", "qc", 1),
    "British Columbia": (_CA_VAN, "ca", "bc", 1),
    "Alberta": (_CA_EDM, "ca", "ab", 1),
    "Saskatchewan": (_CA_REG, "ca", "sk", 1),
    "Manitoba": (_CA_WPG, "ca", "mb", 1),
    "Nova Scotia": (_CA_HAL, "ca", "ns", 1),
    "New Brunswick": ("America/Moncton", "ca", "nb", 1),
    "Newfoundland": ("America/St_Johns", "ca", "nl", 1),
    "Prince Edward Island": (_CA_HAL, "ca", "pe", 1),
    "Yukon": ("America/Whitehorse", "ca", "yt", 1),
    "Nunavut": ("America/Iqaluit", "ca", "nu", 1),
    "Northwest Territories": ("America/Yellowknife", "ca", "nt", 1),
    "Toronto": (_CA_TOR, "ca", "on", 2),
    "Ottawa": (_CA_TOR, "ca", "on", 2),
    "Mississauga": (_CA_TOR, "ca", "on", 2),
    "Montreal": (_CA_TOR, "ca", "qc", 2),
    "Montréal": (_CA_TOR, "ca", "qc", 2),
    "Vancouver": (_CA_VAN, "ca", "bc", 2),
    "Calgary": (_CA_EDM, "ca", "ab", 2),
    "Edmonton": (_CA_EDM, "ca", "ab", 2),
    "Winnipeg": (_CA_WPG, "ca", "mb", 2),
    "Saskatoon": (_CA_REG, "ca", "sk", 2),
    "Fredericton": ("America/Moncton", "ca", "nb", 2),
    "Queen's Park": (_CA_TOR, "ca", "on", 2),
    # India
    "India": (_IN, "in", None, 0),
    "Government of India": (_IN, "in", None, 0),
    "New Delhi": (_IN, "in", None, 2),
    "Delhi": (_IN, "in", None, 2),
    "Mumbai": (_IN, "in", None, 2),
    "Chennai": (_IN, "in", None, 2),
    "Kolkata": (_IN, "in", None, 2),
    "Bengaluru": (_IN, "in", None, 2),
    "Bangalore": (_IN, "in", None, 2),
    "Ahmedabad": (_IN, "in", None, 2),
    "Pune": (_IN, "in", None, 2),
    "Jaipur": (_IN, "in", None, 2),
    "Lucknow": (_IN, "in", None, 2),
    "Chandigarh": (_IN, "in", None, 2),
    "Bhubaneswar": (_IN, "in", None, 2),
    "Thiruvananthapuram": (_IN, "in", None, 2),
    "Patna": (_IN, "in", None, 2),
    "Bhopal": (_IN, "in", None, 2),
    "Guwahati": (_IN, "in", None, 2),
    "Maharashtra": (_IN, "in", None, 1),
    "Karnataka": (_IN, "in", None, 1),
    "Kerala": (_IN, "in", None, 1),
    "Tamil Nadu": (_IN, "in", None, 1),
    "Gujarat": (_IN, "in", None, 1),
    "Rajasthan": (_IN, "in", None, 1),
    "Uttar Pradesh": (_IN, "in", None, 1),
    "Madhya Pradesh": (_IN, "in", None, 1),
    "Andhra Pradesh": (_IN, "in", None, 1),
    "Telangana": (_IN, "in", None, 1),
    "West Bengal": (_IN, "in", None, 1),
    "Odisha": (_IN, "in", None, 1),
    "Bihar": (_IN, "in", None, 1),
    "Assam": (_IN, "in", None, 1),
    "PIB": (_IN, "in", None, 0),
    # New Zealand and Ireland
    "New Zealand": (_NZ, "nz", None, 0),
    "Aotearoa": (_NZ, "nz", None, 0),
    "Auckland": (_NZ, "nz", None, 2),
    "Christchurch": (_NZ, "nz", None, 2),
    "Dunedin": (_NZ, "nz", None, 2),
    "Ireland": (_IE, "ie", None, 0),
    "Irish": (_IE, "ie", None, 0),
    "Dublin": (_IE, "ie", None, 2),
    "Galway": (_IE, "ie", None, 2),
    "Limerick": (_IE, "ie", None, 2),
    # United States
    "United States": (_US_NY, "us", None, 0),
    "U.S.": (_US_NY, "us", None, 0),
    "USA": (_US_NY, "us", None, 0),
    "Washington, D.C.": (_US_NY, "us", "dc", 1),
    "Washington, DC": (_US_NY, "us", "dc", 1),
    "Washington DC": (_US_NY, "us", "dc", 1),
    "District of Columbia": (_US_NY, "us", "dc", 1),
    "New York": (_US_NY, "us", "ny", 1),
    "California": (_US_LA, "us", "ca", 1),
    "Texas": (_US_CHI, "us", "tx", 1),
    "Florida": (_US_NY, "us", "fl", 1),
    "Illinois": (_US_CHI, "us", "il", 1),
    "Pennsylvania": (_US_NY, "us", "pa", 1),
    "Ohio": (_US_NY, "us", "oh", 1),
    "Michigan": ("America/Detroit", "us", "mi", 1),
    "Massachusetts": (_US_NY, "us", "ma", 1),
    "New Jersey": (_US_NY, "us", "nj", 1),
    "Virginia": (_US_NY, "us", "va", 1),
    "North Carolina": (_US_NY, "us", "nc", 1),
    "Arizona": ("America/Phoenix", "us", "az", 1),
    "Colorado": (_US_DEN, "us", "co", 1),
    "Minnesota": (_US_CHI, "us", "mn", 1),
    "Wisconsin": (_US_CHI, "us", "wi", 1),
    "Oregon": (_US_LA, "us", "or", 1),
    "Nevada": (_US_LA, "us", "nv", 1),
    "Utah": (_US_DEN, "us", "ut", 1),
    "Hawaii": ("Pacific/Honolulu", "us", "hi", 1),
    "Alaska": ("America/Anchorage", "us", "ak", 1),
    "Tennessee": (_US_CHI, "us", "tn", 1),
    "Missouri": (_US_CHI, "us", "mo", 1),
    "Louisiana": (_US_CHI, "us", "la", 1),
    "Kentucky": (_US_NY, "us", "ky", 1),
    "Maryland": (_US_NY, "us", "md", 1),
    "Connecticut": (_US_NY, "us", "ct", 1),
    "Oklahoma": (_US_CHI, "us", "ok", 1),
    "Kansas": (_US_CHI, "us", "ks", 1),
    "Iowa": (_US_CHI, "us", "ia", 1),
    "Nebraska": (_US_CHI, "us", "ne", 1),
    "New Mexico": (_US_DEN, "us", "nm", 1),
    "Los Angeles": (_US_LA, "us", "ca", 2),
    "San Francisco": (_US_LA, "us", "ca", 2),
    "San Diego": (_US_LA, "us", "ca", 2),
    "Sacramento": (_US_LA, "us", "ca", 2),
    "Seattle": (_US_LA, "us", "wa", 2),
    "Chicago": (_US_CHI, "us", "il", 2),
    "Houston": (_US_CHI, "us", "tx", 2),
    "Dallas": (_US_CHI, "us", "tx", 2),
    "Philadelphia": (_US_NY, "us", "pa", 2),
    "Phoenix": ("America/Phoenix", "us", "az", 2),
    "Atlanta": (_US_NY, "us", "ga", 2),
    "Miami": (_US_NY, "us", "fl", 2),
    "Detroit": ("America/Detroit", "us", "mi", 2),
    "Denver": (_US_DEN, "us", "co", 2),
    "Minneapolis": (_US_CHI, "us", "mn", 2),
    "Baltimore": (_US_NY, "us", "md", 2),
    "Nashville": (_US_CHI, "us", "tn", 2),
    "Las Vegas": (_US_LA, "us", "nv", 2),
    "Honolulu": ("Pacific/Honolulu", "us", "hi", 2),
    # United Kingdom
    "United Kingdom": (_UK, "uk", None, 0),
    "UK": (_UK, "uk", None, 0),
    "U.K.": (_UK, "uk", None, 0),
    "Britain": (_UK, "uk", None, 0),
    "British": (_UK, "uk", None, 0),
    "England": (_UK, "uk", None, 0),
    "Scotland": (_UK, "uk", None, 0),
    "Scottish": (_UK, "uk", None, 0),
    "Wales": (_UK, "uk", None, 0),
    "Welsh": (_UK, "uk", None, 0),
    "Northern Ireland": (_UK, "uk", None, 0),
    "NHS": (_UK, "uk", None, 0),
    "Ofsted": (_UK, "uk", None, 0),
    "London": (_UK, "uk", None, 2),
    "Manchester": (_UK, "uk", None, 2),
    "Leeds": (_UK, "uk", None, 2),
    "Liverpool": (_UK, "uk", None, 2),
    "Bristol": (_UK, "uk", None, 2),
    "Sheffield": (_UK, "uk", None, 2),
    "Nottingham": (_UK, "uk", None, 2),
    "Leicester": (_UK, "uk", None, 2),
    "Oxford": (_UK, "uk", None, 2),
    "Edinburgh": (_UK, "uk", None, 2),
    "Glasgow": (_UK, "uk", None, 2),
    "Cardiff": (_UK, "uk", None, 2),
    "Belfast": (_UK, "uk", None, 2),
    "Oxfordshire": (_UK, "uk", None, 1),
    "Surrey": (_UK, "uk", None, 1),
    "Kent": (_UK, "uk", None, 1),
    "Essex": (_UK, "uk", None, 1),
    "Yorkshire": (_UK, "uk", None, 1),
    "Lancashire": (_UK, "uk", None, 1),
    "Hampshire": (_UK, "uk", None, 1),
    "Somerset": (_UK, "uk", None, 1),
    "Cheshire": (_UK, "uk", None, 1),
    "Cumbria": (_UK, "uk", None, 1),
}
# Names that are also UK places, people or words: they only refine a strong place.
_WEAK: dict[str, tuple[str, str, str | None, int]] = {
    "Victoria": (_AU_MEL, "au", "vic", 1),
    "Perth": (_AU_PER, "au", "wa", 2),
    "Darwin": ("Australia/Darwin", "au", "nt", 2),
    "Newcastle": (_AU_SYD, "au", "nsw", 2),
    "Devonport": (_AU_HBA, "au", "tas", 2),
    "Burnie": (_AU_HBA, "au", "tas", 2),
    "Halifax": (_CA_HAL, "ca", "ns", 2),
    "Hamilton": (_CA_TOR, "ca", "on", 2),
    "Regina": (_CA_REG, "ca", "sk", 2),
    "Wellington": (_NZ, "nz", None, 2),
    "Cork": (_IE, "ie", None, 2),
    "Hyderabad": (_IN, "in", None, 2),
    "Washington": (_US_LA, "us", "wa", 1),
    "Georgia": (_US_NY, "us", "ga", 1),
    "Boston": (_US_NY, "us", "ma", 2),
    "Portland": (_US_LA, "us", "or", 2),
    "Austin": (_US_CHI, "us", "tx", 2),
    "Birmingham": (_UK, "uk", None, 2),
}
# Second-level web domains: ("gov.au", zone, country, region, level).
_DOMAINS: dict[str, tuple[str, str, str | None, int]] = {
    "qld.gov.au": (_AU_BNE, "au", "qld", 1),
    "nsw.gov.au": (_AU_SYD, "au", "nsw", 1),
    "vic.gov.au": (_AU_MEL, "au", "vic", 1),
    "tas.gov.au": (_AU_HBA, "au", "tas", 1),
    "sa.gov.au": (_AU_ADL, "au", "sa", 1),
    "wa.gov.au": (_AU_PER, "au", "wa", 1),
    "nt.gov.au": ("Australia/Darwin", "au", "nt", 1),
    "act.gov.au": (_AU_SYD, "au", "act", 1),
    "gov.bc.ca": (_CA_VAN, "ca", "bc", 1),
    "gov.on.ca": (_CA_TOR, "ca", "on", 1),
    "ontario.ca": (_CA_TOR, "ca", "on", 1),
    "ola.org": (_CA_TOR, "ca", "on", 1),
    "alberta.ca": (_CA_EDM, "ca", "ab", 1),
    "gov.ab.ca": (_CA_EDM, "ca", "ab", 1),
    "saskatchewan.ca": (_CA_REG, "ca", "sk", 1),
    "gov.mb.ca": (_CA_WPG, "ca", "mb", 1),
    "novascotia.ca": (_CA_HAL, "ca", "ns", 1),
    "gov.nl.ca": ("America/St_Johns", "ca", "nl", 1),
    "gnb.ca": ("America/Moncton", "ca", "nb", 1),
    "gouv.qc.ca": (_CA_TOR, "ca", "qc", 1),
    "quebec.ca": (_CA_TOR, "ca", "qc", 1),
}
_TOP_LEVEL: dict[str, tuple[str, str, str | None, int]] = {
    "au": (_AU_SYD, "au", None, 0),
    "ca": (_CA_TOR, "ca", None, 0),
    "nz": (_NZ, "nz", None, 0),
    "ie": (_IE, "ie", None, 0),
    "in": (_IN, "in", None, 0),
    "uk": (_UK, "uk", None, 0),
    "gov": (_US_NY, "us", None, 0),
}
# Only these second levels make a bare ".in", ".au", ".nz" or ".uk" a country's domain.
_SECOND_LEVELS = {
    "au": {"gov", "com", "org", "net", "edu", "asn", "id"},
    "in": {"gov", "nic", "co", "org", "ac", "res", "net"},
    "nz": {"govt", "co", "org", "ac", "net", "school", "health"},
    "uk": {"gov", "nhs", "org", "co", "ac", "police", "parliament", "sch", "ltd", "net"},
}

_DOMAIN_HINTS = (".au", ".ca", ".nz", ".ie", ".in", ".uk", ".gov", ".org")
DOMAIN = Lazy(
    r"(?i)(?<![\w.\-])(?:https?://)?(?P<host>(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+"
    r"(?P<tld>au|ca|nz|ie|in|uk|gov|org))(?![\w\-]|\.[a-z])"
)


WORD = Lazy(r"(?<![\w.@\-])[A-Z][\w'’.\-]*")
"""A capitalised word: where a place name can start (names are written capitalised)."""


def _by_first_word() -> dict[str, list[tuple[str, tuple[str, str, str | None, int], bool]]]:
    """Names grouped by their first word, lower-cased, longest name first."""
    index: dict[str, list[tuple[str, tuple[str, str, str | None, int], bool]]] = {}
    for table, weak in ((_STRONG, False), (_WEAK, True)):
        for name, entry in table.items():
            first = name.split()[0].rstrip(",").lower()
            index.setdefault(first, []).append((name.lower(), entry, weak))
    for names in index.values():
        names.sort(key=lambda item: -len(item[0]))
    return index


_INDEX = _by_first_word()


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    zone: str
    country: str
    region: str | None
    level: int
    weak: bool


def _domain_entry(host: str, tld: str) -> tuple[str, str, str | None, int] | None:
    labels = host.lower().split(".")
    listed = _listed_domain(labels)
    if listed is not None or tld == "org":
        return listed
    return _country_domain(labels, tld)


def _country_domain(labels: list[str], tld: str) -> tuple[str, str, str | None, int] | None:
    """A country's own top-level domain (``.ca``, ``.ie``); for a country whose sites sit in
    second-level domains (``.gov.au``, ``.co.nz``), only under one of those."""
    second = labels[-2] if len(labels) >= 2 else ""
    allowed = _SECOND_LEVELS.get(tld)
    if allowed is not None and second not in allowed:
        return None
    return _TOP_LEVEL[tld]


def _listed_domain(labels: list[str]) -> tuple[str, str, str | None, int] | None:
    """A domain of our own list (``qld.gov.au``, ``gov.scot``), by its last three or two
    labels."""
    for size in (3, 2):
        entry = _DOMAINS.get(".".join(labels[-size:]))
        if entry is not None:
            return entry
    return None


def _name_hits(text: str, start: int, end: int) -> list[_Hit]:
    """Place names in the window, each at a capitalised word, the longest name first."""
    hits = []
    for match in WORD.finditer(text, start, end):
        word = match.group().lower()
        names = _INDEX.get(word) or _INDEX.get(word.rstrip(".,'’-"))
        hit = _name_at(text, match.start(), names) if names else None
        if hit is not None:
            hits.append(hit)
    return hits


def _name_at(
    text: str, at: int, names: list[tuple[str, tuple[str, str, str | None, int], bool]]
) -> _Hit | None:
    """The longest of ``names`` written whole at ``at``."""
    for name, (zone, country, region, level), weak in names:
        stop = at + len(name)
        if text[at:stop].lower() == name and not text[stop : stop + 1].isalnum():
            return _Hit(at, stop, zone, country, region, level, weak)
    return None


def _domain_hits(text: str, start: int, end: int) -> list[_Hit]:
    """Web domains that place a document (``.qld.gov.au``); scanned only where a hint is."""
    hits = []
    for match in DOMAIN.finditer(text, start, end):
        entry = _domain_entry(match["host"], match["tld"].lower())
        if entry is not None:
            zone, country, region, level = entry
            hits.append(_Hit(match.start("host"), match.end(), zone, country, region, level, False))
    return hits


def _hits(text: str, start: int, end: int) -> list[_Hit]:
    hits = _name_hits(text, start, end)
    lower = text[start:end].lower()
    if any(top in lower for top in _DOMAIN_HINTS):
        hits += _domain_hits(text, start, end)
        hits.sort(key=lambda hit: hit.start)
    return hits


def _refines(hit: _Hit, chosen: _Hit) -> bool:
    """Whether ``hit`` is a more precise place within the chosen one ("Hobart" in Tasmania)."""
    if hit.country != chosen.country or hit.level <= chosen.level:
        return False
    return chosen.region in (None, hit.region)


def find_place(text: str, start: int, end: int) -> Place | None:
    """The place evidence in ``text[start:end]``: the first strong place, refined by a more
    precise one of the same country and region ("Tasmania" then "Hobart")."""
    hits = _hits(text, start, end)
    first = next((index for index, hit in enumerate(hits) if not hit.weak), None)
    if first is None:
        return None
    chosen = hits[first]
    for hit in hits[first + 1 :]:
        if _refines(hit, chosen):
            chosen = hit
    return Place(text[chosen.start : chosen.end], chosen.start, chosen.end, chosen.zone)
