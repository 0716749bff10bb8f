"""`csto-kg extract SOURCE`: what an article seems to say, proposed for review, never built.

Mentions (ingest.mentions), dates (csto_kg.dates) and quantities (ingest.quantities) are found first; then each
sentence with a trigger word (вывод, withdraw, прибыли, arrested, ...) becomes a candidate claim of that event
type: the sentence is its quote, the names in it fill the roles their kind allows, the first date in it dates the
event, and the counted things become its quantities. Before an event is minted, the graph's own events of the same
type are searched: one with the same day (or no day) and a shared participant is the event the sentence reports
again, so the candidate becomes more evidence for it (the seed's kg:kyrgyz-return, say), not a second event.

Everything goes to graph/candidates/<SOURCE>.trig: each candidate claim is a named graph exactly as a hand-written
claim is, with its quote beside it, so that review only copies what a person accepts. The kgc: terms around them
(offsets, confidence, reason, the matched event) are the candidates' own vocabulary and never reach the build.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import datetime
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..dates import MONTHS, PAST_EN, YEAR, DateMention, clause_of, clause_tense, find_dates, inside_quotes
from ..files import turtle, write_atomically
from ..formats import rdf_syntax
from ..names import grammemes, name_similarity, nominative, readings
from ..namespaces import kebab
from ..project import Project
from ..querying import solutions
from ..sources import sentence_spans
from ..store import StoreMissing, open_store, require_store
from .knowledge import SUPERCLASSES
from .language import English, Russian
from .mentions import (
    FORCE_WORDS,
    NOT_NAMES,
    ORGANISATION_WORDS,
    OUTLET_WORDS,
    TOKEN,
    Gazetteer,
    Mention,
    code_key,
    forms,
    forms_kept_in,
    keep_json,
    kept_json,
    name_people_by_their_full_names,
    new_names,
    tokens,
)
from .quantities import NUMBER_WORDS, QuantityMention, find_quantities, sentence_start
from .requirements import Requirements

KGC = ns.BASE + "candidates#"

# Trigger words by event type, in dictionary forms (Russian through pymorphy3; English as written, lower-case).
# Several words in a row are a phrase: every word must follow in order.
TRIGGERS: dict[str, list[str]] = {
    "PeacefulProtest": ["мирный протест", "peaceful protest", "peaceful demonstration", "peaceful rally",
                        "мирный митинг", "мирный акция"],
    "Protest": ["протест", "акция протест", "митинг", "protest", "took to the streets", "demonstration", "rally",
                "выйти на улица", "протестовать"],
    "Escalation": ["перерасти", "escalate", "turn violent"],
    "ArmedClash": ["столкновение", "clash", "exchange fire", "gunfire", "shootout", "firefight", "перестрелка"],
    "Riot": ["погром", "riots", "looting", "storm", "burst into", "take over", "беспорядки вспыхнуть", "беспорядки",
             "массовые беспорядки", "set fire", "torch", "поджечь", "поджог", "штурмовать", "штурм", "сжечь",
             "set alight", "burn down"],
    "Seizure": ["захватить", "захват", "seize", "capture"],
    "StateOfEmergency": ["чрезвычайное положение", "режим ЧП", "state of emergency", "emergency rule"],
    "Order": ["приказать", "отдать приказ", "ordered", "gave the order", "give the order"],
    "Resignation": ["уйти в отставка", "resign", "resignation", "отставка правительство", "step down",
                    "подать в отставка", "покинуть пост"],
    "Dismissal": ["fired", "ousted", "dismiss", "sack", "remove", "отправить в отставка", "освободить от должность"],
    "Appointment": ["appoint", "назначить", "replaced by", "vest with"],
    "Arrest": ["arrest", "detain", "задержать", "арестовать", "арест", "round up"],
    "RequestForAssistance": ["с просьба оказать", "called for their intervention", "turned to", "обратиться к",
                             "appeal", "seek help", "обратиться за помощь", "request assistance",
                             "запросить помощь"],
    "Request": ["просьба", "ask", "request", "call on", "call for", "обратиться", "попросить", "запросить"],
    "Deployment": ["отправить в", "отправить", "направить в", "ввести", "ввод", "deploy", "send", "перебросить",
                   "переброска", "dispatch", "commit", "airlift", "ferry", "направлять", "перебрасывать",
                   "перебрасываться", "отправка", "разместить"],
    "Arrival": ["прибыть", "arrive", "land", "приземлиться", "совершить посадка", "touch down",
                "fly into", "flew into", "прилететь"],
    "Return": ["вернуться", "return", "пункт постоянный дислокация", "возвращение", "drive home", "go home",
               "fly home", "come home", "head home", "arrive back", "fly back", "airlift home"],
    "Withdrawal": ["вывод", "выводить", "вывести", "вывезти", "покинуть", "покидать", "withdrawal", "withdraw", "leave",
                   "pull out", "вылететь", "take off", "depart", "fly out", "drawdown", "pullout", "pull-out", "отвод",
                   "убыть", "отбыть", "передислоцировать"],
    "Guarding": ["охранять", "охрана", "guard", "protect", "take over protection"],
    "Handover": ["передавать", "передать", "hand over", "направить", "передача", "handover", "hand-over"],
    "Approval": ["одобрение", "одобрить", "утвердить", "approve", "vote to", "vote for", "проголосовать за",
                 "дать согласие", "give consent", "согласиться направить", "согласиться ввести",
                 "согласиться отправить"],
    "Announcement": ["объявить", "announce"],
    "Completion": ["завершение", "завершить", "завершиться", "complete", "completion", "wrap up"],
    "Statement": ["по его слово", "заявить", "заявлять", "заявление", "сказать", "говорить", "назвать", "по слово",
                  "сообщить", "сообщать", "подтвердить", "подчеркнуть", "отметить", "считать", "say", "tell", "note",
                  "claim", "deny", "promise", "state", "stress", "warn", "respond", "add", "confirm", "declare that",
                  "write", "написать"],
    "Report": ["сообщить", "сообщать", "report"],
    "Meeting": ["встреча", "заседание", "meeting", "session", "meet", "talks", "video conference",
                "videoconference", "видеоконференция", "summit", "саммит", "переговоры", "встретиться",
                "видеосаммит", "онлайн-саммит", "video summit", "online summit"],
    "PhoneCall": ["phone call", "телефонный разговор", "by phone", "phone conversation", "telephone conversation",
                  "по телефону", "telephone call", "phoned", "телефонные переговоры", "by telephone"],
    "Curfew": ["комендантский час", "curfew"],
    "Investigation": ["расследование", "investigation", "уголовное дело", "criminal case"],
    "Transfer": ["handed the presidency", "передать полномочие", "передать пост", "turn over the presidency",
                 "take over as", "take over from"],
    "Award": ["наградить", "awarded", "medals", "award", "награда", "вручить награда"],
    "SendOffCeremony": ["send-off", "проводы", "farewell ceremony", "farewell", "церемония прощание",
                        "церемония проводы"],
    "WelcomeCeremony": ["встречать", "welcomed", "торжественная встреча", "welcome ceremony", "welcoming ceremony",
                        "церемония встреча", "greet", "were met by", "met with a ceremony"],
    "Commemoration": ["minute of silence", "минута молчание", "траур", "mourning"],
    "Dispersal": ["disperse", "разогнать", "tear gas", "water cannon", "stun grenade", "слезоточивый газ", "водомёт",
                  "водомет", "светошумовой граната"],
    "SecurityOperation": ["counter-terrorist", "контртеррористический операция", "anti-terrorist",
                          "антитеррористический операция", "counter-terrorism operation"],
    "Demand": ["требовать", "demand"],
    "PriceIncrease": ["рост цена", "price hike", "price rise", "подорожание", "подорожать", "повышение цена",
                      "price increase"],
}  # fmt: skip
# Two parts of a trigger with up to `gap` words between them («отправил правительство в отставку», "prices for
# liquefied gas rose", "set the building on fire", "a rise in gas prices"): (type, first part, second part, gap)
GAPPED = [
    ("Approval", "agree", "to send", 3), ("Approval", "agree", "to deploy", 3),  # "agreed early on Thursday to send"
    ("Approval", "решение о направление", "принять", 8), ("Approval", "принять решение", "направить", 1),
    ("Approval", "принять решение о", "направление", 1), ("Approval", "решить", "направить", 1),
    ("Approval", "решить", "отправить", 1), ("Approval", "решить", "ввести", 1),  # «Решение о направлении … принял»
    ("Approval", "decide", "to send", 2), ("Approval", "decision", "to send", 2),
    ("Approval", "decision", "to deploy", 2), ("Approval", "vote", "to send", 2),
    ("Dismissal", "отправить", "в отставка", 3),
    ("PriceIncrease", "цена", "вырасти", 6), ("PriceIncrease", "цена", "подняться", 6),
    ("PriceIncrease", "цена", "увеличиться", 6), ("PriceIncrease", "цена", "удвоиться", 6),
    ("PriceIncrease", "price", "rise", 3), ("PriceIncrease", "price", "double", 3),
    ("PriceIncrease", "price", "soar", 3), ("PriceIncrease", "price", "jump", 3),
    ("PriceIncrease", "lift", "price cap", 3), ("PriceIncrease", "remove", "price cap", 3),
    ("PriceIncrease", "scrap", "price cap", 3), ("PriceIncrease", "rise in", "price", 3),
    ("PriceIncrease", "increase in", "price", 3), ("PriceIncrease", "hike in", "price", 3),
    ("Riot", "set", "on fire", 3), ("Handover", "hand", "over", 3),
    ("Appointment", "named", "minister", 3), ("Riot", "set", "ablaze", 3),
    ("Dismissal", "relieve", "of his", 6), ("Dismissal", "relieve", "of her", 6),
    ("Dismissal", "relieve", "of the post", 6),
    ("WelcomeCeremony", "церемония", "встреча", 2), ("SendOffCeremony", "церемония", "проводы", 2),
    ("WelcomeCeremony", "встретить", "с почесть", 3), ("Completion", "mission", "ended", 3),
    ("Completion", "operation", "ended", 3),
    ("Dismissal", "освободить", "от должность", 3),
    # «исполнение обязанностей премьер-министра возложено на …», «возложить на … исполнение обязанностей»
    ("Appointment", "исполнение обязанность", "возложить", 3),
    ("Appointment", "возложить", "исполнение обязанность", 5),
]  # fmt: skip
# Nouns that name an event without saying it happened ("to help end mass protests"): reported only when their
# clause also says it took place (a verb of occurrence) or gives its date.
OCCURRENCE = {"begin", "start", "erupt", "break", "spread", "continue", "grow", "hold", "take", "sweep", "turn",
              "occur", "happen", "начаться", "проходить", "пройти", "вспыхнуть", "распространиться", "продолжаться",
              "идти", "начинаться", "произойти", "происходить", "convene", "собраться", "состояться"}  # fmt: skip
# and what says that some of them were set going: a case opened, a withdrawal begun («приступили к выводу»)
BEGUN = {"Investigation": {"open", "launch", "возбудить", "начать"}, "Withdrawal": {"начать", "приступить"},
         "Return": {"начать", "приступить"}}  # fmt: skip
EVENT_NOUNS = {"Protest", "ArmedClash", "Riot", "Meeting", "PhoneCall", "Investigation", "Withdrawal", "Return",
               "Seizure", "Commemoration"}  # fmt: skip
# How often candidates resting on each kind of evidence were right on the TUNE articles and the outsiders' ((right + 1)
# / (all + 2), `python bench/ingest_bench.py --calibrate`, never TEST): a candidate's confidence. TEST measures it.
CALIBRATION: dict[str, float] = {
    "event:noun:dated:named:carried:matched": 0.71,
    "event:noun:dated:named:own:matched": 0.71,
    "event:noun:dated:named:own:new": 0.53,
    "event:noun:dated:nobody:own:matched": 0.25,
    "event:noun:dated:nobody:own:new": 0.1,
    "event:noun:undated:named:carried:matched": 0.33,
    "event:noun:undated:named:carried:new": 0.67,
    "event:noun:undated:named:own:matched": 0.12,
    "event:noun:undated:named:own:new": 0.33,
    "event:noun:undated:nobody:own:new": 0.2,
    "event:verb:dated:named:carried:matched": 0.6,
    "event:verb:dated:named:carried:new": 0.67,
    "event:verb:dated:named:own:matched": 0.94,
    "event:verb:dated:named:own:new": 0.85,
    "event:verb:dated:nobody:own:matched": 0.17,
    "event:verb:dated:nobody:own:new": 0.25,
    "event:verb:undated:named:carried:matched": 0.5,
    "event:verb:undated:named:carried:new": 0.5,
    "event:verb:undated:named:own:matched": 0.27,
    "event:verb:undated:named:own:new": 0.64,
    "event:verb:undated:nobody:own:new": 0.29,
    "fact:basedOn:": 0.91,
    "fact:capital:": 0.86,
    "fact:holds:": 0.67,
    "fact:holds:the office": 0.95,
    "fact:locatedIn:": 0.96,
    "fact:memberOf:": 0.94,
    "fact:memberOf::inferred": 0.99,
    "figure:alone": 0.92,
    "figure:force": 0.67,
    "force:noun:dated:named:carried:matched": 0.55,
    "force:noun:dated:named:carried:new": 0.15,
    "force:noun:dated:named:own:matched": 0.62,
    "force:noun:dated:named:own:new": 0.31,
    "force:noun:dated:nobody:own:matched": 0.43,
    "force:noun:dated:nobody:own:new": 0.33,
    "force:noun:undated:named:carried:matched": 0.08,
    "force:noun:undated:named:carried:new": 0.15,
    "force:noun:undated:named:own:matched": 0.18,
    "force:noun:undated:named:own:new": 0.33,
    "force:noun:undated:nobody:own:new": 0.17,
    "force:verb:dated:named:carried:matched": 0.29,
    "force:verb:dated:named:carried:new": 0.31,
    "force:verb:dated:named:own:matched": 0.59,
    "force:verb:dated:named:own:new": 0.35,
    "force:verb:dated:nobody:own:matched": 0.2,
    "force:verb:dated:nobody:own:new": 0.12,
    "force:verb:undated:named:carried:matched": 0.62,
    "force:verb:undated:named:carried:new": 0.25,
    "force:verb:undated:named:own:matched": 0.4,
    "force:verb:undated:named:own:new": 0.4,
    "force:verb:undated:nobody:own:new": 0.08,
    "office:noun:dated:named:carried:new": 0.33,
    "office:noun:dated:named:own:matched": 0.93,
    "office:noun:dated:named:own:new": 0.86,
    "office:noun:dated:nobody:own:new": 0.33,
    "office:noun:undated:named:carried:matched": 0.33,
    "office:noun:undated:named:own:matched": 0.2,
    "office:noun:undated:named:own:new": 0.25,
    "office:verb:dated:named:carried:matched": 0.75,
    "office:verb:dated:named:carried:new": 0.25,
    "office:verb:dated:named:own:matched": 0.72,
    "office:verb:dated:named:own:new": 0.81,
    "office:verb:dated:nobody:own:new": 0.2,
    "office:verb:undated:named:carried:matched": 0.25,
    "office:verb:undated:named:carried:new": 0.4,
    "office:verb:undated:named:own:matched": 0.26,
    "office:verb:undated:named:own:new": 0.52,
    "office:verb:undated:nobody:own:new": 0.25,
    "speech:noun:dated:named:carried:matched": 0.33,
    "speech:noun:dated:named:carried:new": 0.67,
    "speech:noun:dated:named:own:matched": 0.2,
    "speech:noun:dated:named:own:new": 0.67,
    "speech:noun:dated:nobody:own:matched": 0.33,
    "speech:noun:dated:nobody:own:new": 0.33,
    "speech:noun:undated:named:carried:matched": 0.33,
    "speech:noun:undated:named:carried:new": 0.2,
    "speech:noun:undated:named:own:matched": 0.19,
    "speech:noun:undated:named:own:new": 0.57,
    "speech:noun:undated:nobody:own:new": 0.06,
    "speech:verb:dated:named:carried:matched": 0.89,
    "speech:verb:dated:named:carried:new": 0.29,
    "speech:verb:dated:named:own:matched": 0.7,
    "speech:verb:dated:named:own:new": 0.6,
    "speech:verb:dated:nobody:own:matched": 0.12,
    "speech:verb:dated:nobody:own:new": 0.04,
    "speech:verb:undated:named:carried:matched": 0.17,
    "speech:verb:undated:named:carried:new": 0.16,
    "speech:verb:undated:named:own:matched": 0.26,
    "speech:verb:undated:named:own:new": 0.52,
    "speech:verb:undated:nobody:own:new": 0.18,
    "unrest:noun:dated:named:carried:new": 0.25,
    "unrest:noun:dated:named:own:matched": 0.69,
    "unrest:noun:dated:named:own:new": 0.82,
    "unrest:noun:dated:nobody:own:matched": 0.25,
    "unrest:noun:dated:nobody:own:new": 0.25,
    "unrest:noun:undated:named:carried:matched": 0.33,
    "unrest:noun:undated:named:carried:new": 0.3,
    "unrest:noun:undated:named:own:matched": 0.33,
    "unrest:noun:undated:named:own:new": 0.33,
    "unrest:noun:undated:nobody:own:new": 0.18,
    "unrest:verb:dated:named:carried:matched": 0.7,
    "unrest:verb:dated:named:carried:new": 0.2,
    "unrest:verb:dated:named:own:matched": 0.82,
    "unrest:verb:dated:named:own:new": 0.39,
    "unrest:verb:dated:nobody:own:matched": 0.67,
    "unrest:verb:dated:nobody:own:new": 0.17,
    "unrest:verb:undated:named:carried:new": 0.38,
    "unrest:verb:undated:named:own:matched": 0.33,
    "unrest:verb:undated:named:own:new": 0.31,
    "unrest:verb:undated:nobody:own:new": 0.14,
}
DEFAULT_CONFIDENCE = 0.5
MEMBER_WORDS = {
    "member",
    "members",
    "входить",
    "член",
    "участник",
    "group",
    "consist",
    "include",
    "comprise",
    "состоять",
}
# What is handed over when an office changes hands
OFFICE_WORDS = {"chairmanship", "presidency", "post", "powers", "пост", "полномочие", "должность", "председательство"}
# Words that date a clause by the day its sentence names elsewhere ("stormed the office earlier in the day")
SAME_DAY = re.compile(r"\b(?:(?:earlier|later) in the day|(?:earlier|later) that day|on the same day)\b"
                      r"|(?<!\w)(?:в тот же день|в этот же день|в тот же вечер)(?!\w)", re.I)  # fmt: skip
# English verbs a bare verb may follow (others take a noun there: "receive state awards")
AUXILIARIES = {"will", "would", "shall", "should", "may", "might", "must", "can", "could", "to", "do", "does", "did",
               "not", "let", "help", "make"}  # fmt: skip
# Words between a person and the office they hold: "appointed Smailov as the new prime minister", "Pashinyan, who
# is the current chairman of the council", «Смаилов, который является премьер-министром»
HELD_AS = re.compile(r"\s+as\s+(?:the\s+)?(?:new\s+|acting\s+|interim\s+)?|,\s*who\s+is\s+(?:the\s+|also\s+)?"
                     r"(?:current\s+|new\s+)?|,\s*(?:который|которая)\s+является\s+(?:\w+\s+)?", re.I)  # fmt: skip
# Who accepts a resignation does not resign
ACCEPTED = re.compile(r"\baccept(?:s|ed|ing)?\b|(?<!\w)прин(?:ял|яла|яли|имает|ять)(?!\w)", re.I)
# Russian prepositions: a name right after one is no nominative subject («по указу Токаева»)
RU_PREPOSITIONS = {"по", "вместо", "от", "у", "для", "без", "после", "до", "с", "к", "из", "при", "за", "на", "в"}
# Changes of office: the office concerned is a role of theirs (kgo:officeConcerned)
OFFICE_CHANGES = {"Appointment", "Dismissal", "Transfer"}
# Whom one addresses without asking for help («обратился к народу», «к журналистам»)
ADDRESSED = {"народ", "нация", "журналист", "гражданин", "казахстанец", "соотечественник", "жители", "житель",
             "общественность", "молодёжь", "молодежь"}  # fmt: skip
HELP_WORDS = {"help", "assistance", "intervene", "intervention", "помощь", "помочь", "содействие"}
# Which property a name fills, by event type and by what the name is (the shapes ask for these: a Withdrawal has a
# theme and an origin, a Deployment a sender, a theme and a destination, a Statement an agent and its content).
DEFAULT_ROLES = {"person": "agent", "organisation": "agent", "contingent": "agent", "place": "location",
                 "facility": "location", "commodity": None, "group": None}  # fmt: skip
ROLES_BY_TYPE = {
    "Deployment": {"contingent": "theme", "place": "destination", "state": "sender", "person": None},
    "Withdrawal": {"contingent": "theme", "place": "origin", "organisation": None, "person": None},
    "Arrival": {"place": "destination"},
    "Return": {"place": "destination", "contingent": "agent"},
    "Guarding": {"facility": "guardedObject"},
    "Request": {"person": "requester", "organisation": "addressee"},
    "RequestForAssistance": {"person": "requester", "organisation": "addressee", "state": "requester"},  # "Kazakhstan
    # asked for help": the state that asks, when it is the clause's subject
    "Approval": {"person": "approver", "organisation": "approver"},
    "Handover": {"organisation": "addressee", "contingent": "agent"},
    "WelcomeCeremony": {"contingent": "addressee"},
    "Award": {"contingent": "addressee"},  # "servicemen will receive state awards": who is given them
    "SendOffCeremony": {"contingent": "addressee", "person": "participant"},
    "Report": {"person": None},
    "Resignation": {"organisation": "agent"},
    "Meeting": {"person": "participant", "organisation": "participant", "group": "participant"},  # "the CSTO
    # leaders held a summit": a group that meets (none else acts: "protesters stormed" names no agent by a group)
    "PhoneCall": {"person": "participant", "organisation": "participant"},
    "PriceIncrease": {"commodity": "theme", "contingent": None, "person": None},  # "a rise in gas prices": what
}
# Words of sending that deploy only a force named around them ("sent a written request", «направляет ноту», «отправка
# гуманитарной помощи», «разместило видео», "waited for the ferry" deploy nothing)
SENT_ONLY_WITH_A_FORCE = {"send", "отправить", "направить", "commit", "отправка", "направлять", "разместить", "ferry",
                          "airlift"}  # fmt: skip
# A purpose of helping someone: who is helped is no agent of the event the purpose follows
HELPED = re.compile(r"\b(?:to help|helping)\b|(?<!\w)(?:чтобы помочь|помочь|для помощи|на помощь)(?!\w)", re.I)
# Events someone undergoes: who is appointed, dismissed or arrested is the theme, whoever does it the agent.
UNDERGONE = {"Appointment", "Dismissal", "Arrest"}
PASSIVE_EN = {"was", "were", "been", "be", "is", "are", "being", "got"}
# Words said, decisions and changes of office: a place in their sentence is what they are about, not where they
# happen (of 150 such claims curated or reviewed on TUNE, 9 have a location).
NOT_LOCATED = {"Statement", "Announcement", "Demand", "Report", "Request", "RequestForAssistance", "Retraction",
               "Approval", "Order", "Appointment", "Dismissal", "Resignation", "Award", "PhoneCall"}  # fmt: skip
PLACE_ROLES = ("location", "destination", "origin")
ADDRESS_GAP = 25  # characters between a place and the region or country named as its address
# a city called a state's capital: after the city ("Almaty, the capital of", «Алматы, столица»), between the state
# and the city ("Kazakhstan's capital", "the Kazakh capital", «казахстанской столице»), before both ("the capital
# of Kazakhstan, Almaty", «в столице Казахстана Алматы»); and what makes the word no office of the city
CAPITAL_AFTER = re.compile(r",\s+(?:the\s+)?(?:capital(?:\s+city)?\s+of|столиц[аеуы])\s+(?:the\s+)?", re.I)
CAPITAL_WORD = re.compile(r"\s+(?:capital|столиц[аеуы])\b", re.I)
CAPITAL_BETWEEN = re.compile(r"(?:['’]s)?\s+(?:capital(?:\s+city)?|столиц[аеуы]),?\s+", re.I)
CAPITAL_BEFORE = re.compile(r"(?:capital(?:\s+city)?\s+of\s+(?:the\s+)?|столиц[аеуы]\s+)$", re.I)
NOT_THE_CAPITAL = re.compile(
    r"\b(?:former|old|onetime|then|ex-|southern|northern|business|commercial|financial|economic|cultural|largest"
    r"|biggest)\s+capital|(?:бывш|прежн|тогдашн|старой|старая|южн|северн|делов|финансов|экономическ|культурн)\w*"
    r"\s+столиц",
    re.I,
)
# what lies between a place and the region after it that holds it: «Жанаозене Атырауской области», "Zhanaozen, a town
# in the Atyrau region"
ADDRESS_AFTER = re.compile(r"\s+|\s*\(\s*|,\s*(?:an?|the)\b(?:[^,]|,(?=\d)){0,40}?\bin (?:the )?", re.I)  # (a
# figure's thousands in the aside: "Zhanaozen, a town of about 150,000 people in the Aktobe Region")
# What may fill a role the shapes require, when the sentence leaves it out ("*": any event type).
FILLERS = {
    "*": {
        "agent": ("contingent", "person", "organisation"),
        "theme": ("contingent",),
        "destination": ("state", "place"),
        "origin": ("state", "place"),
        "location": ("place", "state", "facility"),
        "guardedObject": ("facility",),
        "addressee": ("contingent", "organisation"),
        "requester": ("person",),
        "approver": ("person", "organisation"),
        "sender": ("state",),
    },
    "Appointment": {"theme": ("person",)},
    "Dismissal": {"theme": ("person",)},
    "Arrest": {"theme": ("person", "group")},  # who is detained: never a force or a ministry named nearby
    "Seizure": {"theme": ("facility",)},  # what is seized: a building, an airport
    "Handover": {"theme": ("facility",)},
    "Completion": {"theme": ("event",)},
    "Statement": {"agent": ("person", "organisation")},
    "Announcement": {"agent": ("person", "organisation")},
    "Report": {"agent": ("organisation",)},
}
# A report comes from an organisation, a statement from a person: the same verb (сообщить, said) is either.
SPEECH = {"Statement": "person", "Report": "organisation", "Announcement": "person"}  # who speaks

# in the order of their IRIs: of two events a candidate matches equally well (and as many sources report), the first
# is taken, not whichever the store happens to give first (a store loaded from a dump of the graph gives another)
EVENTS = """SELECT ?event ?type ?date WHERE {
  ?event a ?type . ?type rdfs:subClassOf* kgo:Event .
  FILTER(STRSTARTS(STR(?event), STR(kg:)) && STRSTARTS(STR(?type), STR(kgo:)))
  OPTIONAL { ?event kgo:date|kgo:startDate ?date }
} ORDER BY ?event"""
ROLES = """SELECT ?event ?filler (?role = kgo:agent AS ?agent) (?role = kgo:theme AS ?theme) WHERE {
  ?event ?role ?filler .
  VALUES ?role { kgo:agent kgo:theme kgo:destination kgo:origin kgo:location kgo:participant kgo:requester
                 kgo:addressee kgo:approver }
  FILTER(STRSTARTS(STR(?event), STR(kg:)))
}"""
HAPPENED = """SELECT DISTINCT ?event WHERE {
  GRAPH ?claim { ?event a ?type . FILTER NOT EXISTS { ?event kgo:modality kgo:Planned } } ?claim a kgo:Claim }"""
EVENT_SOURCES = """SELECT DISTINCT ?event ?claim WHERE { GRAPH ?claim { ?event a ?type } ?claim a kgo:Claim }"""
FIGURES = """SELECT ?event ?kind (COUNT(DISTINCT ?figure) AS ?figures) WHERE {
  ?event kgo:quantity ?figure . ?figure kgo:countOf ?kind . FILTER(STRSTARTS(STR(?event), STR(kg:)))
} GROUP BY ?event ?kind ORDER BY ?event"""  # of two events with as many figures, the first IRI
# Figures of what happened to people: standing alone in a sentence (a death toll, no event named), they are
# proposed as more figures of the graph's event that has the most of that kind (the unrest).
TOLLS = {"PeopleKilled", "PeopleInjured", "PeopleArrested"}
FORCE_KINDS = {"Personnel", "Vehicle"}  # what an alliance's force numbers, alone in a sentence: of its deployment
# What a figure of its kind cannot be of (trial 39: "95 police officers had been injured and more than 200 people
# detained" put the injured on the detentions; "roughly doubled" went on a protest)
HARMED = {"PeopleKilled", "PeopleInjured", "SecurityForcesKilled", "OtherPeopleKilled"}
UNFIT_FIGURES = {"Arrest": HARMED | {"Protesters", "PriceFactor"}}
UNFIT_FIGURES.update({movement: HARMED | {"PeopleArrested", "Protesters", "PriceFactor"} for movement in
                      ("Deployment", "Arrival", "Return", "Withdrawal", "Guarding")})  # fmt: skip
# a force's size is not a request's, a meeting's or a call's ("the force of 2,030 troops was in place within days of
# Tokayev's request", «Токаев на саммите сообщил, что … 2030 военнослужащих»): the force's deployment has it
UNFIT_FIGURES.update({kind: {"Personnel", "Vehicle", "Aircraft"} for kind in
                      ("Request", "RequestForAssistance", "Meeting", "PhoneCall")})  # fmt: skip


def _fits(counted: str | None, event_type: str) -> bool:
    """Whether a figure of this kind may be of an event of this type: a price's factor only of a price's rise."""
    if counted == "PriceFactor":
        return event_type == "PriceIncrease"
    return counted not in UNFIT_FIGURES.get(event_type, ())


# What "withdrawn" withdraws when it is no force: a figure, a statement («the figure was quickly withdrawn»).
WITHDRAWN_WORDS = {"figure", "data", "information", "statement", "report", "post", "publication", "number", "toll",
                   "message", "news", "claim", "article", "tweet", "estimate"}  # fmt: skip
# Events of moving forces: one of the graph's is reported again only by a sentence naming its force, if any.
MOVEMENTS = {"Deployment", "Arrival", "Return", "Withdrawal", "Guarding"}
PROTESTS = {"Protest", "PeacefulProtest", "Demand"}
LEAVINGS = {"Arrival", "Return", "Withdrawal"}  # movements with a place they leave (a deployment's "from" is a sender)
# a report's dateline: a place in capitals opening its line, then a date, an agency or a dash ("ALMATY, Jan 6 (…) -",
# "YEREVAN —", «АЛМАТЫ, 14 января. /ТАСС/.»)
LABEL_BEFORE = re.compile(r"\s*(?:[-–—•·*]\s*)?")  # what may stand before a list entry's label ("- Russia:")
DATELINE = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ-]+(?: [A-ZА-ЯЁ-]+)?(?:,| ?[—–(/]| - )")
DATELINE_DASH = re.compile(r"\s[—–-]\s|\)\s*[—–-]")  # where the dateline ends and the story begins
SPEAKING_BODY = re.compile(
    r"\b(?:embassy|ministry|spokes(?:man|woman|person)|press (?:service|office)|officials|"
    r"authorities|police|prosecutors?|committee|department)\b|(?<!\w)(?:посольств|министерств|"
    r"ведомств|пресс-служб|пресс-секретар|представител|власт|полици|прокуратур)\w*",
    re.I,
)
# words followed by who told something («по словам ведомства», «по данным МВД», "according to officials")
TOLD_BY = r"(?:по\s+(?:данным|словам|информации|сообщению)|according\s+to)\s+"
# at a verb of saying: who said it is named after (not «по его словам»: a speaker named before)
ACCORDING_TO = re.compile(TOLD_BY + r"(?!(?:его|её|ее|их|him|her|them)\b)(?=\w)", re.I)
# a verb of saying that goes on from another before it in the sentence: "…, saying", «…, заявив»
GOING_ON_SAYING = re.compile(
    r"(?:saying|adding|stressing|noting|warning|claiming|заявив|отметив|добавив|подчеркнув|"
    r"сообщив|сказав|пояснив)\b",
    re.I,
)
# the words of an approval right before what it approves («одобрил направление», «согласие на отправку», "approved
# the deployment of")
APPROVED_BEFORE = re.compile(
    r"(?:(?<!\w)(?:одобр\w*|утверд\w*|соглас\w*\s+на|разрешени\w*\s+на|ратифицир\w*)"
    r"|\b(?:approv\w*|consent\w*\s+to|authori[sz]\w*|vot\w*\s+(?:to|for|on)))\s+(?:the\s+|a\s+)?$",
    re.I,
)
AGREED_TO = re.compile(
    r"\b(?:agree[ds]?|decide[ds]?|decision|vot(?:e[ds]?|ing))\s+(?:\w+\s+){0,3}to\s+$"
    r"|(?<!\w)(?:согласи|решил|решени)\w*\s+$",
    re.I,
)
# a phrase with no verb that opens a sentence before its first comma ("In a televised address on Tuesday,")
FRONTED_PHRASE = re.compile(r"\s*(?:in|at|during)\b|\s*(?:в|во|на)(?!\w)", re.I)
# what opens a phrase whose date is another event's ("After the riots on January 5, the CSTO sent troops")
ANOTHER_EVENTS_TIME = re.compile(
    r"\s*(?:after|before|following|since|amid|in response to|in the wake of|после|перед|вслед за|на фоне|в ответ на"
    r"|в связи с)(?!\w)",
    re.I,
)
ADJECTIVE_ED = re.compile(r"\b(?:a|an|the)\s+\w+ed\b", re.I)  # "a televised address": an adjective, no verb
# an aside between commas right after a name ("Karim Masimov, a long-time Nazarbayev ally, was removed")
APPOSITION_BETWEEN = re.compile(r"\s*,[^,;:.!?\n«»\"()]{2,80},\s*")
# the words of an apposition that end in another's name: ", a close ally of", «, соратник»
APPOSITION_BEFORE = re.compile(
    r",\s+(?:(?:a|an|the|his|her|their)\s+)?(?:[a-z][\w'’-]*\s+){0,5}(?:of|to)\s+$"
    r"|,\s+(?:[а-яё][а-яё-]*\s+){1,4}$"
)
# what a meeting or a call is about, said before a place: "a video summit on Kazakhstan", "devoted to the crisis in
# Kazakhstan", «тема Казахстана», «по ситуации в Казахстане» (trial 44: the summit was placed in Kazakhstan)
TOPIC_BEFORE = re.compile(
    r"(?:\b(?:on|about|over|regarding|concerning|discuss(?:ed|ing)?|devoted to|dedicated to)\s+(?:the\s+)?"
    r"|\b(?:crisis|situation|events|unrest|developments|turmoil|violence)\s+in\s+(?:the\s+)?"
    r"|(?<!\w)(?:по|о|об|вокруг)\s+(?:(?:ситуаци|событи|кризис|положени)\w*\s+(?:в|во)\s+)?"
    r"|(?<!\w)(?:ситуаци|событи|кризис|положени)\w*\s+(?:в|во)\s+|(?<!\w)тем[аыуео]\s+)$",
    re.I,
)
# a meeting held by video: it has no place of its own (the leaders each sat in their capital)
BY_VIDEO = re.compile(
    r"\bvideo[\s-]*(?:link|conference|call|summit|format|session)|\bvideoconferenc|\bvia\s+video\b|\bby\s+video\b"
    r"|\bonline\s+(?:summit|meeting|session|talks|conference)|\b(?:met|meet|meets|meeting|summit|session|talks)\s+"
    r"(?:\w+\s+){0,2}online\b|\bvirtual(?:ly)?\s+(?:summit|meeting|session|talks)|видеосвяз|видеоконференц"
    r"|видеосаммит|видеоформат|в\s+режиме\s+(?:онлайн|видео)|онлайн-(?:саммит|встреч|заседани|переговор)",
    re.I,
)
BY_VIDEO_REACH = 60  # characters on either side of a meeting's trigger where its video is said
# "heads of state and government", «главы государств и правительств»: the word names no body
HEADS_OF_STATE_AND = re.compile(r"(?:\bheads?\s+of\s+state\s+and|(?<!\w)глав\w*\s+государств\s+и)\s+$", re.I)
# between a state and the verb of its request ("Kazakhstan asked", "Kazakhstan formally requested")
REQUESTER_BEFORE = re.compile(
    r"\s+(?:(?:has|had|formally|officially|also|then|(?:late\s+|early\s+)?on\s+\w+(?:\s+\d+)?|официально|также|тогда"
    r"|в\s+\w+|\d+\s+января),?\s+)*",
    re.I,
)
# what may open a clause before its subject ("On Wednesday, Kazakhstan asked", «В среду Казахстан попросил»)
OPENS_BEFORE_A_SUBJECT = re.compile(
    r"[\s\W]*(?:(?:on|in|late|early|earlier|later|then|and|but|so|в|во|а|и|но|затем|тогда)\b[^,;:]*?,?\s+)?(?:the\s+)?",
    re.I,
)
# the words between a verb's object and a second verb joined to it: "he dismissed Bektanov and appointed Zhaksylykov"
# (the one dismissed does not appoint)
AND_ANOTHER_VERB = re.compile(
    r"\s*,?\s*(?:(?:and|и|а)\s+(?:then\s+|also\s+|later\s+|затем\s+|также\s+|тут же\s+|потом\s+)?"
    r"|(?:then|затем|потом)\s+)",
    re.I,
)
# a live blog's entry: a time opening its line ("10:30 Президент …", "16:05 — Protesters …")
TIME_LINE = re.compile(r"^[ \t]*\d{1,2}:\d{2}\.?\s", re.M)  # ("09:35." opens an entry in Russian)


def _blog_day(text: str, published: datetime.date, language: str) -> DateMention | None:
    """The day of a live blog (two lines or more open with a time): the one day its heading names («Протесты в
    Казахстане: главное за 5 января»), else the day it was published."""
    if len(TIME_LINE.findall(text)) < 2:
        return None
    heading = text.lstrip().split("\n", 1)[0]
    offset = len(text) - len(text.lstrip())
    days = [d for d in find_dates(heading, published, language) if d.is_day and not d.relative]
    if len(days) == 1 and not TIME_LINE.match(heading):
        d = days[0]
        how = f"its heading names the day: «{d.words}»"
        return DateMention(offset + d.start, offset + d.end, d.words, d.first, d.last, how)
    return DateMention(0, 0, "", published, published, "the day it was published")


# what opens a chronicle's entry after the day it tells of: «13 января. В Алматы …», "January 14: …", «15 января —»
AFTER_HEADING_DAY = re.compile(r"[ \t]*(?:[.:]|[—–-](?=\s))[ \t]*(?:\n|(?=\S))|[ \t]*\n")


def _heading_days(text: str, dates: list[DateMention]) -> list[tuple[int, int, DateMention]]:
    """A chronicle's entries (two lines or more that open with the day they tell of, «13 января. В Алматы прошла …»,
    or a day alone on its line): (start, end, day) of each entry's text. A day alone on its line heads the
    paragraph after it; a day that opens a line heads the rest of that line."""
    headings = []
    for d in dates:
        line_start = text.rfind("\n", 0, d.start) + 1
        after = AFTER_HEADING_DAY.match(text, d.end - d.words.endswith("."))  # («13 января.»: its words hold the stop)
        if not (d.is_day and not d.relative and not d.since and not d.until and after):
            continue
        if text[line_start : d.start].strip():
            continue  # «АЛМАТЫ, 13 января.»: a dateline, the day of the report, not of what it tells
        line_end = text.find("\n", d.end)
        line_end = len(text) if line_end < 0 else line_end
        if after.group().endswith("\n") or after.end() >= line_end:
            # the day alone on its line: the next paragraph is its entry
            body = re.search(r"\S", text[line_end:])
            if body is None:
                continue
            entry_start = line_end + body.start()
            entry_end = text.find("\n", entry_start)
            headings.append((entry_start, len(text) if entry_end < 0 else entry_end, d))
        else:
            headings.append((d.end, line_end, d))
    return headings if len(headings) >= 2 else []


# a time between the event and the day its entry tells of ("five days after", «спустя неделю», "since the unrest
# began", "in the coming days"), or another's words («по его словам»): the entry's day is not the event's
AWAY_FROM_THE_ENTRY = re.compile(
    r"\b\w+\s+(?:days?|weeks?|hours?|months?)\s+(?:after|before|ago|earlier|later)\b|\bsince\b"
    r"|\b(?:coming|next|past|last)\s+(?:few\s+)?(?:days|weeks)\b"
    r"|(?<!\w)(?:спустя|накануне|ранее|позднее|позже|с начала|за время|в ближайшие|на днях)(?!\w)"
    # («через Оренбург» is a way, «вернулись назад» back: only a time before or after)
    r"|(?<!\w)через\s+(?:\d+|\w+)?\s*(?:дн|день|недел|месяц|час|сутки)\w*|(?:дн|день|недел|месяц|час|сутки)\w*\s+назад"
    r"|" + TOLD_BY + r"|по (?:его|её|ее|их) словам",
    re.I,
)


# a verb joined by "and" to the one before, or a noun trigger it governs ("and declared a state of emergency")
JOINED_VERB = re.compile(
    r"(?:,?\s+and|(?<!\w)и|, а)\s+(?:(?:then|later|also|затем|потом|также)\s+)?"
    r"(?:[a-zа-яё]+(?:ed|ил|ила|или|ал|ала|али|ял|яла|яли)\s+(?:(?:a|an|the)\s+)?)?$",
    re.I,
)
BEFALLS_SOMEONE = {"Dismissal", "Appointment", "Arrest", "Resignation", "Award"}  # whom it befell tells them apart
BYLINE = re.compile(r"\(?(?:additional )?(?:reporting|writing|editing|compiled|translated) by\b", re.I)
AGENTS = ("agent", "approver", "requester")  # who acts: never what the verb acts on ("approved Smailov")
CLASS_LABELS = """SELECT ?class ?label WHERE { ?class rdfs:subClassOf* kgo:Event ; rdfs:label ?label }"""


@dataclass
class CandidateClaim:
    source: str
    name: str
    event_type: str  # kgo: local name
    event: str  # IRI: an event of the graph (matched) or a new one
    matched: bool
    quote: str
    start: int
    end: int
    roles: list[tuple[str, str]]  # (kgo: property local name, IRI)
    date: DateMention | None
    planned: bool
    quantities: list[QuantityMention]
    labels: dict[str, str]  # en, ru: for a new event
    confidence: float
    reason: str
    new_entities: list[Mention] = field(default_factory=list)
    because: list[str] = field(default_factory=list)  # kgo:inferredBecause: what the words do not say
    language: str = ""
    trigger: int = 0  # offset of the trigger word: candidates of one sentence are reviewed in reading order
    fact: tuple[str, str, str] | None = None  # a fact that is no event: (subject IRI, kgo: property, object IRI)
    holding: str | None = None  # for kgo:holds, the office holding's IRI (the graph's own when it has one)
    evidence: str = ""  # what the candidate rests on, in words (its confidence is the one measured for these)
    twin: str = ""  # what tells its key from another candidate's with the same type, quote and fact

    @property
    def iri(self) -> str:
        return f"{ns.CLAIM}{self.source}/{self.name}"

    @property
    def key(self) -> str:
        """What identifies the proposal across runs of extract: its type and quote, and for a fact the fact itself
        (one sentence listing six members is six proposals); a rejection is remembered by it."""
        fact = "\0".join(getattr(self, "fact", None) or ())
        key = hashlib.sha256(f"{self.event_type}\0{self.quote}\0{fact}".rstrip("\0").encode()).hexdigest()[:16]
        return key + self.twin


@dataclass
class Extraction:
    source: str
    language: str
    published: datetime.date
    mentions: list[Mention]
    dates: list[DateMention]
    quantities: list[QuantityMention]
    claims: list[CandidateClaim]
    origins: list[Mention] = field(default_factory=list)  # the agencies the text says it is based on


class GraphView:
    """What extract reads of the graph besides its names: the events (types, dates, role fillers, agents, whether
    planned), the sources stating each, the event with the most figures of each toll, the kinds that are parts of
    a whole, the event classes' superclasses and labels, and what lies in what."""

    FIELDS = ("events", "attested", "event_names", "toll_events", "whole_of", "superclasses", "class_labels",
              "containers", "only_planned")  # fmt: skip

    def __init__(self, store: ox.Store):
        self.events: dict[str, dict] = {}
        for row in solutions(store, EVENTS):
            event = self.events.setdefault(
                row["event"].value,
                {
                    "types": set(),
                    "dates": set(),
                    "fillers": set(),
                    "agents": set(),
                    "themes": set(),
                    "offices": set(),
                    "destinations": set(),
                    "planned": False,
                },  # fmt: skip
            )
            event["types"].add(row["type"].value.removeprefix(ns.KGO))
            if row["date"] is not None:
                event["dates"].add(row["date"].value)
        for row in solutions(store, "SELECT DISTINCT ?event WHERE { ?event kgo:modality kgo:Planned }"):
            if row["event"].value in self.events:
                self.events[row["event"].value]["planned"] = True
        # events every claim of which says they are to come (kg:csto-withdrawal, announced; what was done is another)
        happened = {row["event"].value for row in solutions(store, HAPPENED)}
        self.only_planned = sorted(e for e, known in self.events.items() if known["planned"] and e not in happened)
        self.attested: dict[str, set[str]] = {}  # event -> the sources whose claims state it
        for row in solutions(store, EVENT_SOURCES):
            source = row["claim"].value.removeprefix(ns.CLAIM).split("/")[0]
            self.attested.setdefault(row["event"].value, set()).add(source)
        for row in solutions(store, ROLES):
            if row["event"].value in self.events:
                self.events[row["event"].value]["fillers"].add(row["filler"].value)
                if row["agent"].value == "true":
                    self.events[row["event"].value]["agents"].add(row["filler"].value)
                if row["theme"].value == "true":
                    self.events[row["event"].value]["themes"].add(row["filler"].value)
        for row in solutions(store, "SELECT ?event ?office WHERE { ?event kgo:officeConcerned ?office }"):
            if row["event"].value in self.events:
                self.events[row["event"].value]["offices"].add(row["office"].value)
        for row in solutions(store, "SELECT ?event ?place WHERE { ?event kgo:destination ?place }"):
            if row["event"].value in self.events:
                self.events[row["event"].value]["destinations"].add(row["place"].value)
        self.event_names = {e.removeprefix(ns.KG) for e in self.events}
        self.toll_events: dict[str, str] = {}  # what is counted -> the event with the most figures of it
        most: dict[str, int] = {}
        for row in solutions(store, FIGURES):
            kind, count = row["kind"].value.removeprefix(ns.KGO), int(row["figures"].value)
            if kind in TOLLS and row["event"].value in self.events and count > most.get(kind, 0):
                self.toll_events[kind], most[kind] = row["event"].value, count
        self.whole_of = {  # a kind of figure -> the kind it is a part of (kgo:partOfKind)
            row["part"].value.removeprefix(ns.KGO): row["whole"].value.removeprefix(ns.KGO)
            for row in solutions(store, "SELECT ?part ?whole WHERE { ?part kgo:partOfKind ?whole }")
        }
        self.superclasses: dict[str, set[str]] = {}  # a kgo: class -> itself and the kgo: classes it is a kind of
        for row in solutions(store, SUPERCLASSES):
            if row["class"].value.startswith(ns.KGO) and row["super"].value.startswith(ns.KGO):
                local = row["class"].value.removeprefix(ns.KGO)
                self.superclasses.setdefault(local, set()).add(row["super"].value.removeprefix(ns.KGO))
        self.class_labels: dict[str, dict[str, str]] = {}
        for row in solutions(store, CLASS_LABELS):
            self.class_labels.setdefault(row["class"].value.removeprefix(ns.KGO), {})[row["label"].language] = row[
                "label"
            ].value
        self.containers: dict[str, set[str]] = {}  # place -> the places it lies in, transitively
        for row in solutions(store, "SELECT DISTINCT ?place ?container WHERE { ?place kgo:locatedIn+ ?container }"):
            self.containers.setdefault(row["place"].value, set()).add(row["container"].value)

    @classmethod
    def kept_in(cls, cache_dir: Path, build: str, store: Callable[[], ox.Store]) -> GraphView:
        """The view of a build, kept under cache_dir as the gazetteer is (`keep_json`): named by the build and the
        code that reads it (`code_key`), so neither can change under it. `store` opens the build only when it must
        be read."""
        digest = hashlib.sha256(f"{build}\0{code_key()}\0".encode())
        path = cache_dir / f"graph-view-{digest.hexdigest()[:16]}.json"
        try:
            data = kept_json(path)
            if set(data) == set(cls.FIELDS):
                view = cls.__new__(cls)
                view.__dict__.update(data)
                return view
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # none kept yet, or unreadable: read again
        view = cls(store())
        keep_json(view.__dict__, path)
        return view


