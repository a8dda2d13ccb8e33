"""Country normalisation: ISO codes, English and Ukrainian names -> ISO 3166-1 alpha-3.

Upwork reports `client.location.country` as a full name ("United States") or a
three-letter code ("GBR"); people type ISO-2 ("US"), ISO-3 ("USA") or a name
("India", "Україна"). Everything is reduced to the alpha-3 code so that a filter and a
job compare equal. The table below was generated from ISO 3166-1 (names, common and
official names, Ukrainian names); `_ALIASES` adds the everyday and Upwork spellings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("US", "USA", "America", "United States of America", "Сполучені Штати", "Америка"),
    "GBR": ("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Британія"),
    "ARE": ("UAE", "Emirates", "ОАЕ"),
    "RUS": ("Russia", "Росія"),
    "KOR": ("Korea", "Republic of Korea", "Korea South"),
    "PRK": ("Korea North",),
    "CZE": ("Czech",),
    "TUR": ("Turkey", "Turkiye"),
    "MKD": ("Macedonia",),
    "PSE": ("Palestine", "Palestinian Territories", "Palestinian Territory", "Палестина"),
    "VAT": ("Vatican", "Vatican City", "Holy See", "Ватикан"),
    "CIV": ("Ivory Coast",),
    "CPV": ("Cape Verde",),
    "SWZ": ("Swaziland",),
    "MMR": ("Burma",),
    "BRN": ("Brunei",),
    "TLS": ("East Timor",),
    "MAC": ("Macau",),
    "FSM": ("Micronesia",),
    "FLK": ("Falkland Islands",),
    "COD": ("Democratic Republic of the Congo", "Congo Kinshasa", "DR Congo", "DRC"),
    "COG": ("Republic of the Congo", "Congo Brazzaville"),
    "VGB": ("British Virgin Islands",),
    "VIR": ("US Virgin Islands", "United States Virgin Islands"),
    "MAF": ("Saint Martin",),
    "SXM": ("Sint Maarten",),
    "BES": ("Caribbean Netherlands", "Bonaire"),
    "SHN": ("Saint Helena",),
    "NLD": ("Holland", "The Netherlands"),
    "KNA": ("St Kitts and Nevis",),
    "LCA": ("St Lucia",),
    "VCT": ("St Vincent and the Grenadines",),
    "BHS": ("Bahamas",),
    "GMB": ("Gambia",),
    "MDA": ("Молдова",),
    "XKX": ("XK", "XKX", "Kosovo", "Косово"),
    "ANT": ("AN", "ANT", "Netherlands Antilles"),
}

_ISO_3166: tuple[tuple[str, ...], ...] = (
    ("AW", "ABW", "Aruba", "Аруба"),
    ("AF", "AFG", "Afghanistan", "Islamic Republic of Afghanistan", "Афганістан"),
    ("AO", "AGO", "Angola", "Republic of Angola", "Ангола"),
    ("AI", "AIA", "Anguilla", "Ангілья"),
    ("AX", "ALA", "Åland Islands", "Аландські острови"),
    ("AL", "ALB", "Albania", "Republic of Albania", "Албанія"),
    ("AD", "AND", "Andorra", "Principality of Andorra", "Андорра"),
    ("AE", "ARE", "United Arab Emirates", "Об’єднані Арабські Емірати"),
    ("AR", "ARG", "Argentina", "Argentine Republic", "Аргентина"),
    ("AM", "ARM", "Armenia", "Republic of Armenia", "Вірменія"),
    ("AS", "ASM", "American Samoa", "Американське Самоа"),
    ("AQ", "ATA", "Antarctica", "Антарктида"),
    ("TF", "ATF", "French Southern Territories", "Французькі Південні Території"),
    ("AG", "ATG", "Antigua and Barbuda", "Антигуа і Барбуда"),
    ("AU", "AUS", "Australia", "Австралія"),
    ("AT", "AUT", "Austria", "Republic of Austria", "Австрія"),
    ("AZ", "AZE", "Azerbaijan", "Republic of Azerbaijan", "Азербайджан"),
    ("BI", "BDI", "Burundi", "Republic of Burundi", "Бурунді"),
    ("BE", "BEL", "Belgium", "Kingdom of Belgium", "Бельгія"),
    ("BJ", "BEN", "Benin", "Republic of Benin", "Бенін"),
    ("BQ", "BES", "Bonaire, Sint Eustatius and Saba", "Бонайре, Сінт-Естатіус і Саба"),
    ("BF", "BFA", "Burkina Faso", "Буркіна-Фасо"),
    ("BD", "BGD", "Bangladesh", "People's Republic of Bangladesh", "Бангладеш"),
    ("BG", "BGR", "Bulgaria", "Republic of Bulgaria", "Болгарія"),
    ("BH", "BHR", "Bahrain", "Kingdom of Bahrain", "Бахрейн"),
    ("BS", "BHS", "Bahamas", "Commonwealth of the Bahamas", "Багамські острови"),
    (
        "BA",
        "BIH",
        "Bosnia and Herzegovina",
        "Republic of Bosnia and Herzegovina",
        "Боснія і Герцеговина",
    ),
    ("BL", "BLM", "Saint Barthélemy", "Сен-Бартельмі"),
    ("BY", "BLR", "Belarus", "Republic of Belarus", "Білорусь"),
    ("BZ", "BLZ", "Belize", "Беліз"),
    ("BM", "BMU", "Bermuda", "Бермудські острови"),
    (
        "BO",
        "BOL",
        "Bolivia, Plurinational State of",
        "Bolivia",
        "Plurinational State of Bolivia",
        "Болівія",
    ),
    ("BR", "BRA", "Brazil", "Federative Republic of Brazil", "Бразилія"),
    ("BB", "BRB", "Barbados", "Барбадос"),
    ("BN", "BRN", "Brunei Darussalam", "Бруней"),
    ("BT", "BTN", "Bhutan", "Kingdom of Bhutan", "Бутан"),
    ("BV", "BVT", "Bouvet Island", "Острів Буве"),
    ("BW", "BWA", "Botswana", "Republic of Botswana", "Ботсвана"),
    ("CF", "CAF", "Central African Republic", "Центральноафриканська Республіка"),
    ("CA", "CAN", "Canada", "Канада"),
    ("CC", "CCK", "Cocos (Keeling) Islands", "Кокосові (Кілінг) острови"),
    ("CH", "CHE", "Switzerland", "Swiss Confederation", "Швейцарія"),
    ("CL", "CHL", "Chile", "Republic of Chile", "Чилі"),
    ("CN", "CHN", "China", "People's Republic of China", "Китай"),
    ("CI", "CIV", "Côte d'Ivoire", "Republic of Côte d'Ivoire", "Кот-д'Івуар"),
    ("CM", "CMR", "Cameroon", "Republic of Cameroon", "Камерун"),
    ("CD", "COD", "Congo, The Democratic Republic of the", "Конго, демократична республіка"),
    ("CG", "COG", "Congo", "Republic of the Congo", "Конго"),
    ("CK", "COK", "Cook Islands", "Острови Кука"),
    ("CO", "COL", "Colombia", "Republic of Colombia", "Колумбія"),
    ("KM", "COM", "Comoros", "Union of the Comoros", "Коморські острови"),
    ("CV", "CPV", "Cabo Verde", "Republic of Cabo Verde", "Кабо-Верде"),
    ("CR", "CRI", "Costa Rica", "Republic of Costa Rica", "Коста-Рика"),
    ("CU", "CUB", "Cuba", "Republic of Cuba", "Куба"),
    ("CW", "CUW", "Curaçao", "Кюрасао"),
    ("CX", "CXR", "Christmas Island", "Острів Різдва"),
    ("KY", "CYM", "Cayman Islands", "Кайманові острови"),
    ("CY", "CYP", "Cyprus", "Republic of Cyprus", "Кіпр"),
    ("CZ", "CZE", "Czechia", "Czech Republic", "Чехія"),
    ("DE", "DEU", "Germany", "Federal Republic of Germany", "Німеччина"),
    ("DJ", "DJI", "Djibouti", "Republic of Djibouti", "Джибуті"),
    ("DM", "DMA", "Dominica", "Commonwealth of Dominica", "Домініка"),
    ("DK", "DNK", "Denmark", "Kingdom of Denmark", "Данія"),
    ("DO", "DOM", "Dominican Republic", "Домініканська республіка"),
    ("DZ", "DZA", "Algeria", "People's Democratic Republic of Algeria", "Алжир"),
    ("EC", "ECU", "Ecuador", "Republic of Ecuador", "Еквадор"),
    ("EG", "EGY", "Egypt", "Arab Republic of Egypt", "Єгипет"),
    ("ER", "ERI", "Eritrea", "the State of Eritrea", "Еритрея"),
    ("EH", "ESH", "Western Sahara", "Західна Сахара"),
    ("ES", "ESP", "Spain", "Kingdom of Spain", "Іспанія"),
    ("EE", "EST", "Estonia", "Republic of Estonia", "Естонія"),
    ("ET", "ETH", "Ethiopia", "Federal Democratic Republic of Ethiopia", "Ефіопія"),
    ("FI", "FIN", "Finland", "Republic of Finland", "Фінляндія"),
    ("FJ", "FJI", "Fiji", "Republic of Fiji", "Фіджі"),
    ("FK", "FLK", "Falkland Islands (Malvinas)", "Фолклендські острови (Британія)"),
    ("FR", "FRA", "France", "French Republic", "Франція"),
    ("FO", "FRO", "Faroe Islands", "Фарерські острови"),
    (
        "FM",
        "FSM",
        "Micronesia, Federated States of",
        "Federated States of Micronesia",
        "Мікронезія, федеративні штати",
    ),
    ("GA", "GAB", "Gabon", "Gabonese Republic", "Габон"),
    (
        "GB",
        "GBR",
        "United Kingdom",
        "United Kingdom of Great Britain and Northern Ireland",
        "Велика Британія",
    ),
    ("GE", "GEO", "Georgia", "Грузія"),
    ("GG", "GGY", "Guernsey", "Острів Гернсі"),
    ("GH", "GHA", "Ghana", "Republic of Ghana", "Гана"),
    ("GI", "GIB", "Gibraltar", "Гібралтар"),
    ("GN", "GIN", "Guinea", "Republic of Guinea", "Гвінея"),
    ("GP", "GLP", "Guadeloupe", "Гваделупа"),
    ("GM", "GMB", "Gambia", "Republic of the Gambia", "Гамбія"),
    ("GW", "GNB", "Guinea-Bissau", "Republic of Guinea-Bissau", "Гвінея-Бісау"),
    ("GQ", "GNQ", "Equatorial Guinea", "Republic of Equatorial Guinea", "Екваторіальна Гвінея"),
    ("GR", "GRC", "Greece", "Hellenic Republic", "Греція"),
    ("GD", "GRD", "Grenada", "Гренада"),
    ("GL", "GRL", "Greenland", "Ґренландія"),
    ("GT", "GTM", "Guatemala", "Republic of Guatemala", "Гватемала"),
    ("GF", "GUF", "French Guiana", "Французька Гвіана"),
    ("GU", "GUM", "Guam", "Гуам"),
    ("GY", "GUY", "Guyana", "Republic of Guyana", "Гаяна"),
    ("HK", "HKG", "Hong Kong", "Hong Kong Special Administrative Region of China", "Гонконг"),
    ("HM", "HMD", "Heard Island and McDonald Islands", "Острів Герд і острови Макдональд"),
    ("HN", "HND", "Honduras", "Republic of Honduras", "Гондурас"),
    ("HR", "HRV", "Croatia", "Republic of Croatia", "Хорватія"),
    ("HT", "HTI", "Haiti", "Republic of Haiti", "Гаїті"),
    ("HU", "HUN", "Hungary", "Угорщина"),
    ("ID", "IDN", "Indonesia", "Republic of Indonesia", "Індонезія"),
    ("IM", "IMN", "Isle of Man", "Острів Мен"),
    ("IN", "IND", "India", "Republic of India", "Індія"),
    ("IO", "IOT", "British Indian Ocean Territory", "Британська територія в Індійському океані"),
    ("IE", "IRL", "Ireland", "Ірландія"),
    ("IR", "IRN", "Iran, Islamic Republic of", "Iran", "Islamic Republic of Iran", "Іран"),
    ("IQ", "IRQ", "Iraq", "Republic of Iraq", "Ірак"),
    ("IS", "ISL", "Iceland", "Republic of Iceland", "Ісландія"),
    ("IL", "ISR", "Israel", "State of Israel", "Ізраїль"),
    ("IT", "ITA", "Italy", "Italian Republic", "Італія"),
    ("JM", "JAM", "Jamaica", "Ямайка"),
    ("JE", "JEY", "Jersey", "Джерсі"),
    ("JO", "JOR", "Jordan", "Hashemite Kingdom of Jordan", "Йорданія"),
    ("JP", "JPN", "Japan", "Японія"),
    ("KZ", "KAZ", "Kazakhstan", "Republic of Kazakhstan", "Казахстан"),
    ("KE", "KEN", "Kenya", "Republic of Kenya", "Кенія"),
    ("KG", "KGZ", "Kyrgyzstan", "Kyrgyz Republic", "Киргизстан"),
    ("KH", "KHM", "Cambodia", "Kingdom of Cambodia", "Камбоджа"),
    ("KI", "KIR", "Kiribati", "Republic of Kiribati", "Кірибаті"),
    ("KN", "KNA", "Saint Kitts and Nevis", "Сент-Кіттс і Невіс"),
    ("KR", "KOR", "Korea, Republic of", "South Korea", "Південна Корея"),
    ("KW", "KWT", "Kuwait", "State of Kuwait", "Кувейт"),
    (
        "LA",
        "LAO",
        "Lao People's Democratic Republic",
        "Laos",
        "Лаоська Народно-Демократична Республіка",
        "Лаос",
    ),
    ("LB", "LBN", "Lebanon", "Lebanese Republic", "Ліван"),
    ("LR", "LBR", "Liberia", "Republic of Liberia", "Ліберія"),
    ("LY", "LBY", "Libya", "Лівія"),
    ("LC", "LCA", "Saint Lucia", "Сент-Люсія"),
    ("LI", "LIE", "Liechtenstein", "Principality of Liechtenstein", "Ліхтенштейн"),
    ("LK", "LKA", "Sri Lanka", "Democratic Socialist Republic of Sri Lanka", "Шрі-Ланка"),
    ("LS", "LSO", "Lesotho", "Kingdom of Lesotho", "Лесото"),
    ("LT", "LTU", "Lithuania", "Republic of Lithuania", "Литва"),
    ("LU", "LUX", "Luxembourg", "Grand Duchy of Luxembourg", "Люксембург"),
    ("LV", "LVA", "Latvia", "Republic of Latvia", "Латвія"),
    ("MO", "MAC", "Macao", "Macao Special Administrative Region of China", "Макао"),
    ("MF", "MAF", "Saint Martin (French part)", "Сен-Мартен (французька частина)"),
    ("MA", "MAR", "Morocco", "Kingdom of Morocco", "Марокко"),
    ("MC", "MCO", "Monaco", "Principality of Monaco", "Монако"),
    (
        "MD",
        "MDA",
        "Moldova, Republic of",
        "Moldova",
        "Republic of Moldova",
        "Республіка Молдова",
        "Молдова",
    ),
    ("MG", "MDG", "Madagascar", "Republic of Madagascar", "Мадагаскар"),
    ("MV", "MDV", "Maldives", "Republic of Maldives", "Мальдіви"),
    ("MX", "MEX", "Mexico", "United Mexican States", "Мексика"),
    ("MH", "MHL", "Marshall Islands", "Republic of the Marshall Islands", "Маршаллові острови"),
    ("MK", "MKD", "North Macedonia", "Republic of North Macedonia", "Північна Македонія"),
    ("ML", "MLI", "Mali", "Republic of Mali", "Малі"),
    ("MT", "MLT", "Malta", "Republic of Malta", "Мальта"),
    ("MM", "MMR", "Myanmar", "Republic of Myanmar", "М’янма"),
    ("ME", "MNE", "Montenegro", "Чорногорія"),
    ("MN", "MNG", "Mongolia", "Монголія"),
    (
        "MP",
        "MNP",
        "Northern Mariana Islands",
        "Commonwealth of the Northern Mariana Islands",
        "Північні Маріанські Острови",
    ),
    ("MZ", "MOZ", "Mozambique", "Republic of Mozambique", "Мозамбік"),
    ("MR", "MRT", "Mauritania", "Islamic Republic of Mauritania", "Мавританія"),
    ("MS", "MSR", "Montserrat", "Монтсеррат"),
    ("MQ", "MTQ", "Martinique", "Мартиніка"),
    ("MU", "MUS", "Mauritius", "Republic of Mauritius", "Маврикій"),
    ("MW", "MWI", "Malawi", "Republic of Malawi", "Малаві"),
    ("MY", "MYS", "Malaysia", "Малайзія"),
    ("YT", "MYT", "Mayotte", "Майотта"),
    ("NA", "NAM", "Namibia", "Republic of Namibia", "Намібія"),
    ("NC", "NCL", "New Caledonia", "Нова Каледонія"),
    ("NE", "NER", "Niger", "Republic of the Niger", "Нігер"),
    ("NF", "NFK", "Norfolk Island", "Острів Норфолк"),
    ("NG", "NGA", "Nigeria", "Federal Republic of Nigeria", "Нігерія"),
    ("NI", "NIC", "Nicaragua", "Republic of Nicaragua", "Нікарагуа"),
    ("NU", "NIU", "Niue", "Ніуе"),
    ("NL", "NLD", "Netherlands", "Kingdom of the Netherlands", "Нідерланди"),
    ("NO", "NOR", "Norway", "Kingdom of Norway", "Норвегія"),
    ("NP", "NPL", "Nepal", "Federal Democratic Republic of Nepal", "Непал"),
    ("NR", "NRU", "Nauru", "Republic of Nauru", "науру"),
    ("NZ", "NZL", "New Zealand", "Нова Зеландія"),
    ("OM", "OMN", "Oman", "Sultanate of Oman", "Оман"),
    ("PK", "PAK", "Pakistan", "Islamic Republic of Pakistan", "Пакистан"),
    ("PA", "PAN", "Panama", "Republic of Panama", "Панама"),
    ("PN", "PCN", "Pitcairn", "Піткерн"),
    ("PE", "PER", "Peru", "Republic of Peru", "Перу"),
    ("PH", "PHL", "Philippines", "Republic of the Philippines", "Філіппіни"),
    ("PW", "PLW", "Palau", "Republic of Palau", "Палау"),
    ("PG", "PNG", "Papua New Guinea", "Independent State of Papua New Guinea", "Папуа Нова Гвінея"),
    ("PL", "POL", "Poland", "Republic of Poland", "Польща"),
    ("PR", "PRI", "Puerto Rico", "Пуерто-Рико"),
    (
        "KP",
        "PRK",
        "Korea, Democratic People's Republic of",
        "North Korea",
        "Democratic People's Republic of Korea",
        "Північна Корея",
    ),
    ("PT", "PRT", "Portugal", "Portuguese Republic", "Португалія"),
    ("PY", "PRY", "Paraguay", "Republic of Paraguay", "Парагвай"),
    ("PS", "PSE", "Palestine, State of", "the State of Palestine", "Палестина, Держава"),
    ("PF", "PYF", "French Polynesia", "Французька Полінезія"),
    ("QA", "QAT", "Qatar", "State of Qatar", "Катар"),
    ("RE", "REU", "Réunion", "Реюньйон"),
    ("RO", "ROU", "Romania", "Румунія"),
    ("RU", "RUS", "Russian Federation", "Російська Федерація"),
    ("RW", "RWA", "Rwanda", "Rwandese Republic", "Руанда"),
    ("SA", "SAU", "Saudi Arabia", "Kingdom of Saudi Arabia", "Саудівська Аравія"),
    ("SD", "SDN", "Sudan", "Republic of the Sudan", "Судан"),
    ("SN", "SEN", "Senegal", "Republic of Senegal", "Сенегал"),
    ("SG", "SGP", "Singapore", "Republic of Singapore", "Сінгапур"),
    (
        "GS",
        "SGS",
        "South Georgia and the South Sandwich Islands",
        "Південна Джорджія та Південні Сандвічеві острови",
    ),
    (
        "SH",
        "SHN",
        "Saint Helena, Ascension and Tristan da Cunha",
        "Острови Святої Єлени, Вознесіння і Тристан-да-Кунья",
    ),
    ("SJ", "SJM", "Svalbard and Jan Mayen", "Острови Свальбард і Ян Маєн"),
    ("SB", "SLB", "Solomon Islands", "Соломонові Острови"),
    ("SL", "SLE", "Sierra Leone", "Republic of Sierra Leone", "Сьєрра-Леоне"),
    ("SV", "SLV", "El Salvador", "Republic of El Salvador", "Сальвадор"),
    ("SM", "SMR", "San Marino", "Republic of San Marino", "Сан-Марино"),
    ("SO", "SOM", "Somalia", "Federal Republic of Somalia", "Сомалі"),
    ("PM", "SPM", "Saint Pierre and Miquelon", "Сен-П'єр і Мікелон"),
    ("RS", "SRB", "Serbia", "Republic of Serbia", "Сербія"),
    ("SS", "SSD", "South Sudan", "Republic of South Sudan", "Південний Судан"),
    (
        "ST",
        "STP",
        "Sao Tome and Principe",
        "Democratic Republic of Sao Tome and Principe",
        "Сан-Томе і Принсіпі",
    ),
    ("SR", "SUR", "Suriname", "Republic of Suriname", "Суринам"),
    ("SK", "SVK", "Slovakia", "Slovak Republic", "Словаччина"),
    ("SI", "SVN", "Slovenia", "Republic of Slovenia", "Словенія"),
    ("SE", "SWE", "Sweden", "Kingdom of Sweden", "Швеція"),
    ("SZ", "SWZ", "Eswatini", "Kingdom of Eswatini", "Есватіні"),
    ("SX", "SXM", "Sint Maarten (Dutch part)", "Сінт-Мартен (голландська частина)"),
    ("SC", "SYC", "Seychelles", "Republic of Seychelles", "Сейшели"),
    ("SY", "SYR", "Syrian Arab Republic", "Syria", "Сирійська Арабська Республіка", "Сирія"),
    ("TC", "TCA", "Turks and Caicos Islands", "Острови Теркс і Кайкос"),
    ("TD", "TCD", "Chad", "Republic of Chad", "Чад"),
    ("TG", "TGO", "Togo", "Togolese Republic", "Того"),
    ("TH", "THA", "Thailand", "Kingdom of Thailand", "Таїланд"),
    ("TJ", "TJK", "Tajikistan", "Republic of Tajikistan", "Таджикистан"),
    ("TK", "TKL", "Tokelau", "токелау"),
    ("TM", "TKM", "Turkmenistan", "Туркменістан"),
    ("TL", "TLS", "Timor-Leste", "Democratic Republic of Timor-Leste", "Східний Тимор"),
    ("TO", "TON", "Tonga", "Kingdom of Tonga", "Тонга"),
    ("TT", "TTO", "Trinidad and Tobago", "Republic of Trinidad and Tobago", "Тринідад і Тобаго"),
    ("TN", "TUN", "Tunisia", "Republic of Tunisia", "Туніс"),
    ("TR", "TUR", "Türkiye", "Republic of Türkiye", "Туреччина"),
    ("TV", "TUV", "Tuvalu", "тувалу"),
    ("TW", "TWN", "Taiwan, Province of China", "Taiwan", "Тайвань, провінція Китаю", "Тайвань"),
    (
        "TZ",
        "TZA",
        "Tanzania, United Republic of",
        "Tanzania",
        "United Republic of Tanzania",
        "Танзанія, Об’єднана Республіка",
        "Танзанія",
    ),
    ("UG", "UGA", "Uganda", "Republic of Uganda", "Уганда"),
    ("UA", "UKR", "Ukraine", "Україна"),
    ("UM", "UMI", "United States Minor Outlying Islands", "Зовнішні малі острови США"),
    ("UY", "URY", "Uruguay", "Eastern Republic of Uruguay", "Уругвай"),
    ("US", "USA", "United States", "United States of America", "США"),
    ("UZ", "UZB", "Uzbekistan", "Republic of Uzbekistan", "Узбекистан"),
    ("VA", "VAT", "Holy See (Vatican City State)", "Святий Престол (Ватикан, Місто-Держава)"),
    ("VC", "VCT", "Saint Vincent and the Grenadines", "Сент-Вінсент і Гренадини"),
    (
        "VE",
        "VEN",
        "Venezuela, Bolivarian Republic of",
        "Venezuela",
        "Bolivarian Republic of Venezuela",
        "Венесуела, Боліварська Республіка",
        "Венесуела",
    ),
    (
        "VG",
        "VGB",
        "Virgin Islands, British",
        "British Virgin Islands",
        "Віргінські острови (Британія)",
    ),
    (
        "VI",
        "VIR",
        "Virgin Islands, U.S.",
        "Virgin Islands of the United States",
        "Віргінські острови (США)",
    ),
    ("VN", "VNM", "Viet Nam", "Vietnam", "Socialist Republic of Viet Nam", "В'єтнам"),
    ("VU", "VUT", "Vanuatu", "Republic of Vanuatu", "Вануату"),
    ("WF", "WLF", "Wallis and Futuna", "Волліс і Футуна"),
    ("WS", "WSM", "Samoa", "Independent State of Samoa", "Самоа"),
    ("YE", "YEM", "Yemen", "Republic of Yemen", "Ємен"),
    ("ZA", "ZAF", "South Africa", "Republic of South Africa", "Південна Африка"),
    ("ZM", "ZMB", "Zambia", "Republic of Zambia", "Замбія"),
    ("ZW", "ZWE", "Zimbabwe", "Republic of Zimbabwe", "Зімбабве"),
)


def _key(value: str) -> str:
    """Case, accents, punctuation and a leading "the" don't matter."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(re.sub(r"[\W_]+", " ", text.replace("&", " and ")).split())
    return text.removeprefix("the ")


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _ISO_3166:  # alpha-2, alpha-3, names...
        for name in row:
            table.setdefault(_key(name), row[1])
    for alpha3, aliases in _ALIASES.items():
        for alias in aliases:
            table.setdefault(_key(alias), alpha3)
    return table


_BY_KEY = _build()
ALPHA3_CODES = frozenset(_BY_KEY.values())


@lru_cache(maxsize=4096)
def normalize_country(value: str) -> str | None:
    """The ISO alpha-3 code of a code or name, or None when it names no known country."""
    return _BY_KEY.get(_key(value)) if value else None


def country_code(value: str) -> str:
    """A country as filters store and compare it: ISO alpha-3, or upper-cased when unknown."""
    return normalize_country(value) or value.strip().upper()


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def _names() -> dict[str, dict[str, str]]:
    """alpha-3 -> {"en": common English name, "uk": Ukrainian name} (from the table)."""
    names: dict[str, dict[str, str]] = {}
    for row in _ISO_3166:
        ukrainian = next((name for name in reversed(row) if _has_cyrillic(name)), row[2])
        names[row[1]] = {"en": row[2], "uk": ukrainian}
    return names


_NAMES = _names()


def country_name(value: str, language: str = "en") -> str:
    """How to show a country to a person: "ROU" and "Romania" both become "Romania"
    (or "Румунія"); an unknown value is shown as given."""
    code = normalize_country(value)
    names = _NAMES.get(code or "")
    return names.get(language, names["en"]) if names else value.strip()
