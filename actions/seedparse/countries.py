"""Country names, codes and regions, and finding countries mentioned in prose.

Codes and names come from pycountry (ISO 3166) and regions from country_converter
(UN M49 sub-regions such as "Western Africa" or "South America"). Our own tables
below hold only what those packages lack: demonyms ("Belgian"), alternative names
used in the seeds ("Ivory Coast", "Kosovo*") and place names that identify a
country on their own ("Podgorica").
"""

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    region: str
    continent: str


# Short names that read better than the packages' ones in a list of facets.
PREFERRED_NAMES = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "XK": "Kosovo",
}

ALTERNATIVE_NAMES = {
    "Ivory Coast": "CI",
    "Cote d'Ivoire": "CI",
    "São Tomé and Príncipe": "ST",
    "Sao Tome": "ST",
    "Czech Republic": "CZ",
    "Cape Verde": "CV",
    "Kosovo*": "XK",
    "Republic of Kosovo": "XK",
    "Macedonia": "MK",
    "Republic of North Macedonia": "MK",
    "Russian Federation": "RU",
    "Republic of Korea": "KR",
    "Korea": "KR",
    "the Bahamas": "BS",
    "The Gambia": "GM",
    "Great Britain": "GB",
    "Britain": "GB",
    "UK": "GB",
    "USA": "US",
    "United States of America": "US",
    "Holland": "NL",
    "the Netherlands": "NL",
    "Swaziland": "SZ",
    "Burma": "MM",
    "East Timor": "TL",
    "Türkiye": "TR",
    "Turkey": "TR",
    "Viet Nam": "VN",
    "Congo": "CG",
    "DRC": "CD",
    "Democratic Republic of Congo": "CD",
}

DEMONYMS = {
    "Afghan": "AF",
    "Albanian": "AL",
    "Algerian": "DZ",
    "Angolan": "AO",
    "Argentine": "AR",
    "Argentinian": "AR",
    "Armenian": "AM",
    "Australian": "AU",
    "Austrian": "AT",
    "Azerbaijani": "AZ",
    "Bangladeshi": "BD",
    "Belarusian": "BY",
    "Belgian": "BE",
    "Beninese": "BJ",
    "Bolivian": "BO",
    "Bosnian": "BA",
    "Brazilian": "BR",
    "British": "GB",
    "Bulgarian": "BG",
    "Burkinabe": "BF",
    "Burkinabè": "BF",
    "Burundian": "BI",
    "Cambodian": "KH",
    "Cameroonian": "CM",
    "Canadian": "CA",
    "Cabo Verdean": "CV",
    "Cape Verdean": "CV",
    "Chadian": "TD",
    "Chilean": "CL",
    "Chinese": "CN",
    "Colombian": "CO",
    "Congolese": "CD",
    "Costa Rican": "CR",
    "Croatian": "HR",
    "Cuban": "CU",
    "Cypriot": "CY",
    "Czech": "CZ",
    "Danish": "DK",
    "Dominican": "DO",
    "Dutch": "NL",
    "Ecuadorian": "EC",
    "Egyptian": "EG",
    "Estonian": "EE",
    "Ethiopian": "ET",
    "Fijian": "FJ",
    "Filipino": "PH",
    "Finnish": "FI",
    "French": "FR",
    "Gabonese": "GA",
    "Gambian": "GM",
    "Georgian": "GE",
    "German": "DE",
    "Ghanaian": "GH",
    "Greek": "GR",
    "Guatemalan": "GT",
    "Guinean": "GN",
    "Haitian": "HT",
    "Honduran": "HN",
    "Hungarian": "HU",
    "Icelandic": "IS",
    "Indian": "IN",
    "Indonesian": "ID",
    "Iraqi": "IQ",
    "Irish": "IE",
    "Italian": "IT",
    "Ivorian": "CI",
    "Jamaican": "JM",
    "Japanese": "JP",
    "Jordanian": "JO",
    "Kazakh": "KZ",
    "Kazakhstani": "KZ",
    "Kenyan": "KE",
    "Kosovar": "XK",
    "Kyrgyz": "KG",
    "Latvian": "LV",
    "Lebanese": "LB",
    "Liberian": "LR",
    "Lithuanian": "LT",
    "Luxembourgish": "LU",
    "Malagasy": "MG",
    "Malawian": "MW",
    "Malaysian": "MY",
    "Malian": "ML",
    "Maltese": "MT",
    "Mauritanian": "MR",
    "Mauritian": "MU",
    "Mexican": "MX",
    "Moldovan": "MD",
    "Mongolian": "MN",
    "Montenegrin": "ME",
    "Moroccan": "MA",
    "Mozambican": "MZ",
    "Namibian": "NA",
    "Nepalese": "NP",
    "Nicaraguan": "NI",
    "Nigerian": "NG",
    "Nigerien": "NE",
    "North Macedonian": "MK",
    "Norwegian": "NO",
    "Pakistani": "PK",
    "Palestinian": "PS",
    "Panamanian": "PA",
    "Paraguayan": "PY",
    "Peruvian": "PE",
    "Philippine": "PH",
    "Polish": "PL",
    "Portuguese": "PT",
    "Romanian": "RO",
    "Russian": "RU",
    "Rwandan": "RW",
    "Salvadoran": "SV",
    "Senegalese": "SN",
    "Serbian": "RS",
    "Sierra Leonean": "SL",
    "Slovak": "SK",
    "Slovenian": "SI",
    "Somali": "SO",
    "South African": "ZA",
    "Spanish": "ES",
    "Sri Lankan": "LK",
    "Sudanese": "SD",
    "Surinamese": "SR",
    "Swedish": "SE",
    "Swiss": "CH",
    "Tajik": "TJ",
    "Tanzanian": "TZ",
    "Thai": "TH",
    "Togolese": "TG",
    "Tunisian": "TN",
    "Turkish": "TR",
    "Ugandan": "UG",
    "Ukrainian": "UA",
    "Uruguayan": "UY",
    "Uzbek": "UZ",
    "Venezuelan": "VE",
    "Vietnamese": "VN",
    "Zambian": "ZM",
    "Zimbabwean": "ZW",
}