class Extractor:
    """Loaded once (the gazetteer, the graph's events, the class labels), then fast per article."""

    def __init__(
        self,
        store: ox.Store | Callable[[], ox.Store],
        snapshot: ox.Store | None = None,
        requirements: Requirements | None = None,
        cache_dir: Path | None = None,
        build: str | None = None,
        snapshot_file: Path | None = None,
    ):
        """`build` names the store's build (its release folder): with `cache_dir`, the gazetteer and the view of the
        graph are kept there for the next command, read from `snapshot_file` (`snapshot` is not needed then), and
        `store` may be what opens the build: it is opened only when something kept must be read again."""
        graph = functools.cache(store) if callable(store) else lambda: store
        kept = cache_dir is not None and build is not None
        with forms_kept_in(cache_dir):
            if kept:
                self.gazetteer = Gazetteer.kept_in(cache_dir, build, graph, snapshot_file)
            else:
                self.gazetteer = Gazetteer(graph(), snapshot)
            self.triggers = [
                (event_type, tuple(forms(w) for _, _, w in tokens(phrase)))
                for event_type, phrases in TRIGGERS.items()
                for phrase in phrases
            ]
            self._gapped = [  # inside: their forms are kept too (else pymorphy3 loads for them in every command)
                (event_type, tuple(forms(w) for _, _, w in tokens(a)), tuple(forms(w) for _, _, w in tokens(b)), gap)
                for event_type, a, b, gap in GAPPED
            ]
        # the longest phrases first (a phrase hides a shorter one over its words), found by a form of their first word
        self._triggers_by_first_form: dict[str, list[tuple[int, str, tuple[frozenset[str], ...]]]] = {}
        for rank, (event_type, phrase) in enumerate(sorted(self.triggers, key=lambda t: -len(t[1]))):
            for form in phrase[0]:
                self._triggers_by_first_form.setdefault(form, []).append((rank, event_type, phrase))
        self.english = English(cache_dir)
        self.gazetteer.is_word = self.english.known  # "Meanwhile Tokayev": a word, no given name
        self.russian = Russian(cache_dir)
        self.requirements = requirements
        view = GraphView.kept_in(cache_dir, build, graph) if kept else GraphView(graph())
        for name in GraphView.FIELDS:
            setattr(self, name, getattr(view, name))
        self._only_planned = set(self.only_planned)
        self._national_contingents = set(self.gazetteer.contingent_of.values())
        self._alliance_forces = set(self.gazetteer.force_of.values()) - self._national_contingents
        self._excluded: set[str] = set()
        # the years of the graph's tolls: a figure of a sentence set in another year is another event's
        self._years_of_tolls = {
            int(d[:4]) for e in self.toll_events.values() for d in self.events.get(e, {}).get("dates", ())
        }

    def extract(
        self,
        source: str,
        text: str,
        language: str,
        published: datetime.date,
        *,
        match_own: bool = True,
        publisher: str | None = None,
    ) -> Extraction:
        """`match_own=False` leaves out the events only this source's own claims state (for measuring it against
        them: a curated source's events are not there for a new article). `publisher`: the outlet's name, or its
        IRI in the register; it is never proposed as the article's origin."""
        if "\r" not in text:
            return self._read(source, text, language, published, match_own, publisher)
        # a text saved with Windows' line endings is read as the same text with Unix ones (a carriage return before
        # a newline as a space: every offset stays), and what it quotes is taken from the text as stored
        as_unix = re.sub(r"\r(?!\n)", "\n", text).replace("\r", " ")
        read = self._read(source, as_unix, language, published, match_own, publisher)
        for m in [*read.mentions, *read.origins]:
            m.text = text[m.start : m.end]
        for d in read.dates:
            d.words = text[d.start : d.end]
        for q in read.quantities:
            q.words = text[q.start : q.end]
        for c in read.claims:
            c.quote = text[c.start : c.end]
        return read

    def _read(self, source, text, language, published, match_own, publisher) -> Extraction:
        self._excluded = set() if match_own else {e for e, s in self.attested.items() if s <= {source}}
        self._language, self._text, self._published, self._publisher = language, text, published, publisher
        self._labels_given: set[tuple[str, str]] = set()  # (language, label) of the new events proposed so far
        sentences = _lines_apart(text, sentence_spans(text))
        self._blog_day = _blog_day(text, published, language)
        mentions = self.gazetteer.find(text)
        english = self.english if language == "en" else None
        names_found = self.russian.names if language == "ru" else None
        for m in new_names(text, mentions, sentences, language, english, names_found):
            m.candidates = self.gazetteer.items_named(m.text)
            mentions.append(m)
        mentions.sort(key=lambda m: m.start)
        name_people_by_their_full_names(mentions)
        self._article_mentions = mentions  # (what country "nationwide" is: the places the whole text names before)

        dates = sorted(find_dates(text, published, language), key=lambda d: d.start)
        self._heading_days = _heading_days(text, dates)
        heading_lines = {text.rfind("\n", 0, start) + 1 for start, _, _ in self._heading_days}
        quantities = find_quantities(text, language, dates=dates)
        claims: list[CandidateClaim] = []
        used_names: set[str] = set()
        # what a sentence's triggers read: the names, dates and figures from two sentences before it to its end (a
        # date two sentences back may still date it), sliced, not searched, so that a long text costs in proportion
        by_start = {kind: _ByStart(items) for kind, items in (("m", mentions), ("d", dates), ("q", quantities))}
        for index, (a, b) in enumerate(sentences):
            if RETRACTED.search(text, a, b):
                continue  # "An earlier version of this article said the troops arrived on 7 January": taken back
            if BYLINE.match(text, a):
                continue  # "(Reporting by … staff; editing by …)": who wrote the report, no event in it
            if _run_in_heading(text, a, b, language, english):
                continue  # «Погибшие и задержанные. По данным …»: what the paragraph tells, named, not told (trial 42)
            context = sentences[max(0, index - 2)][0]
            line = text.rfind("\n", 0, a) + 1
            if ENTRY.match(text, line):  # "• …", "16:05 — …": a list's or a live blog's entry reads only itself
                context = max(context, line)
            # "- …", «13 января. …»: an explainer's or a chronicle's entry takes no place from the entries before it
            # (what it speaks of, it may: "- The withdrawal begins today" is the force's)
            self._entry_start = line if BULLET_HYPHEN.match(text, line) or line in heading_lines else 0
            mentions_near, dates_near, quantities_near = (by_start[k].within(context, b) for k in ("m", "d", "q"))
            read = [
                (self._assistance(text, a, b, at + a, language, self._sending(text, at + a, language, t)), at + a)
                for t, at in self._types_in(tokens(text[a:b]), language)
            ]  # (the type read in context, the trigger's offset)
            read = [(self._force_or_not(text, at, language, read_as), at) for read_as, at in read]
            read = [(self._whither(text, at, language, read_as, mentions_near), at) for read_as, at in read]
            read = [
                (read_as, at)
                for read_as, at in read
                if read_as
                and not self._unreported(text, read_as, at, language, dates_near)
                and not _in_a_name(mentions_near, at)
            ]
            found = self._one_per_type_and_clause(text, a, b, read, dates_near, language)
            found = list(dict.fromkeys(found))  # «обратиться к … за помощью»: two entries, one request
            inside = [m for m in mentions_near if a <= m.start]
            found = self._speech(found, inside)
            parts = _parts_of_longer_names(inside)
            actors_of = self._actors(found, [m for m in inside if id(m) not in parts])
            first_of_sentence = len(claims)
            for event_type, at in found:
                actors = actors_of[(event_type, at)]
                if (
                    event_type in SPEECH
                    and GOING_ON_SAYING.match(text, at)
                    and any(t in SPEECH and a <= other < at for t, other in found)
                ):
                    continue  # "announced the decision …, saying the force would be sent": one saying, said on
                if event_type in SPEECH and self._attribution(inside, at):
                    continue  # "Reuters reported", "Kazinform reports": who tells the news, not an event in it
                claim = self._claim(
                    source, text, a, b, event_type, at, mentions_near, dates_near, quantities_near, used_names, actors,
                    context, parts,
                )  # fmt: skip
                claims.append(claim)
                claims[-1].language = language
                claims[-1].trigger = at
            sentence_claims = claims[first_of_sentence:]
            causes = [c for c in sentence_claims if _a_cause_named(text, c, sentence_claims)]
            _link_events(sentence_claims, causes, text)
            # "rallies against a rise in gas prices": the rise is why they rallied, the rallies' cause (above); a
            # candidate of its own only as more evidence of an event the graph has, never as a new event
            named = {id(c) for c in causes}
            claims[first_of_sentence:] = [c for c in sentence_claims if c.matched or id(c) not in named]
        self._one_new_event_each(claims)
        carried = {id(q) for c in claims for q in c.quantities}
        deployment = self._alliance_deployment()
        for a, b in sentences:
            if TAKEN_BACK.search(text, a, b) or RETRACTED.search(text, a, b) or BYLINE.match(text, a):
                continue  # "a figure of 164 dead circulated …, but it was withdrawn as a technical error" (trial 43)
            if ANOTHER_YEAR.search(text, a, b) or any(
                int(m["year"] or m["year2"]) not in self._years_of_tolls for m in IN_A_YEAR.finditer(text, a, b)
            ):
                continue  # «…декабрь 2011 года, когда … погибли 16 человек» (trial 40), "In December 2011 police
                # opened fire …, and at least 14 people were killed" (trial 48): another year's dead
            alone = [q for q in by_start["q"].within(a, b) if self._toll_of(q.counted) and id(q) not in carried]
            if alone and self.toll_events.get(self._toll_of(alone[0].counted)):
                claims.append(self._tolls(source, text, a, b, alone, used_names))
            force = [q for q in by_start["q"].within(a, b) if q.counted in FORCE_KINDS and id(q) not in carried]
            if force and deployment and not any(a <= c.start < b for c in claims) and self._of_the_alliance_force(
                by_start["m"].within(a, b), deployment
            ):  # fmt: skip
                claims.append(self._tolls(source, text, a, b, force, used_names, deployment))
        facts, origins = self._facts(source, text, sentences, by_start["m"], language, publisher)
        claims += facts
        claims.sort(key=lambda c: (c.start, c.trigger, c.iri))  # review tells equal keys apart in this order too
        for claim, key in zip(claims, distinct_keys([c.key for c in claims])):
            claim.twin = key.removeprefix(claim.key)
        return Extraction(source, language, published, mentions, dates, quantities, claims, origins)

    def _away_from_the_entry(self, text: str, a: int, at: int, event_type: str) -> bool:
        """Whether a live blog's or a chronicle's entry speaks of another time than its own day: a clause still to
        come ("is expected to be announced"), a time counted from it ("five days after", «спустя неделю»). A saying
        is the entry's, whatever the time of what it says ("the ministry says 9,900 have been detained since")."""
        if clause_tense(text, at, self._language) == "future":
            return True
        start, end = clause_of(text, at, self._language)
        if event_type not in SPEECH_TYPES and re.search(r"(?<!\w)(?:По|по) словам|\b[Aa]ccording to", text[a:at]):
            return True  # «По словам президента, … контртеррористическую операцию вели …»: told that day, done before
            # (not «Минобороны сообщило, что … вылетели последние самолёты»: a chronicle's day is what it tells of)
        return event_type not in SPEECH and bool(AWAY_FROM_THE_ENTRY.search(text, max(a, start - 30), end))

    def _facts(self, source, text, sentences, mentions, language, publisher) -> tuple[list[CandidateClaim], list]:
        """Facts that are not events, each a candidate claim of its own: who holds which office ("Russian Defence
        Minister Sergei Shoigu"), which states are members of what («В эту организацию входят Россия, Беларусь»),
        where a place is ("Zhanaozen, a city in the Mangistau region"; "the biggest city of Kyrgyzstan, Almaty",
        which the build then sets aside as the source's error), and the agencies the article is based on ("citing
        TASS", "(ANI/Sputnik)")."""
        facts: list[CandidateClaim] = []
        origins: list[Mention] = []
        seen: set[tuple[str, str, str]] = set()
        used: set[str] = set()

        def propose(a, b, subject, prop, obj, confidence, why, start=None, end=None, holding=None, new=(), because=()):
            if subject == obj or (subject, prop, obj) in seen:
                return
            seen.add((subject, prop, obj))
            evidence = f"fact:{prop}:{why.split('«')[0].strip() if prop == 'holds' else ''}" + (
                ":inferred" if because else ""
            )
            confidence = CALIBRATION.get(evidence, confidence)
            quote = text[a:b].rstrip(" .") if start is None else text[start:end]
            start = a if start is None else start
            name = _unique(kebab(f"{prop}-{subject.rsplit('/', 1)[-1]}-{obj.rsplit('/', 1)[-1]}"), used)
            facts.append(
                CandidateClaim(
                    source, name, prop, subject, True, quote, start, start + len(quote), [], None, False, [], {},
                    confidence, why, list(new), list(because), language=language, trigger=start,
                    fact=(subject, prop, obj), holding=holding, evidence=evidence,
                )
            )  # fmt: skip

        alliances_named = sorted(
            [m for m in mentions.items if m.entity in self.gazetteer.alliances]
            + self._alliances_inside(mentions.items),
            key=lambda m: m.start,
        )  # in reading order
        asked = False  # the sentence before asked who the members are ("Who belongs to the CSTO?")
        for a, b in sentences:
            said = mentions.within(a, b)
            inside = [m for m in said if m.entity]
            self._holds(text, inside, [m for m in said if m.how == "new" and m.kind == "person"], a, b, propose)
            earlier = [m for m in alliances_named if m.start < a]
            self._members(text, inside, a, b, language, propose, earlier[-1:], asked)
            asked = MEMBERS_ASKED.search(text, a, b) is not None
            self._located(text, inside, a, b, propose)
            self._capitals(text, inside, a, b, propose)
            for m in self._origins(text, said, publisher, a, b):
                origins.append(m)
                if m.entity:
                    propose(a, b, ns.SRC + source, "basedOn", m.entity, 0.9, f"«{m.text}» named as the report's origin")
                else:  # an outlet the register does not know yet ("It is reported by 24.kg"): proposed with it
                    why = f"«{m.text}» named as the report's origin, an outlet new to the register"
                    propose(a, b, ns.SRC + source, "basedOn", ns.KG + m.key, 0.9, why, new=[m])
        return facts, origins

    def _alliances_inside(self, mentions: list[Mention]) -> list[Mention]:
        """An alliance named by one word inside a longer name («Миротворцы ОДКБ», "CSTO Secretary General"): the
        alliance an article has named, for "its members" after it."""
        found = []
        for m in mentions:
            if m.entity in self.gazetteer.alliances:
                continue
            for start, end, word in tokens(m.text):
                targets = {
                    n.target for form in forms(word) for n in self.gazetteer.index.get(form, ())
                    if len(n.words) == 1 and n.target in self.gazetteer.alliances and word[:1].isupper()
                }  # fmt: skip
                if len(targets) == 1:
                    alliance = targets.pop()
                    found.append(
                        Mention(m.start + start, m.start + end, word, "organisation", alliance, how="register")
                    )
        return found

    def _holds(self, text, inside, new_people, a, b, propose) -> None:
        """Who holds which office, as said; a person new to the register too («президент Киргизии Сооронбай
        Жээнбеков», whom the build then finds in an office another held that day); none once held ("then Kyrgyz
        President Roza Otunbayeva"). A holding in words of another year the build leaves to its events."""
        people = sorted([m for m in inside if m.kind == "person"] + new_people, key=lambda m: m.start)
        for office in (m for m in inside if m.kind == "office"):
            if FORMER.search(text, max(a, office.start - 12), office.start):
                continue  # "former president Nazarbayev", «бывший президент», «экс-глава»: an office no longer held
            if NOT_THE_OFFICE.search(text, max(a, office.start - 30), office.start) or FIRST_PRESIDENT.search(
                text, max(a, office.start - 12), office.start + 10
            ):
                continue  # "named Smailov as acting prime minister", «первого президента Нурсултана Назарбаева»
            # an office named inside an aide's ("the press secretary of the President of Kazakhstan"): the name after
            # both is the inner office's holder when the graph says so ("… Kassym-Jomart Tokayev, Berik Uali"), else
            # the aide's ("Press secretary of the President of Kazakhstan Berik Uali")
            inner = next(
                (o for o in inside if o.kind == "office" and office.start < o.start and o.end == office.end), None
            )
            outer = any(o.kind == "office" and o.start < office.start and o.end == office.end for o in inside)
            # "a spokesman for the Russian president, Dmitry Peskov": the name set off by a comma is the spokesman's
            # ("the press secretary of the President of Kazakhstan Kassym-Jomart Tokayev, Berik Uali": the president)
            post = POST_BEFORE.search(text, max(a, office.start - 40), office.start)
            near = [
                p for p in people
                if not (post and p.start >= office.end and "," in text[office.end : p.start])
                and not _governed_by_a_title(text, office, p, a)  # «помощник президента Ерлан Карин»: the aide
                and not _predecessor(text, p)  # "replaced Nazarbayev as chairman": the one who no longer holds it
                and (p.end <= office.start or not _issuer_before(text, office, p)) and (
                    (0 <= p.start - office.end <= 3 and not re.search(r"\w", text[office.end : p.start]))
                    or (0 <= office.start - p.end <= 3 and not re.search(r"\w", text[p.end : office.start]))
                    or (p.end <= office.start and HELD_AS.fullmatch(text[p.end : office.start]))
                    or RANK_BETWEEN.fullmatch(text, min(office.end, p.end), max(office.start, p.start))
                )
            ]  # fmt: skip
            if inner is not None:
                near = [p for p in near if not self.gazetteer.holdings.get((p.entity, inner.entity))]
            if outer:
                near = [p for p in near if self.gazetteer.holdings.get((p.entity, office.entity))]
            for person in near[:1]:
                holding = self.gazetteer.holdings.get((person.entity, office.entity))
                start, end = min(office.start, person.start), max(office.end, person.end)
                subject, new = (person.entity, ()) if person.entity else (ns.KG + person.key, [person])
                propose(a, b, subject, "holds", office.entity, 0.9,
                        f"the office «{office.text}» names «{person.text}»", start, end, holding, new)  # fmt: skip
        for person in (p for p in people if p.entity):  # "President Tokayev": a title the graph knows
            before = text[max(a, person.start - 30) : person.start]
            title = re.search(r"(\w[\w-]*)\s+$", before)
            if not title or FORMER.search(before[: title.start()]) or NOT_THE_OFFICE.search(before[: title.start()]):
                continue
            if FIRST_PRESIDENT.search(before):
                continue  # «первый президент Нурсултан Назарбаев»: his title, not the presidency
            at = person.start - len(title.group(0))
            if any(m.kind == "office" and m.start <= at < m.end for m in inside):
                continue  # "Defence Minister Sergei Lavrov": the office named is the one said, not one the graph knows
            for office, holding, label in self.gazetteer.offices_of.get(person.entity, ()):
                if forms(title.group(1)) & forms(label.split()[0]):
                    propose(a, b, person.entity, "holds", office, 0.8,
                            f"«{title.group(1)}» before «{person.text}», who holds that office in the graph",
                            person.start - len(title.group(0)), person.end, holding)  # fmt: skip

    def _members(self, text, inside, a, b, language, propose, earlier=(), asked=False) -> None:
        """States listed as members of an alliance; "a member of the alliance" of the one the article named last; the
        list that answers "Who belongs to the CSTO?" of the one asked about."""
        sentence = self._forms_in(text, a, b, language)
        listed = WHAT_THE_ALLIANCE_IS.search(text, a, b)
        if not sentence & MEMBER_WORDS and not asked and not THE_ALLIANCES_MEMBERS.search(text, a, b) and not listed:
            return
        states = [m for m in inside if m.entity in self.gazetteer.states]
        alliances = [m for m in inside if m.entity in self.gazetteer.alliances]
        if not alliances and (asked or THE_ALLIANCES_MEMBERS.search(text, a, b)):
            alliances = list(earlier)
        elif (
            not alliances and listed and earlier and a - earlier[-1].end <= ALLIANCE_RIGHT_BEFORE
            and not [m for m in inside if m.kind == "organisation" and m.start < listed.start]
        ):  # fmt: skip
            alliances = list(earlier)  # (not "The Organization of Turkic States, a grouping of five states: …")
        if len(states) < 2 and not (states and re.search(r"member of|членом", text[a:b], re.I)):
            return
        for alliance in alliances[:1]:
            named_before = alliance.start < a
            for state in states:
                if LEFT_AFTER.match(text, state.end) or FORMER.search(text, max(a, state.start - 12), state.start):
                    continue  # "Uzbekistan, a former member of the CSTO", "which left the CSTO in 2012"
                why = f"«{state.text}» listed as a member of «{alliance.text}»"
                because = [
                    f"«the alliance» is taken as {alliance.text}, the alliance the article named last before it."
                ]
                propose(
                    a,
                    b,
                    state.entity,
                    "memberOf",
                    alliance.entity,
                    0.7 if named_before else 0.85,
                    why + (", named before" if named_before else ""),
                    because=because if named_before else (),
                )

    def _capitals(self, text, inside, a, b, propose) -> None:
        """A city called a state's capital, as said ("the Kazakh capital Almaty", «Алматы, столица Казахстана»): a
        source's error the build sets aside when the register gives the state another; "the former capital", «южная
        столица» (a name, not an office of the city) are none."""
        if any(int(y) != self._published.year for y in YEAR.findall(text, a, b)):
            return  # "Almaty, the Kazakh capital until 1997": another year's
        places = [m for m in inside if m.kind == "place"]
        for state in (m for m in places if m.entity in self.gazetteer.states):
            of_its_own = re.match(r"['’]s\s+(?:\w+\s+){0,2}(?:region|oblast|province)", text[state.end :], re.I)
            for city in (m for m in places if m.entity in self.gazetteer.cities):
                if city.end <= state.start:  # "Almaty, the capital of Kazakhstan", «Алматы, казахстанская столица»
                    if of_its_own:
                        continue  # "Aktau, the capital of Kazakhstan's Mangystau region": a region's capital
                    said = CAPITAL_AFTER.fullmatch(text[city.end : state.start]) or (
                        re.fullmatch(r",\s+(?:the\s+)?", text[city.end : state.start])
                        and CAPITAL_WORD.match(text, state.end)
                    )
                    at = city.start
                else:  # "Kazakhstan's capital Almaty", "the capital of Kazakhstan, Almaty", «столице Казахстана Алматы»
                    gap = text[state.end : city.start]
                    said = CAPITAL_BETWEEN.fullmatch(gap) or (
                        re.fullmatch(r",?\s+", gap)
                        and CAPITAL_BEFORE.search(text, max(a, state.start - 25), state.start)
                    )
                    at = state.start
                lead = text[max(a, min(state.start, city.start) - 30) : max(state.end, city.end)]
                listed = city.start > state.start and re.match(r"\s+(?:and|и)\s", text[city.end :])
                if said and not NOT_THE_CAPITAL.search(lead) and not listed:  # "…, Almaty and the Mangystau region"
                    word = CAPITAL_WORD.match(text, state.end) if city.end <= state.start else None
                    propose(a, b, state.entity, "capital", city.entity, 0.8,
                            f"«{city.text}» called the capital of «{state.text}»", min(at, state.start, city.start),
                            max(state.end, city.end, word.end() if word else 0))  # fmt: skip
                    # (the quote keeps the word that says it: "Almaty, the Kazakh capital", not "Almaty, the Kazakh")

    def _located(self, text, inside, a, b, propose) -> None:
        places = [m for m in inside if m.kind in ("place", "facility") and m.how != "demonym"]
        containers = self.gazetteer.containers
        for first, second in zip(places, places[1:]):
            gap = text[first.end : second.start]
            before_words = text[max(a, first.start - 40) : first.start]
            if re.search(r"(?:biggest|largest|main) (?:city|town) of\s*$", before_words, re.I) and gap.strip() == ",":
                # "the biggest city of Kyrgyzstan, Almaty": proposed as said, a source's error the build sets aside
                propose(a, b, second.entity, "locatedIn", first.entity, 0.8,
                        f"«{second.text}» called a city of «{first.text}»", first.start - 20, second.end)  # fmt: skip
                continue
            if second.entity not in containers:
                continue
            adjacent = re.fullmatch(
                r"\s*(?:,\s*(?:an?|the)\b(?:[^,]|,(?=\d)){0,40}?\bin (?:the )?(?:\w+ )?|\(\s*)?", gap
            ) or (
                # "Aktau, the administrative centre of …", «…, административного центра Алматинской области» (a
                # state's capital is the capital rule's)
                re.fullmatch(SEAT_OF, gap, re.I) if second.entity not in self.gazetteer.states else None
            )
            if adjacent is None and first.entity not in self.gazetteer.states:  # "Aktau in the Mangistau region"
                # (not "from Russia in Kazakhstan"; "in the western Mangystau region", «в западной Мангистауской»)
                adjacent = re.fullmatch(r"[»”\"]?\s+(?:in|в|во)\s+(?:the\s+)?" + DIRECTION, gap, re.I)
                if adjacent is not None and (_coming_from(text, first) or _going_to(text, second)):
                    adjacent = None  # «вылетели из Минска в Казахстан»: from one to the other, not one in the other
            if adjacent is not None:
                propose(a, b, first.entity, "locatedIn", second.entity, 0.75,
                        f"«{first.text}» placed in «{second.text}»", first.start, second.end)  # fmt: skip
                # «В Жанаозене и Актау Мангистауской области»: the other place of the pair too
                before = places[places.index(first) - 1] if places.index(first) else None
                if before and re.fullmatch(r"\s+(?:и|and)\s+", text[before.end : first.start]):
                    propose(
                        a,
                        b,
                        before.entity,
                        "locatedIn",
                        second.entity,
                        0.7,
                        f"«{before.text}» and «{first.text}» placed in «{second.text}»",
                        before.start,
                        second.end,
                    )
            largest = re.fullmatch(
                r"(?:'s|’s)?\s*(?:biggest|largest|main|capital)?\s*(?:city|town)?\s*(?:of\s+)?,?\s*", gap, re.I
            )
            if first.entity in containers and largest and re.search(r"city|town", gap, re.I):
                propose(a, b, second.entity, "locatedIn", first.entity, 0.8,
                        f"«{second.text}» called a city of «{first.text}»", first.start, second.end)  # fmt: skip

    def _people(self, entities) -> bool:
        return any(self.gazetteer.kinds.get(e) == "person" for e in entities)

    def _one_new_event_each(self, claims: list[CandidateClaim]) -> None:
        """A new event an article tells twice is one (trial 36: three guardings of Almaty's airport, two welcomes of
        one contingent): of one type, the same day (or neither dated) and planned or not alike, sharing someone or
        something named that is not a state, a later candidate states the earlier one's event."""
        first: list[CandidateClaim] = []
        for claim in claims:
            if claim.matched or claim.fact:
                continue
            day = (claim.date.first, claim.date.last) if claim.date else None
            fillers = {t for _, t in claim.roles if t not in self.gazetteer.states}
            same = next(
                (
                    c for c in first
                    if c.event_type == claim.event_type and c.planned == claim.planned
                    and ((c.date.first, c.date.last) if c.date else None) == day
                    and fillers & {t for _, t in c.roles}
                ),
                None,
            )  # fmt: skip
            if same is None:
                first.append(claim)
                continue
            claim.event, claim.labels = same.event, same.labels
            claim.reason += f"; the same event as «{_word_at(self._text, same.trigger)}» before it in the article"

    def _said_ahead(self, text: str, at: int) -> bool:
        """Whether the verb of saying at `at` is itself still to come ("will say", "is expected to announce",
        «заявит»), not only what it says."""
        if self._language == "ru":
            return "futr" in grammemes(_word_at(text, at)) or bool(
                re.search(r"(?<!\w)будет\s+$", text[max(0, at - 12) : at])
            )
        return bool(re.search(r"\b(?:will|would|shall|to)\s+(?:\w+\s+)?$", text[max(0, at - 30) : at], re.I))

    def _is_publisher(self, m: Mention, publisher: str | None) -> bool:
        """Whether the mention names the article's own publisher, given by name or as the register's outlet (its
        IRI: `add` and the pipeline record one; an outlet `add` made minutes ago, before any build, has the IRI its
        name gives)."""
        if not publisher:
            return False
        own = [*self.gazetteer.labels.get(publisher, {}).values(), publisher]
        return (m.entity == publisher or ns.KG + kebab(m.text) == publisher or any(
            _same_outlet(m, name, self.gazetteer) if m.entity else _publisher_named(m.text, name) for name in own
        ))  # fmt: skip

    def _origins(self, text, inside, publisher, a, b) -> list[Mention]:
        """Outlets named as where the report comes from: "citing TASS", «со ссылкой на ТАСС», "TASS reports",
        «передает Интерфакс», "(ANI/Sputnik)", "/TASS/", "INTERFAX.RU"; also one the register does not know, when
        its name says it is an outlet (a web address, "… News", "… Times", «газета «…»») and the words around it
        name an origin (its mention then has no entity and the kind "outlet")."""
        known = {i for m in inside if m.entity or m.item for i in range(m.start, m.end)}
        unknown = [
            Mention(n.start(group), n.end(group), n.group(group), "outlet", how="new")
            for pattern, group in ((WEB_ADDRESS, 0), (OUTLET_NAME, 0), (QUOTED_OUTLET, "name"))
            for n in pattern.finditer(text, a, b)
            if not known & set(range(n.start(group), n.end(group)))
            and n.group(group).split()[0].casefold() not in NOT_NAMES  # "Deputy Press Secretary" is no "… Press"
        ]
        found = []
        for m in [*inside, *unknown]:
            if m.kind != "outlet" and m.entity not in self.gazetteer.outlets:
                continue
            if self._is_publisher(m, publisher):
                continue  # "ALMATY, Jan 6 (Steppe Wire) -" in Steppe Wire's article: no origin
            before = text[max(0, m.start - 40) : m.start].casefold().replace("ё", "е")
            after = text[m.end : m.end + 30].casefold()
            cited = re.search(ORIGIN_BEFORE, before) or re.search(r"\d\s+[а-яa-z]+\.?\s*[—–]\s*$", before)
            if not cited and re.search(r"reported\s+the\s*$", before) and re.match(r"\s+news agency\b", after):
                cited = True  # "reported the Interfax news agency" (not "police reported TASS journalists")
            reports = re.match(ORIGIN_AFTER, after)
            line = text[text.rfind("\n", 0, m.start) + 1 : (text.find("\n", m.end) + 1 or len(text) + 1) - 1]
            byline = line.strip(" .") == m.text  # a line that is only an outlet's name: the report's byline
            if cited or reports or byline or m.text.casefold().endswith(".ru"):
                found.append(m)
        return found

    def _actors(self, found: list[tuple[str, int]], inside: list[Mention]) -> dict[tuple[str, int], set[int]]:
        """Who acts for each trigger of a sentence (ids of mentions). A name acts for the trigger nearest it: in
        "X returned, Japarov said" Japarov said, not returned. A speaker is the person nearest the verb of saying
        (an organisation for a report), wherever in the sentence; none when the sentence names none (then "he" is
        filled from the sentences before); a name inside the words quoted speaks not. A trigger that no name is
        nearest to takes the nearest one."""
        triggers = [at for _, at in found]
        doers = [m for m in inside if m.kind in ("person", "organisation")]
        actors = {}
        for event_type, at in found:
            if event_type in SPEECH:
                kind = SPEECH[event_type]
                # a name inside the words quoted is what is spoken of, not who speaks (unless the verb is quoted too)
                quoted = inside_quotes(self._text, at)
                speakers = [
                    m for m in doers
                    if m.kind == kind and inside_quotes(self._text, m.start) <= quoted and self._may_speak(m)
                    and not (m.start > at and self._spoken_of(m)) and not _in_what_is_said(self._text, at, m)
                    and not _in_a_closed_relative_clause(self._text, m, at)
                    and not _in_an_aside(self._text, m, doers, at)  # "Tokayev, speaking after Putin, said"
                ]  # fmt: skip
                named = ACCORDING_TO.match(self._text, at)
                if named:  # «по словам представителей Минобороны»: who is named right after speaks, of either kind
                    speakers = [m for m in doers if named.end() <= m.start < named.end() + 40
                                and "," not in self._text[named.end() : m.start]]  # fmt: skip
                if not speakers and kind == "person":
                    # "The Interior Ministry said": a body that stands before the verb in its clause speaks
                    start, _ = clause_of(self._text, at, self._language)
                    speakers = [
                        m for m in doers
                        if m.kind == "organisation" and start <= m.start < at and not inside_quotes(self._text, m.start)
                        and self._may_speak(m) and m.entity not in self.gazetteer.outlets
                    ]  # fmt: skip
                if self._language == "en" and not named:
                    # English puts the speaker after the verb only after what is said ("…," said Tokayev): "Tokayev
                    # told Putin", "The session confirmed Smailov" (trial 36: Smailov said it, at 0.81)
                    start, _ = clause_of(self._text, at, self._language)
                    before = [m for m in speakers if m.end <= at and m.start >= start]
                    inverted = re.search(r"(?:[,\"”’:—–(]|\s-|^)\s*$", self._text[max(0, at - 4) : at])
                    by = [m for m in speakers if m.start > at and re.search(r"\bby\s+$", self._text[at : m.start])]
                    subject_words = re.findall(r"[a-z]+", self._text[start:at].casefold())
                    unnamed = not before and not inverted and set(subject_words) - UNNAMED_SUBJECT_NOT
                    # "…, his press service says": a subject of its own the register does not name, not one before
                    speakers = (
                        []
                        if unnamed and not by
                        else (before or (speakers if inverted else [m for m in speakers if m.end <= at] or by))
                    )
                nearest = min(speakers, key=lambda m: abs(m.start - at), default=None)
                subject = self._joined_subject(found, doers, at)
                if subject is not None and subject.kind == kind and self._may_speak(subject):
                    nearest = subject  # «Токаев отправил в отставку правительство Мамина и объявил …»: Tokayev
                actors[(event_type, at)] = {id(nearest)} if nearest else set()
                continue
            own = {id(m) for m in inside if min(triggers, key=lambda t: abs(t - m.start)) == at}
            start, end = clause_of(self._text, at, self._language)
            # not "Tokayev asked after a mob stormed it"; nor who says it happened ("Tokayev said the mission had
            # been completed": the speaker, before a verb of saying that comes before this trigger, unless a pronoun
            # between them is he: "Tokayev said he had asked")
            saying = [
                t
                for kind, t in found
                if kind in SPEECH and t < at and not SELF_PRONOUNS & set(re.findall(r"\w+", self._text[t:at].lower()))
            ]
            near = [m for m in doers if start <= m.start < end and not any(m.start < t for t in saying)]
            if not near and re.search(r"(?<!\w)котор\w*|\bwhose\b", self._text[max(0, start - 12) : end], re.I):
                near = [m for m in doers if m.end <= start][-1:]  # «Советом министров, заседание которого»: its own
            if not own & {id(m) for m in doers} and near:
                own.add(id(min(near, key=lambda m: abs(m.start - at))))
            subject = self._joined_subject(found, doers, at)
            if subject is not None:
                own = {id(subject)}
            elif SELF_SUBJECT_BEFORE.search(self._text, max(start, at - 25), at):
                # "Tokayev said on Friday that he had ordered …": "he" is the speaker of the verb of saying before
                said = [(t, actors.get((kind, t))) for kind, t in found if kind in SPEECH and t < at]
                if (
                    said
                    and said[-1][1]
                    and not any(  # not "Putin said Tokayev had assured him that he had …"
                        m.kind == "person" and said[-1][0] < m.start < at and id(m) not in said[-1][1] for m in doers
                    )
                ):
                    own = set(said[-1][1])
            actors[(event_type, at)] = own
        return actors

    def _joined_subject(self, found, doers, at: int) -> Mention | None:
        """ "Tokayev accepted the resignation of the government led by Askar Mamin and declared a state of
        emergency": a verb joined by "and" with no subject of its own is done by the first verb's subject (the
        last doer named before the sentence's first trigger)."""
        first = min(t for _, t in found)
        if first >= at or not JOINED_VERB.search(self._text, max(0, at - 30), at) or self._passive(self._text, at):
            return None
        opens = sentence_start(self._text, at)
        subject = [m for m in doers if opens <= m.start < first]
        return subject[-1] if subject else None

    def _spoken_of(self, m: Mention) -> bool:
        """Whether an English name after a verb of saying is governed by a preposition: what or whom the words are
        about or addressed to ("denied any conflict with Tokayev", "told reporters in Moscow"), not who spoke (as
        in "said Tokayev", or "by Tokayev")."""
        if self._language != "en":
            return False
        before = _words_before(self._text, m.start, 1)
        return bool(before) and before[0] in SPOKEN_OF

    def _may_speak(self, m: Mention) -> bool:
        """Whether a name may be who speaks: not an owner ("Tokayev's government has said", "Peskov, Putin's
        spokesman, said"); in Russian only in the nominative («приглашение Токаеву»), and not a genitive after a
        common noun («пресс-секретарь Путина Дмитрий Песков»)."""
        if self._language != "ru":
            return not re.match(r"['’]s?\b", self._text[m.end : m.end + 2]) and not re.search(r"['’]s?$", m.text)
        if _surely_oblique(m):
            return False
        word = _last_word(m.text)
        found = readings(word)
        before = re.search(r"(\w[\w-]*)\s+$", self._text[max(0, m.start - 30) : m.start])
        after_a_noun = (
            before is not None
            and before.group(1).islower()
            and any("NOUN" in tags and "nomn" in tags for _, tags in readings(before.group(1)))
        )
        # («президент Лукашенко», «министр обороны Шойгу»: a title and its holder; the genitive is an owner only
        # before the name of the one it owns)
        genitive_name = any({"gent"} <= tags and tags & {"Surn", "Name"} for _, tags in found)
        another_name = re.match(r"\s+[А-ЯЁ][а-яё]", self._text[m.end : m.end + 4])
        return not (after_a_noun and genitive_name and another_name)

    def _object_of(self, text: str, event_type: str, at: int, m: Mention) -> bool:
        """Whether a name after an English verb in the active voice, in its clause, is what the verb acts on: not
        after "by" (the passive's agent), not for words said ("…, said Tokayev" puts the speaker after)."""
        if self._language != "en" or event_type in SPEECH_TYPES | RECIPROCAL or self._is_noun(_word_at(text, at), "en"):
            return False
        start, end = clause_of(text, at, "en")
        between = text[at : m.start]
        if not (start <= m.start < end) or re.search(r"\bby\b|\b(?:with|against|alongside)\s+(?:the\s+)?$", between):
            return False  # "clashed with police": the other side, not what the verb acts on
        return not re.search(r"\b(?:was|were|been|being|is|are|be)\s+\w*$", text[max(start, at - 25) : at])

    def _one_per_type_and_clause(self, text, a, b, read, dates, language) -> list[tuple[str, int]]:
        """Per type read in context, the first trigger of a sentence that reports something, and another only when
        a date of its own clause sets it apart ("Russia pledged to send troops and Pashinyan followed on Friday by
        committing 100"); "the withdrawal … the pullout" in one sentence is one event said twice, and so is «обратился
        к … с просьбой о помощи» (a request, then a plea the lexicon reads as one)."""
        english = self.english if language == "en" else None
        seen: dict[str, set] = {}  # per type, the days of the triggers kept (as their sentence dates them)
        found = []
        for read_as, at in read:
            start, end = clause_of(text, at, language)
            own = next((d.first for d in dates if a <= d.start < b and start <= d.start < end), None)
            if read_as in seen and (own is None or own in seen[read_as]):
                continue  # ("used tear gas and stun grenades on January 4": the first is dated by it too)
            day = _date_of(text, a, b, at, dates, language, english, self._is_noun(_word_at(text, at), language))
            seen.setdefault(read_as, set()).add(day and day.first)
            found.append((read_as, at))
        return found

    def _office_concerned(self, text: str, a: int, b: int, at: int, event_type: str, mentions) -> str | None:
        """The office an appointment fills, a dismissal takes away or a transfer hands on: of the offices after the
        verb in its clause (before it too when the verb is passive: «Председателем КНБ назначен …»), else just
        after it as "as" or "post" puts them ("dismissed Masimov as head of the KNB"), the one after "post",
        «пост», "chairmanship of" (in a Russian appointment, the instrumental: «назначен премьер-министром»), else
        the one nearest the verb. Not one inside a longer name, a title before a name ("Kazakh leader Tokayev
        dismissed …"; a post's may be: «от должности председателя КНБ Карим Масимов»), what a relative clause says
        of someone ("replaced by X, who had served as head of …"), the one who acts ("the President appointed …",
        "appointed by the president as …", «указом президента») or who receives ("handed … to the president")."""
        if event_type not in OFFICE_CHANGES:
            return None
        offices = [m for m in mentions if a <= m.start < b and m.kind == "office" and m.entity]
        offices = [m for m in offices if not any(o is not m and o.start <= m.start and m.end <= o.end for o in offices)]
        people = [m for m in mentions if a <= m.start < b and m.kind == "person"]

        def a_post(m: Mention) -> bool:  # "the post of", «с поста председателя КНБ» (a genitive: not «главой»)
            before = _words_before(text, m.start, 2)
            # the post's word right before, or before "of" ("the post of", not "removed from his post by President")
            named = bool(before) and (
                bool(forms(before[-1]) & OFFICE_WORDS)
                or (before[-1:] == ["of"] and bool(forms(before[0]) & OFFICE_WORDS))
            )
            made = self._language == "ru" and event_type == "Appointment" and "ablt" in _cases(m, noun=True)
            return made or (named and (self._language != "ru" or "gent" in _cases(m, noun=True)))

        def someone_elses(m: Mention) -> bool:  # a title before a name, or who acts ("by the president", «указом
            # президента»), or who receives ("handed … to the president")
            titled = any(m.end <= p.start and RANK_BETWEEN.fullmatch(text, m.end, p.start) for p in people)
            before = text[max(a, m.start - 12) : m.start]
            if titled or re.search(r"\bby\s+(?:the\s+)?$|(?<!\w)(?:указом|указу|распоряжением)\s+$", before, re.I):
                return True
            if FORMER.search(before):
                return True  # "took over from former president Nazarbayev as chairman": a title he no longer holds
            if self._language != "ru":
                return event_type == "Transfer" and bool(re.search(r"\bto\s+(?:the\s+)?$", before))
            said = _cases(m, noun=True)  # «освобожден главой государства» acts; «передал президенту» receives
            acts = event_type == "Dismissal" and "ablt" in said and not said & {"nomn", "gent"}
            return acts or (event_type == "Transfer" and "datv" in said and not said & {"nomn", "gent"})

        offices = [m for m in offices if a_post(m) or not someone_elses(m)]
        passive = self._passive(text, at)
        start, end = clause_of(text, at, self._language)
        near = [m for m in offices if start <= m.start < end and (m.start > at or passive)]
        near = near or [
            m for m in offices
            if at < m.start <= at + 80 and not RELATIVE.search(text[at : m.start])
            and any(forms(w) & (OFFICE_WORDS | {"as"}) for w in _words_before(text, m.start, 3))
        ]  # fmt: skip
        near = [m for m in near if not RELATIVE.search(text[min(at, m.start) : max(at, m.start)])]
        posts = [m for m in near if a_post(m)]
        if posts:
            return posts[0].entity
        return min(near, key=lambda m: abs(m.start - at)).entity if near else None

    def _owner(self, text: str, m: Mention, at: int) -> bool:
        """Whether a name owns a noun after it ("Nazarbayev's son-in-law") or, in Russian, is a genitive after a
        noun other than the trigger («отставку правительства Аскара Мамина»): whose, not who acts."""
        if self._language != "ru":  # (not "the government's resignation": the trigger's own owner acts)
            owns = re.match(r"['’]s?\s+", text[m.end : m.end + 5])
            return owns is not None and m.end + owns.end() != at
        before = re.search(r"([а-яё-]+)\s+$", text[max(0, m.start - 30) : m.start])
        if before and m.kind == "person" and forms(before.group(1)) & KIN_WORDS and RELATIVE_NAMED.match(text, m.end):
            return True  # «зять Назарбаева Тимур Кулибаев покинул пост»: whose son-in-law (trial 43)
        if not before or m.start - len(before.group(0)) <= at or m.kind != "person" or not _surely_oblique(m):
            return False
        return any("NOUN" in tags and "gent" in tags for _, tags in readings(before.group(1)))

    def _after_another_verb(self, text: str, at: int, m: Mention) -> bool:
        """Whether a name after the trigger follows "and", or a comma that opens the next of a subject's deeds, and a
        verb of its own: that verb's ("accepted the resignation of the government, named Alikhan Smailov")."""
        joined = list(re.finditer(r"\s(?:и|and)\s", text[at : m.start]))
        if joined:
            return _has_verb(text[at + joined[-1].end() : m.start], self._language, self.english)
        listed = list(re.finditer(r",\s+(?=\w+\s)", text[at : m.start]))
        if not listed:
            return False
        rest = text[at + listed[-1].end() : m.start]
        return len(rest.split()) <= 2 and _has_verb(rest.split()[0], self._language, self.english)

    def _passive(self, text: str, at: int) -> bool:
        """Whether the verb at `at` is passive ("was arrested", «задержан»)."""
        word = _word_at(text, at)
        if self._language == "ru":
            return bool({"PRTS", "pssv"} & grammemes(word))
        before = [w.casefold() for _, _, w in tokens(text[max(0, at - 30) : at])][-2:]
        return bool(PASSIVE_EN & set(before)) and word.casefold().endswith(("ed", "en", "t"))

    def _undergoer(self, text: str, event_type: str, at: int, inside: list[Mention]) -> Mention | None:
        """Who is appointed, dismissed or arrested: the first person or organisation after the verb in its clause
        ("Tokayev dismissed the government"), or, when the verb is passive, the nearest before it ("Masimov was
        arrested by the KNB", «Масимов задержан»), in Russian else the last after it that may be nominative, a full
        name first («Председателем КНБ назначен Ермек Сагимбаев», «Освобожден указом Токаева … Карим Масимов»)."""
        if event_type not in UNDERGONE:
            return None
        doers = [m for m in inside if m.kind in ("person", "organisation")]
        start, end = clause_of(text, at, self._language)
        if self._passive(text, at):
            # in its clause: «По данным МВД, в стране задержаны …» does not detain the ministry
            # not who says it ("The Interior Ministry says 7,939 people have been detained"), nor, in Russian, a name
            # in another case than the nominative («Командующим Коллективными силами назначен …»: the post's)
            before = max(
                (
                    m for m in doers
                    if start <= m.start and m.end <= at and not SAID_BETWEEN.search(text, m.end, at)
                    and (self._language != "ru" or "nomn" in _cases(m))
                ),
                key=lambda m: m.start,
                default=None,
            )  # fmt: skip
            if before is None:  # "Karim Masimov, a long-time Nazarbayev ally, was removed": the subject before
                # an aside between commas, which ends the clause the verb's own words open
                described = [
                    m for m in doers
                    if m.end <= start and APPOSITION_BETWEEN.fullmatch(text, m.end, start)
                    and _describes(text[m.end : start])
                    and not _has_verb(text[m.end : start], self._language, self.english)
                    and (self._language != "ru" or "nomn" in _cases(m))
                ]  # fmt: skip
                before = described[-1] if described else None
            if before is None and self._language == "ru" and "PRTF" in grammemes(_word_at(text, at)):
                # «Карим Масимов, освобождённый от должности 5 января»: the name the participle's phrase follows
                before = next((m for m in doers if re.fullmatch(r"\s*,\s*", text[m.end : at])), None)
            if before is None and self._language == "ru":  # «Председателем КНБ назначен Ермек Сагимбаев»
                # who may be nominative after the verb, a full name first («Алихан Смаилов по указу Токаева»: a
                # genitive surname, Токаева, Масимова, reads as a woman's nominative too); not after a preposition
                after = [
                    m for m in doers
                    if at < m.start < end and "nomn" in _cases(m)
                    and not set(_words_before(text, m.start, 1)) & RU_PREPOSITIONS
                ]  # fmt: skip
                full = [m for m in after if _given_name_first(m)]
                return (full or after or [None])[-1]
            return before
        if re.match(r"\s+and\s+[a-z]", text[end - 1 : end + 8]) and not re.search(r",", text[at:end]):
            end = at + len(re.split(r"[.,;!?\n]", text[at : at + 100])[0])  # "his former patron and predecessor X"
        return min((m for m in doers if at < m.start < end), key=lambda m: m.start, default=None)

    def _attribution(self, inside: list[Mention], at: int) -> bool:
        """Whether the name nearest a verb of saying is a news outlet's."""
        doers = [m for m in inside if m.kind in ("person", "organisation")]
        nearest = min(doers, key=lambda m: abs(m.start - at), default=None)
        return nearest is not None and nearest.entity in self.gazetteer.outlets and abs(nearest.start - at) < 40

    def _speech(self, found: list[tuple[str, int]], mentions: list[Mention]) -> list[tuple[str, int]]:
        """Where one verb is both a Statement and a Report trigger: a person in the sentence speaks (Statement),
        else an organisation reports (Report)."""
        at = dict(found)
        if "Statement" in at and "Report" in at and at["Statement"] == at["Report"]:
            verb = at["Statement"]
            speakers = [m for m in mentions if m.kind == "person" and not _in_what_is_said(self._text, verb, m)]
            drop = "Report" if speakers else "Statement"
            found = [f for f in found if f[0] != drop]
        return found

    def _force_or_not(self, text: str, at: int, language: str, event_type: str) -> str | None:
        """«ввести» and «ввод» are a deployment only of a force («ввел войска»; not «ввел чрезвычайное положение»,
        «ввод комендантского часа»); a «встреча» of a force is its welcome («встреча миротворцев»), not a meeting."""
        if language != "ru" or event_type not in ("Deployment", "Meeting"):
            return event_type
        word = self._forms(_word_at(text, at), language)
        _, end = clause_of(text, at, language)
        after = [self._forms(w, language) for _, _, w in tokens(text[at : min(len(text), end + 60)])][1:]
        if event_type == "Deployment" and word & {"ввести", "ввод"}:
            return event_type if self._force_around(text, at, language) else None
        if event_type == "Meeting" and word & {"встреча"} and after and after[0] & FORCE_WORDS:
            return "WelcomeCeremony"
        return event_type

    def _whither(self, text: str, at: int, language: str, event_type: str | None, mentions) -> str | None:
        """Where a movement goes types it: leaving for Kazakhstan is a deployment there («вылетели в Казахстан»,
        "departed for Almaty"), not a withdrawal; landing at home is a return ("the Il-76 carrying peacekeepers
        home touched down", «на родину прибыли»), not an arrival."""
        if event_type not in ("Withdrawal", "Arrival"):
            return event_type
        start, end = clause_of(text, at, language)
        if event_type == "Arrival":  # "home" a few words from the verb, not "their home base", "the president's home"
            near = text[max(start, at - 50) : min(end, at + 50)]
            return "Return" if HOME.search(near) else event_type
        if not self._forms(_word_at(text, at), language) & DEPARTURES:
            return event_type
        kazakhstan = ns.KG + "kazakhstan"
        places = [m for m in mentions if start <= m.start < end and m.kind in ("place", "facility") and m.entity]
        # where it goes, past where it leaves («вылетели из Минска в Казахстан», "departed for"); else before the
        # verb right after where it leaves («Из Иваново в Казахстан в пятницу вылетели»; not «Прибывшие в Казахстан
        # военные вылетели домой»: where they had been sent)
        after = [m for m in places if m.start > at]
        before = [m for m in places if m.start < at and LEFT_FROM_BEFORE.search(text[start : m.start])]
        for m in after or before:
            if _going_to(text, m) or _words_before(text, m.start)[-1:] == ["for"]:
                if m.entity == kazakhstan or kazakhstan in self.containers.get(m.entity, ()):
                    return "Deployment"
                break
        return event_type

    def _sending(self, text: str, at: int, language: str, event_type: str) -> str:
        """«направить» of a force (бойцы, миротворцы) is its deployment, whatever follows the verb; of a document, a
        handover. What is handed over is an office ("handed over the Security Council chairmanship", «передал
        полномочия»): a transfer of it."""
        if event_type != "Handover":
            return event_type
        _, end = clause_of(text, at, language)
        if self._forms_in(text, at, end, language) & OFFICE_WORDS:
            return "Transfer"
        if not self._forms(_word_at(text, at), language) & {"направить"}:
            return event_type
        return "Deployment" if self._force_around(text, at, language) else event_type

    def _assistance(self, text: str, a: int, b: int, at: int, language: str, event_type: str) -> str | None:
        """A request for help, assistance or an intervention is a RequestForAssistance, whatever stands between ("Mr.
        Tokayev formally requested that the Collective Security Treaty Organization, a Russia-led military alliance,
        intervene"); «обратиться» is one only then («За помощью к ОДКБ обратился …»; «обратился к народу» asks
        nothing)."""
        if event_type == "RequestForAssistance" and self._forms(_word_at(text, at), language) & {"обратиться"}:
            after = re.findall(r"\w+", text[at : at + 60])[1:4]  # «обратился к народу»: an address, no request
            if after[:1] == ["к"] and any(self._forms(w, language) & ADDRESSED for w in after[1:]):
                return "Statement"
            return event_type
        if event_type != "Request":
            return event_type
        # the sentence (`a`, `b`) up to a clause of its own ("asked the CSTO to end its mission, after it sent military
        # assistance": the help was not asked for)
        stop = re.search(r",?\s(?:after|when|while|because|since|после|когда|хотя|потому)\b", text[at:b])
        sentence = text[a : at + stop.start() if stop else b]
        words = {f for _, _, w in tokens(sentence) for f in self._forms(w, language)}
        if words & HELP_WORDS:
            return "RequestForAssistance"
        return None if self._forms(_word_at(text, at), language) & {"обратиться"} else event_type

    def _unreported(self, text: str, event_type: str, at: int, language: str, dates) -> bool:
        """A noun trigger ("mass protests") whose clause says neither that it took place nor when."""
        word = _word_at(text, at)
        if language == "en" and word[:1].isupper() and _inside_a_name(text, at):
            return True  # "the 45th Guards Special Purpose Brigade": a word of a name, no event
        if _quoted_title(text, at):
            return True  # по статьям «Массовые беспорядки»: the name of a crime, an operation, a law
        if _negated(text, at, language):
            return True  # "would not send troops": checked before any rule below answers for its type
        if _asked(text, at):
            return True  # "Why did the CSTO send troops?": a question (an explainer's heading) reports nothing
        if event_type in ("Deployment", "Withdrawal") and {"против", "against"} & set(_words_before(text, at, 2)):
            return True  # «акцию против отправки военных», "rallies against sending troops": what is opposed
        if (
            event_type in ("Deployment", "Withdrawal")
            and (self._is_noun(word, language) or (language == "en" and word.casefold().endswith("ing")))
            and APPROVED_BEFORE.search(text[max(0, at - 45) : at])
        ):
            return True  # «дал согласие на отправку 150 военнослужащих», "approved the dispatch", "approved sending
            # 150 soldiers": the approval's object (its own candidate), not a deployment that day
        if event_type == "Dismissal" and SHOTS_FIRED.match(text, at):
            return True  # "fired on protesters": shots, not a dismissal (trial 42)
        if event_type == "Deployment" and AGREED_TO.search(text[max(0, at - 40) : at]):
            return True  # "agreed early on Thursday to send troops", «согласилась направить»: the approval's object
            # (an approval of its own), not the sending done that day
        if event_type == "Deployment" and self._forms(word, language) & SENT_ONLY_WITH_A_FORCE:
            passive = "PRTS" in grammemes(word) or re.search(
                r"\b(?:was|were|be|been|being)\s+$", text[max(0, at - 9) : at]
            )
            # «Контингент … будет размещен», "troops were sent": what is sent stands before
            return not self._force_around(text, at, language, back=60 if passive else 0)  # "sent a request": none
        if event_type in ("Handover", "Transfer") and re.match(r"передач", word, re.I):
            if re.match(r"\s*[«\"“A-ZА-ЯЁ]", text[at + len(word) :]):
                return True  # «Передача «Вести недели»»: a programme, nothing handed over
        if re.match(r"(?:протестующ|митингующ|бастующ|демонстрант)", word, re.I) and set(_words_before(text, at, 1)) & {
            "от",
            "против",
            "с",
            "со",
            "у",
            "для",
            "среди",
            "к",
            "над",
            "по",
        }:
            return True  # «освобожден от протестующих»: people a preposition governs, no protest reported
        if event_type == "Completion" and ALMOST & set(_words_before(text, at, 3)):
            return True  # «практически завершён», "nearly completed": what is not yet done is no completion
        if event_type == "Withdrawal" and re.match(r"\s+(?:наказани|срок)", text[at + len(word) :], re.I):
            return True  # «отбыл наказание»: a sentence served
        if event_type == "Guarding" and _participle_before_a_noun(text, at, word):
            return True  # "the handover of guarded facilities", «охраняемых объектов»: what the deed was about
        topic = (
            r"(?:к\s+(?:этой\s+|этому\s+|данной\s+)?(?:теме|вопросу|этому)"
            r"|to\s+(?:this|the|that)\s+(?:topic|subject|issue|question|matter))"
        )
        if event_type in ("Return", "Withdrawal") and (
            re.match(rf"\w*\s+(?:(?:ещё|еще|снова|again)\s+)?{topic}", text[at:], re.I)
            or re.search(rf"{topic}\s+(?:\w+\s+){{0,3}}$", text[max(0, at - 40) : at], re.I)
        ):
            return True  # «К этой теме мы ещё вернёмся», "we will return to this topic": a writer's promise
        if event_type == "Appointment" and SET_FOR_A_DAY.match(text, at + len(word)):
            return True  # «заседание, назначенное на 6 января»: a meeting set for a day, no one appointed
        if event_type == "Guarding" and re.match(r"(?:s)?\s+of\s+hono(?:u)?r", text[at + len(word) :], re.I):
            return True  # "a guard of honour" lines up for a ceremony: it guards nothing
        if event_type == "RequestForAssistance" and re.match(
            r"\s+(?:за\s+)?(?:медицинской\s+помощью|медпомощью)", text[at + len(word) :], re.I
        ):
            return True  # «обратились за медицинской помощью»: the injured went to doctors; no one asked for help
        if event_type == "WelcomeCeremony" and self._forms(word, language) & {"greet"}:
            return not self._force_around(text, at, language)  # "Putin greeted Tokayev": no welcome of a force
        if event_type == "Transfer" and self._forms(word, language) & {"take"}:
            start, end = clause_of(text, at, language)
            around = self._forms_in(text, at, end + 40, language)
            if not around & (OFFICE_WORDS | {"chairman", "head", "president", "chair", "leader"}):
                return True  # "took over from the CSTO force at the airport": no office
        if event_type == "Handover" and self._forms(word, language) & {"направить"}:
            return self._force_around(text, at, language)  # «направить миротворцев» sends a force: no document
        if event_type == "Withdrawal" and self._forms(word, language) & {"withdraw", "withdrawn"}:
            start, end = clause_of(text, at, language)
            if re.search(r"\b(?:was|were|been|be)\s+(?:\w+ly\s+)?$", text[start:at]):  # passive: its subject
                start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1  # opens the sentence
            around = self._forms_in(text, max(0, start - 60), end, language)
            if around & WITHDRAWN_WORDS and not around & FORCE_WORDS:
                return True  # "the figure was quickly withdrawn": no force left
        if language == "en" and event_type in SPEECH_TYPES and self._noun_use(text, at, word):
            return True  # "a state of emergency", "heads of state", "made the request", "political demands"
        if event_type == "Statement" and re.match(r"по (?:его|её|ее|их) словам|according to (?:him|her|them)\b",
                                                  text[at : at + 30], re.I):  # fmt: skip
            return True  # «по его словам»: more of what a statement the text reported already says
        if _said_by_the_writer(text, at, word) and not inside_quotes(text, at):
            # «Политологи, с которыми я говорил», "we leave our live coverage here": the writer's own doings are no
            # event of the news (in a quote, "we" is the speaker's)
            return True
        if event_type == "Return" and (
            THINGS_COME_BACK.search(text, max(0, at - 40), at) or THINGS_COME_BACK_RU.match(text, at + len(word))
        ):
            return True  # "life slowly returned to Almaty": no one came back
        if (
            event_type == "Withdrawal"
            and word.casefold() in ("left", "leave", "leaves", "leaving")
            and (LEFT_A_TOLL.match(text, at + len(word)))
        ):
            return True  # "unrest that has left dozens of people dead": a toll
        after = text[at + len(word) : at + len(word) + 60]
        if event_type == "Dismissal" and re.match(r"\s+as\s+(?:a|an|mere|just|little|nothing)\b", after):
            return True  # "long dismissed as a talking shop": disparaged, no one removed ("removed as head of" is)
        if event_type == "Withdrawal" and re.match(r"\s+as\s+(?:an?\s+)?(?:\w+\s+)?(?:error|mistake)\b", after):
            return True  # "published and then withdrawn as a technical error": a figure taken back
        if event_type in ("Withdrawal", "Return") and re.match(
            r"\s+(?:the|our|my|their|his|her)\s+(?:flat|house|home|apartment|room|shop|yard|building)\b", after, re.I
        ):
            return True  # "we barely left the flat": no force left anything
        if event_type in MEETINGS and CALLED_OFF.search(text, at, _sentence_end(text, at)):
            return True  # "a session planned for January 6 was postponed": no meeting held
        if event_type == "Return" and BACK_TO_NORMAL.match(text, at + len(word)):
            return True  # «город пытается вернуться к обычной жизни», "returned to normal": no one came back
        if event_type in SPEECH and _hearsay(text, at, word):
            return True  # "the decree says", "the correspondent said", "were reported to have been killed"
        if event_type == "Dismissal" and self._forms(word, language) & {"remove"}:
            rest = re.split(r"[.;!?\n]", text[at + len(word) : at + len(word) + 80])[0]
            if not re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+|\bfrom (?:his|her|the|their) (?:post|office|position)", rest):
                return True  # "removed barricades": only a person is removed from office
        if event_type == "Riot" and re.match(r"\w+\s+over\s+as\b", text[at : at + 30], re.I):
            return True  # "taking over as head of the Security Council": an office taken, nothing stormed
        before = text[max(0, at - 12) : at]
        if event_type == "Request" and word.casefold() == "call" and re.search(r"(?:phone|video)\s*$", before, re.I):
            return True  # "held a phone call on Saturday": a call, not a call on anyone
        if event_type == "Request" and ANONYMITY.match(text, at + len(word)):
            return True  # "who asked not to be named", «попросил не называть его фамилию»: no request of the news
        if event_type == "Arrival" and re.match(r"\s+forces?\b", text[at + len(word) :], re.I):
            return True  # "the military institute of the land forces": an arm of service, nothing landed
        if event_type == "Meeting" and word.casefold() in ("talk", "talked", "talking"):
            return True  # "we are talking about": talks are a meeting, talking is not
        if self._background(text, at, language):
            return True
        if (
            event_type not in EVENT_NOUNS
            or not self._is_noun(word, language)
            or self._said_as_verb(text, at, event_type)
        ):
            return False
        start, end = clause_of(text, at, language)
        relative = _relative_at(text, end)
        if relative:  # "the withdrawal, which began on January 13": the noun's relative clause is its own
            end = clause_of(text, end + relative.end(), language)[1]
        if any(start <= d.start < end for d in dates):
            return False
        if re.search(AT_THE_EVENT, text[max(0, at - 40) : at]):
            return False  # "at an online meeting, Tokayev said", «на встрече с Путиным»: it took place
        clause = tokens(text[start:end])
        if {f for _, _, w in clause for f in self._forms(w, language)} & OCCURRENCE:
            return False
        begun = BEGUN.get(event_type, set())  # said done, not called for («призвали начать», "an open investigation")
        return not any(self._forms(w, language) & begun and _done(w, language) for _, _, w in clause)

    def _noun_use(self, text: str, at: int, word: str) -> bool:
        """Whether an English word of saying is used as a noun: after an article, a possessive, "of" or an adjective,
        before "of", or in its bare form before a noun that is no verb ("state media") or after a verb that is no
        auxiliary ("receive state awards")."""
        before = re.findall(r"[\w'’-]+", text[max(0, at - 30) : at])
        after = re.match(r"\s+([\w'’-]+)", text[at + len(word) :])
        previous = before[-1].casefold() if before else ""
        following = after.group(1) if after else ""
        if previous in DETERMINERS or following.casefold() == "of" or re.search(r"['’]s?$", word):
            return True  # (an owner is a noun: "at that state's request")
        if previous in NOUNS_BEFORE_STATES and word.casefold() in ("state", "states"):
            return True  # "the CSTO member states held a summit", "each member state sent": no one states anything
        if self.english.parts(previous) == "A":  # only ever an adjective: "political demands"
            return True
        counted = (
            previous.isdigit() or previous in NUMBER_WORDS or re.search(r"(?:ian|ean|ese|ish|ani|ic|soviet)$", previous)
        )
        # (a verb has its object or "that" after it: "Pashinian asks the CSTO", "the decree of January 5 states that")
        verb_next = following.casefold() in DETERMINERS | {"that"} or following[:1].isupper()
        if (
            counted
            and not verb_next
            and word.casefold().endswith("s")
            and re.fullmatch(r"[\w-]+\s+", text[at - len(before[-1]) - 1 : at])
        ):
            return True  # a plural counted or a people's: "five ex-Soviet states", "Central Asian states"
        bare = word.casefold() in self.english.lemmas(word) - {word.casefold() + "s"} and self.english.is_noun(word)
        plain_verb = self.english.parts(previous) == "V" and self.english.lemmas(previous) <= {previous}  # no "written"
        if bare and plain_verb and previous not in AUXILIARIES and following.islower():
            return True  # a bare form after a verb that is no auxiliary is its object: "will receive state awards"
        if bare and previous in CLAUSE_OPENERS and following.islower():
            return True  # a clause's first word, with no subject before it: "when state price controls ended"
        return bare and following.islower() and self.english.parts(following) == "N"

    def _background(self, text: str, at: int, language: str) -> bool:
        """Whether the trigger's clause (or the words just before it) puts it in a year before the article's: "killed
        in 2011 after the sacking of oil workers", "approved last January", «в 2011 году»."""
        start, end = clause_of(text, at, language)
        window = text[min(start, max(0, at - 40)) : end]
        if "," in text[max(0, at - 40) : start]:
            window = text[start:end]
        years = [int(y) for y in re.findall(r"(?<![\d.])(1[89]\d\d|20\d\d)(?![\d.])", window)]
        if any(year < self._published.year for year in years):
            return True
        return bool(re.search(r"\blast (?:year|january|february|march|april|may|june|july|august|september|october|"
                              r"november|december)\b|в прошлом году", window, re.I))  # fmt: skip

    def _said_as_verb(self, text: str, at: int, event_type: str) -> bool:
        """Whether a trigger that may be a noun is its verb here: a Russian word with a verb's reading that is this
        type's trigger («убыли»: убыть, not убыль); an English one before a particle ("fly home", "pull out")."""
        word = _word_at(text, at)
        if self._language == "ru":
            return any(
                tags & {"VERB", "PRTS"}
                and any(t == event_type for _, t, _ in self._triggers_by_first_form.get(form, ()))
                for form, tags in readings(word)
            )
        before = re.findall(r"[\w'’-]+", text[max(0, at - 20) : at])
        if before and (before[-1].casefold() in DETERMINERS or re.search(r"['’]s?$", before[-1])):
            return False  # "the peacekeepers' return home": a noun still
        return re.match(r"\s+(?:home|back|out|off|down)\b", text[at + len(word) :]) is not None

    def _is_noun(self, word: str, language: str) -> bool:
        if language == "ru":
            return "NOUN" in grammemes(word)
        return self.english.is_noun(word)

    def _force_around(self, text: str, at: int, language: str, back: int = 0) -> bool:
        """Whether a word for a force stands in the trigger's clause or the 60 characters after it (and `back`
        characters before the clause)."""
        start, end = clause_of(text, at, language)
        return bool(self._forms_in(text, max(0, start - back), end + 60, language) & FORCE_WORDS)

    def _forms_in(self, text: str, start: int, end: int, language: str) -> set[str]:
        """The dictionary forms of every word of text[start:end]."""
        return {f for _, _, w in tokens(text[start:end]) for f in self._forms(w, language)}

    def _forms(self, word: str, language: str) -> frozenset[str]:
        """A word's dictionary forms: pymorphy3's in Russian, lemminflect's lemmas in English ("sent": send)."""
        found = forms(word)
        return found | self.english.lemmas(word) if language == "en" else found

    def _types_in(self, words, language: str = "ru") -> list[tuple[str, int]]:
        """Event types whose trigger occurs in the sentence, with the trigger's offset, every occurrence in reading
        order (the caller keeps, per type, the first that reports an event: "rallies ... started" is the protest,
        not "mass protests" later on, whichever word the lexicon lists first); a more specific phrase (мирный
        протест) hides the general one at the same place (протест)."""
        word_forms = [self._forms(w, language) for _, _, w in words]
        matches = set()  # (rank of the phrase, word index, type, phrase): each phrase matched where it starts
        for i, at_i in enumerate(word_forms):
            for form in at_i:
                for rank, event_type, phrase in self._triggers_by_first_form.get(form, ()):
                    n = len(phrase)
                    if i + n <= len(words) and all(phrase[k] & word_forms[i + k] for k in range(1, n)):
                        matches.add((rank, i, event_type, phrase))
        found: set[tuple[str, int]] = set()
        covered: dict[int, int] = {}  # word index -> length of the longest phrase over it
        for _, i, event_type, phrase in sorted(matches, key=lambda match: match[:2]):
            n = len(phrase)
            if any(covered.get(k, 0) > n for k in range(i, i + n)) or (event_type, words[i][0]) in found:
                continue
            if n == 1 and _not_reported(words, i, phrase[0]):
                continue
            for k in range(i, i + n):
                covered[k] = max(covered.get(k, 0), n)
            found.add((event_type, words[i][0]))
        for event_type, first, rest, gap in self._gapped:  # «отправил правительство в отставку»
            for i in range(len(word_forms) - len(first) + 1):
                if (event_type, words[i][0]) in found or not all(
                    first[k] & word_forms[i + k] for k in range(len(first))
                ):
                    continue
                after = i + len(first)
                for j in range(after, min(len(words) - len(rest), after + gap) + 1):
                    if all(rest[k] & word_forms[j + k] for k in range(len(rest))):
                        found.add((event_type, words[i][0]))
                        break
        return sorted(found, key=lambda item: (item[1], item[0]))

    def _claim(
        self, source, text, a, b, event_type, at, mentions, dates, quantities, used_names, actors, context, parts
    ) -> CandidateClaim:
        """`parts`: the ids of the sentence's mentions that are parts of longer names (`_parts_of_longer_names`)."""
        quote = text[a:b].rstrip(" .")
        # who held the post before has no role, nor is one carried over («вместо Масимова», "replacing Masimov")
        handing_on = [m for m in mentions if m.entity and m.kind == "person" and _predecessor(text, m)]
        mentions = [m for m in mentions if not _predecessor(text, m)]
        # a semicolon joins two clauses that say each its own: "asked the CSTO for help; the first Russian
        # paratroopers landed the following day" (the Russians were not asked)
        own_a = max(a, text.rfind(";", a, at) + 1)
        own_b = text.find(";", at, b) if ";" in text[at:b] else b
        inside = [m for m in mentions if own_a <= m.start < own_b and m.kind in DEFAULT_ROLES and id(m) not in parts]
        undergoer = self._undergoer(text, event_type, at, inside)
        roles, new_entities = [], []
        # "asked the CSTO to send peacekeeping troops": a force is what is asked for, not of whom
        asked_for = event_type == "RequestForAssistance" or (event_type == "Request" and SENDING.search(text, a, b))
        # a meeting held by video has no place (the video said beside its trigger, not "according to a video")
        by_video = event_type in MEETINGS and BY_VIDEO.search(
            text, max(a, at - BY_VIDEO_REACH), min(b, at + BY_VIDEO_REACH)
        )
        # "…, the Russian Defence Ministry said on Wednesday": who tells it after its clause takes no part in it
        told_after = TOLD_AFTER.match(text, clause_of(text, at, self._language)[1])
        told_end = clause_of(text, told_after.end() - 1, self._language)[1] if told_after else 0
        for m in inside:
            what = self.gazetteer.what(m)
            template = ROLES_BY_TYPE.get(event_type, {})
            role = template[what] if what in template else template.get(m.kind, DEFAULT_ROLES[m.kind])
            if m is undergoer:
                role = "theme"
            elif role == "requester" and what == "state" and not self._asks_as_subject(text, m, at):
                continue  # "Kazakhstan asked for help", but not «в Казахстан …, о помощи которой попросил Токаев»,
                # "citizens of Kyrgyzstan asked for help", "tourists stranded in Kazakhstan asked"
            elif role is None or (
                role in ("agent", "requester", "approver", "participant") and id(m) not in actors and m.kind != "group"
            ):
                continue
            told = m.entity in self.gazetteer.outlets or self._is_publisher(m, self._publisher)
            if event_type not in SPEECH_TYPES and told:
                continue  # «по данным РИА Новости, вывод … завершён»: the outlet told of it and took no part
            if (
                m.kind == "person"
                and APPOSITION_BEFORE.search(text, max(a, m.start - 60), m.start)
                and re.match(r"\s*[,)]", text[m.end :])
            ):
                continue  # "Masimov, a close ally of Nursultan Nazarbayev, was detained": said of the one named before
            if _in_an_aside(text, m, inside, at):
                continue  # "Karim Masimov, a long-time Nazarbayev ally, was removed": an aside about the one before
            if _beside_the_event(text, m, role, at):
                continue  # the dateline's place or agency, a kind of building, the subject of a deed at its time
            if (
                LABEL_BEFORE.fullmatch(text, text.rfind("\n", 0, m.start) + 1, m.start)
                and text[m.end : m.end + 1] == ":"
            ):
                continue  # "- Russia: paratroopers began landing near Almaty": the entry's label, whose part it tells
            if (
                role == "location"
                and event_type in MEETINGS
                and (by_video or TOPIC_BEFORE.search(text, max(a, m.start - 40), m.start))
            ):
                continue  # "a video summit on Kazakhstan": what it is about, and a video call is held nowhere
            if m.kind == "organisation" and HEADS_OF_STATE_AND.search(text, max(a, m.start - 30), m.start):
                continue  # "the heads of state and government": no government's part
            if (
                role in AGENTS and m.end <= at and AND_ANOTHER_VERB.fullmatch(text, m.end, at)
                and _has_verb(text[max(a, text.rfind(",", a, m.start) + 1) : m.start], self._language, self.english)
                and not (self._language == "ru" and "nomn" in _cases(m))  # «выступил Токаев и назначил»: the subject
            ):  # fmt: skip
                continue  # "he dismissed Bektanov and appointed Zhaksylykov": the first verb's object, not the doer
            if _in_another_clause(text, m, a, at):
                continue  # "made the appeal …, hours after protesters stormed the mayor's office"; "…, while …"
            if role in ("agent", "sender", "participant") and m.start > at and HELPED.search(text[at : m.start]):
                continue  # "sent paratroopers to help its government end the protests": helped, not acting
            if role in AGENTS and m.start > at and self._object_of(text, event_type, at, m):
                continue  # "protesters stormed the mayor's office": what the verb acts on is no agent
            if (
                self._language == "ru" and role in ("agent", "approver", "requester") and m.start > at
                and event_type not in SPEECH_TYPES and "nomn" not in _cases(m) and not self._passive(text, at)
                and not self._is_noun(_word_at(text, at), "ru")  # «одобрение Сената»: a noun's agent is genitive
            ):  # fmt: skip
                continue  # «одобрил направление кыргызских военнослужащих»: a genitive after the verb does nothing
            if (
                self._language == "ru" and role == "location" and m.kind in ("place", "facility")
                and _words_before(text, m.start, 1) in (["в"], ["во"], ["на"]) and "loct" not in _cases(m)
                and "accs" in _cases(m)
            ):  # fmt: skip
                continue  # «направление военнослужащих в Казахстан»: where they go, not where the deed was
            if (
                self._language == "ru" and role in AGENTS and m.kind == "person" and m.end <= at
                and not self._passive(text, at) and _surely_oblique(m)
            ):  # fmt: skip
                continue  # «поддержали кандидатуру Алихана Смаилова, и Токаев назначил его»: whose, not who acts
            if event_type not in SPEECH_TYPES and (
                ACCORDING_TO_DATA.search(text, max(a, m.start - 14), m.start)
                or (
                    role in AGENTS
                    and m.end <= at
                    and _reported_after_saying(text, m.end, at)
                    and not SELF_PRONOUNS & set(re.findall(r"\w+", text[m.end : at].lower()))  # "said he had …"
                )
            ):
                continue  # «по данным властей, охраняют …», "Tashiev assured deputies that peacekeepers would guard"
            if role in AGENTS and self._owner(text, m, at):
                continue  # "Nazarbayev's son-in-law Timur Kulibayev", «отставку правительства Аскара Мамина»
            if role in AGENTS and m.start > at and self._after_another_verb(text, at, m):
                continue  # «принял отставку правительства и сам возглавил Совет безопасности»: that verb's
            if role in AGENTS and m.end <= at and POST_BEFORE_NAME.search(text, max(a, m.start - 40), m.start):
                continue  # «Командующим Коллективными силами назначен …», "commander of the CSTO force": the post's
            if (
                m.kind == "organisation" and POST_BEFORE_NAME.search(text, max(a, m.start - 40), m.start)
                and any(
                    p.kind == "person" and 0 < p.start - m.end <= 40 and not re.search(r"[,.;:]", text[m.end : p.start])
                    for p in inside
                )
            ):  # fmt: skip
                continue  # «назначен командующий ВДВ генерал-полковник Андрей Сердюков»: his title, not the body's part
            if (
                role in AGENTS and m.end <= at and self._language == "ru" and text[a:at].rstrip().endswith(",")
                and {"PRTF", "pssv"} <= grammemes(_word_at(text, at))
            ):  # fmt: skip
                continue  # «силы … взяли под контроль аэропорт, захваченный протестующими»: the participle's doer
                # is its own (the instrumental after it), not the subject of the clause before
            if told_after and event_type not in SPEECH_TYPES and told_after.start() <= m.start < told_end:
                continue
            if role in AGENTS and m.end <= at and self._relative_with_its_own_doer(text, m, at, inside):
                continue  # "Yerlan Dosmukhamedov, …, a plant which Kyrgyz soldiers have been guarding": theirs
            if role in ("agent", "approver", "sender", "participant") and _asked_by(text, m, a, at, inside):
                continue  # «принято Советом … в ответ на обращение Президента … Токаева»: he asked, the Council decided
            if role == "approver" and m.entity in self.gazetteer.contingents:
                continue  # «решение о направлении миротворцев … принял Совет»: the force sent is what is approved
            if role == "addressee" and m.entity in self.gazetteer.contingents and asked_for:
                continue
            if role == "agent" and event_type == "Resignation" and m.end <= at and ACCEPTED.search(text[m.end : at]):
                continue  # "Tokayev accepted the government's resignation", «Токаев принял отставку»: who accepts it
            before = _words_before(text, m.start, 3)
            if role == "agent" and event_type in PROTESTS and {"against", "против"} & set(before):
                continue  # "rallies against the CSTO deployment": what they protest, not who does
            if role == "location" and (event_type in NOT_LOCATED or _at_a_distance(text, at, event_type)):
                continue
            if m.how == "demonym" and role in PLACE_ROLES and _describes_people(text, m):
                continue  # "handed over to Kazakh forces": the forces' country, not where anything went
            if m.kind in ("place", "facility") and before[-2:] in (["apart", "from"], ["aside", "from"]):
                continue  # "apart from Almaty, troops were deployed to Nur-Sultan": not where they went
            if event_type in ("Deployment", *LEAVINGS) and what in ("state", "place") and _going_to(text, m):
                role = "destination"  # "sent 2,030 troops to Kazakhstan", «из Алматы в Россию вылетели»: where they
                # go, not who sends them, nor where they leave
            elif event_type == "Deployment" and what != "state" and before and forms(before[-1]) & DEPARTURES:
                role = "origin"  # "left Minsk for Kazakhstan": what a departure leaves
            elif (
                m.kind in ("place", "facility")
                and _coming_from(text, m)
                and (event_type in LEAVINGS or (event_type == "Deployment" and what != "state"))
            ):
                role = "origin"  # «вернулись из Казахстана», «вылетели из Иваново в Казахстан»: where they left
            if role == "destination" and event_type == "Return" and _home_elsewhere(text, at, m):
                continue  # "returned home on Friday after a week in Kazakhstan": home is not where they were
            target = m.entity
            if target is None and m.how == "new":
                target = ns.KG + m.key
                new_entities.append(m)
            if target and (role, target) not in roles:
                roles.append((role, target))
        office = self._office_concerned(text, a, b, at, event_type, mentions)
        if office is not None:
            roles.append(("officeConcerned", office))
        noun = self._is_noun(_word_at(text, at), self._language)
        english = self.english if self._language == "en" else None
        day = _date_of(text, a, b, at, dates, self._language, english, noun)
        if (
            day is not None and noun and self._language == "ru" and day.start > at
            and _words_before(text, at, 1) in (["о"], ["об"], ["обо"]) and TOLD_OF.search(text, at, day.start)
        ):  # fmt: skip
            day = None  # «Об аресте КНБ сообщил только 8 января»: the day it was told, not the arrest's
        if day is not None and EXPIRES.search(text, *clause_of(text, at, self._language)):
            # «сегодня истекает режим ЧП, введённый 5 января»: the day it ends is not its day; the one it was
            # declared on is, when the sentence says it
            declared = [
                d for d in dates if a <= d.start < b and DECLARED_ON.search(text, max(a, d.start - 25), d.start)
            ]
            day = declared[0] if declared else None
        if (
            day is not None
            and event_type in ("Request", "RequestForAssistance")
            and AT_THE_REQUEST.search(text, max(a, at - 20), at)
        ):
            day = None  # «решение … принял в ночь на 6 января по просьбе Токаева», «По просьбе Токаева в страну 6
            # января прибыли …»: the day is what the request won, before or after it
        blog_day = heading_day = None
        if (
            day is None
            and (self._blog_day is not None or self._heading_days)
            and not self._away_from_the_entry(text, a, at, event_type)
            and not (event_type in ("StateOfEmergency", "Curfew") and STILL_IN_FORCE.search(text, a, b))
        ):  # (a state still in force on the entry's day began before it: «продолжают действовать режим ЧП»)
            if self._blog_day is not None and TIME_LINE.match(text, text.rfind("\n", 0, at) + 1):
                day = blog_day = self._blog_day  # «10:30 Президент принял отставку» in a live blog of 5 January
            heading = [d for start, end, d in self._heading_days if start <= at < end]
            if day is None and heading:
                day = heading_day = heading[0]  # «13 января. В Алматы прошла церемония проводов»: a chronicle's
        if day is not None and day.first > self._published and _finite_past(text, at, self._language):
            day = None  # "announced the withdrawal in two days": the day is the withdrawal's, not the saying's
        between = text[min(at, day.end) : max(at, day.start)] if day is not None else ""
        if (
            day is not None
            and day.is_day
            and not day.until
            and STARTED.search(between)
            and not re.search(r"\b(?:and|и)\b", between)  # "protests started and troops were deployed"
        ):
            day = dataclasses.replace(day, since=True)  # "protests that began on Sunday": its start, not its day
        # "in Aktau, Mangistau region", "Kazakhstan's largest city Almaty": the region or the country named beside
        # a place it holds says where that place is; the place is where the event was
        addresses = {
            container.entity
            for container in inside
            for held in inside
            if (
                container.entity in self.containers.get(held.entity, ())
                and len(text[min(container.end, held.end) : max(container.start, held.start)]) <= ADDRESS_GAP
            )
            or (  # «в Жанаозене Атырауской области»: a region said right after a place is its address, whatever
                # the graph says (the fact proposed beside it puts the place there, for the build to judge)
                held.end <= container.start
                and held.entity != container.entity
                and container.entity in self.gazetteer.containers
                and container.entity not in self.gazetteer.states
                and ADDRESS_AFTER.fullmatch(text[held.end : container.start])
            )
        }
        roles = [(role, target) for role, target in roles if role not in PLACE_ROLES or target not in addresses]
        if event_type in MOVEMENTS and any(target in self._national_contingents for _, target in roles):
            # "Armenian servicemen sent as part of a CSTO peacekeeping force have returned": the Armenians moved
            roles = [(role, target) for role, target in roles if target not in self._alliance_forces]
        counted = [q for q in quantities if a <= q.start < b and _fits(q.counted, event_type)]
        inferred = [f"«{day.words}» is {day.how}."] if day is not None and day.derived else []
        if blog_day is not None:
            inferred.append(f"An entry, by its time, of a live blog of {blog_day.first.isoformat()} ({blog_day.how}).")
        if heading_day is not None:
            inferred.append(f"An entry of a chronicle, under the day «{heading_day.words}».")
        if (
            event_type in ("StateOfEmergency", "Curfew")
            and not any(role == "location" for role, _ in roles)
            and NATIONWIDE.search(text, max(a, at - 30), min(b, at + 60))
        ):
            country = self._country_told_of(self._article_mentions, at)
            if country is not None:  # "declared a nationwide state of emergency": the country the text is about
                roles.append(("location", country))
                inferred.append(f"Nationwide: the country the places named before lie in, {ns.curie(country)}.")
        if self.requirements is not None:
            self._carry_over(
                event_type, roles, inferred, mentions, a, b, at, context,
                counted_people=any(q.counted == "PeopleArrested" for q in counted), new_entities=new_entities,
            )  # fmt: skip
        took_from = [m for m in handing_on if a <= m.start < b and TOOK_OVER_FROM.search(text, a, m.start)]
        if event_type == "Transfer" and took_from and self._forms(_word_at(text, at), self._language) & {"take"}:
            # "took over from Nazarbayev as chairman": who takes is given the post, the one before hands it on
            taker = [t for r, t in roles if r == "agent"]
            roles[:] = [(r, t) for r, t in roles if r not in ("agent", "addressee")]
            roles += [("agent", took_from[0].entity)] + [("addressee", t) for t in taker[:1]]
            inferred[:] = [
                note.replace("The agent is", "The addressee, who takes the post, is")
                for note in inferred
                if not note.startswith("The addressee is")
            ]
        fillers = {target for _, target in roles}
        tense = clause_tense(text, at, self._language)
        if event_type in SPEECH and tense == "future" and not self._said_ahead(text, at):
            tense = None  # "announced …, saying the force would be sent": the saying is done, what it says to come
        # what the day is of: an end or a deadline («продлится до 19 января», "by January 23") is not the event's
        # day, nor does it make the event one to come
        on = None if day is not None and day.until else day
        if on is not None and on.first > self._published:
            tense = "future"  # "said the withdrawal will begin on January 13", two days before: still to come
        speaker = next((target for role, target in roles if role == "agent"), None)
        if speaker and day is None:  # "Putin is expected to say", "said in December", «неоднократно заявлял»
            start, end = clause_of(text, at, self._language)
            if tense == "future" or VAGUE_TIME.search(text[start:end]):
                speaker = None
        themes = {target for role, target in roles if role == "theme"}
        destinations = {target for role, target in roles if role == "destination"}
        event, matched, why = self._match(event_type, on, fillers, speaker, tense, themes, destinations, text[a:b])
        type_labels = self.class_labels.get(event_type, {})
        place = next((m.entity for m in inside if m.kind in ("place", "facility") and m.entity), None)
        labels = {}
        for lang in ("en", "ru"):
            detail = [self.gazetteer.labels.get(place, {}).get(lang)] if place else []
            detail = [d for d in detail if d] + ([day.first.isoformat()] if day else [source])
            title = type_labels.get(lang, event_type)
            labels[lang] = self._free_label(lang, f"{title[:1].upper()}{title[1:]}", detail)
        if not matched:  # new: named by its type and the source, never an IRI the graph already has
            local = f"{kebab(event_type)}-{source.partition('_')[2].replace('_', '-') or source}"
            event = ns.KG + _unique(local, used_names, self.event_names)
        name = _unique(kebab(f"{event_type}-{day.first.isoformat() if day else 'undated'}"), used_names)
        evidence = _evidence_key(event_type, text, at, day, roles, inferred, matched, self._language, self._is_noun)
        confidence = CALIBRATION.get(evidence, DEFAULT_CONFIDENCE)
        reason = f"trigger «{_word_at(text, at)}» for {event_type}" + (f"; {why}" if why else "")
        hedge = HEDGED.search(text, a, b)
        if hedge:  # "unconfirmed reports that the airport has been seized": never accepted without a person
            confidence = min(confidence, HEDGED_CONFIDENCE)
            reason += f"; the source does not vouch for it («{hedge.group()}»)"
        claim = CandidateClaim(
            source, name, event_type, event, matched, quote, a, a + len(quote), roles, day, tense == "future", counted,
            labels, round(confidence, 2), reason, new_entities, inferred, evidence=evidence, language=self._language,
        )  # fmt: skip
        if not matched and self.requirements is not None:
            lacking = self.requirements.missing(claim_quads(claim), ox.NamedNode(event))
            if lacking:
                # "the ministry said" with no speaker the register knows, a seizure of nothing named: not a claim the
                # build takes as it stands, so none `review --accept-above` may take (trial 35: seven at 0.91)
                claim.confidence = min(claim.confidence, INCOMPLETE_CONFIDENCE)
                claim.reason += f"; the shapes want {', '.join(lacking)}, which the words do not give"
        return claim

    @functools.cached_property
    def _labels_taken(self) -> set[tuple[str, str]]:
        """(language, label) of every entity of the graph."""
        return {(lang, label) for named in self.gazetteer.labels.values() for lang, label in named.items()}

    def _free_label(self, language: str, title: str, detail: list[str]) -> str:
        """A label no entity of the graph and no other new event of this article has (the build refuses two
        entities of one label): "Statement (SOURCE)", then "Statement (SOURCE, 2)" for the article's second one."""
        label, n = f"{title} ({', '.join(detail)})", 1
        while (language, label) in self._labels_taken or (language, label) in self._labels_given:
            n += 1
            label = f"{title} ({', '.join(detail)}, {n})"
        self._labels_given.add((language, label))
        return label

    def _toll_of(self, counted: str) -> str | None:
        """The toll a kind of figure counts, or is a part of (the security forces killed: of the people killed)."""
        whole = self.whole_of.get(counted, counted)
        return whole if whole in TOLLS else None

    def _alliance_deployment(self) -> str | None:
        """The graph's deployment of an alliance's force (not a member's contingent) the most sources report."""
        sent = [
            e for e, known in self.events.items()
            if "Deployment" in known["types"] and known["fillers"] & self._alliance_forces and e not in self._excluded
            and e not in self._only_planned
        ]  # fmt: skip
        return min(sent, key=lambda e: (-len(self.attested.get(e, ())), e), default=None)

    def _of_the_alliance_force(self, said: list[Mention], event: str) -> bool:
        """Whether a sentence speaks of the deployed force: its alliance or the force the deployment names, and the
        place it went, and no member's contingent, people or other state («По данным ОДКБ, в Казахстане находятся 2030
        военнослужащих»; not "the CSTO's rapid reaction force numbers 20,000", nor "the Kyrgyz contingent of the
        CSTO force numbered 150", nor "Russia, the CSTO's leading member, has 900,000 servicemen")."""
        fillers, went_to = self.events[event]["fillers"], self.events[event]["destinations"]
        named = {m.entity for m in said if m.entity}
        forces = self._alliance_forces | self.gazetteer.alliances
        there = {e for e in named if e in went_to or went_to & self.containers.get(e, set())}
        return (
            bool(named & fillers & forces)
            and bool(there)
            and not any(m.entity in self._national_contingents or m.how == "demonym" for m in said)
            and not any(e in self.gazetteer.states and e not in there for e in named)
        )

    def _tolls(self, source, text, a, b, figures, used_names, event=None) -> CandidateClaim:
        """Figures of what happened to people in a sentence that reports no event ("16 law enforcement officers were
        killed"): more figures of the graph's event with the most figures of that kind; or of what an alliance's
        force numbers ("the force numbered 2,030 servicemen and 250 pieces of equipment"): of its deployment."""
        kind = self._toll_of(figures[0].counted)
        evidence = "figure:alone" if event is None else "figure:force"
        event = event or self.toll_events[kind]
        types = sorted(self.events[event]["types"] - {"Event"}) or ["Event"]
        quote = text[a:b].rstrip(" .")
        name = _unique(kebab(f"{types[0]}-figures"), used_names)
        reason = f"{', '.join(q.words for q in figures)}: figures with no event in their sentence, given to " + (
            f"{ns.curie(event)}, the graph's event with the most figures of {kind}"
            if evidence == "figure:alone"
            else f"{ns.curie(event)}, the graph's deployment of the alliance's force the sentence names"
        )
        return CandidateClaim(
            source, name, types[0], event, True, quote, a, a + len(quote), [], None, False, figures, {},
            CALIBRATION.get(evidence, DEFAULT_CONFIDENCE), reason, language=self._language, trigger=figures[0].start,
            evidence=evidence,
        )  # fmt: skip

    def _carry_over(
        self, event_type, roles, inferred, mentions, a, b, at, context, counted_people=False, new_entities=None
    ) -> None:
        """A role the shapes require and the sentence leaves unfilled, filled as a curator reads it: from the
        nearest fitting name before the trigger (in the sentence, else in the two before), and said so."""
        wanted = self.requirements.wanted(ns.KGO + event_type)
        have = self.requirements.given({ns.KGO + role for role, _ in roles})
        not_speakers = {
            id(m)
            for m in mentions
            if context <= m.start < b
            and (inside_quotes(self._text, m.start) or (m.start < a and self.gazetteer.what(m) != "person")
                 or not self._may_speak(m) or self._spoken_of(m))
        }  # fmt: skip
        parts = _parts_of_longer_names([m for m in mentions if context <= m.start < b])
        for prop in sorted(wanted - have):
            role = prop.removeprefix(ns.KGO)
            kinds = FILLERS.get(event_type, {}).get(role) or FILLERS["*"].get(role)
            if not kinds:
                continue
            used = {target for _, target in roles}
            left = {target for r, target in roles if r == "origin"}
            if event_type in SPEECH and role == "agent" and self._says_who_spoke(mentions, at):
                continue  # "the Defence Ministry said", «сообщил КНБ»: a speaker the register lacks is no one else
            own_doer = role in AGENTS and self._doer_in_words(at)  # "Some 2,000 foreign soldiers guarded": theirs
            senders = {target for r, target in roles if r == "sender"}
            others = {c for s, c in self.gazetteer.contingent_of.items() if senders and s not in senders}
            own = [self.gazetteer.contingent_of.get(s) for s in senders]
            if role == "theme" and event_type == "Deployment" and len(own) == 1 and own[0]:
                roles.append((role, own[0]))  # «Армения направляет в Казахстан 100 военнослужащих»: Armenia's
                inferred.append(f"The {role} is the contingent of the state that sends it, {ns.curie(own[0])}.")
                continue
            if role == "theme" and event_type == "Arrest" and counted_people:
                continue  # "more than 9,900 people had been detained": those counted, no one named before
            # who speaks is never a name quoted, and from the sentences before only a person ("he said"); where a
            # force goes is not where it left, nor inside it ("returned from Kazakhstan": not to Almaty)
            unfit = not_speakers if event_type in SPEECH and role == "agent" else set()
            if role == "destination" and left:
                unfit = {id(m) for m in mentions if m.entity in left or left & self.containers.get(m.entity, set())}
            eligible = [
                m
                for m in mentions
                if context <= m.start < b and self.gazetteer.what(m) in kinds
                and id(m) not in unfit and id(m) not in parts
                and not (role in PLACE_ROLES and m.how == "demonym" and _describes_people(self._text, m))
                and not (role in ("destination", "origin") and m.start < a and not _after_a_preposition(self._text, m))
                and not (role in PLACE_ROLES and m.start < self._entry_start)
                and not (event_type == "RequestForAssistance" and role == "addressee"
                         and m.entity not in self.gazetteer.alliances)  # help is asked of an alliance, never of
                # the force it sends (trial 41: "Tokayev made his appeal" after a sentence on the force)
                and not _in_another_clause(self._text, m, a, at)
                and not (at < m.start < b and ";" in self._text[at : m.start])  # "asked for help on 5 January; the
                # first Russian paratroopers landed": a clause after a semicolon lends nothing to the one before (trial
                # 45); the one before lends as a sentence before does ("…; the next day they flew home")
                and not (role in AGENTS and m.start > at and self._object_of(self._text, event_type, at, m))
                and not _beside_the_event(self._text, m, role, at)
                and not (role == "destination" and event_type == "Return" and _home_elsewhere(self._text, at, m))
                and not (own_doer and m.start < a)
                and not (  # "Tokayev accepted the resignation of … Mamin's cabinet": who accepts it did not resign
                    event_type == "Resignation" and role == "agent" and m.end <= at
                    and ACCEPTED.search(self._text, m.end, at)
                )
                and not (m.start < a and role == "location" and NATIONWIDE.search(self._text, max(a, at - 30), b))
                and not (m.start < a and m.entity in others)  # «Армения направляет 100 военнослужащих»: not the
                # Russian contingent the sentence before names
                and not (role in AGENTS and _asked_by(self._text, m, context, at, mentions))  # the asker, not the doer
                and not (role in AGENTS and m.start < a and m.kind == "person" and IT_OPENS.match(self._text, a))
            ]  # fmt: skip
            fitting = [m for m in eligible if m.entity and m.entity not in used]
            # the first kind the role prefers that the text offers, then the nearest before the trigger
            pick = min(
                fitting,
                key=lambda m: (kinds.index(self.gazetteer.what(m)), m.start > at, abs(at - m.start)),
                default=None,
            )
            if pick is None:
                continue
            pronoun = PRONOUN_SUBJECT.match(self._text, a)
            passive_theme = role == "theme" and pronoun and self._passive(self._text, at)  # "He had been removed"
            if pick.start < a and ((role == "agent" and (event_type in SPEECH or pronoun)) or passive_theme):
                # "he said" after a sentence that names two: its subject, the first named ("Tokayev said he was taking
                # over …, a post former president Nazarbayev had kept. 'I intend to act', he said": Tokayev)
                opens = sentence_start(self._text, pick.start)
                same_sentence = [m for m in fitting if opens <= m.start <= pick.start and m.kind == pick.kind]
                if passive_theme and len(same_sentence) > 1 and not self._text[opens : same_sentence[0].start].strip():
                    same_sentence = same_sentence[1:]  # "Tokayev dismissed Masimov. He was detained": not who acted
                pick = min(same_sentence, key=lambda m: m.start)
            # a person new to the register, nearer than the pick and the first of its sentence's people (its
            # subject, as a rule: not "dismissed security chief Bakhyt Usenov")
            unknown = [
                m for m in eligible
                if m.how == "new" and m.kind == self.gazetteer.what(pick) and pick.end <= m.start < at
                and self._first_person_of_its_sentence(m, mentions)
            ]  # fmt: skip
            if unknown and pick.start < a:
                # «Бактыбек Бекболотов … Он отметил»: the one nearer is new to the register, and it is the one
                nearer = unknown[-1]
                roles.append((role, ns.KG + nearer.key))
                if new_entities is not None and all(n.key != nearer.key for n in new_entities):
                    new_entities.append(nearer)
                inferred.append(f"The {role} is the one the sentence before names: «{nearer.text}».")
                continue
            roles.append((role, pick.entity))
            if pick.start < a:
                inferred.append(f"The {role} is the one the sentence before names: «{pick.text}».")
            elif pick.end <= at and ";" in self._text[pick.end : at]:
                inferred.append(f"The {role} is the one the clause before names: «{pick.text}».")

    def _relative_with_its_own_doer(self, text: str, m: Mention, at: int, inside: list[Mention]) -> bool:
        """Whether the trigger stands in a relative clause opened after the name by "which" or «который» with a doer
        of its own before the trigger: the name before it is what the clause is about, not who acts."""
        openers = list(re.finditer(r"(?:,\s*|\s)(?:which|которы\w+|котор(?:ую|ое|ая))\b", text[m.end : at], re.I))
        if not openers:
            return False
        after = m.end + openers[-1].end()
        return any(
            o is not m and after <= o.start < at and o.kind in ("person", "organisation", "contingent") for o in inside
        )

    def _doer_in_words(self, at: int) -> bool:
        """Whether the clause of the trigger at `at` names its doers before it in words the register does not link
        ("Some 2,000 foreign soldiers guarded", «Силовики задержали»): then no one from the sentence before is."""
        start, _ = clause_of(self._text, at, self._language)
        return DOER_WORDS.search(self._text, start, at) is not None

    def _seized_named(self, fillers, sentence_stems: set[str]) -> bool:
        """Whether a sentence (`sentence_stems`: its words' first five letters) names, by a word of its label (not its
        city's), a building or body among an event's role fillers ("the airport" for Almaty International Airport)."""

        def stems(iri: str) -> set[str]:
            labels = self.gazetteer.labels.get(iri, {}).values()
            return {w[:5] for label in labels for _, _, w in tokens(label.casefold()) if len(w) >= 5}

        kinds = self.gazetteer.kinds
        places = {stem for f in fillers if kinds.get(f) == "place" for stem in stems(f)}
        named = {stem for f in fillers if kinds.get(f) in ("facility", "organisation") for stem in stems(f)}
        return bool((named - places) & sentence_stems)

    def _country_told_of(self, mentions, at: int) -> str | None:
        """The state that the places named before `at` lie in (or are), when it is named at least twice as often
        as any other."""
        counts = collections.Counter(
            state
            for m in mentions
            if m.end <= at and m.entity and m.kind in ("place", "facility")
            for state in ({m.entity} | set(self.containers.get(m.entity, ()))) & self.gazetteer.states
        )
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]):
            return None
        return ranked[0][0]

    def _same_places(self, ours: set[str], theirs: set[str]) -> bool:
        """Whether two sets of places share one, or one lies in the other's (Almaty in Kazakhstan)."""
        inside = set(ours) | {c for p in ours for c in self.containers.get(p, ())}
        return bool(inside & theirs or {c for p in theirs for c in self.containers.get(p, ())} & set(ours))

    def _asks_as_subject(self, text: str, m: Mention, at: int) -> bool:
        """Whether a state is the subject of the request verb after it: its clause opens on it (after a time or a
        conjunction at most), and the words between it and the verb are a time or an adverb ("Kazakhstan on
        Wednesday asked", «Казахстан в среду обратился»)."""
        start, _ = clause_of(text, at, self._language)
        if not REQUESTER_BEFORE.fullmatch(text, m.end, at) or not OPENS_BEFORE_A_SUBJECT.fullmatch(
            text, start, m.start
        ):
            return False
        return self._language != "ru" or "nomn" in _cases(m)

    def _first_person_of_its_sentence(self, m: Mention, mentions) -> bool:
        opens = sentence_start(self._text, m.start)
        return not any(opens <= o.start < m.start and o.kind == "person" for o in mentions)

    def _says_who_spoke(self, mentions, at: int) -> bool:
        """Whether the speech verb's clause names its speaker in words the register does not link: a new name
        there («сообщил в субботу КНБ», "the Defence Ministry said"), or in English a noun just before the verb
        ("officials said", "the ministry said"; not "he said", "later said")."""
        text, language = self._text, self._language
        if ACCORDING_TO.match(text, at):
            return True  # «по словам ведомства», "according to officials": the words after name the speaker
        if language == "ru":
            after = re.match(r"\s+([а-яё-]+)", text[at + len(_word_at(text, at)) :])
            if after and any({"NOUN", "anim", "nomn"} <= tags for _, tags in readings(after.group(1))):
                return True  # «говорят участники митинга»: people the register does not name speak
        start, end = clause_of(text, at, language)
        if any(
            start <= m.start < end and not m.entity and m.kind in ("organisation", "person")
            and not inside_quotes(text, m.start)
            for m in mentions
        ):  # fmt: skip
            return True
        # a body that speaks, not linked, before the verb ("Kazakhstan's embassy in Yerevan said", «пресс-служба
        # ведомства сообщила»): whoever the sentence before names is not it
        for body in SPEAKING_BODY.finditer(text, start, at):
            if not inside_quotes(text, body.start()) and not any(
                m.entity and m.start <= body.start() < m.end for m in mentions
            ):
                return True
        if language != "en":
            return False
        before = re.search(r"([A-Za-z]+)\s+$", text[start:at])
        if before is None or before[1].casefold() in NOT_A_SPEAKER or before[1].endswith("ly"):
            return False
        word = start + before.start(1)
        return not any(m.entity and m.start <= word < m.end for m in mentions)  # "Kazakh authorities said": known

    def _match(
        self,
        event_type: str,
        day: DateMention | None,
        fillers: set[str],
        speaker: str | None = None,
        tense: str | None = None,
        themes: set[str] | frozenset[str] = frozenset(),
        destinations: set[str] | frozenset[str] = frozenset(),
        sentence: str = "",
    ) -> tuple[str | None, bool, str]:
        """The graph's event this candidate reports again: same type, the same day or no day on one side, and a
        shared participant (two when neither side has a day; none needed on the same day if the sentence names no
        one). Words said are an event each time: a statement is matched on its day, or, undated, when its speaker
        made the only statement of its type the graph has from the day before publication or that day."""
        if event_type in SPEECH and day is None and speaker is not None:
            recent = {(self._published - datetime.timedelta(days=n)).isoformat() for n in (0, 1)}
            kind = self.superclasses.get(event_type, {event_type})  # a request is a statement too, a retraction
            said = [  # one, an order another: "Tokayev said" is none of those
                event
                for event, known in self.events.items()
                if event_type in known["types"] and known["types"] <= kind and event not in self._excluded
                and known["dates"] & recent and speaker in known["agents"]
            ]  # fmt: skip
            if len(said) != 1:
                return None, False, ""
            return (
                said[0],
                True,
                f"matches {ns.curie(said[0])} (same type: its speaker's one in the graph dated "
                "the day before publication or that day)",
            )
        best, best_score, best_shared, best_day = None, (0, False, 0), 0, False
        movers = fillers & self.gazetteer.contingents
        offices = (
            {f for f in fillers if self.gazetteer.kinds.get(f) == "office"} if event_type in OFFICE_CHANGES else set()
        )
        # words said with no one named: the day alone tells them only when the graph has one of their type that day
        # (trial 39: a "he said" of 13 January was Shoigu's report, one of that day's statements); a call or a meeting
        # with no one named, never (it is its parties'; trial 43's interviewer's call was Tokayev's with Putin)
        one_that_day = event_type not in MEETINGS
        if event_type in SPEECH and day is not None and not fillers:
            that_day = [
                e for e, known in self.events.items()
                if event_type in known["types"] and day.first.isoformat() in known["dates"] and e not in self._excluded
                and (known["planned"] if tense == "future" else e not in self._only_planned)
            ]  # fmt: skip
            one_that_day = len(that_day) == 1
        said_kinds = self.superclasses.get(event_type, {event_type})
        sentence_stems = {w[:5] for _, _, w in tokens(sentence.casefold())} if event_type == "Seizure" else set()
        for event, known in self.events.items():
            if event_type not in known["types"] or event in self._excluded:
                continue
            if event_type in SPEECH and not known["types"] <= said_kinds | SAID_ALIKE:
                continue  # a request or an order is said too, but "Tokayev said" is neither (trials 46, 47)
            theirs = known["fillers"] & self.gazetteer.contingents
            if event_type in MOVEMENTS and movers and theirs and not movers <= theirs:
                continue  # Russians arriving are not the Kyrgyz arrival, whatever place they share, nor are the
                # Armenians and the Kyrgyz returning together (trial 47) the Kyrgyz return alone
            if (
                event_type in MOVEMENTS
                and destinations
                and known["destinations"]
                and all(d in self.gazetteer.states or d in self.containers for d in destinations)
                and not self._same_places(destinations, known["destinations"])
            ):  # (where a place lies unknown, as Ivanovo's, it is not said apart)
                continue  # landing in Russia on the way home is not the arrival in Kazakhstan
            same_day = day is not None and day.first.isoformat() in known["dates"]
            if day is not None and known["dates"] and not same_day:
                continue
            if (
                event_type in BEFALLS_SOMEONE
                and known["themes"]
                and not themes & known["themes"]
                and (
                    (self._people(themes) and self._people(known["themes"]))
                    or (not themes and not same_day)
                    or (themes and not themes & set(self.gazetteer.kinds))
                )
            ):
                # Masimov removed is not Nazarbayev removed (trial 36), nor one removed by the same man on another
                # day; a theme read wrong is no veto ("Mamin's government" read as Mamin is the cabinet dismissed),
                # but one new to the register is someone else (trial 39: Bektanov's dismissal was the cabinet's)
                continue
            if offices and known["offices"] and not offices & known["offices"]:
                continue  # the chair of the Security Council handed on is not the presidency handed on in 2019
            if tense != "future" and event in self._only_planned:
                continue  # what was done is not the plan the graph holds (the withdrawal made, kg:csto-withdrawal)
            # the role fillers in common that are no city or country: what tells two events of a day apart
            shared_not_places = {f for f in fillers & known["fillers"] if self.gazetteer.kinds.get(f) != "place"}
            if (
                event_type == "Seizure"
                and not shared_not_places
                and not self._seized_named(known["fillers"], sentence_stems)
            ):
                continue  # what was seized tells seizures apart, not their city: the akimat is not the airport (the
                # sentence's words may name it: "seized the airport in Almaty")
            if tense == "future" and not known["planned"] and event_type not in SPEECH_TYPES:
                continue  # nor is a plan what the graph holds as done: "should fly out in the coming hours" is the
                # plan, an event of its own (trial 47: kg:kyrgyz-deployment, done, was marked planned)
            if day is not None and not known["dates"] and known["planned"] and tense != "future":
                continue  # a plan with no day of its own is not what was done on a day (a call is no summit planned)
            shared = len(fillers & known["fillers"])
            if event_type in SPEECH and not same_day:
                continue
            if day is None and not known["dates"] and shared < 2:
                continue
            if (
                not same_day
                and not shared_not_places
                and not (
                    event_type in ("StateOfEmergency", "Curfew") and fillers & known["fillers"] & self.gazetteer.states
                )
            ):
                continue  # no day in common and only a place: "withdrew from Kazakhstan" is no end announced there
                # (but a state of emergency is its country's: one nationwide state of emergency in Kazakhstan)
            # whom it happened to (who was removed, appointed, detained) tells an event from others of its type and
            # day as much as the day does: Nazarbayev removed is not the cabinet dismissed that day by the same man
            to_same = event_type not in MOVEMENTS and bool(themes & known["themes"] or offices & known["offices"])
            # a plan and what came of it are two events of one type, day and force (the withdrawal announced, the
            # withdrawal made): of two as good, what is reported as to come is the plan, what was done the other
            score = (2 * same_day + 2 * to_same + shared, tense is not None and known["planned"] == (tense == "future"))
            # of two as good still, the one more sources report, then the first IRI (EVENTS is in their order)
            score += (len(self.attested.get(event, ())),)
            alone = same_day and not fillers and one_that_day
            if (shared or alone) and score > best_score:
                best, best_score, best_shared, best_day = event, score, shared, same_day
        if best is None:
            return None, False, ""
        planned = tense == "future" and self.events[best]["planned"]
        same = "same type" + (", same day" if best_day else "") + (", planned too" if planned else "")
        return best, True, f"matches {ns.curie(best)} ({same}, {best_shared} participant(s) in common)"


