"""SYNTHETIC victim lists for tests and benchmarks: invented people, no real victims.

Each person is an invented combination of common given names and family names, with a
known true id (``true_person``), so linkage accuracy can be checked against the truth.
Lists render names in different scripts (Persian/Arabic script, Latin transliterations
with their usual variants, Cyrillic), with typos, swapped word order, ages instead of
birth dates and missing fields, the way real lists disagree.

Run ``python tests/data/lists/synthetic.py`` to rewrite the committed fixtures (seeded:
the same files every time).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
# (Persian/Arabic script, Latin variants, Cyrillic, sex)
GIVEN = [
    ("محمد", ["Mohammad", "Muhammad", "Mohammed", "Mohamad"], "Мухаммад", "m"),
    ("علی", ["Ali", "Aly"], "Али", "m"),
    ("حسین", ["Hossein", "Hussein", "Hosein", "Husayn"], "Хусейн", "m"),
    ("رضا", ["Reza", "Rida", "Redha"], "Реза", "m"),
    ("مهدی", ["Mahdi", "Mehdi"], "Махди", "m"),
    ("احمد", ["Ahmad", "Ahmed"], "Ахмед", "m"),
    ("امیر", ["Amir", "Ameer"], "Амир", "m"),
    ("یوسف", ["Yousef", "Yusuf", "Youssef"], "Юсуф", "m"),
    ("کریم", ["Karim", "Kareem"], "Карим", "m"),
    ("جواد", ["Javad", "Jawad"], "Джавад", "m"),
    ("سعید", ["Saeed", "Said", "Saied"], "Саид", "m"),
    ("مجید", ["Majid", "Majeed"], "Маджид", "m"),
    ("عمر", ["Omar", "Umar"], "Омар", "m"),
    ("خالد", ["Khaled", "Khalid"], "Халид", "m"),
    ("ابراهیم", ["Ebrahim", "Ibrahim"], "Ибрагим", "m"),
    ("فاطمه", ["Fatemeh", "Fatima", "Fatemah"], "Фатима", "f"),
    ("زهرا", ["Zahra", "Zahraa"], "Захра", "f"),
    ("مریم", ["Maryam", "Mariam"], "Марьям", "f"),
    ("لیلا", ["Leila", "Layla", "Leyla"], "Лейла", "f"),
    ("سارا", ["Sara", "Sarah"], "Сара", "f"),
    ("نرگس", ["Narges", "Nargis"], "Наргиз", "f"),
    ("مینا", ["Mina", "Meena"], "Мина", "f"),
    ("عایشه", ["Aisha", "Ayesha", "Aysha"], "Айша", "f"),
    ("خدیجه", ["Khadijeh", "Khadija"], "Хадиджа", "f"),
    ("نسرین", ["Nasrin", "Nasreen"], "Насрин", "f"),
]
FAMILY = [
    ("رضایی", ["Rezaei", "Rezaee", "Rezai"], "Резаи"),
    ("حسینی", ["Hosseini", "Husseini", "Hoseini"], "Хоссейни"),
    ("احمدی", ["Ahmadi", "Ahmady"], "Ахмади"),
    ("کریمی", ["Karimi", "Kareemi"], "Карими"),
    ("موسوی", ["Mousavi", "Musavi", "Moussavi"], "Мусави"),
    ("جعفری", ["Jafari", "Jaafari", "Ja'fari"], "Джафари"),
    ("رحیمی", ["Rahimi", "Raheemi"], "Рахими"),
    ("محمدی", ["Mohammadi", "Muhammadi"], "Мохаммади"),
    ("صادقی", ["Sadeghi", "Sadeqi"], "Садеги"),
    ("قاسمی", ["Ghasemi", "Qasemi", "Kasemi"], "Гасеми"),
    ("نوری", ["Nouri", "Nuri", "Noori"], "Нури"),
    ("کاظمی", ["Kazemi", "Kazimi"], "Каземи"),
    ("عباسی", ["Abbasi", "Abassi"], "Аббаси"),
    ("یزدانی", ["Yazdani", "Yazdaani"], "Йездани"),
    ("شریفی", ["Sharifi", "Shareefi"], "Шарифи"),
    ("بلوچ", ["Baluch", "Baloch", "Balouch"], "Белудж"),
    ("کردستانی", ["Kordestani", "Kurdistani"], "Курдестани"),
    ("طاهری", ["Taheri", "Tahiri"], "Тахери"),
    ("نجفی", ["Najafi", "Nadjafi"], "Наджафи"),
    ("سلیمانی", ["Soleimani", "Sulaimani", "Solaymani"], "Сулеймани"),
    ("امینی", ["Amini", "Ameeni"], "Амини"),
    ("زارعی", ["Zarei", "Zareie"], "Зареи"),
    ("بهرامی", ["Bahrami", "Bahraami"], "Бахрами"),
    ("فرهادی", ["Farhadi", "Farhady"], "Фархади"),
    ("مرادی", ["Moradi", "Muradi"], "Муради"),
    ("اکبری", ["Akbari", "Akbary"], "Акбари"),
    ("هاشمی", ["Hashemi", "Hashimi"], "Хашеми"),
    ("ملکی", ["Maleki", "Maliki"], "Малеки"),
    ("نادری", ["Naderi", "Nadiri"], "Надери"),
    ("پاکزاد", ["Pakzad", "Paakzad"], "Пакзад"),
]
# Invented suffixes that make many more family names for the large benchmark.
SUFFIXES = [("", "", ""), ("زاده", "zadeh", "заде"), ("پور", "pour", "пур"), ("نژاد", "nejad", "неджад"),
            ("فر", "far", "фар"), ("یان", "yan", "ян"), ("مند", "mand", "манд"),
            ("خانی", "khani", "хани")]  # fmt: skip
PLACES = [
    ("زاهدان", ["Zahedan", "Zahidan"], "Захедан"),
    ("تهران", ["Tehran", "Teheran"], "Тегеран"),
    ("مشهد", ["Mashhad", "Mashad"], "Мешхед"),
    ("اصفهان", ["Isfahan", "Esfahan"], "Исфахан"),
    ("شیراز", ["Shiraz", "Shiraaz"], "Шираз"),
    ("تبریز", ["Tabriz", "Tebriz"], "Тебриз"),
    ("کرمانشاه", ["Kermanshah", "Kirmanshah"], "Керманшах"),
    ("سنندج", ["Sanandaj", "Sanandadj"], "Сенендедж"),
    ("اهواز", ["Ahvaz", "Ahwaz"], "Ахваз"),
    ("رشت", ["Rasht", "Resht"], "Решт"),
]


@dataclass(frozen=True)
class Person:
    id: int
    given: int
    father: int
    family: int
    suffix: int
    sex: str
    birth: date
    event_date: date
    place: int


def people(n: int, seed: int = 7, *, father_names: bool = False, suffixes: bool = False) -> list[Person]:
    rng = random.Random(seed)
    start = date(2019, 11, 1)
    found = []
    for i in range(1, n + 1):
        given = rng.randrange(len(GIVEN))
        found.append(
            Person(
                id=i,
                given=given,
                father=rng.randrange(15) if father_names else -1,  # fathers: the male names
                family=rng.randrange(len(FAMILY)),
                suffix=rng.randrange(len(SUFFIXES)) if suffixes else 0,
                sex=GIVEN[given][3],
                birth=date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28)),
                event_date=start + timedelta(days=rng.randrange(1100 if suffixes else 120)),
                place=rng.randrange(len(PLACES)),
            )
        )
    return found


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.7:  # drop one
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # double one


def render(p: Person, script: str, rng: random.Random, *, typo_rate: float = 0.1) -> tuple[str, str]:
    """(name, place) of ``p`` as a list in ``script`` (persian | latin | cyrillic) would write them."""
    g, fam, suf, place = GIVEN[p.given], FAMILY[p.family], SUFFIXES[p.suffix], PLACES[p.place]
    father = GIVEN[p.father] if p.father >= 0 else None
    if script == "persian":
        parts = [g[0], *([father[0]] if father else []), fam[0] + suf[0]]
        return " ".join(parts), place[0]
    if script == "cyrillic":
        parts = [g[2], *([father[2]] if father else []), fam[2] + suf[2]]
        return " ".join(parts), place[2]
    parts = [rng.choice(g[1]), *([rng.choice(father[1])] if father else []), rng.choice(fam[1]) + suf[1]]
    if rng.random() < typo_rate:
        k = rng.randrange(len(parts))
        parts[k] = _typo(rng, parts[k])
    if rng.random() < 0.15:  # family name first, as many registers write it
        parts = [parts[-1], *parts[:-1]]
    return " ".join(parts), rng.choice(place[1])


@dataclass(frozen=True)
class ListSpec:
    name: str
    coverage: float  # chance a person is on the list
    scripts: tuple[str, ...]
    header: dict[str, str]  # field -> column name
    age_instead_of_birth: float = 0.3
    missing: float = 0.1


SPECS = (
    ListSpec("ngo-a", 0.6, ("persian",),
             {"name": "نام", "sex": "Gender", "age": "Age", "birth_date": "Date of birth",
              "event_date": "Date of death", "event_place": "Place of death", "text": "Notes"}),
    ListSpec("ngo-b", 0.5, ("latin",),
             {"name": "Full name", "sex": "sex", "age": "age", "birth_date": "dob",
              "event_date": "date", "event_place": "place", "text": "details"}),
    ListSpec("morgue", 0.4, ("latin", "cyrillic"),
             {"name": "Deceased", "sex": "Sex", "age": "Age at death", "birth_date": "Born",
              "event_date": "Died", "event_place": "Location", "text": "Comment"}),
)  # fmt: skip


def rows(spec: ListSpec, persons: list[Person], seed: int, *, typo_rate: float = 0.1) -> list[dict[str, str]]:
    """The list's rows (columns named by ``spec.header`` plus ``true_person``)."""
    rng = random.Random(f"{seed}-{spec.name}")
    out = []
    for p in persons:
        if rng.random() >= spec.coverage:
            continue
        name, place = render(p, rng.choice(spec.scripts), rng, typo_rate=typo_rate)
        event = p.event_date + timedelta(days=rng.choice((0, 0, 0, 0, 0, 0, 1, -1)))
        row = {
            "name": name,
            "sex": {"m": rng.choice(["m", "male", "M"]), "f": rng.choice(["f", "female", "F"])}[p.sex],
            "age": "",
            "birth_date": "",
            "event_date": event.isoformat() if rng.random() < 0.8 else event.strftime("%d/%m/%Y"),
            "event_place": place,
            "text": "SYNTHETIC record",
        }
        if rng.random() < spec.age_instead_of_birth:
            row["age"] = str(
                p.event_date.year
                - p.birth.year
                - (1 if (p.event_date.month, p.event_date.day) < (p.birth.month, p.birth.day) else 0)
            )
        else:
            row["birth_date"] = p.birth.isoformat()
        for key in ("sex", "event_place", "event_date"):
            if rng.random() < spec.missing / 3:
                row[key] = ""
        out.append({**{spec.header[k]: v for k, v in row.items()}, "true_person": str(p.id)})
    rng.shuffle(out)
    return out


def write_csv(path: Path, found: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(found[0]))
        writer.writeheader()
        writer.writerows(found)


def write_xlsx(path: Path, found: list[dict[str, str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "victims"
    columns = list(found[0])
    sheet.append(columns)
    for row in found:
        sheet.append([row[c] for c in columns])
    book.save(path)


def main() -> None:
    persons = people(300, seed=7)
    for spec in SPECS:
        found = rows(spec, persons, seed=7)
        if spec.name == "morgue":
            write_xlsx(HERE / f"{spec.name}.xlsx", found)
        else:
            write_csv(HERE / f"{spec.name}.csv", found)
        print(spec.name, len(found))


if __name__ == "__main__":
    main()
