"""A corpus of synthetic news articles for `csto-kg pipeline`, with the truth planted in it written beside it.

    python bench/corpus.py generate ARTICLES OUT [--seed N] [--reports K] [--no-build]
    python bench/corpus.py check OUT PIPELINE_OUTPUT [--json FILE]

`generate` writes, streaming (a block of episodes at a time: memory does not grow with ARTICLES):

- `OUT/world/`: a csto-kg project (the checkout's ontology, shapes and queries copied) whose register
  (`graph/entities.ttl`) is a synthetic world: states, regions, cities, military units, news outlets, defence
  ministers and chiefs of staff with their offices, and for every *episode* (a unit sent to a city, then home) its
  two events, an Arrival and a Return, undated: what the articles report of them is for the pipeline to find. It
  is built (`csto-kg build --no-hermit --allow-invalid`: the world's events have no evidence until articles
  report them), because extract reads the build's events to match reports of one event;
- `OUT/articles/NNNNNNN.txt` and `OUT/metadata.csv` (file, publisher, published, lang, url), the pipeline's input:
  each article, in English or Russian, reports one episode from templates (its arrival with a date and often a
  head count, often its return, sometimes where the city lies or who holds an office) among sentences that
  report nothing;
- `OUT/truth.jsonl`: one line per episode: its events, the true date and count, and each report with what it
  states; the disagreements planted (a report giving another arrival date: outvoted when more outlets give the
  true one, both kept on a tie; another head count: both kept) and the errors (a city put in a region of another
  state, which the register contradicts: set aside as the source's error).

Every 40th episode no article reports: its two events are in the register with no evidence, a violation the
checks must find. Each episode's reports come from distinct outlets (at most 128), so that outvoting is a count of
reports. The world's units run out at about 9,200 reported episodes; beyond that the episodes get more reports each
(a big story, many outlets): 10^6 articles are about 108 reports an episode.

`check` reads the pipeline's output (its N-Quads and findings.json) and compares it with the truth: every planted
fact stated by a claim of its article, no planted event dated or counted otherwise than its article says, and the
disagreements, outvoted dates, errors and violations found exactly the planted ones. Deterministic for a seed and a
size.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import random
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/csto-kg/id/"
KGO = "https://w3id.org/csto-kg/ontology#"
BLOCK = 500  # episodes generated, shuffled and written together: the memory the generator holds
UNREPORTED = 40

# --- the world's words -------------------------------------------------------------------------------------------

STATES = [  # en, ru (nominative; -ия: genitive -ии, accusative -ию)
    ("Varnia", "Варния"), ("Ostravia", "Остравия"), ("Belmoria", "Белмория"), ("Dravia", "Дравия"),
    ("Selonia", "Селония"), ("Marovia", "Маровия"), ("Luzaria", "Лузария"), ("Pellonia", "Пеллония"),
    ("Zemgaria", "Земгария"), ("Ordania", "Ордания"), ("Kelmaria", "Кельмария"), ("Tavronia", "Таврония"),
]  # fmt: skip
REGION_WORDS = [
    ("Amber", "Янтарная"), ("Birch", "Берёзовая"), ("Cedar", "Кедровая"), ("Copper", "Медная"),
    ("Flint", "Кремнёвая"), ("Heather", "Вересковая"), ("Juniper", "Можжевеловая"), ("Linden", "Липовая"),
    ("Marble", "Мраморная"), ("Osprey", "Скопиная"), ("Poplar", "Тополиная"), ("Quartz", "Кварцевая"),
    ("Rowan", "Рябиновая"), ("Saffron", "Шафрановая"), ("Thistle", "Чертополоховая"), ("Willow", "Ивовая"),
    ("Alder", "Ольховая"), ("Bramble", "Ежевичная"), ("Clover", "Клеверная"), ("Fennel", "Укропная"),
    ("Garnet", "Гранатовая"), ("Hazel", "Ореховая"), ("Iris", "Ирисовая"), ("Jasper", "Яшмовая"),
]  # fmt: skip
SYLLABLES = [("var", "вар"), ("bel", "бел"), ("dor", "дор"), ("kal", "кал"), ("lin", "лин"), ("mir", "мир"),
             ("tor", "тор"), ("zel", "зел"), ("ros", "рос"), ("stan", "стан"), ("ven", "вен"), ("gor", "гор"),
             ("pol", "пол"), ("sev", "сев"), ("kor", "кор"), ("dub", "дуб")]  # fmt: skip
LINKS = [("o", "о"), ("e", "е"), ("a", "а")]
CITY_ENDINGS = [("grad", "град"), ("sk", "ск"), ("burg", "бург")]  # masculine: accusative as nominative
ADJECTIVES = [
    ("Northern", "Северный"), ("Southern", "Южный"), ("Eastern", "Восточный"), ("Western", "Западный"),
    ("Swift", "Быстрый"), ("Iron", "Железный"), ("Silver", "Серебряный"), ("Golden", "Золотой"),
    ("Steel", "Стальной"), ("Mountain", "Горный"), ("Steppe", "Степной"), ("Forest", "Лесной"),
    ("Sea", "Морской"), ("Night", "Ночной"), ("White", "Белый"), ("Black", "Чёрный"), ("Red", "Красный"),
    ("Blue", "Синий"), ("Bold", "Смелый"), ("Loyal", "Верный"), ("Proud", "Гордый"), ("Silent", "Тихий"),
    ("Far", "Дальний"), ("Grey", "Серый"), ("Bright", "Яркий"), ("Wild", "Дикий"), ("Stern", "Суровый"),
    ("Brave", "Храбрый"), ("Hidden", "Скрытый"), ("Distant", "Далёкий"), ("Frozen", "Ледяной"),
    ("Burning", "Огненный"), ("Winter", "Зимний"), ("Summer", "Летний"), ("Autumn", "Осенний"),
]  # fmt: skip
NOUNS = [
    ("Falcon", "сокол"), ("Hawk", "ястреб"), ("Wolf", "волк"), ("Bear", "медведь"), ("Eagle", "орёл"),
    ("Tiger", "тигр"), ("Lion", "лев"), ("Blizzard", "буран"), ("Thunder", "гром"), ("Whirlwind", "вихрь"),
    ("Shield", "щит"), ("Sword", "меч"), ("Blade", "клинок"), ("Raven", "ворон"), ("Elk", "лось"),
    ("Boar", "кабан"), ("Hurricane", "ураган"), ("Glacier", "ледник"), ("Granite", "гранит"), ("Cliff", "утёс"),
    ("Cedar", "кедр"), ("Oak", "дуб"), ("Archer", "лучник"), ("Spearman", "копьеносец"), ("Meteor", "метеор"),
    ("Frost", "мороз"), ("Wind", "ветер"), ("Fire", "огонь"), ("Rock", "камень"), ("Stream", "поток"),
    ("Dawn", "рассвет"), ("Sunset", "закат"), ("Horizon", "горизонт"), ("Badger", "барсук"), ("Fox", "лис"),
    ("Hammer", "молот"), ("Anchor", "якорь"), ("Bastion", "бастион"), ("Outpost", "форпост"), ("Harpoon", "гарпун"),
    ("Condor", "кондор"), ("Jaguar", "ягуар"), ("Bison", "бизон"), ("Beacon", "маяк"), ("Sentinel", "дозор"),
]  # fmt: skip
UNIT_TYPES = [  # en, ru nominative, ru genitive, feminine (for the verb)
    ("Brigade", "бригада", "бригады", True), ("Regiment", "полк", "полка", False),
    ("Battalion", "батальон", "батальона", False), ("Division", "дивизия", "дивизии", True),
    ("Detachment", "отряд", "отряда", False), ("Group", "группа", "группы", True),
]  # fmt: skip
OUTLET_WORDS = ["Northern", "Valley", "Capital", "Harbour", "Evening", "Morning", "Frontier", "Central", "Coastal",
                "Highland", "Lowland", "River", "Lake", "Prairie", "Summit", "Metro"]  # fmt: skip
OUTLET_KINDS = ["Herald", "Courier", "Gazette", "Chronicle", "Observer", "Tribune", "Dispatch", "Bulletin"]
FIRST_NAMES = [("Ivan", "Иван"), ("Pavel", "Павел"), ("Oleg", "Олег"), ("Boris", "Борис"), ("Anton", "Антон"),
               ("Roman", "Роман"), ("Gleb", "Глеб"), ("Denis", "Денис")]  # fmt: skip
SURNAMES = [("Petrov", "Петров"), ("Sokolov", "Соколов"), ("Morozov", "Морозов"), ("Volkov", "Волков"),
            ("Lebedev", "Лебедев"), ("Kozlov", "Козлов"), ("Novikov", "Новиков"), ("Orlov", "Орлов"),
            ("Belov", "Белов"), ("Zaitsev", "Зайцев"), ("Pavlov", "Павлов"), ("Semyonov", "Семёнов"),
            ("Golubev", "Голубев"), ("Vinogradov", "Виноградов"), ("Bogdanov", "Богданов"), ("Vorobyov", "Воробьёв"),
            ("Frolov", "Фролов"), ("Gusev", "Гусев"), ("Titov", "Титов"), ("Kuzmin", "Кузьмин"),
            ("Kudryavtsev", "Кудрявцев"), ("Baranov", "Баранов"), ("Kulikov", "Куликов"),
            ("Alekseev", "Алексеев")]  # fmt: skip
OFFICES = [("Minister of Defence of {}", "Министр обороны {}"),
           ("Chief of the General Staff of {}", "Начальник Генерального штаба {}")]  # fmt: skip
MONTHS_EN = "January February March April May June July August September October November December".split()
MONTHS_RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
# The bar the corpus's candidates are accepted at: its template sentences are read right by construction, and the
# confidence table, learnt on real articles where such an event often carries a wrong role, rates them 0.3-0.5
# (under the advised csto_kg.choices.ACCEPT_ABOVE). The corpus checks the pipeline, not the bar.
ACCEPT_ABOVE = 0.3
FILLERS_EN = [
    "Residents of {city} watched the column on the main road.",
    "The weather was cold and the roads were icy.",
    "Officials gave no further details.",
    "Local shops stayed open throughout the week.",
    "Schools in the area remained closed.",
    "Traffic on the main road was slow.",
    "Photographs of the column appeared online.",
]
FILLERS_RU = [
    "Погода была холодной, дороги обледенели.",
    "Местные магазины работали в обычном режиме.",
    "Школы в округе оставались закрытыми.",
    "Движение на главной дороге было медленным.",
    "Фотографии колонны появились в сети.",
]


def kebab(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


@dataclass
class World:
    """The fixed part of the world: places, outlets, people and offices, and the pool of units."""

    states: list[dict] = field(default_factory=list)
    cities: list[dict] = field(default_factory=list)
    outlets: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)  # {"iri", "en", "ru", "office": {...}}
    units: list[tuple] = field(default_factory=list)  # (adjective, noun, unit type): drawn in a fixed order

    @classmethod
    def make(cls, rng: random.Random) -> World:
        world = cls()
        names = iter(
            rng.sample(
                [(a + b + c + e, ar + br + cr + er) for a, ar in SYLLABLES for b, br in LINKS
                 for c, cr in SYLLABLES for e, er in CITY_ENDINGS if a != c],
                len(STATES) * 2 * 6,
            )
        )  # fmt: skip
        kinds = (("Vale", "долина"), ("Upland", "возвышенность"))
        regions = iter(
            rng.sample([(f"{w} {k}", f"{r} {kr}") for w, r in REGION_WORDS for k, kr in kinds], len(STATES) * 2)
        )
        people = iter(rng.sample([(f"{f} {s}", f"{fr} {sr}") for f, fr in FIRST_NAMES for s, sr in SURNAMES],
                                 len(STATES) * len(OFFICES)))  # fmt: skip
        for en, ru in STATES:
            state = {"iri": KG + kebab(en), "en": en, "ru": ru, "ru_gen": ru[:-1] + "и", "ru_acc": ru[:-1] + "ю",
                     "regions": []}  # fmt: skip
            world.states.append(state)
            for _ in range(2):
                r_en, r_ru = next(regions)
                region = {"iri": KG + kebab(r_en), "en": r_en, "ru": r_ru, "state": state}
                state["regions"].append(region)
                for _ in range(6):
                    c_en, c_ru = next(names)
                    world.cities.append(
                        {"iri": KG + kebab(c_en.capitalize()), "en": c_en.capitalize(), "ru": c_ru.capitalize(),
                         "region": region}
                    )  # fmt: skip
            for office_en, office_ru in OFFICES:
                p_en, p_ru = next(people)
                office = {"iri": KG + kebab(office_en.format(en)), "en": office_en.format(en),
                          "ru": office_ru.format(state["ru_gen"]), "state": state}  # fmt: skip
                world.people.append({"iri": KG + kebab(p_en), "en": p_en, "ru": p_ru, "office": office})
        world.outlets = [
            {"iri": KG + kebab(f"{w} {k}"), "name": f"{w} {k}"} for w in OUTLET_WORDS for k in OUTLET_KINDS
        ]
        world.units = [(a, n, t) for a in ADJECTIVES for n in NOUNS for t in UNIT_TYPES]
        rng.shuffle(world.units)
        return world

    def turtle(self) -> str:
        """The fixed part of the register."""
        out = [PREFIXES]
        for s in self.states:
            out.append(f'<{s["iri"]}> a kgo:State , kgo:Country ; rdfs:label "{s["en"]}"@en , "{s["ru"]}"@ru .')
            for r in s["regions"]:
                out.append(f'<{r["iri"]}> a kgo:Region ; rdfs:label "{r["en"]}"@en , "{r["ru"]}"@ru ; '
                           f'kgo:locatedIn <{s["iri"]}> .')  # fmt: skip
        for c in self.cities:
            out.append(f'<{c["iri"]}> a kgo:City ; rdfs:label "{c["en"]}"@en , "{c["ru"]}"@ru ; '
                       f'kgo:locatedIn <{c["region"]["iri"]}> .')  # fmt: skip
        for o in self.outlets:
            out.append(f'<{o["iri"]}> a kgo:NewsOutlet ; rdfs:label "{o["name"]}"@en , "{o["name"]}"@ru .')
        for p in self.people:
            office, holding = p["office"], p["iri"] + "-" + p["office"]["iri"].removeprefix(KG)
            out.append(f'<{office["iri"]}> a kgo:Office ; rdfs:label "{office["en"]}"@en , "{office["ru"]}"@ru ; '
                       f'kgo:officeIn <{office["state"]["iri"]}> .')  # fmt: skip
            out.append(
                f'<{p["iri"]}> a kgo:Person ; rdfs:label "{p["en"]}"@en , "{p["ru"]}"@ru ; kgo:holds <{holding}> .'
            )
            out.append(f"<{holding}> a kgo:OfficeHolding ; kgo:office <{office['iri']}> .")
        return "\n".join(out) + "\n"


PREFIXES = """@prefix kg:   <https://w3id.org/csto-kg/id/> .
@prefix kgo:  <https://w3id.org/csto-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