# words said of one kind or another that a reader tells apart by who says them, not by what they do (a request or
# an order is more than words said)
SAID_ALIKE = frozenset({"Statement", "Report", "Announcement", "Event"})
# a call or a meeting is its parties' (trial 43: «Мы поговорили с ней по телефону в субботу» was no call of the graph's)
MEETINGS = {"Meeting", "PhoneCall"}
SPEECH_TYPES = set(SPEECH) | {"Request", "Demand"}  # words said, with a speaker of their own (SPEECH) or not
# the endings of a Russian name in a case other than the nominative (Токаеву, Путиным, Шойгу is read as both)
OBLIQUE_ENDING = re.compile(r"(?:у|ю|ым|им|ом|ем|ой|ей|ами|ями|ах|ях|е)$", re.I)
# Words that date what was said to no one day: then it is no statement of the day before publication ("in
# December", "last week", «в декабре», «на прошлой неделе», «неоднократно»; not "last night", «прошлой ночью»)
VAGUE_TIME = re.compile(
    r"\b(?:in|since|during)\s+(?:" + "|".join(MONTHS["en"]) + r")\b"
    r"|\b(?:last|previous|past)\s+(?:week|month|year|weeks|months|years)\b|\b(?:previously|repeatedly|ago)\b"
    r"|(?<!\w)в\s+(?:" + "|".join(m[:-1] + "е" for m in MONTHS["ru"]) + r")(?!\w)"
    r"|(?<!\w)(?:прошл|минувш)\w*\s+(?:недел|месяц|год)\w*|(?<!\w)(?:неоднократно|ранее|недавно)(?!\w)",
    re.I,
)
# Words before a cause named as what an event was against or due to ("rallies against a sharp rise in gas
# prices", «из-за повышения цен», "erupted after the government lifted price caps")
CAUSE_BEFORE = re.compile(
    r"\b(?:against|over|due to|because of|protesting|related to|sparked by|triggered by|after)\s+(?:[^\s,;]+\s+){0,4}$|"
    r"(?<!\w)(?:против|из-за|на фоне|в связи с|вызванн\w+|после(?: того,? как)?)\s+(?:[^\s,;]+\s+){0,4}$",
    re.I,
)
# (effect, cause): one sentence reporting both reports the one as the cause of the other ("protests over a rise
# in gas prices"). Tried and left out: what is said about the event after its trigger (kgo:about) and a deployment
# caused by a request: on TUNE's reviewed claims they cost more edits than they saved (the event said is often
# matched to a neighbour of the one the reviewer links: the force's withdrawal for the mission's).
CAUSES = {("Protest", "PriceIncrease"), ("PeacefulProtest", "PriceIncrease"), ("Riot", "PriceIncrease"),
          ("Escalation", "PriceIncrease")}  # fmt: skip