# Cities and sub-national regions that the seeds use instead of a country name.
PLACES = {
    "Podgorica": "ME",
    "Belgrade": "RS",
    "Bogotá": "CO",
    "Bogota": "CO",
    "Girardota": "CO",
    "Antioquia": "CO",
    "Valle de Aburrá": "CO",
    "Thika": "KE",
    "Nairobi": "KE",
    "Loreto": "PE",
    "Lima": "PE",
    "Punjab": "PK",
    "Ogun": "NG",
    "Lagos": "NG",
    "Quito": "EC",
    "Dakar": "SN",
    "Lomé": "TG",
    "Bamako": "ML",
    "Ouagadougou": "BF",
    "Libreville": "GA",
    "Yaoundé": "CM",
    "Pristina": "XK",
    "Skopje": "MK",
    "Tirana": "AL",
    "Sarajevo": "BA",
    "Chisinau": "MD",
    "Kyiv": "UA",
    "Tbilisi": "GE",
    "Baku": "AZ",
    "Astana": "KZ",
    "Bangkok": "TH",
    "Munich": "DE",
    "Brussels": "BE",
    "Moscow": "RU",
    "Paramaribo": "SR",
}


@cache
def _package_rows() -> tuple[tuple[str, object], ...]:
    """(ISO alpha-2 code, country_converter row) for every country the packages know."""
    import country_converter
    import pycountry

    rows = []
    for row in country_converter.CountryConverter().data.itertuples():
        official = pycountry.countries.get(alpha_3=row.ISO3)
        # country_converter writes some ISO2 cells as regexes ("^GB$|^UK$").
        code = official.alpha_2 if official else row.ISO2.strip("^$").split("$")[0]
        if re.fullmatch(r"[A-Z]{2}", code):
            rows.append((code, row))
    return tuple(rows)


@cache
def all_countries() -> tuple[CountryInfo, ...]:
    countries = (
        CountryInfo(code, PREFERRED_NAMES.get(code, row.name_short), row.UNregion, row.continent)
        for code, row in _package_rows()
    )
    return tuple(sorted(countries, key=lambda c: c.name))


@dataclass(frozen=True)
class Mention:
    code: str
    start: int
    end: int
    text: str
    form: str  # "name", "demonym" or "place"


def _alternation(names):
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


@cache
def _name_table() -> dict[str, str]:
    table = {}
    for code, row in _package_rows():
        table.setdefault(row.name_short, code)
        table.setdefault(row.name_official, code)
    table.update({country.name: country.code for country in all_countries()})
    table.update(ALTERNATIVE_NAMES)
    return table


@cache
def _mention_pattern() -> re.Pattern:
    names = _alternation(_name_table())
    demonyms = _alternation(DEMONYMS)
    places = _alternation(PLACES)
    # Case-sensitive on purpose: "Chad", "Georgia" and "Jordan" are countries only
    # when written as names; "(?!-)" keeps "French-speaking" a language, not experts.
    return re.compile(rf"(?<![\w-])(?:(?P<name>{names})|(?P<demonym>{demonyms})|(?P<place>{places}))(?![\w-])")


def find_mentions(text: str) -> list[Mention]:
    mentions = []
    # Typographic apostrophes ("Côte d’Ivoire") match the names' straight ones; same length, same offsets.
    for match in _mention_pattern().finditer(text.replace("’", "'")):
        form = match.lastgroup
        word = match.group(form)
        table = {"name": _name_table(), "demonym": DEMONYMS, "place": PLACES}[form]
        mentions.append(Mention(table[word], match.start(), match.end(), word, form))
    return mentions


def code_for_name(name: str) -> str | None:
    """The ISO code of a country written by name, or None."""
    return _name_table().get(name.strip())