# --- episodes and their reports ----------------------------------------------------------------------------------


def unit_of(world: World, index: int) -> dict:
    (a_en, a_ru), (n_en, n_ru), (t_en, t_ru, t_gen, feminine) = world.units[index]
    en = f"{a_en} {n_en} {t_en}"
    return {"iri": KG + kebab(en), "en": en, "ru": f"{t_ru} «{a_ru} {n_ru}»", "ru_gen": f"{t_gen} «{a_ru} {n_ru}»",
            "feminine": feminine}  # fmt: skip


def episode(world: World, number: int, unit: dict, reports: int, rng: random.Random) -> dict:
    """One unit sent to a city and home again, reported by `reports` articles of distinct outlets, with what each
    states and the disagreements and errors planted among them."""
    city = rng.choice(world.cities)
    home = rng.choice([s for s in world.states if s is not city["region"]["state"]])
    arrival = datetime.date(2022, 1, 5) + datetime.timedelta(days=rng.randrange(300))
    back = arrival + datetime.timedelta(days=rng.randint(4, 25))
    count = rng.randrange(150, 2500, 10)
    outlets = rng.sample(world.outlets, reports)
    out = {
        "episode": number,
        "unit": unit["iri"],
        "city": city["iri"],
        "home": home["iri"],
        "arrival": f"{KG}bench-arrival-{number}",
        "return": f"{KG}bench-return-{number}",
        "arrival_date": arrival.isoformat(),
        "return_date": back.isoformat(),
        "count": count,
        "reports": [],
    }
    wrong_date = reports >= 2 and rng.random() < 0.15
    wrong_count = rng.random() < 0.15
    for i, outlet in enumerate(outlets):
        said_arrival = arrival - datetime.timedelta(days=rng.randint(1, 3)) if wrong_date and i == 1 else arrival
        tells_return = i == 0 or rng.random() < 0.6  # one report at least tells each event
        latest = back if tells_return else arrival
        published = min(latest + datetime.timedelta(days=rng.randint(0, 8)), datetime.date(2022, 12, 31))
        report = {
            "outlet": outlet["iri"],
            "publisher": outlet["name"],
            "lang": "ru" if rng.random() < 0.4 else "en",
            "published": published.isoformat(),
            "arrival_date": said_arrival.isoformat(),
            "count": None,
            "return_date": back.isoformat() if tells_return else None,
            "located": None,
            "holds": None,
        }
        if rng.random() < 0.6:
            report["count"] = count + (rng.choice([40, 70, 120, 200]) if wrong_count and i == 0 else 0)
        if report["lang"] == "en" and rng.random() < 0.3:  # where the city lies; sometimes wrongly
            region = city["region"]
            error = rng.random() < 0.1
            if error:
                region = rng.choice([r for s in world.states if s is not region["state"] for r in s["regions"]])
            report["located"] = {"city": city["iri"], "region": region["iri"], "error": error}
        if rng.random() < 0.3:
            person = rng.choice(world.people)
            report["holds"] = {"person": person["iri"], "office": person["office"]["iri"]}
        out["reports"].append(report)
    if sum(1 for r in out["reports"] if r["count"] is not None) < 2:
        wrong_count = False
        counted = [r for r in out["reports"] if r["count"] is not None]
        for r in counted:
            r["count"] = count
    out["planted"] = {
        "date": wrong_date,
        "count": wrong_count and len({r["count"] for r in out["reports"]} - {None}) > 1,
    }
    return out