RECIPROCAL = {"ArmedClash", "Meeting", "PhoneCall"}  # both sides act


def _a_cause_named(text: str, claim: CandidateClaim, claims: list[CandidateClaim]) -> bool:
    """Whether the claim's trigger names the cause of an effect its sentence reports (CAUSES), as what the effect
    was against or due to (CAUSE_BEFORE): "rallies against a rise in gas prices"."""
    effects = {effect for effect, cause in CAUSES if cause == claim.event_type}
    return any(c.event_type in effects for c in claims) and bool(
        CAUSE_BEFORE.search(text[max(claim.start, claim.trigger - 60) : claim.trigger])
    )


def _link_events(claims: list[CandidateClaim], causes: list[CandidateClaim], text: str) -> None:
    """A cause one sentence names as what an effect it reports was against or due to (`_a_cause_named`), linked
    when the cause is an event the graph has (a link to a candidate's new event would name nothing once that
    candidate is rejected); said in the reason."""
    known = [c for c in causes if c.matched and c.fact is None]
    for claim in claims:
        cause = next((c for c in known if (claim.event_type, c.event_type) in CAUSES), None)
        if claim.fact is not None or cause is None or cause.event == claim.event:
            continue
        if any(role == "hasCause" for role, _ in claim.roles):
            continue
        claim.roles.append(("hasCause", cause.event))
        claim.reason += f"; hasCause {ns.curie(cause.event)}: its sentence reports «{_word_at(text, cause.trigger)}»"


# Families of events whose candidates are right about as often on the same evidence (an office changing hands is
# read more surely than a movement of forces or unrest): a part of a candidate's kind of evidence
EVENT_FAMILIES = {
    **dict.fromkeys("Appointment Dismissal Resignation Transfer Approval".split(), "office"),
    **dict.fromkeys(
        "Deployment Arrival Withdrawal Return Handover Guarding Completion Mission Ceremony WelcomeCeremony "
        "SendOffCeremony".split(),
        "force",
    ),
    **dict.fromkeys(
        "Protest PeacefulProtest Riot Seizure ArmedClash Escalation Arrest Dispersal SecurityOperation "
        "Investigation StateOfEmergency Curfew".split(),
        "unrest",
    ),
}


def _evidence_key(event_type, text, at, day, roles, inferred, matched, language, is_noun) -> str:
    """What an event candidate rests on: speech or which family of event, a verb or a noun for its trigger, a date
    of its own clause, a participant named in the sentence, a role taken from the sentences before, a match in the
    graph."""
    kind = "speech" if event_type in SPEECH_TYPES else EVENT_FAMILIES.get(event_type, "event")
    word = "noun" if is_noun(_word_at(text, at), language) else "verb"
    dated = "dated" if day is not None else "undated"
    who = "named" if roles else "nobody"
    carried = "carried" if any("sentence before" in r for r in inferred) else "own"
    return f"{kind}:{word}:{dated}:{who}:{carried}:{'matched' if matched else 'new'}"