def say_date(day: datetime.date, lang: str) -> str:
    if lang == "en":
        return f"{MONTHS_EN[day.month - 1]} {day.day}"
    return f"{day.day} {MONTHS_RU[day.month - 1]}"


def say_count(n: int, lang: str) -> str:
    """Thousands apart as each language's press writes them: 1,950 and 1\u00a0950 (a four-digit number alone at
    the head of a Russian sentence, «1950 военнослужащих», is read as a year)."""
    return f"{n:,}" if lang == "en" else f"{n:,}".replace(",", "\u00a0")


def article_text(world: World, ep: dict, report: dict, unit: dict, rng: random.Random) -> str:
    """The words of one report, from templates; what it states is in `report`."""
    lang = report["lang"]
    by_iri = {c["iri"]: c for c in world.cities}
    city = by_iri[ep["city"]]
    home = next(s for s in world.states if s["iri"] == ep["home"])
    arrived = say_date(datetime.date.fromisoformat(report["arrival_date"]), lang)
    sentences = []
    if lang == "en":
        if report["count"] is not None:
            sentences.append(
                rng.choice(["{n} servicemen of the {unit} arrived in {city} on {date}.",
                            "On {date}, {n} soldiers of the {unit} arrived in {city}."]).format(
                    n=say_count(report["count"], lang), unit=unit["en"], city=city["en"], date=arrived)
            )  # fmt: skip
        else:
            sentences.append(f"The {unit['en']} arrived in {city['en']} on {arrived}.")
        if report["return_date"]:
            back = say_date(datetime.date.fromisoformat(report["return_date"]), lang)
            sentences.append(f"The {unit['en']} returned to {home['en']} on {back}.")
        if report["located"]:
            region = next(r for s in world.states for r in s["regions"] if r["iri"] == report["located"]["region"])
            sentences.append(f"{city['en']}, a city in {region['en']}, lies near the border.")
        if report["holds"]:
            person = next(p for p in world.people if p["iri"] == report["holds"]["person"])
            sentences.append(f"{person['office']['en']} {person['en']} visited the troops.")
        fillers = [f.format(city=city["en"]) for f in FILLERS_EN]
    else:
        verb = ("прибыла", "вернулась") if unit["feminine"] else ("прибыл", "вернулся")
        if report["count"] is not None:
            sentences.append(
                f"{say_count(report['count'], lang)} военнослужащих {unit['ru_gen']} прибыли в {city['ru']} {arrived}."
            )
        else:
            sentences.append(f"{unit['ru'][0].upper()}{unit['ru'][1:]} {verb[0]} в {city['ru']} {arrived}.")
        if report["return_date"]:
            back = say_date(datetime.date.fromisoformat(report["return_date"]), lang)
            sentences.append(f"{unit['ru'][0].upper()}{unit['ru'][1:]} {verb[1]} в {home['ru_acc']} {back}.")
        if report["holds"]:
            person = next(p for p in world.people if p["iri"] == report["holds"]["person"])
            sentences.append(f"{person['office']['ru']} {person['ru']} посетил военнослужащих.")
        fillers = list(FILLERS_RU)
    for filler in rng.sample(fillers, rng.randint(2, min(4, len(fillers)))):
        sentences.insert(rng.randint(1, len(sentences)), filler)
    return " ".join(sentences) + "\n"