def _asked(text: str, at: int) -> bool:
    """Whether the sentence around `at` is a question: its first mark of an end is a question mark.

    >>> _asked("Why did the CSTO send troops? It was asked to.", 15), _asked("It was asked to. Why?", 3)
    (True, False)
    """
    end = SENTENCE_END.search(text, at)
    return bool(end) and end.group() == "?"


SENTENCE_END = re.compile(r"[.!?\n]")


def distinct_keys(keys: list[str]) -> list[str]:
    """The keys, each once: of several equal ones the last is kept and the others numbered (-2, -3, …), so that
    deciding one candidate never decides another (two requests of one sentence, one type, one quote).

    >>> distinct_keys(["a", "b", "a", "a"])
    ['a-2', 'b', 'a-3', 'a']
    """
    left = {key: keys.count(key) for key in keys}
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == left[key] else f"{key}-{seen[key] + 1}")
    return out


# the last word of a name that is a body's or an outlet's ("… Daily Report", "… Committee")
NAME_ENDINGS = frozenset(OUTLET_WORDS | ORGANISATION_WORDS)


def _in_a_name(mentions, at: int) -> bool:
    """Whether a trigger word is a word of a body's or an outlet's name, past its first ("Eurasia Daily Report",
    "Committee for the Protection of …"): a name, no event."""
    return any(
        m.start < at < m.end
        and m.kind in ("organisation", "outlet")
        and (m.entity or m.text.split()[-1].casefold() in NAME_ENDINGS)
        for m in mentions
    )  # fmt: skip  (a run of capitals a headline gives, "Russian Troops Begin Withdrawal", is no name)


def _publisher_named(words: str, publisher: str) -> bool:
    """Whether an outlet's name the register lacks is the article's publisher's ("24.kg" in a 24.kg article), or
    the start of it ("Eurasia Daily", read as an outlet's name, in an article of the Eurasia Daily Report).

    >>> _publisher_named("Eurasia Daily", "Eurasia Daily Report"), _publisher_named("Eurasia", "Eurasianet")
    (True, False)
    """
    own = publisher.casefold().removeprefix("www.")
    return (
        name_similarity(publisher, words) == 1.0
        or own == words.casefold()
        or re.match(re.escape(words.casefold()) + r"\b", own) is not None
    )


def _same_outlet(mention: Mention, publisher: str, gazetteer: Gazetteer) -> bool:
    """Whether the outlet named is the article's own publisher (TASS citing itself is no origin)."""
    labels = gazetteer.labels.get(mention.entity or "", {}).values()
    names = [*labels, mention.text]
    return any(name_similarity(publisher, name) == 1.0 for name in names)


AUXILIARIES_EN = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
                  "should", "may", "might", "must", "do", "does", "did"}  # fmt: skip


def _has_verb(words: str, language: str, english=None) -> bool:
    """Whether the words hold a verb of their own (then they are a clause): a finite or past form, an auxiliary in
    English; a verb, infinitive, participle or gerund in Russian."""
    for _, _, word in tokens(words):
        folded = word.casefold()
        if language == "ru":
            if any(tags & {"VERB", "INFN", "PRTS", "GRND"} for _, tags in readings(word)):
                return True  # (a full participle is an adjective or a noun here: «против протестующих»)
        elif (
            folded in AUXILIARIES_EN
            or folded in PAST_EN
            or (english is not None and re.search(r"(?:ed|ing)$", folded) and english.parts(folded) == "V")
        ):
            return True  # ("armed men": an adjective too, no verb of its own)
    return False


def _date_of(
    text: str, a: int, b: int, at: int, dates: list[DateMention], language: str, english=None, noun: bool = False
) -> DateMention | None:
    """The date of the event a trigger reports: a date in the trigger's own clause (the nearest), else the
    sentence's date before it when its clause says "earlier in the day" or joins the clause before by "and" with a
    verb in the past and no subject of its own ("accepted … on Wednesday and declared …"; never a relative clause's
    date), else one fronted before the sentence's first comma ("On January 2, people took to the streets") when the
    trigger follows it; never a date of another clause otherwise ("said on Tuesday that the withdrawal would
    begin": the withdrawal has none)."""
    start, end = clause_of(text, at, language)
    own = [d for d in dates if a <= d.start < b and start <= d.start < end]
    if own:
        return min(own, key=lambda d: abs(d.start - at))
    # dates of the sentence before the clause, not of a relative clause ("protesters, who had gathered on January 2")
    earlier = [d for d in dates if a <= d.start < start and not _in_a_relative_clause(text, d.start, language)]
    if earlier and SAME_DAY.search(text[max(a, start - 25) : end]):  # "stormed the office earlier in the day"
        return earlier[-1]
    when = re.search(r",?\s*(?:when|когда)\s*$", text[max(a, start - 12) : start], re.I)
    if when and earlier and earlier[-1].end >= start - len(when.group()) - 2:
        return earlier[-1]  # "on Thursday, when a special session will convene": the day the clause is about
    if earlier and _joined_past_verb(text, start, end, language, english):
        # "accepted the resignation on Wednesday and declared a state of emergency": one subject's two deeds
        previous = clause_of(text, max(a, text.rfind(" ", a, start - 1)), language)
        inside = [d for d in earlier if previous[0] <= d.start < previous[1]]
        if inside:
            return inside[-1]
    joined = re.match(r"\s*(?:and|и)\b", text[end:b])
    if joined:  # "used tear gas and stun grenades on January 4": an "and" that joins no clause, only more nouns
        after, after_end = clause_of(text, end + joined.end(), language)
        inside = [d for d in dates if after <= d.start < after_end and d.start < b]
        if inside and not _has_verb(text[end + joined.end() : inside[0].start], language, english):
            return inside[0]
    opening = [
        d for d in dates
        if a <= d.start and d.end <= at < d.end + 100 and re.search(r"\b(?:after|before)$", d.words)
        and not any(d.end <= e.start < at for e in dates)
    ]  # fmt: skip
    if opening:  # "arrested on Thursday, a day after the president dismissed him": the day of the dismissal
        return opening[-1]
    # an aside with no verb of its own just before the clause dates it ("Nazarbayev, in a video address on Tuesday,
    # denied …")
    # (not a date of a noun of the aside's own: "in office since 20 March 2019", "angry at the rise of January 2")
    aside = [
        d for d in earlier
        if clause_of(text, d.start, language)[1] >= start - 2 and not d.since and not d.until
        and not NOUN_S_DATE.search(text[max(a, d.start - 8) : d.start])
    ]  # fmt: skip
    if aside and not re.match(
        r"\s*(?:then|later|afterwards|subsequently|затем|потом|позже|позднее)\b", text[start:end], re.I
    ):
        aside_start, aside_end = clause_of(text, aside[-1].start, language)
        if (
            (
                not _has_verb(text[aside_start:aside_end], language, english) or SPEAKING_ASIDE.match(text, aside_start)
            )  # "Zas, speaking on Thursday at the Duma, said"
            and not SAID_BETWEEN.search(text, aside_start, aside_end)
            and not _reported_after_saying(text, aside_end, at)
            and not ANOTHER_EVENTS_TIME.match(text, min(a, aside_start))  # "After the riots on January 5, …"
        ):
            return aside[-1]
    comma = text.find(",", a, b)
    # "On January 2,", "In a televised address on Tuesday," (a phrase with no verb of its own)
    # (not another event's day: "In response to the riots of January 5,", «На фоне протестов 5 января,»)
    fronted = [d for d in dates if a <= d.start < comma < at]
    deep = [d for d in fronted if text[a : d.start].strip(" \n").count(" ") > 2]  # words before it: a phrase's
    if deep and not (
        (FRONTED_PHRASE.match(text, a) or SPEAKING_ASIDE.match(text, a))
        and not ANOTHER_EVENTS_TIME.match(text, a)
        and not _has_verb(ADJECTIVE_ED.sub("", text[a:comma]), language, english)
    ):
        fronted = [d for d in fronted if d not in deep]
    fronted = [d for d in fronted if d not in deep or not NOUN_S_DATE.search(text[max(a, d.start - 8) : d.start])]
    # «Во вторник, 11 января, выступая …, Токаев объявил»: a weekday and its date, set off by commas, open it
    fronted += [
        d for d in dates
        if WEEKDAY_LEAD.fullmatch(text, a, d.start) and 0 <= text.find(",", d.end, b) < at
        and not any(a <= e.start < d.start for e in dates if e is not d)
        and not _in_a_relative_clause(text, at, language)  # «…, о помощи которых попросил»: its own time
    ]  # fmt: skip
    # a date that opens the sentence dates what follows it up to the next date («2 января жители вышли на улицы»)
    fronted += [d for d in dates if d.start == a and d.end <= at and not any(d.end <= e.start < at for e in dates)]
    # a date fronted before a verb of saying dates the saying, not what it reports ("On Sunday, the ministry said
    # 8,000 people had been detained", «Накануне МВД сообщило, что … задержаны»)
    fronted = [d for d in fronted if not _reported_after_saying(text, d.end, at)]
    if fronted:
        return fronted[0]
    before = text[max(a, start - 2) : start]
    first = re.match(r"\s*(\w+)", text[start:end])
    if english is not None and first and first.group(1).endswith("ing") and "," in before:
        # ", introducing a curfew": a participle's clause happens when the clause before it does
        if "V" in english.parts(first.group(1)):
            previous = clause_of(text, max(a, start - 2), language)
            inside = [d for d in dates if previous[0] <= d.start < previous[1] and a <= d.start]
            if inside:
                return inside[-1]
    relative = _relative_at(text, end)
    if relative and noun:  # "the withdrawal, which began on January 13": the noun's own relative clause
        start2, end2 = clause_of(text, end + relative.end(), language)
        inside = [d for d in dates if start2 <= d.start < end2 and d.start < b]
        if inside:
            return inside[0]
    # a date set off by commas after the clause, across at most one apposition: "he said on Tuesday, January 11,
    # at a meeting"; "first started in Zhanaozen, a city in western Kazakhstan, on January 2, then escalating"
    for step in range(2):
        if end >= b or text[end] != ",":
            return None
        start, end = clause_of(text, end + 1, language)
        inside = [d for d in dates if start <= d.start < end]
        # the clause less the date's words (which may run past the clause's end: «13 января.»)
        rest = re.sub(r"\W+", " ", text[start : inside[0].start] + " " + text[inside[0].end : end] if inside else "")
        rest = rest.split()
        if inside and len(inside) == 1 and all(w.casefold() in DATE_GLUE for w in rest):
            return inside[0]
        if inside or step or not re.match(r"\s*(?:an?|the)\s", text[start:end], re.I):
            return None  # only an apposition ("a city in ...") may stand between
    return None


def _in_a_relative_clause(text: str, offset: int, language: str) -> bool:
    """Whether an offset is in a relative clause ("who stormed the airport on Wednesday", «которые начались 2
    января»): the words that open its clause."""
    start, _ = clause_of(text, offset, language)
    opener = text[max(0, start - 12) : start]
    if re.match(r"\s*(?:[\w-]+\s+){1,2}котор\w*(?!\w)", text[start : start + 40], re.I):
        return True  # «…, о помощи которых попросил президент»: a preposition and its noun before «которых»
    return bool(re.search(r"(?:\b(?:who|which|whose|that)|(?<!\w)котор\w*)\s*$", opener, re.I))


def _given_name_first(m: Mention) -> bool:
    """Whether a Russian name opens with a given name in the nominative («Алихан Смаилов»), so is nominative."""
    said = m.text.split()
    return len(said) > 1 and any({"Name", "nomn"} <= tags for _, tags in readings(said[0]))


def _joined_past_verb(text: str, start: int, end: int, language: str, english) -> bool:
    """Whether a clause opens with a verb in the past joined by "and" («и») to the clause before, with no subject of
    its own ("… on Wednesday and declared a state of emergency", «в среду принял отставку и ввел ЧП»; not "and armed
    men seized …", "and are detaining …")."""
    if not re.search(r"(?:\band|(?<!\w)и)\s*$", text[max(0, start - 5) : start], re.I):
        return False
    first = re.match(r"\s*(\w+)", text[start:end])
    if first is None:
        return False
    word = first.group(1)
    if language == "ru":
        return {"VERB", "past"} <= grammemes(word)
    if english is None or not _past_form(word, english):
        return False
    # no other verb in the past after it in its clause: "and armed men seized the airport" has a subject of its own
    return not any(_past_form(w, english) for _, _, w in tokens(text[start + first.end() : end]))


def _past_form(word: str, english) -> bool:
    """Whether an English word is a verb's past or participle form (declared, left; not "are", "says", "going")."""
    folded = word.casefold()
    if folded in ("is", "are", "am", "has", "have", "will", "shall", "can", "may", "must", "does", "do"):
        return False
    inflected = any(lemma != folded for lemma in english.lemmas(folded))
    return "V" in english.parts(folded) and inflected and not folded.endswith(("ing", "s"))


def _distance(text: str, offset: int, trigger: int) -> int:
    """How far words are from a trigger word: characters, and a clause (a comma) counts as 200."""
    low, high = sorted((offset, trigger))
    return high - low + 200 * text.count(",", low, high)


# Words before an event noun that say it took place: something was said or done at it, during it, after it.
AT_THE_EVENT = re.compile(
    r"(?:\b(?:at|during|after|following)\s+(?:(?:an?|the|his|her|their|its)\s+)?|(?<!\w)(?:[Нн]а|[Вв] ходе|[Вв]о время"
    r"|[Пп]осле|[Пп]о итогам)\s+)(?:[\w-]+\s+)?$",
    re.I,
)
# What names an outlet the register lacks: a web address ("24.kg", "Tengrinews.kz"), or a name a newsroom takes
WEB_ADDRESS = re.compile(
    r"(?<![\w.@/])[\w-]+(?:\.[\w-]+)*\.(?:kg|kz|ru|com|net|org|az|am|by|uz|tj|ua|info|news)(?![\w/])"
)
OUTLET_NAME = re.compile(
    r"(?<![\w-])(?:(?!The\b)[A-Z][\w&'-]*\s+){1,3}(?:News|Agency|Times|Post|Press|Radio|TV|Daily|Herald|Journal|Gazette|"
    r"Tribune|Wire|Media|Broadcasting|Telegraph|Observer|Express)\b"
)
# A Russian outlet's name in quotes after what it is: газета «Коммерсантъ», «в интервью телеканалу «Хабар 24»» (not
# after «пишет»: «Пашинян пишет «Спасибо»» is words said)
QUOTED_OUTLET = re.compile(
    r"(?<!\w)(?i:газет|издани|телеканал|агентств|портал)\w*\s+«(?P<name>[А-ЯЁA-Z][\w-]*(?:\s[\w-]+){0,2})»"
)
# A noun's own relative clause: "which"/«который», or a Russian past participle («Протесты, начавшиеся 2 января»)
RELATIVE = re.compile(
    r"[\s,]*(?:which|that|который|которая|которое|которые|(?P<participle>\w+[вдтсз]ш(?:и[йемх]|ая|ее|ие|его|ей|ую|ими)"
    r"(?:ся)?))\b"
)


def _relative_at(text: str, end: int) -> re.Match | None:
    """The relative clause opening at `end`, if one does: a Russian word that looks like a past participle must be
    one («начавшиеся»; «бывший», «высший» are adjectives)."""
    match = RELATIVE.match(text[end : end + 30])
    if match and match["participle"]:
        read = readings(match["participle"])
        if not read or "ADJF" in read[0][1] or not any("PRTF" in tags for _, tags in read):
            return None  # an adjective first and foremost (бывший: a reading of быть, but said as "former")
    return match


DATE_GLUE = {"on", "in", "at", "of", "the", "early", "late", "last", "this", "night", "morning", "evening", "в", "во",
             "на", "утром", "вечером", "ночью"}  # fmt: skip
# Words around an outlet's name that make it the report's origin: "citing TASS", «передаёт ТАСС», "told Reuters",
# «сообщил РИА Новости» (said to the agency), "(ANI/Sputnik)", «как сообщает агентство ТАСС», «передает корреспондент
# ТАСС», "as quoted by TASS"; "TASS reports", "RIA Novosti quoted him".
ORIGIN_BEFORE = re.compile(
    r"(?:citing|according to(?: an?| the)? reports? by|according to|cited by|quoted by|reported by|reports|writes|told"
    r"|in an interview (?:with|to)|(?<!photo )(?<!image )(?<!video )source:|(?<!фото )источник:|со ссылкой на"
    r"|по данным|по информации|сообщает|сообщил[аои]?|передает|передал[аои]?|пишет|информирует|рассказал[аои]?"
    r"|заявил[аои]?|в интервью|/|\()\s*(?:the\s+)?"
    r"(?:(?:news )?agency\s+|агентств[оау]\s+|издани[ею]\s+|газет[аеуы]\s+|телеканал[ау]?\s+|корреспондент[уа]?\s+"
    r"|correspondent\s+)?(?:(?:миа|иа)\s+)?[«\"“]?$"
)
ORIGIN_AFTER = re.compile(
    r"[»\"”]?\s*(?:news agency\s+)?(?:correspondent\s+)?(?:reports?|reported|said|writes|wrote|quoted|/|\)|\.ru)"
)
# Who tells, not who acts: a document or a reporter "says", and a passive "was reported" has no speaker at all.
TELLERS = {"it", "statement", "decree", "order", "resolution", "document", "report", "correspondent", "reporter",
           "корреспондент", "документ", "указ"}  # fmt: skip


def _finite_past(text: str, at: int, language: str) -> bool:
    """Whether the trigger is a verb in the past tense ("announced", «объявил»; not "will be sent", «будут
    вывезены»): what it reports happened by the time of writing."""
    word = _word_at(text, at)
    if language == "ru":  # any reading: «прибыли» is likelier «прибыль» (profits) to the dictionary than «прибыть»
        return any({"VERB", "past"} <= tags for _, tags in readings(word))
    before = re.findall(r"\w+", text[max(0, at - 20) : at].casefold())[-1:]
    past = word.casefold() in PAST_EN or word.casefold().endswith("ed")
    return past and not set(before) & {"be", "been", "being", "will", "would", "to", "is", "are", "was", "were"}


def _words_before(text: str, at: int, n: int = 1) -> list[str]:
    """The n words before an offset, casefolded (fewer at the text's start)."""
    return [w.casefold() for _, _, w in tokens(text[max(0, at - 20 * n) : at])][-n:]


def _cases(m: Mention, noun: bool = False) -> set[str]:
    """The grammemes any reading of the mention's first word has (its possible cases, in Russian); with `noun`, of
    its readings as a noun when it has any (a title: «главой» is no adjective's)."""
    said = readings(m.text.split()[0])
    as_noun = {g for _, tags in said if "NOUN" in tags for g in tags} if noun else set()
    cases = as_noun or {g for _, tags in said for g in tags}
    if m.kind == "person" and re.search(r"(?:ов|ев|ёв|ин|ын)$", m.text.split()[-1]):
        cases.add("nomn")  # «задержан Масимов»: a man's surname as it stands (the dictionary reads it as «Масимовы»)
    return cases


# where a force left, named right before where it went («Из Иваново в Казахстан», "from Minsk to Almaty")
LEFT_FROM_BEFORE = re.compile(r"(?:^|\s)(?:из|изо|from)\s+\S+\s+(?:(?:в|во|to|into|for)\s+)?$", re.I)
# a departure's verb, which says nothing of where the movement goes (`_whither`)
DEPARTURES = {"вылететь", "отбыть", "убыть", "depart", "departed", "leave", "left", "take", "took", "fly", "flew"}
# and the words before "for" that make it where a movement goes ("left for Kazakhstan", "bound for Almaty")
SET_OUT = {w for w in DEPARTURES if w.isascii()} - {"take", "took"} | {
    "leaves", "leaving", "departs", "departing", "bound", "headed", "heading", "flies", "set", "off"}  # fmt: skip
HOME = re.compile(  # where a return goes
    r"(?<!'s )(?<!their )(?<!its )\bhome\b(?!\s+(?:base|bases|town|city|country|of|ministry|office|affairs)\b)"
    r"|(?<!\w)(?:на родину|домой)(?!\w)",
    re.I,
)
# the word before someone who held the post before: no role in the change ("replacing Masimov", «вместо Масимова»)
IN_PLACE_OF = frozenset({"replacing", "replace", "replaced", "succeeding", "succeed", "succeeded", "вместо", "сменив",
                         "сменившего", "сменившему", "сменит", "сменил", "сменять"})  # fmt: skip
# the whole country, not a place the sentence before names ("a nationwide state of emergency", «по всей стране»)
NATIONWIDE = re.compile(
    r"\b(?:nationwide|nation-wide|countrywide|(?:across|throughout|to) the (?:whole |entire )?country"
    r"|the (?:whole|entire) country)\b"
    r"|(?<!\w)(?:по всей (?:стране|территории)|общенациональн\w*|всей страны|во всей стране"
    r"|на всю (?:территорию|страну)|всю территорию страны)(?!\w)",
    re.I,
)
# a sentence (or a list's line) opening on "It": a body or a force, never a person named before
IT_OPENS = re.compile(r"\s*(?:[-•*–—]\s*)?(?:It|Its)\b")
# people or bodies a clause names as its doers in plain words («военные», "officials", "the troops")
DOER_WORDS = re.compile(
    r"\b(?:soldiers|troops|servicemen|paratroopers|peacekeepers|forces|units|officials|authorities|police|"
    r"policemen|protesters|demonstrators|rioters|people|residents|deputies|lawmakers|officers|crowds?|"
    r"diplomats|neighbours|neighbors)\b"
    r"|(?<!\w)(?:военные|военнослужащие|миротворцы|десантники|силовики|власти|полицейские|протестующие|"
    r"демонстранты|митингующие|люди|жители|депутаты|чиновники|офицеры)(?!\w)",  # (not "the two leaders": those named)
    re.I,
)
# a sentence whose subject is "he" or «он»: the one the sentence before is about, its subject ("Tokayev … named
# Smailov acting prime minister. He also took over …": Tokayev, trial 42)
PRONOUN_SUBJECT = re.compile(r"\s*(?:He|She|Он|Она)\b")
# Whose relative or aide a name after them is («зять Назарбаева Тимур Кулибаев»): the genitive is the owner
KIN_WORDS = frozenset({"зять", "сын", "дочь", "внук", "внучка", "племянник", "жена", "муж", "брат", "сестра", "тесть",
                       "соратник", "советник", "помощник", "родственник", "сват"})  # fmt: skip
# an event named as the time of what the subject did: its subject is not the event's doer
TIME_OF_ANOTHER = re.compile(
    r"\s(?:since|after|before|following|until|amid|during)\s+(?:the\s+)?$|(?<!\w)(?:после|до|с\s+момента|накануне)\s+$",
    re.I,
)
SENDING = re.compile(
    r"\bto\s+(?:send|deploy|dispatch)\b|\b(?:deployment|dispatch|sending)\s+of\b"
    r"|(?<!\w)(?:направ(?:ить|ил\w*|ят|ит)|ввест\w*|ввел\w*|ввёл|присла\w*|отправ(?:ить|ил\w*|ят|ит)|направлени\w*"
    r"|отправк\w*|ввод\w*)(?!\w)",
    re.I,
)
NOUN_OF_A_PLACE = re.compile(r"\s+(?:buildings?|offices?|headquarters|facilities|sites?|compounds?|quarter)\b", re.I)
# who asked for what was done, not who did it: «в ответ на обращение Президента … Токаева», "at the request of
# President Tokayev"
ASKED_BY_BEFORE = re.compile(
    r"(?:(?<!\w)(?:по|в\s+ответ\s+на)\s+(?:просьб|обращени|запрос|призыв)\w*"
    r"|\b(?:at|upon|on|in\s+response\s+to)\s+(?:the|a|an)\s+(?:request|appeal|plea|call)s?\s+(?:of|from|by))"
    r"\s+(?:[\w-]+\s+){0,5}$",
    re.I,
)
# what was done "at the request of" someone: «по просьбе президента», "at Tokayev's request"
AT_THE_REQUEST = re.compile(r"(?:(?<!\w)по|\bat\s+(?:the|his|her|their|[A-Z][\w-]+['’]s))\s+$", re.I)
RELATIVE_NAMED = re.compile(r"\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ]")  # «зять Назарбаева Тимур Кулибаев»: the relative, named
SHOTS_FIRED = re.compile(
    r"fired\s+(?:(?:on|at|upon|into)\s+(?:the\s+)?(?:protesters|demonstrators|crowds?|people|civilians|rioters|them|"
    r"unarmed|peaceful)|shots|warning|live|rubber|tear)\b",
    re.I,
)
TOOK_OVER_FROM = re.compile(r"\bover\s+from\s+(?:[\w-]+\s+){0,3}$", re.I)  # ("from former president Nazarbayev")
REPLACED_BY = frozenset({"сменил", "сменила", "сменили", "сменит", "заменил", "заменила", "заменит"})
GRAMMATICAL_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"})
OBLIQUE_CASES = frozenset({"gent", "datv", "ablt", "loct", "gen2", "loc2"})  # neither the nominative nor accusative
# a document or an instruction of an office's holder, before the office: the name after it is not the holder's
# («Указом президента Ермек Сагимбаев назначен»: the president's decree, not Sagimbayev's title)
ISSUED_BY = re.compile(r"(?<!\w)(?:указом|указ|решением|распоряжением|приказом|постановлением|поручению|указанию)\s+$",
                       re.I)  # fmt: skip


# the home said after "home": "home to Bishkek", "home, in Bishkek", «домой, в Бишкек», "home on Saturday to Ivanovo"
HOME_SAID = re.compile(
    r"\s*,?\s*(?:(?:(?:on|late|early|last)\s+)?[A-Za-z]+\s+)?(?:to|в|во)\s+(?:the\s+)?|\s*,?\s*(?:in|в|во)\s+(?:the\s+)?"
)
HOME_AFTER = re.compile(r"\w*\s+(?:back\s+)?(?:home|homeward)\b|\w*\s+(?:обратно\s+)?домой(?!\w)", re.I)


def _home_elsewhere(text: str, at: int, m: Mention) -> bool:
    """Whether the words going home at `at` name no home: the place is not said as where home is ("returned home
    to Bishkek", «вернулись домой, в Бишкек» name it)."""
    home = HOME_AFTER.match(text, at)
    if home is None:
        return False
    between = text[home.end() : m.start]  # ("flew home on Saturday to Ivanovo": a time may stand between)
    said_as_home = HOME_SAID.fullmatch(between)
    return not (m.start >= home.end() and said_as_home)


# a verb of saying right after the clause of what it tells ("…, the ministry said on Wednesday", «…, сообщило в среду
# Минобороны»)
TOLD_AFTER = re.compile(
    r"\s*,\s*(?:(?!(?:as|while|when|after|before|because|but|and|which|who|that|since|though|if)\b)[\w-]+\s+){0,4}"
    r"(?:said|says|announced|reported|confirmed)\b"
    r"|\s*,\s*(?:—\s*)?(?:сообщил\w*|заявил\w*|объявил\w*|подтвердил\w*)(?!\w)",
    re.I,
)


# a verb that tells of what happened, not one that makes it happen («объявил об отставке» is the resignation's day)
TOLD_OF = re.compile(r"(?<!\w)(?:сообщил|рассказал|написал|доложил|уточнил|проинформировал)\w*", re.I)


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence of the offset `at` ends (its full stop, or its line)."""
    end = re.search(r"[.!?](?=\s|$)|\n", text[at:])
    return at + end.start() if end else len(text)


def _asked_by(text: str, m: Mention, a: int, at: int, others=()) -> bool:
    """Whether the words before a name say that it asked for the deed (the trigger at `at`), not that it did it:
    «в ответ на обращение Президента … Токаева» (not when the asking is the trigger)."""
    asked = ASKED_BY_BEFORE.search(text, max(a, m.start - 90), m.start)
    if asked is None or asked.start() <= at < m.start:
        return False
    # the name the asking words govern, not one after another name ("In response to a call from Tokayev the CSTO
    # approved": the CSTO approved); an office or a country of the asker's title may stand between
    return not any(
        o is not m and o.kind in ("person", "organisation") and asked.start() < o.start < m.start for o in others
    )


def _governed_by_a_title(text: str, office: Mention, person: Mention, a: int) -> bool:
    """Whether a Russian office in the genitive depends on a noun before it, another post, and the name after it
    agrees with that post, not with the office («помощник президента Казахстана Ерлан Карин»: the aide; «встреча
    президента Казахстана Касым-Жомарта Токаева»: the president)."""
    before = re.search(r"([а-яё][\w-]*)\s+$", text[a : office.start], re.I)
    first = re.match(r"[\w-]+", office.text)
    if before is None or first is None or not re.search("[а-яё]", first.group(0), re.I):
        return False

    name = person.text.split()[0]
    return (
        "NOUN" in grammemes(before.group(1))
        and "gent" in _singular_cases(first.group(0))
        and "gent" not in _singular_cases(name)
    )


def _singular_cases(word: str) -> set[str]:
    """The cases a word's readings in the singular have: a name is one person's."""
    return {g for _, tags in readings(word) if "plur" not in tags for g in tags} & GRAMMATICAL_CASES


def _issuer_before(text: str, title: Mention, name: Mention) -> bool:
    """Whether a title names whose document or instruction it is, not the name after it: «Указом президента Ермек
    Сагимбаев назначен» (a name only the nominative reads: the subject of what follows); «Указом президента
    Кыргызстана Садыра Жапарова» names the president (the name in the title's case)."""
    if not ISSUED_BY.search(text[max(0, title.start - 20) : title.start]):
        return False
    surname = name.text.split()[-1]
    cases = _singular_cases(surname)
    # (a surname the dictionary lacks is guessed an inanimate noun too, its accusative the nominative's form:
    # «Смаилов»; only the genitive says the name is the title's, the issuer's)
    return bool(cases) and not cases & {"gent", "gen2"}


def _reported_after_saying(text: str, start: int, at: int) -> bool:
    """Whether the trigger at `at` stands in what a verb of saying after `start` reports: after «что» or "that", or
    in English right after the verb ("said 8,000 people had been detained"), not in a phrase of the saying itself
    ("announced during a meeting with Putin", «сообщил Шойгу на встрече с Путиным»)."""
    for said in SAID_BETWEEN.finditer(text, start, at):
        rest = text[said.end() : at]
        # (after whom it was told, too: "told reporters that", «заверял депутатов, что»)
        if re.match(r"\s*(?:[\w-]+\s+){0,3}?(?:[\w-]+\s*,\s*)?(?:,\s*)?(?:что|чтобы|that)\b|\s*:", rest):
            return True
        if re.match(r"\s*,", rest):
            continue  # "the first troops, the ministry said, arrived": the saying is an aside
        if said.group().isascii() and not re.match(
            r"\s*(?:during|at|in|on|after|before|while|to|with|by|from|late|earlier|later|yesterday|today)\b",
            rest,
            re.I,
        ):
            return True
    return False


def _run_in_heading(text: str, a: int, b: int, language: str, english=None) -> bool:
    """Whether the sentence is a paragraph's run-in heading: its first, of five words or fewer, no verb, no figure,
    no quote or dialogue, and the paragraph going on after it on the same line ("New prime minister. In the same
    session, deputies approved …", «Погибшие и задержанные. По данным …»); a chronicle's day heading («13 января.
    …») is read apart."""
    line = text.rfind("\n", 0, a) + 1
    heading = text[a:b].strip()
    rest = text[b : (text.find("\n", b) + 1 or len(text) + 1) - 1]
    return (
        not text[line:a].strip()
        and 0 < len(heading.split()) <= 5
        and not re.search(r"\d", heading)
        and not re.match(r"[«\"“'‘(—–-]", heading)
        and bool(re.match(r"[.!]?\s+\S", rest))
        and not _has_verb(heading, language, english)
        and not (english is not None and any(english.parts(w) == "V" for _, _, w in tokens(heading)))
    )  # ("Russia sends paratroopers. The first planes …": a lead of its own)


def _beside_the_event(text: str, m: Mention, role: str, at: int) -> bool:
    """A name that plays no part in the event at `at`, in the sentence or carried from before it: the dateline's
    place or agency, a kind of building ("government buildings"), or, for its doer, the subject of a deed the event
    only dates ("Smailov had served as acting head since the resignation of Mamin's cabinet")."""
    return (
        _in_the_dateline(text, m)
        or _names_a_kind_of_building(text, m)
        or (role in AGENTS and m.end <= at and bool(TIME_OF_ANOTHER.search(text, m.end, at)))
    )


def _names_a_kind_of_building(text: str, m: Mention) -> bool:
    """A body's word in lower case before a building's ("government buildings", "police headquarters"): the kind of
    building, no part the body plays (trial 42: the government made the guard of its own buildings)."""
    return m.kind == "organisation" and m.text.islower() and bool(NOUN_OF_A_PLACE.match(text, m.end))


def _in_the_dateline(text: str, m: Mention) -> bool:
    """Whether a name stands in its line's dateline, before the dash that opens the story: the place the report was
    filed from in capitals, or the agency in brackets ("ALMATY, Jan 6 (Steppe Wire Service) -"; trial 42's agency
    was made the CSTO's fellow sender and the one asked for help)."""
    opens = text.rfind("\n", 0, m.start) + 1
    if not DATELINE.match(text, opens):
        return False
    closes = text.find("\n", opens)
    dash = DATELINE_DASH.search(text, opens, len(text) if closes < 0 else closes)
    if dash is None or m.end > dash.end():
        return False
    return (m.text.isupper() and m.kind == "place") or (m.kind == "organisation" and "(" in text[opens : m.start])


def _surely_oblique(m: Mention) -> bool:
    """Whether a Russian name is in a case other than the nominative: its last word has no nominative reading and an
    oblique ending (the dictionary reads a surname it lacks as anything: Токаев as «токай»; so the ending), or its
    given name is read in another case only («первого президента Нурсултана Назарбаева»: a genitive surname reads as
    a woman's nominative too; the given name tells)."""
    word = _last_word(m.text)
    found = readings(word)
    if found and not any("nomn" in tags for _, tags in found) and OBLIQUE_ENDING.search(word):
        return True
    given = m.text.split()[0] if len(m.text.split()) > 1 else ""
    given_readings = readings(given) if given else ()
    return any("Name" in tags for _, tags in given_readings) and not any("nomn" in tags for _, tags in given_readings)


def _in_what_is_said(text: str, at: int, m: Mention) -> bool:
    """Whether a name stands in the words a verb of saying reports, after «что» or "that" («МВД сообщило, что …
    задержан Масимов»: Masimov is spoken of, the ministry speaks), or after the aside that opens with «как» or "as"
    («Как сообщил КНБ, … задержан … Масимов»)."""
    if m.start <= at:
        return False
    if re.search(r"(?:,\s*|\s)(?:что|чтобы)\s|\bthat\b", text[at : m.start]):
        return True
    if re.search(r"\b(?:would|will|could|should|had|has|have|was|were|is|are)\b", text[at : m.start]):
        return True  # "said on Thursday it would send forces … after President Tokayev asked": what is said
    return bool(re.search(r"(?<!\w)(?:как|as)\s+$", text[max(0, at - 6) : at], re.I)) and "," in text[at : m.start]


def _in_a_closed_relative_clause(text: str, m: Mention, at: int) -> bool:
    """Whether a name before the trigger stands in a relative clause closed before it ("The former president, who
    handed the presidency to Tokayev in 2019, said …": Tokayev did not say it)."""
    if m.end > at:
        return False
    opened = RELATIVE_OPENS.search(text, max(0, m.start - 200), m.start)
    return opened is not None and "," in text[m.end : at]


def _said_by_the_writer(text: str, at: int, word: str) -> bool:
    """Whether a trigger has the writer as its subject: «я»/«мы» or "I"/"we" just before it, or just after a Russian
    one («сказал я»)."""
    before = _words_before(text, at, 1)
    after = re.match(r"\s+(\w+)", text[at + len(word) :])
    first_person = {"я", "мы", "i", "we"}
    return bool(set(before) & first_person) or bool(after and after.group(1).casefold() in {"я", "мы"})


def _in_another_clause(text: str, m: Mention, a: int, at: int) -> bool:
    """Whether a name of the sentence opening at `a` stands in a clause other than the trigger's at `at`: after it,
    one of its own ("hours after protesters stormed …", «после того как»); before it, one the trigger's clause is set
    against ("Belarusian troops arrive home, while Russian units will leave"), or one of its own that tells when
    («В тот же день, когда улетели последние миротворцы, Токаев освободил …»)."""
    if m.start > at:  # (read past the name: a headline's clause is told by the words after "as")
        return any(c.end() <= m.start for c in LATER_CLAUSE.finditer(text, at, min(len(text), m.start + 80)))
    if not (a <= m.start and m.end <= at):
        return False
    if CONTRASTED.search(text, m.end, at) is not None:
        return True
    return "," in text[m.end : at] and WHEN_BEFORE.search(text, a, m.start) is not None


def _participle_before_a_noun(text: str, at: int, word: str) -> bool:
    """Whether a participle of guarding is an adjective ("of guarded facilities", «охраняемых объектов»), not a
    verb ("troops guarded the airport", "was guarded by")."""
    if re.fullmatch(r"охраняем(?:ых|ые|ого|ому|ой|ую|ым|ыми|ая|ое|ый)", word, re.I):
        return True
    if word.casefold() != "guarded":
        return False
    before, after = _words_before(text, at, 1), re.match(r"\s+([a-z-]+)\b", text[at + len(word) :])
    return (
        bool(before) and (before[0] in DETERMINERS or before[0].endswith("ly"))
        and after is not None and after[1] not in DETERMINERS | {"by", "and", "or"}
    )  # fmt: skip


def _after_a_preposition(text: str, m: Mention) -> bool:
    """Whether a place is governed by a preposition («в Казахстан», "to Almaty"); a country standing alone is a
    subject («Россия перебросила …»): never where the next sentence's force went."""
    before = _words_before(text, m.start, 1)
    return bool(before) and before[0] in PLACE_PREPOSITIONS


def _in_an_aside(text: str, m: Mention, doers, at: int) -> bool:
    """Whether a name before the trigger stands in an aside between commas right after another's name ("Karim
    Masimov, a long-time Nazarbayev ally, was removed"; "Tokayev, speaking after Putin, said"): said of that one."""
    return m.end <= at and any(
        d.end < m.start and d.kind in ("person", "organisation")
        and (aside := APPOSITION_BETWEEN.match(text, d.end)) is not None and m.end < aside.end() <= at
        and _describes(text[d.end : m.start] + text[m.end : aside.end()])
        for d in doers
    )  # fmt: skip


def _describes(words: str) -> bool:
    """Whether an aside's words, its names left out, describe ("a long-time … ally", "speaking after"): not a list
    of names ("Putin, Lukashenko, Pashinyan and Tokayev met")."""
    return any(w.casefold() not in ("and", "и") for w in re.findall(r"(?<![\w-])[a-zа-яё][\w'’-]+", words))


def _describes_people(text: str, m: Mention) -> bool:
    """Whether a people's adjective describes people or a body after it ("Kazakh forces", «казахстанские
    силовики»), or the people of the clause before, their noun left out («белорусские миротворцы вылетели …,
    армянские — на трёх»), not a place."""
    if re.match(r"\s*[—–,]", text[m.end : m.end + 3]) and re.search("[а-яё]", m.text[-1:]):
        return True
    after = re.match(r"\s+([\w-]+)", text[m.end : m.end + 30])
    return after is not None and bool(forms(after[1]) & PEOPLE_AFTER_A_DEMONYM)


def _predecessor(text: str, m: Mention) -> bool:
    """Whether the mention names who held a post before ("replacing Masimov", "instead of Masimov", «вместо
    Масимова»)."""
    before = _words_before(text, m.start, 2)
    if bool(before) and before[-1] in IN_PLACE_OF or before[-2:] in (["instead", "of"], ["place", "of"]):
        return True
    # with the one replaced described first: "replacing former president Nursultan Nazarbayev"
    described = re.search(r"(?<!\w)(\w+)((?:\s+(?:the|a|former|ex-\w+|then|long-serving|[a-zа-яё]+))" r"{1,3})\s+$",
                          text[max(0, m.start - 60) : m.start])  # fmt: skip
    if described and described[1].casefold() in IN_PLACE_OF and m.kind == "person":
        return True
    if m.kind == "person" and TOOK_OVER_FROM.search(text, max(0, m.start - 60), m.start):
        return True  # "took over from former president Nursultan Nazarbayev as chairman": he held it before
    if m.kind != "person":
        return False  # («председателя КНБ … сменил»: the post is not who was replaced)
    # the one replaced named first, in the same clause: "Masimov was replaced by Sagimbayev", «Масимова … сменил
    # Сагимбаев» (not the nominative: «Сагимбаев сменил Масимова» names the new holder first)
    rest = text[m.end : m.end + 160]
    aside = re.match(r"\s*,([^,.;:!?\n«»\"]{1,60}),", rest)  # «Масимова, бывшего главу КНБ, сменил»: an apposition
    language = "ru" if re.search("[а-яё]", rest, re.I) else "en"
    if aside is not None and len(aside[1].split()) <= 6 and not _has_verb(aside[1], language):  # no clause of its own
        rest = rest[aside.end() :]
    clause = re.split(r"[,.;:!?\n]", rest[:80], maxsplit=1)[0]
    after = [w.casefold() for _, _, w in tokens(clause)][:6]
    if re.match(r"(?:was|is|has been|had been) (?:replaced|succeeded) by\b", " ".join(after[:4])):
        return True
    return bool(set(after) & REPLACED_BY) and nominative(m.text) != m.text  # read likeliest as another case


def _going_to(text: str, m: Mention) -> bool:
    """Whether a place is named as where something goes: "to Kazakhstan", "into Almaty", «в Казахстан» (the
    accusative; «в Казахстане» is where)."""
    before = _words_before(text, m.start, 8)
    word = (before or [""])[-1]
    if word in ("to", "into"):
        return True
    if word == "for" and set(before[:-1]) & SET_OUT:  # "left for Kazakhstan", "departed from Yerevan for Almaty"
        return True
    if word not in ("в", "во") or "accs" not in _cases(m):
        return False
    if "loct" not in _cases(m):
        return True
    # a name that does not decline («в Алматы» is to and in): where it goes right after a verb of leaving («отбыли в
    # Алматы») or after the name of where it leaves («из Минска в Алматы»; not «из аэропорта в Алматы», which is
    # the airport in Almaty)
    if "Fixd" not in _cases(m) or len(before) < 2:
        return False
    if forms(before[-2]) & DEPARTURES:
        return True
    raw = [w for _, _, w in tokens(text[max(0, m.start - 160) : m.start])]
    named = raw[-2:-1] if len(raw) >= 2 else []
    return bool(named) and named[0][:1].isupper() and any(w.casefold() in ("из", "изо") for w in raw[-5:-2])


def _coming_from(text: str, m: Mention) -> bool:
    """Whether a place is named as where something leaves: "from Kazakhstan", "out of the airport", «из Казахстана»
    (the genitive); not where a force is from ("paratroopers from Ivanovo", «военные из Бишкека"); "apart from"
    names no role at all (`_claim`)."""
    before = _words_before(text, m.start, 3)
    if before[-1:] == ["the"]:
        before = before[:-1]
    if before[-2:] == ["out", "of"]:
        return True
    base = re.search(r"\bfrom\s+(?:(?:the|a|an|their|its|his|her|home|main|military|air|permanent)\s+)*"
                     r"(?:base|bases|airbase|airfield|airport|garrison|barracks|headquarters)\s+(?:in|at|near)\s+$",
                     text[max(0, m.start - 80) : m.start], re.I)  # fmt: skip
    if base:
        return True  # "from their home base in Ivanovo": where they left
    if not before or before[-1] not in ("from", "из", "изо"):
        return False
    if before[-1] != "from" and "gent" not in _cases(m) and _cases(m) & OBLIQUE_CASES:
        return False  # «из» takes the genitive; a name read only as nominative is one left undeclined («из Иваново»)
    return not forms(before[-2] if len(before) > 1 else "") & FORCE_WORDS


def _at_a_distance(text: str, at: int, event_type: str) -> bool:
    """A meeting by phone or video link has no one place ("a phone call with President Putin of Russia")."""
    return event_type == "Meeting" and bool(
        re.match(r"(?:tele)?phone|video|видео|телефон|по телефону", text[at : at + 12], re.I)
    )


def _hearsay(text: str, at: int, word: str) -> bool:
    """Whether a verb of saying only says where the news comes from: its speaker is a document or a reporter ("it
    says", "the correspondent said", «сообщает корреспондент»), or it is passive without one ("it was reported
    that", "were reported to have been killed")."""
    before = re.findall(r"\w+", text[max(0, at - 40) : at].casefold())[-3:]
    after = re.findall(r"\w+", text[at + len(word) : at + len(word) + 40].casefold())[:2]
    if before and before[-1] in ("was", "were", "is", "are", "been", "be") and "by" not in after:
        return word.casefold().startswith("report")  # "it was said" still quotes someone the text leaves unnamed
    # after the verb, an English teller comes with its article ("said the correspondent"; in "said order has been
    # restored" the order is what is spoken of), a Russian one without («сообщает корреспондент»)
    if word.isascii():
        after = after[1:2] if after[:1] and after[0] in ("the", "a", "an", "its", "this") else []
    # "it says" (a document); in "said it was" and "it was said", "it" is what is spoken of
    return bool(TELLERS - {"it"} & set(before[-2:] + after[:1]) or before[-1:] == ["it"])


BACKGROUND = ("на фоне", "amid", "amidst", "in memory of", "в память о")


def _done(word: str, language: str) -> bool:
    """Whether a verb is said done: not an infinitive («начать»), in English a past form ("opened", not "open")."""
    if language == "ru":
        return "INFN" not in grammemes(word)
    return word.casefold().endswith("ed") or word.casefold() in PAST_EN


def _parts_of_longer_names(mentions: list[Mention]) -> set[int]:
    """The mentions (ids) inside a longer one, parts of its name and no participants of their own: "Kyrgyz" and
    "peacekeepers" in "Kyrgyz peacekeepers" (the contingent), "Armenian" in "Armenian Prime Minister"."""
    spans = [(m.start, m.end) for m in mentions]
    named = {(m.start, m.end) for m in mentions if m.how != "demonym"}  # "Tajik" read as the Tajik contingent too
    return {
        id(m)
        for m in mentions
        if any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in spans)
        or (m.how == "demonym" and (m.start, m.end) in named)
    }


def _quoted_title(text: str, at: int) -> bool:
    """Whether the trigger stands in a short quoted phrase that begins with a capital, the way a title is quoted
    («Акт терроризма», «Массовые беспорядки»), not words said.

    >>> _quoted_title("по статье «Массовые беспорядки»", 20)
    True
    >>> _quoted_title("«Протесты идут уже третий день», — сказал он", 1)
    False
    """
    opened = max(text.rfind(q, 0, at) for q in "«“")
    if opened < 0 or text.rfind("\n", 0, at) > opened:
        return False
    closing = {"«": "»", "“": "”"}[text[opened]]
    closed = text.find(closing, opened)
    if closed < at:
        return False
    title = text[opened + 1 : closed]
    if not title[:1].isupper() or len(title.split()) > 3 or re.search(r"[,.!?]", title):
        return False
    return not _has_verb(title, "ru" if re.search("[а-яё]", title, re.I) else "en")  # «Аэропорт захвачен» is said


UNIT_WORDS = {"brigade", "division", "regiment", "battalion", "corps", "unit", "units", "service", "committee",
              "agency", "department", "ministry", "institute", "academy", "school", "forces", "troops"}  # fmt: skip


def _inside_a_name(text: str, at: int) -> bool:
    """Whether a capitalised word in a line of prose (not a headline's capitals) is a word of a unit's or a body's
    name: after an ordinal, or before a word such as Brigade or Service with only capitalised words between.

    >>> _inside_a_name("Units of the 45th Guards Brigade have left.", 18), _inside_a_name("Troops Guard Airport", 7)
    (True, False)
    """
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    words = re.findall(r"[A-Za-z]{4,}", line)
    if sum(w[0].islower() for w in words) * 3 < len(words):
        return False  # a headline in title case
    after = re.match(r"[\w-]+((?:\s+[A-Z][\w-]*){0,3})", text[at:])
    following = [w.casefold() for w in after.group(1).split()] if after else []
    ordinal = re.search(r"(?<![\w/.])\d+(?:st|nd|rd|th)\s+$", text[max(0, at - 12) : at])
    # capitalised after a capitalised word, not where a sentence opens: "National Guard", "Republican Guard"
    named = text[at : at + 1].isupper() and re.search(r"[A-Z][\w-]*[ \t]+$", text[max(line_start, at - 30) : at])
    return bool(ordinal) or bool(set(following) & UNIT_WORDS) or bool(named)


DETERMINERS = {"a", "an", "the", "of", "its", "his", "her", "their", "our", "this", "these", "those", "whose", "any",
               "no", "every", "each"}  # fmt: skip
# "he" (or «он») as the subject right before a verb ("that he had ordered", «что он приказал»)
SELF_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:he|she)|(?<!\w)(?:он|она))\s+(?:(?:had|has|have|would|will|had\s+personally|personally|лично|сам|сама)\s+)*$",
    re.I,
)
# words that open a clause: a bare verb right after one has no subject ("when state price controls ended"; not "and":
# "rallied in Zhanaozen and demand …" joins two verbs)
CLAUSE_OPENERS = {"when", "while", "as", "after", "before", "because", "since", "if", "until", "with", "without",
                  "where", "once"}  # fmt: skip