def event_turtle(ep: dict, unit: dict, world: World) -> str:
    """The episode's unit and its two events, for the register."""
    home = next(s for s in world.states if s["iri"] == ep["home"])
    city = next(c for c in world.cities if c["iri"] == ep["city"])
    return (
        f'<{unit["iri"]}> a kgo:MilitaryContingent ; rdfs:label "{unit["en"]}"@en , "{unit["ru"]}"@ru ; '
        f'kgo:country <{home["iri"]}> .\n'
        f'<{ep["arrival"]}> a kgo:Arrival ; rdfs:label "Arrival of the {unit["en"]} in {city["en"]}"@en , '
        f'"Прибытие: {unit["ru"]}, {city["ru"]}"@ru ; kgo:agent <{unit["iri"]}> ; kgo:destination <{city["iri"]}> .\n'
        f'<{ep["return"]}> a kgo:Return ; rdfs:label "Return of the {unit["en"]} to {home["en"]}"@en , '
        f'"Возвращение: {unit["ru"]}, {home["ru"]}"@ru ; kgo:agent <{unit["iri"]}> ; '
        f'kgo:destination <{home["iri"]}> .\n'
    )  # fmt: skip


def generate(articles: int, out: Path, *, seed: int = 2022, reports: int = 5, log=print) -> dict:
    """Write the world, the articles, their table and the truth; returns counts."""
    rng = random.Random(seed)
    world = World.make(rng)
    if out.exists():
        shutil.rmtree(out)
    project = out / "world"
    (project / "graph").mkdir(parents=True)
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    (out / "articles").mkdir()
    # every UNREPORTED-th episode no article reports: its events are in the register with no evidence
    reported = max(1, min(len(world.units) * (UNREPORTED - 1) // UNREPORTED, round(articles / reports)))
    episodes = reported + reported // (UNREPORTED - 1)
    written, told = 0, 0
    with (
        open(project / "graph" / "entities.ttl", "w", encoding="utf-8") as register,
        open(out / "metadata.csv", "w", encoding="utf-8", newline="") as table,
        open(out / "truth.jsonl", "w", encoding="utf-8") as truth,
    ):
        register.write(world.turtle())
        rows = csv.writer(table)
        rows.writerow(["file", "publisher", "published", "lang", "url"])
        for start in range(0, episodes, BLOCK):
            block, block_episodes = [], []
            for number in range(start, min(start + BLOCK, episodes)):
                k = 0
                if number % UNREPORTED != UNREPORTED - 1:  # articles spread as evenly as whole numbers allow
                    k = (articles * (told + 1)) // reported - (articles * told) // reported
                    told += 1
                unit = unit_of(world, number)
                ep = episode(world, number, unit, min(k, len(world.outlets)), rng)
                register.write(event_turtle(ep, unit, world))
                block_episodes.append(ep)
                for report in ep["reports"]:
                    block.append((ep, report, unit))
            rng.shuffle(block)  # an episode's reports are not neighbours in the input
            for ep, report, unit in block:
                written += 1
                name = f"{written:07d}.txt"
                data = article_text(world, ep, report, unit, rng).encode("utf-8")
                (out / "articles" / name).write_bytes(data)
                report["file"], report["url"] = name, f"https://bench.invalid/{written}"
                report["sha256"] = hashlib.sha256(data).hexdigest()
                rows.writerow([name, report["publisher"], report["published"], report["lang"], report["url"]])
            for ep in block_episodes:
                truth.write(json.dumps(ep, ensure_ascii=False) + "\n")
            log(f"{written} articles")
    return {"articles": written, "episodes": episodes}


def build_world(out: Path) -> None:
    """The world's build, which extract reads (its events, the register)."""
    sys.path.insert(0, str(ROOT))
    from csto_kg.build import build
    from csto_kg.project import Project
    from csto_kg.store import BuildDir

    build(Project(out / "world"), BuildDir(out / "world" / "build"), run_hermit=False, allow_invalid=True)


# --- what the truth says should be found --------------------------------------------------------------------------


def expected(truth_path: Path) -> dict:
    """From the planted truth: the facts each article states, the disagreements, the outvoted dates, the errors."""
    facts, disagreements, outvoted, errors, violations = set(), set(), set(), set(), set()
    for line in open(truth_path, encoding="utf-8"):
        ep = json.loads(line)
        reports = ep["reports"]
        if not reports:  # events no claim states anything about
            violations |= {("check:event-without-evidence-violation", ep["arrival"]),
                           ("check:event-without-evidence-violation", ep["return"])}  # fmt: skip
            continue
        for r in reports:
            facts.add((r["url"], ep["arrival"], "Arrival", "date", r["arrival_date"]))
            if r["count"] is not None:
                facts.add((r["url"], ep["arrival"], "Arrival", "count", str(r["count"])))
            if r["return_date"]:
                facts.add((r["url"], ep["return"], "Return", "date", r["return_date"]))
            if r["located"]:
                facts.add((r["url"], r["located"]["city"], "", "locatedIn", r["located"]["region"]))
                if r["located"]["error"]:
                    errors.add((r["url"], r["located"]["city"], "locatedIn", r["located"]["region"]))
            if r["holds"]:
                facts.add((r["url"], r["holds"]["person"], "", "holds", r["holds"]["office"]))
        support = defaultdict(set)
        for r in reports:
            support[r["arrival_date"]].add(r["outlet"])
        most = max(len(v) for v in support.values())
        for a, b in _pairs(reports):
            if a["arrival_date"] != b["arrival_date"]:
                disagreements.add((ep["arrival"], "DateAspect", frozenset((a["url"], b["url"]))))
            if a["count"] is not None and b["count"] is not None and a["count"] != b["count"]:
                disagreements.add((ep["arrival"], "QuantityAspect", frozenset((a["url"], b["url"]))))
        for r in reports:
            if len(support[r["arrival_date"]]) < most:
                outvoted.add((r["url"], ep["arrival"], r["arrival_date"]))
        for r in reports:
            if r["located"] and r["located"]["error"]:
                disagreements.add((r["located"]["city"], "CountryAspect", frozenset((r["url"],))))
    return {
        "facts": facts, "disagreements": disagreements, "outvoted": outvoted, "errors": errors, "violations": violations
    }  # fmt: skip


def _pairs(items):
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]


# --- what the pipeline found --------------------------------------------------------------------------------------

FACTS = """SELECT ?url ?event ?type ?date ?count WHERE {
  ?source kgo:url ?url .
  ?claim a kgo:Claim ; prov:wasDerivedFrom ?source .
  GRAPH ?claim { ?event a ?type . FILTER(?type IN (kgo:Arrival, kgo:Return))
                 OPTIONAL { ?event kgo:date ?date } OPTIONAL { ?event kgo:quantity/kgo:numericValue ?count } }
}"""
STATEMENTS = """SELECT ?url ?s ?p ?o WHERE {
  ?source kgo:url ?url .
  ?claim a kgo:Claim ; prov:wasDerivedFrom ?source .
  GRAPH ?claim { ?s ?p ?o . FILTER(?p IN (kgo:locatedIn, kgo:holds)) }
  OPTIONAL { ?o kgo:office ?office }
}"""
HOLDS = """SELECT ?url ?person ?office WHERE {
  ?source kgo:url ?url .
  ?claim a kgo:Claim ; prov:wasDerivedFrom ?source .
  GRAPH ?claim { ?person kgo:holds ?holding }
  ?holding kgo:office ?office .
}"""
DISAGREEMENTS = """SELECT ?d ?entity ?aspect ?first ?second WHERE {
  GRAPH <https://w3id.org/csto-kg/graph/disagreements> {
    ?d kgo:concerns ?entity ; kgo:aspect ?aspect ; kgo:firstClaim ?c1 ; kgo:secondClaim ?c2 }
  OPTIONAL { ?c1 prov:wasDerivedFrom/kgo:url ?first }
  OPTIONAL { ?c2 prov:wasDerivedFrom/kgo:url ?second }
}"""
SET_ASIDE = """SELECT ?url ?s ?p ?o ?standing ?type WHERE {
  ?claim kgo:setAside ?statement ; prov:wasDerivedFrom/kgo:url ?url .
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kgo:standing ?standing .
  OPTIONAL { GRAPH ?claim { ?s a ?type } }
}"""


def found(output: Path) -> dict:
    """What the pipeline's output states: facts by article, disagreements, set-aside statements."""
    import pyoxigraph as ox

    sys.path.insert(0, str(ROOT))
    from csto_kg import namespaces as ns

    store = ox.Store()
    for path in sorted(output.glob("*.nq")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)

    def rows(query):
        return store.query(ns.sparql_prologue() + query, use_default_graph_as_union=True)

    facts = set()
    for r in rows(FACTS):
        kind = r["type"].value.removeprefix(KGO)
        if r["date"] is not None:
            facts.add((r["url"].value, r["event"].value, kind, "date", r["date"].value))
        if r["count"] is not None:
            facts.add((r["url"].value, r["event"].value, kind, "count", r["count"].value))
    for r in rows(STATEMENTS):
        if r["p"].value == KGO + "locatedIn":
            facts.add((r["url"].value, r["s"].value, "", "locatedIn", r["o"].value))
    for r in rows(HOLDS):
        facts.add((r["url"].value, r["person"].value, "", "holds", r["office"].value))
    disagreements = set()
    for r in rows(DISAGREEMENTS):
        urls = frozenset(v.value for v in (r["first"], r["second"]) if v is not None)
        disagreements.add((r["entity"].value, r["aspect"].value.removeprefix(KGO), urls))
    outvoted, errors = set(), set()
    for r in rows(SET_ASIDE):
        # a statement set aside is still what its article said
        if r["p"].value == KGO + "date" and r["type"] is not None:
            facts.add((r["url"].value, r["s"].value, r["type"].value.removeprefix(KGO), "date", r["o"].value))
        elif r["p"].value == KGO + "locatedIn":
            facts.add((r["url"].value, r["s"].value, "", "locatedIn", r["o"].value))
        if r["standing"].value == KGO + "Outvoted":
            outvoted.add((r["url"].value, r["s"].value, r["o"].value))
        else:
            errors.add((r["url"].value, r["s"].value, r["p"].value.removeprefix(KGO), r["o"].value))
    findings = json.loads((output / "findings.json").read_text(encoding="utf-8"))
    violations = {(f["shape"], f["focus"]) for f in findings if f["severity"] == "Violation"}
    return {
        "facts": facts, "disagreements": disagreements, "outvoted": outvoted, "errors": errors, "violations": violations
    }  # fmt: skip


def compare(truth_path: Path, output: Path) -> dict:
    """Planted against found: per kind, how many were planted, found, missed and found beyond the planted. A
    fact found beyond the planted ones is counted only where it contradicts its article (another date or count of
    a planted event): extract may state more than the templates plant (a role, a fact) without being wrong."""
    want, got = expected(truth_path), found(output)
    planted_events = {(f[0], f[1], f[2], f[3]) for f in want["facts"] if f[3] in ("date", "count")}
    report = {}
    for kind in ("facts", "disagreements", "outvoted", "errors", "violations"):
        missed = want[kind] - got[kind]
        extra = got[kind] - want[kind]
        if kind == "facts":
            extra = {f for f in extra if (f[0], f[1], f[2], f[3]) in planted_events}
        report[kind] = {
            "planted": len(want[kind]),
            "found": len(want[kind] & got[kind]),
            "missed": sorted(map(_shown, missed))[:20],
            "missed_count": len(missed),
            "wrong": sorted(map(_shown, extra))[:20],
            "wrong_count": len(extra),
        }
    return report


def _shown(item) -> str:
    return " ".join(" & ".join(sorted(x)) if isinstance(x, frozenset) else str(x) for x in item)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write a corpus")
    g.add_argument("articles", type=float)
    g.add_argument("out", type=Path)
    g.add_argument("--seed", type=int, default=2022)
    g.add_argument("--reports", type=int, default=5, help="articles per episode, on average")
    g.add_argument("--no-build", action="store_true", help="do not build the world (extract needs its build)")
    c = sub.add_parser("check", help="compare a pipeline's output with the planted truth")
    c.add_argument("out", type=Path)
    c.add_argument("output", type=Path)
    c.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        counts = generate(int(args.articles), args.out, seed=args.seed, reports=args.reports)
        if not args.no_build:
            build_world(args.out)
        print(f"{counts['articles']} articles about {counts['episodes']} episodes in {args.out}")
        print(f"next: csto-kg --root {args.out}/world pipeline --input {args.out}/articles "
              f"--metadata {args.out}/metadata.csv --output {args.out}/out --max-refusals 0")  # fmt: skip
        return 0
    report = compare(args.out / "truth.jsonl", args.output)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for kind, r in report.items():
        print(f"{kind:14} planted {r['planted']:6}  found {r['found']:6}  missed {r['missed_count']:5}  "
              f"wrong {r['wrong_count']:5}")  # fmt: skip
        for item in r["missed"][:5]:
            print(f"    missed {item}")
        for item in r["wrong"][:5]:
            print(f"    wrong  {item}")
    return 0 if all(r["missed_count"] == 0 and r["wrong_count"] == 0 for r in report.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