# who a speaker says did it when the words said name no one else ("Tokayev said he had asked", «заявил, что мы»)
SELF_PRONOUNS = {"he", "she", "they", "we", "i", "он", "она", "они", "мы", "я"}
# words before a verb of saying that name no subject of their own ("he has also said", "it then said")
UNNAMED_SUBJECT_NOT = SELF_PRONOUNS | {"it", "also", "then", "later", "has", "have", "had", "was", "is", "would"}
# a verb of beginning between an event's word and its date makes the date the event's start ("protests that began on
# Sunday", «протесты, начавшиеся 2 января»), as «с 2 января» does
STARTED = re.compile(
    r"\b(?:began|begun|begins|started|starts|erupted|broke out)\b"
    r"|(?<!\w)(?:начал(?:ся|ась|ось|ись|и)?|начавш\w*|вспыхнул\w*|вспыхнувш\w*|стартовал\w*)(?!\w)",
    re.I,
)
# a verb of saying with what it reports after it
SAID_BETWEEN = re.compile(
    r"\b(?:said|says|told|reported|reports|announced|stated|confirmed|added|noted|claimed)\b"
    r"|(?<!\w)(?:сообщил\w*|заявил\w*|сказал\w*|отметил\w*|подчеркнул\w*|уточнил\w*|добавил\w*|пояснил\w*"
    r"|рассказал\w*|подтвердил\w*|объявил\w*|заверя\w*|заверил\w*)(?!\w)",
    re.I,
)
# a year before the unrest's that the clause after it is about («декабрь 2011 года, когда …», "in 2011, when"):
# its dead are not the unrest's (a year said in passing, "since independence in 1991", is no such clause)
# a sentence set in a year named at its opening ("In December 2011 police opened fire", «В декабре 2011 года»; not
# "the worst violence since independence in 1991", which only compares)
IN_A_YEAR = re.compile(
    r"\bIn\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?P<year>(?:19|20)\d\d)\b(?![\d.,]\d)"
    r"|(?<!\w)Во?\s+(?:[а-яё]+\s+)?(?P<year2>(?:19|20)\d\d)\s*(?:года?|г\.)",
)
ANOTHER_YEAR = re.compile(
    r"(?<![\d.,])(?:19[5-9]\d|20[01]\d|202[01])(?!\d|[.,]\d)\s*(?:года?|г\.)?\s*,?\s*(?:когда|when)\b", re.I
)
# a figure the sentence says was taken back or denied: no figure of the source's to give to an event ("a figure of
# 164 … was withdrawn as a technical error", «ведомство опровергло эту цифру»; not "the troops were withdrawn")
TAKEN_BACK = re.compile(
    r"\b(?:figure|number|toll|data|statistics|count)s?\b[^.;]{0,80}\b(?:withdrawn|retracted|denied|refuted|debunked)\b"
    r"|\btechnical error\b|(?<!\w)техническ\w+ ошибк\w*"
    r"|(?<!\w)(?:цифр|данны|статистик|сведени)\w*[^.;]{0,80}(?:отозван|опроверг)\w*"
    r"|(?<!\w)(?:отозвал|опроверг)\w*\s+(?:эт\w+\s+)?(?:цифр|данны|статистик|сведени)\w*",
    re.I,
)
# a sentence that tells what an earlier version of the article wrongly said: no event of it is reported
RETRACTED = re.compile(
    r"\b(?:earlier|previous|original) version of (?:this|the) (?:article|story|report|piece)\b"
    r"|(?<!\w)(?:первоначальной|предыдущей|ранней) версии (?:этой |данной )?"
    r"(?:статьи|материала|публикации|новости)",
    re.I,
)
# words by which a source says it does not vouch for what it reports; such a candidate's confidence is at most
# HEDGED_CONFIDENCE, below any threshold a user would accept without reading
HEDGED = re.compile(
    r"\b(?:unconfirmed|unverified|reportedly|allegedly|rumou?red|could not (?:be )?(?:independently )?(?:confirm|verif)"
    r"\w*)\b|(?<!\w)(?:по (?:неофициальным|непроверенным|неподтвержд[её]нным) (?:данным|сведениям|информации)"
    r"|якобы|по слухам|предположительно|неподтвержд[её]нн\w*)(?!\w)",
    re.I,
)
HEDGED_CONFIDENCE = 0.5
# a new event with no agent where its shapes want one (a statement with no speaker) is no claim as it stands
INCOMPLETE_CONFIDENCE = 0.5
# words before an office that say it is no longer held ("former president", «бывший президент», «экс-глава»)
# the words that make an office, a membership or a capital one no longer held ("former", "then", «тогдашний»): one
# vocabulary for the holding, member and capital proposers
NO_LONGER = (
    r"(?:\b(?:former|ex|late|outgoing|onetime)|(?<!and )(?<!but )(?<!since )(?<!until )(?<!only )(?<!just )\bthen"
    r"|(?<!\w)(?:бывш\w*|экс|прежн\w*|тогдашн\w*))"
)  # ("and then President Tokayev asked": an adverb, the office held)
FORMER = re.compile(NO_LONGER + r"[\s-]*$", re.I)
# between a city and the region whose seat it is: ", the administrative centre of", «, административного центра»
SEAT_OF = (r",\s*(?:the\s+)?(?:regional\s+|administrative\s+)?(?:centre|center|capital)\s+of\s+(?:the\s+)?"
           r"|,\s*(?:административн\w+\s+|областн\w+\s+)?(?:центр|столиц)\w*\s+")  # fmt: skip
# an aside of the speaker's appearance, the time of the verb of saying after it ("speaking on Thursday", «выступая»)
SPEAKING_ASIDE = re.compile(r"\s*(?:speaking|addressing|выступая|обращаясь)\b", re.I)
# after a verb of returning, a state of things, not a place («к обычной жизни», "to normal", "to normality")
# what comes back that is no one: "life slowly returned to Almaty", «в город вернулась мирная жизнь»
THINGS_COME_BACK = re.compile(
    r"\b(?:life|calm|normalcy|normality|order|peace|quiet|traffic|the\s+internet|internet|power|electricity)\s+"
    r"(?:(?:has|had|have|slowly|gradually|quickly|largely|finally|began\s+to|started\s+to)\s+)*$",
    re.I,
)
THINGS_COME_BACK_RU = re.compile(
    r"\s+(?:(?:мирная|обычная|нормальная|спокойная)\s+)?(?:жизнь|спокойствие|порядок|интернет|связь)", re.I
)
# a toll, not a departure: "unrest that has left dozens of people dead"
LEFT_A_TOLL = re.compile(r"\s+(?:[\w-]+\s+){1,5}?(?:dead|killed|injured|wounded|homeless)\b", re.I)  # (not across
# a comma: "left Almaty, where dozens were killed, on Thursday" is a withdrawal)
# a meeting that was not held: "a session planned for January 6 was postponed", «заседание перенесли»
CALLED_OFF = re.compile(
    r"\b(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:postponed|cancell?ed|called\s+off|put\s+off|delayed)\b"
    r"|(?<!\w)(?:перенесен[оаы]?|перенес[её]н[оаы]?|отменен[оаы]?|отменён[оаы]?|перенесли|отменили|сорвал[оа]сь)(?!\w)",
    re.I,
)
BACK_TO_NORMAL = re.compile(
    r"\s+(?:to\s+(?:normal|normality|normalcy|calm|peace|work)\b|к\s+(?:обычн|нормальн|мирн|прежн|привычн)\w*\s+"
    r"(?:жизн|ритм)|к\s+работе|в\s+(?:норм|прежнее русло))",
    re.I,
)
# between an office and its holder's name: at most a general's rank ("General", «генерал-полковник»)
RANK_BETWEEN = re.compile(r"[\s,]*(?:(?:major|lieutenant|colonel)?[\s-]*general|генерал[\w-]*)?[\s,]*", re.I)
# before whoever told of an event, who took no part in it («по данным властей», "according to police")
ACCORDING_TO_DATA = re.compile(r"(?<!\w)" + TOLD_BY + "$", re.I)
# a post's noun right before a name that is its object («Командующим Коллективными силами», "commander of the force")
POST_BEFORE_NAME = re.compile(
    r"(?<!\w)(?:командующ|председател|руководител|начальник)\w*\s+$|\b(?:commander|head|chairman|chief)\s+of\s+"
    r"(?:the\s+)?$",
    re.I,
)
# after a verb of asking, a source's wish to stay unnamed
ANONYMITY = re.compile(r"\s+(?:not\s+to\s+be\s+(?:named|identified)|for\s+anonymity|anonymity|не\s+называть"
                       r"|не\s+указывать|не\s+раскрывать)", re.I)  # fmt: skip
# a relative clause open up to a name: no comma, full stop or line since its "who", «который»
RELATIVE_OPENS = re.compile(r",\s*(?:who|whose|which|котор\w*)\b[^,.;\n]*$", re.I)
# a state still in force on a live blog's day, begun before it («продолжают действовать режим ЧП», "remains in force")
STILL_IN_FORCE = re.compile(
    r"(?<!\w)(?:продолжа\w*\s+действовать|по-прежнему\s+действу\w*|пока\s+не\s+отмен\w*)(?!\w)"
    r"|\b(?:remains?|remained|still|continues?\s+to\s+be)\s+in\s+(?:force|place|effect)\b|\bnot\s+yet\s+(?:been\s+)?lifted\b",
    re.I,
)
# an end said of a state declared («истекает режим», "the state of emergency expires"), and what dates its start
EXPIRES = re.compile(r"(?<!\w)(?:истека\w*|истёк\w*|истек\w*)(?!\w)|\b(?:expires?|expired|expiring)\b", re.I)
DECLARED_ON = re.compile(r"(?<!\w)(?:введ[её]нн\w*|объявленн\w*)\s+$|\b(?:declared|imposed|introduced)\s+(?:on\s+)?$",
                         re.I)  # fmt: skip
# a weekday that opens a sentence before the date it names («Во вторник, 11 января, …», "On Tuesday, January 11, …")
WEEKDAY_LEAD = re.compile(r"\s*(?:(?:в|во)\s+[а-яё]+|on\s+\w+day)\s*,\s*", re.I)
# a region's direction in the country, between "in" and its name
DIRECTION = (r"(?:(?:north|south)?-?(?:east|west)?(?:ern)\s+|(?:северо-|юго-)?(?:северн|южн|западн|восточн)\w*\s+|"
             r"(?:north|south|east|west)(?:ern)?\s+)?")  # fmt: skip
# before an office, words that make it another: "acting prime minister" (not yet the office), «исполняющий
# обязанности», «врио»; "first President Nazarbayev", «первый президент» (a title for life, not the presidency)
NOT_THE_OFFICE = re.compile(r"(?:\b(?:acting|interim)|(?<!\w)(?:исполняющ\w*\s+обязанност\w*|и\.\s?о\.|врио))[\s-]*$",
                            re.I)  # fmt: skip
FIRST_PRESIDENT = re.compile(r"(?:\bfirst|(?<!\w)перв\w*)\s+(?:president|президент)", re.I)
# after a state listed as a member: "Uzbekistan, a former member", "which left the CSTO in 2012", «вышедший из»
LEFT_AFTER = re.compile(
    r"[\s,(]*(?:(?:which|that|who)\s+)?(?:(?:is|was)\s+)?(?:(?:a|an|the)\s+)?(?:" + NO_LONGER + r"|left|quit|withdrew"
    r"|suspended|not\b|no longer|вышл\w*|вышел\w*|вышедш\w*|покинул\w*|приостанов\w*|не\s|больше не)",
    re.I,
)
# another post an English office depends on: "a spokesman for the Russian president, Dmitry Peskov", "Japarov's
# predecessor as Kyrgyz president, Sooronbay Jeenbekov"
POST_BEFORE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|aide|advis[eo]r|assistant|secretary|envoy|representative|predecessor|successor"
    r"|deputy|wife|husband|son|daughter|brother|sister|nephew|niece)\s+(?:to|for|of|as)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
# a question the next sentence's list answers with an alliance's members
MEMBERS_ASKED = re.compile(r"\bwho (?:belongs|is in|are (?:its|the) members)\b[^?]*\?|\bwhich (?:states|countries) "
                           r"(?:belong|are members)\b[^?]*\?|(?<!\w)кто (?:входит|состоит)[^?]*\?", re.I)  # fmt: skip
# the members of an alliance the sentence does not name: "a member of the alliance", "Its members are …", «её
# членами являются»
THE_ALLIANCES_MEMBERS = re.compile(
    r"members? of the (?:alliance|bloc|organi[sz]ation)|\b(?:its|their) members\b|член\w* (?:альянса|блока|организации)"
    r"|(?:её|ее|его) член\w*|в (?:её|ее|его) состав",
    re.I,
)
ALLIANCE_RIGHT_BEFORE = 60  # characters: the heading's question, or the sentence's start, before the list
# what the alliance is, its members listed after a colon ("What is the CSTO? - A military alliance of six former
# Soviet republics: Russia, Belarus, …"): of the alliance named right before it only
WHAT_THE_ALLIANCE_IS = re.compile(
    r"\b(?:alliance|bloc) of (?:\w+ ){1,4}(?:states|countries|republics|nations):"
    r"|(?<!\w)(?:альянс|блок)\w* (?:\w+ ){1,4}(?:государств|стран|республик):",
    re.I,
)
# words opening a clause of its own after a trigger: what it names took part in another event ("hours after
# protesters stormed the mayor's office", «после того как»)
LATER_CLAUSE = re.compile(
    r",\s*(?:(?:hours|days|minutes|shortly|a day|two days|soon|just|only|weeks)\s+)?"
    r"(?:after|before|when|while|as(?!\s+well))\s"
    r"|(?<!well)\s(?-i:as|while)\s+(?=(?-i:[A-Z][a-z]+\s+[a-z]+\s+[a-z]+s)\b)"  # "… as Kazakhstan unrest deepens"
    r"|,\s*(?:после того,? как|до того,? как|когда|пока|в то время как)\s",
    re.I,
)
# a clause set against the one before it, with its own subject ("…, while Russian units will leave", «…, а
# российские военные …»): a name before it does nothing in it
CONTRASTED = re.compile(r",\s*(?:while|whereas|but|а(?!\s+также)|но|тогда как|в то время как)\s", re.I)
# a clause before the trigger's that tells when it happened, up to the name ("when the last peacekeepers left, …")
WHEN_BEFORE = re.compile(r"(?<!\w)(?:когда|пока|when|once)\s[^,;]*$", re.I)
# the words before a date that make it a noun's, not a deed's ("since 20 March 2019", "the rise of January 2")
NOUN_S_DATE = re.compile(r"\b(?:since|of|from|until|till)\s+$|(?<!\w)(?:с|со|от|до)\s+$", re.I)
BULLET_HYPHEN = re.compile(r"[ \t]*-[ \t]")  # "- Armenia sent 100 servicemen": a list's entry (a hyphen, not a dash)
# a line that opens an entry of a list or of a live blog: a bullet, a number, or a time and a dash
ENTRY = re.compile(
    r"[ \t]*(?:[•·▪●◦*‣⁃]\s|\d{1,2}[.)]\s|\d{1,2}[:.]\d{2}\s*(?:[—–-]|\|)|\d{1,2}:\d{2}\.\s)"
)  # (a dash opens speech)
PLACE_PREPOSITIONS = {"в", "во", "на", "из", "изо", "от", "до", "к", "через", "to", "into", "in", "from", "at", "for",
                      "towards", "toward", "via", "through", "across", "out", "of"}  # fmt: skip
# nouns for people or a body a people's adjective may describe ("Kazakh forces", «казахстанские власти»)
PEOPLE_AFTER_A_DEMONYM = {"force", "forces", "troops", "soldier", "soldiers", "servicemen", "police", "authorities",
                          "official", "officials", "side", "counterpart", "counterparts", "military", "army",
                          "security", "special", "law", "colleague", "colleagues", "сила", "власть", "военный",
                          "силовик", "сторона", "коллега", "военнослужащий", "полиция", "армия", "спецназ",
                          "правоохранитель", "правоохранительный", "силовой"}  # fmt: skip
# prepositions before a name after a verb of saying that make it what is spoken of or to ("with Tokayev")
SPOKEN_OF = {"with", "to", "about", "on", "of", "against", "for", "from", "at", "in", "into", "toward", "towards",
             "over", "between", "among", "regarding", "concerning"}  # fmt: skip
# nouns that make "states" after them countries ("member states", "nation states"; "the decree states": a verb)
# what «назначить» is set for when it names a day or an hour, not a post («назначено на 6 января», «на 10:00»)
SET_FOR_A_DAY = re.compile(
    r"\s+на\s+(?:\d{1,2}(?:[:.]\d\d)?(?!\d)|понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|"
    r"следующ|ближайш|завтра|послезавтра|сегодня|утро|вечер|начало|конец|середину)",
    re.I,
)
NOUNS_BEFORE_STATES = {"member", "nation", "partner", "neighbour", "neighbor", "client", "satellite", "successor"}
# "no one", "no protesters were": a negation of who did it (not "no more than", "no later than")
NO_ONE = re.compile(  # ("no date for the withdrawal has been announced": its subject's words between)
    r"\bno(?:\s+one|-one|\s+(?!more\b|less\b|later\b|longer\b|sooner\b|doubt\b)\w+(?:\s+\w+){0,3}?"
    r"\s+(?:was|were|has|have|had))\b"
)
NEGATIONS = {"not", "never", "n't", "cannot", "neither", "nor", "nobody", "не", "ни", "никогда"}
# words before a completion that say it is not yet one ("nearly completed", «практически завершён»)
ALMOST = {"almost", "nearly", "practically", "virtually", "nearing", "почти", "практически", "близок", "близка",
          "близко", "близится"}  # fmt: skip
# words before "said" that leave its speaker to the sentences before ("he said", "later said", "has said")
NOT_A_SPEAKER = {"he", "she", "they", "it", "who", "which", "that", "also", "later", "earlier", "then", "further",
                 "and", "but", "had", "has", "have", "was", "were", "is", "been", "would", "will", "once",
                 "again", "previously", "first", "reportedly", "since", "as", "we", "i", "you"}  # fmt: skip


def _negated(text: str, at: int, language: str) -> bool:
    """Whether a negation stands among the five words before the trigger, in its clause ("will not take part in
    dispersing rallies", «не будут участвовать в разгоне»): what did not happen is no event."""
    start, _ = clause_of(text, at, language)
    # «не раз заявлял» (more than once), «не без гордости», "not only": idioms that negate nothing
    said = re.sub(
        r"(?<!\w)не (?:раз|без|только|менее|исключено)(?!\w)|\bnot (?:only|least)\b", " ", text[start:at].casefold()
    )
    if NO_ONE.search(said):
        return True  # "No one was detained", "No protesters were detained"
    before = re.findall(r"\w+|n't", said)[-5:]
    return bool(NEGATIONS & set(before))


def _not_reported(words, i: int, trigger: frozenset[str]) -> bool:
    """A trigger word that names an event without reporting it: a noun governed by another noun («порядок
    вывода», the order of a withdrawal) or the background of a sentence («на фоне протестов», "amid protests")."""
    before = " ".join(w for _, _, w in words[max(0, i - 6) : i]).casefold()
    if any(phrase in before for phrase in BACKGROUND):
        return True
    if i == 0:
        return False
    as_trigger = [tags for form, tags in readings(words[i][2]) if form in trigger]  # прибыли: прибыть, not прибыль
    governed = as_trigger and all({"NOUN", "gent"} <= tags for tags in as_trigger)
    return bool(governed) and "NOUN" in grammemes(words[i - 1][2])


def _lines_apart(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences, each line of one apart: a line break ends a headline, a byline or a lead even without a full
    stop ("Kazakh president accepts resignation" over "Kazakh President Tokayev on Wednesday accepted ..."), so
    that a trigger of one line is never dated or filled from the other.

    >>> text = "Troops arrive in Almaty\\nThe first planes landed on Friday."
    >>> [text[a:b] for a, b in _lines_apart(text, [(0, len(text))])]
    ['Troops arrive in Almaty', 'The first planes landed on Friday.']
    """
    out = []
    for a, b in spans:
        for line in re.finditer(r"[^\n]+", text[a:b]):
            if line.group().strip():
                start = a + line.start() + len(line.group()) - len(line.group().lstrip())
                out.append((start, a + line.start() + len(line.group().rstrip())))
    return out


class _ByStart:
    """Mentions, dates or figures in reading order, those starting in a span found by bisection."""

    def __init__(self, items):
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]

    def within(self, a: int, b: int) -> list:
        return self.items[bisect.bisect_left(self.starts, a) : bisect.bisect_left(self.starts, b)]


def _unique(name: str, used: set[str], taken: set[str] = frozenset()) -> str:
    """`name`, or name-2, name-3...: not in `used` (this run's names, which it joins) nor `taken`."""
    candidate, n = name, 2
    while candidate in used or candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    used.add(candidate)
    return candidate


def _last_word(words: str) -> str:
    found = tokens(words)
    return found[-1][2] if found else words


def _word_at(text: str, offset: int) -> str:
    match = TOKEN.match(text, offset)
    return match.group() if match else text[offset : offset + 10]


# --- the candidates file -----------------------------------------------------------------------------------------


def candidates_path(project: Project, source: str) -> Path:
    return project.candidates_dir / f"{source}.trig"


def _lit(value, datatype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(ns.XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(ns.XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(f"{value:.2f}", datatype=ox.NamedNode(ns.XSD + "decimal"))
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(str(value))


def claim_quads(claim: CandidateClaim) -> list[ox.Quad]:
    """The claim as a hand-written one is: its named graph, and its quote (and relative date words) beside it."""
    g = ox.NamedNode(claim.iri)
    if claim.fact is not None:
        return _fact_quads(claim, g)
    event = ox.NamedNode(claim.event)
    quads = [ox.Quad(event, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + claim.event_type), g)]
    if not claim.matched:
        quads += [
            ox.Quad(event, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(label, language=lang), g)
            for lang, label in claim.labels.items()
        ]
    for role, target in claim.roles:
        quads.append(ox.Quad(event, ox.NamedNode(ns.KGO + role), ox.NamedNode(target), g))
    if claim.date is not None:
        date = claim.date
        if date.since:  # «с 2 января»: when it began, not the one day it took place
            quads.append(
                ox.Quad(event, ox.NamedNode(ns.KGO + "startDate"), _lit(date.first.isoformat(), ns.XSD + "date"), g)
            )
        elif date.until:  # «до 19 января», "by January 23": when it ends, or is to have ended
            quads.append(
                ox.Quad(event, ox.NamedNode(ns.KGO + "endDate"), _lit(date.last.isoformat(), ns.XSD + "date"), g)
            )
        elif date.is_day:
            quads.append(
                ox.Quad(event, ox.NamedNode(ns.KGO + "date"), _lit(date.first.isoformat(), ns.XSD + "date"), g)
            )
        else:
            quads.append(
                ox.Quad(event, ox.NamedNode(ns.KGO + "startDate"), _lit(date.first.isoformat(), ns.XSD + "date"), g)
            )
            quads.append(
                ox.Quad(event, ox.NamedNode(ns.KGO + "endDate"), _lit(date.last.isoformat(), ns.XSD + "date"), g)
            )
    if claim.event_type == "Statement" and not claim.matched:  # what was said: the sentence, until edited
        quads.append(
            ox.Quad(event, ox.NamedNode(ns.KGO + "content"), ox.Literal(claim.quote, language=claim.language), g)
        )
    if claim.planned:
        quads.append(ox.Quad(event, ox.NamedNode(ns.KGO + "modality"), ox.NamedNode(ns.KGO + "Planned"), g))
    for i, q in enumerate(claim.quantities, start=1):
        # a figure is one source's: its node names the source, so that two sources' figures of one event never
        # share a node (a quantity's number is functional: two on one node is an inconsistency)
        node = ox.NamedNode(f"{claim.event}-quantity-{claim.source}-{claim.name}-{i}")
        quads += [
            ox.Quad(event, ox.NamedNode(ns.KGO + "quantity"), node, g),
            ox.Quad(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "Quantity"), g),
            ox.Quad(node, ox.NamedNode(ns.KGO + "countOf"), ox.NamedNode(ns.KGO + q.counted), g),
            ox.Quad(node, ox.NamedNode(ns.KGO + "numericValue"), _lit(q.value), g),
            ox.Quad(node, ox.NamedNode(ns.KGO + "unit"), ox.NamedNode(ns.KGO + q.unit), g),
            ox.Quad(node, ox.NamedNode(ns.KGO + "bound"), ox.NamedNode(ns.KGO + q.bound), g),
        ]
    c = ox.NamedNode(claim.iri)
    quads.append(ox.Quad(c, ox.NamedNode(ns.KGO + "quote"), ox.Literal(claim.quote)))
    if claim.date is not None and claim.date.relative and claim.start <= claim.date.start < claim.end:
        quads.append(ox.Quad(c, ox.NamedNode(ns.KGO + "dateWords"), ox.Literal(claim.date.words)))
        if claim.date.anchor is not None:
            anchor = _lit(claim.date.anchor.isoformat(), ns.XSD + "date")
            quads.append(ox.Quad(c, ox.NamedNode(ns.KGO + "dateAnchor"), anchor))
    quads += [ox.Quad(c, ox.NamedNode(ns.KGO + "inferredBecause"), ox.Literal(r, language="en")) for r in claim.because]
    return quads


def _fact_quads(claim: CandidateClaim, g: ox.NamedNode) -> list[ox.Quad]:
    """A fact as the curated claims state it: `s kgo:p o`, and an office as an n-ary holding (kgo:OfficeHolding with
    its kgo:office, the graph's own holding when it has one); its quote beside it."""
    subject, prop, obj = (ox.NamedNode(x) if i != 1 else x for i, x in enumerate(claim.fact))
    if prop == "holds":
        holding = ox.NamedNode(claim.holding or f"{subject.value}-{obj.value.removeprefix(ns.KG)}")
        quads = [
            ox.Quad(subject, ox.NamedNode(ns.KGO + "holds"), holding, g),
            ox.Quad(holding, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "OfficeHolding"), g),
            ox.Quad(holding, ox.NamedNode(ns.KGO + "office"), obj, g),
        ]
    else:
        quads = [ox.Quad(subject, ox.NamedNode(ns.KGO + prop), obj, g)]
    c = ox.NamedNode(claim.iri)
    quads.append(ox.Quad(c, ox.NamedNode(ns.KGO + "quote"), ox.Literal(claim.quote)))
    quads += [ox.Quad(c, ox.NamedNode(ns.KGO + "inferredBecause"), ox.Literal(r, language="en")) for r in claim.because]
    return quads


def extraction_quads(x: Extraction) -> list[ox.Quad]:
    src = ns.SRC + x.source
    base = f"{ns.BASE}candidate/{x.source}/"  # local names without "/", so that they print as cand:name
    quads: list[ox.Quad] = []

    def about(node: ox.NamedNode, what: str, start: int, end: int, words: str, **values) -> None:
        quads.extend(
            [
                ox.Quad(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(KGC + what)),
                ox.Quad(node, ox.NamedNode(KGC + "source"), ox.NamedNode(src)),
                ox.Quad(node, ox.NamedNode(KGC + "start"), _lit(start)),
                ox.Quad(node, ox.NamedNode(KGC + "end"), _lit(end)),
                ox.Quad(node, ox.NamedNode(KGC + "words"), ox.Literal(words)),
            ]
        )
        for key, value in values.items():
            if value is None:
                continue
            for v in value if isinstance(value, list) else [value]:
                obj = v if isinstance(v, (ox.NamedNode, ox.Literal)) else _lit(v)
                quads.append(ox.Quad(node, ox.NamedNode(KGC + key), obj))

    for m in x.mentions:
        about(
            ox.NamedNode(f"{base}mention-{m.start}-{m.end}"), "Mention", m.start, m.end, m.text,
            kind=m.kind, how=m.how,
            entity=ox.NamedNode(m.entity) if m.entity else None,
            wikidataItem=ox.NamedNode(m.item) if m.item else None,
            proposedEntity=ox.NamedNode(ns.KG + m.key) if m.how == "new" else None,
            wikidataCandidate=[ox.NamedNode(ns.WD + q) for q in m.candidates],
        )  # fmt: skip
    for d in x.dates:
        about(
            ox.NamedNode(f"{base}date-{d.start}-{d.end}"), "DateMention", d.start, d.end, d.words,
            first=_lit(d.first.isoformat(), ns.XSD + "date"), last=_lit(d.last.isoformat(), ns.XSD + "date"),
            how=d.how, relative=d.relative,
        )  # fmt: skip
    for q in x.quantities:
        about(
            ox.NamedNode(f"{base}quantity-{q.start}-{q.end}"), "QuantityMention", q.start, q.end, q.words,
            value=q.value, countOf=ox.NamedNode(ns.KGO + q.counted), unit=ox.NamedNode(ns.KGO + q.unit),
            bound=ox.NamedNode(ns.KGO + q.bound),
        )  # fmt: skip
    for c in x.claims:
        quads += claim_quads(c)
        node = ox.NamedNode(c.iri)
        about(
            node, "CandidateClaim", c.start, c.end, c.quote,
            key=c.key, eventType=ox.NamedNode(ns.KGO + c.event_type), confidence=c.confidence, reason=c.reason,
            trigger=c.trigger, fact=True if c.fact else None,
            matches=ox.NamedNode(c.event) if c.matched else None,
            newEntity=[ox.NamedNode(ns.KG + m.key) for m in c.new_entities],
        )  # fmt: skip
    for m in {m.key: m for c in x.claims for m in c.new_entities}.values():
        node = ox.NamedNode(ns.KG + m.key)
        about(
            node, "NewEntity", m.start, m.end, m.text,
            kind=m.kind, typeProposed=ox.NamedNode(_class_of(m.kind)),
            labelProposed=ox.Literal(_nominative(m.name or m.text, x.language, m.kind), language=x.language),
            wikidataCandidate=[ox.NamedNode(ns.WD + q) for q in m.candidates],
        )  # fmt: skip
    return quads


def _class_of(kind: str) -> str:
    return ns.KGO + {
        "person": "Person",
        "place": "Place",
        "facility": "Facility",
        "office": "Office",
        "outlet": "NewsOutlet",
    }.get(kind, "Organisation")


def _nominative(text: str, language: str, kind: str | None = None) -> str:
    """A Russian name put back in the nominative (Садыра Жапарова → Садыр Жапаров) where the dictionary can."""
    return nominative(text, kind) if language == "ru" else text


def write_candidates(project: Project, x: Extraction, kept: list[ox.Quad] = ()) -> Path:
    """`kept`: candidates accepted earlier, as the file held them (review.accepted_candidates); the extraction's
    claims must not share their names."""
    path = candidates_path(project, x.source)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"Candidates for source {x.source}, written by `csto-kg extract` (review them with `csto-kg review "
        f"{x.source}`).\nThe build never reads this folder. Claims are named graphs as in graph/claims/; the kgc: "
        f"terms ({KGC}) say where each was found and why."
    )
    prefixes_extra = {"kgc": KGC, "cand": f"{ns.BASE}candidate/{x.source}/"}
    quads = list(dict.fromkeys([*extraction_quads(x), *kept]))
    write_atomically(turtle(quads, header, "trig", more_prefixes=prefixes_extra), path)
    return path


def keep_apart(claims: list[CandidateClaim], kept: list[ox.Quad]) -> None:
    """Renames the claims whose IRI a claim accepted earlier (`kept`, its quads as the file held them) has."""
    taken = {q.graph_name.value for q in kept if isinstance(q.graph_name, ox.NamedNode)}
    used = {c.name for c in claims} | {iri.rsplit("/", 1)[-1] for iri in taken}
    for claim in claims:
        if claim.iri in taken:
            claim.name = _unique(claim.name, used)


def extractor_for(workspace, attempts: int = 3) -> Extractor:
    """The extractor over the current build (the register and the events) and the Wikidata snapshot. Without a
    build it fails with NoBuild, which says to run `csto-kg build`."""
    for attempt in range(1, attempts + 1):
        # a build's store is never written again: its folder names it (a store given with --store may change: its
        # gazetteer is built each time). Resolved before it is opened: a build finishing in between is not this one.
        release = workspace.store_path.resolve()
        built = release.is_relative_to(workspace.build_dir.releases.resolve())
        try:
            if built:  # even where what is kept of it spares opening it: a build gone is no build to read
                require_store(release)
            return _extractor_over(workspace, release, built)
        except StoreMissing:
            # two builds finished while this one was read (a build keeps one previous release): read the newest
            if not built or attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _extractor_over(workspace, release: Path, built: bool) -> Extractor:
    store = functools.partial(open_store, release) if built else workspace.store()
    snapshot_file = workspace.project.snapshot_file
    snapshot = None
    if not built and snapshot_file.exists():
        snapshot = ox.Store()
        snapshot.load(path=str(snapshot_file), format=rdf_syntax("turtle"))
    return Extractor(
        store,
        snapshot,
        Requirements(workspace.project),
        workspace.build_dir.path / "cache" / "language",
        build=str(release) if built else None,
        snapshot_file=snapshot_file,
    )
