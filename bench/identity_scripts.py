"""Non-German names for the identity bench, written as real exports write them.

Turkish, Polish, South Slavic, Russian/Ukrainian and Greek names are common in a German
network. Each person has one name in their own alphabet or script ("Mehmet Yılmaz",
"Łukasz Wiśniewski", "Ђорђе Ђорђевић", "Дмитрий Иванов", "Γιώργος Παπαδόπουλος"); each
account shows either that (more often on Facebook and in address books, where people and
their friends type names as they know them) or a Latin transliteration (more often on
LinkedIn and XING): diacritics dropped ("Yilmaz", "Lukasz"), umlauts as a German types them
("Oeztuerk"), Serbian đ as "dj" or "d", Cyrillic by three systems in use (English
"Dmitry Ivanov", German "Dmitrij Iwanow", passport "Dmitrii Ivanov"), Greek as Greeks write
it ("Giorgos Papadopoulos") or in an older English spelling ("Yiorgos", "Economou").
Some of these variants are beyond any folding (German "Kusnezowa" for English
"Kuznetsova"); they are in the data because real exports have them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

SCRIPTS = {"turkish": 0.25, "polish": 0.17, "south_slavic": 0.12, "cyrillic": 0.20, "greek": 0.10,
           "italian": 0.08, "english": 0.08}  # fmt: skip
NICK_SHARE = 0.2  # accounts of a person with a short form that show it (Memo, Nikos, Sascha)
# short forms of names in the pools below, as the nickname table has them
NICKS = {"Mehmet": "Memo", "Mustafa": "Musti", "İbrahim": "İbo", "Hüseyin": "Hüso",
         "Małgorzata": "Gosia", "Katarzyna": "Kasia", "Tomasz": "Tomek", "Wojciech": "Wojtek",
         "Aleksandra": "Ola", "Александр": "Sascha", "Дмитрий": "Dima", "Михаил": "Mischa",
         "Екатерина": "Katja", "Наталья": "Natascha", "Νικόλαος": "Nikos", "Κωνσταντίνος":
         "Kostas", "Δημήτριος": "Dimitris", "Giuseppe": "Beppe", "Giovanni": "Gianni",
         "Francesco": "Franco", "Alessandro": "Sandro", "Vincenzo": "Enzo", "Robert": "Rob",
         "William": "Bill", "Richard": "Rick", "James": "Jim", "Elizabeth": "Liz",
         "Margaret": "Maggie", "Jennifer": "Jenny"}  # fmt: skip
# how often an account on each network shows the name in the person's own alphabet/script
OWN_SHARE = {"facebook": 0.6, "addressbook": 0.5, "linkedin": 0.25, "xing": 0.1}


@dataclass(frozen=True)
class Person:
    script: str
    own: tuple[str, str]  # first, last in the person's own alphabet or script
    latin: tuple[tuple[str, str], ...]  # the transliterations networks show
    weights: tuple[float, ...]
    nick: str | None = None  # a short form the person goes by on some accounts

    def shown(self, rng: random.Random, network: str) -> tuple[str, str]:
        if rng.random() < OWN_SHARE.get(network, 0.3):
            first, last = self.own
        else:
            first, last = rng.choices(self.latin, self.weights)[0]
        if self.nick and rng.random() < NICK_SHARE:
            first = self.nick
        return first, last


def _zipf(rng: random.Random, items: list[Any], s: float = 0.9) -> Any:
    return rng.choices(items, [1 / (i + 1) ** s for i in range(len(items))])[0]


def _table(text: str) -> dict[str, str]:
    pairs = (item.split("=") for item in text.split())
    return {k: v for k, v in pairs}


def _apply(table: dict[str, str], text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            mapped = table[low]
            out.append(mapped.capitalize() if ch != low else mapped)
        else:
            out.append(ch)
    return "".join(out)


# --- Turkish ----------------------------------------------------------------------------
TR_FIRST = ["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre",
            "Burak", "Oğuz", "Serkan", "Cem", "Kemal", "Yusuf", "Ayşe", "Fatma", "Emine",
            "Zeynep", "Elif", "Hatice", "Özlem", "Gül", "Derya", "Büşra", "Şeyma", "Merve",
            "Çiğdem", "Ebru", "Sibel"]  # fmt: skip
TR_LAST = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
           "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt",
           "Özkan", "Şimşek"] + [h + t for h in ("Ak", "Kara", "Öz", "Gül", "Demir", "Ay", "Er",
           "Taş", "Bay", "Şen", "Tekin", "Uz", "Gök", "Can") for t in ("dağ", "türk", "gül",
           "kaya", "han", "oğlu", "soy", "taş", "yıldız", "er")]  # fmt: skip
TR_ASCII = _table("ı=i i̇=i ş=s ç=c ğ=g ö=o ü=u â=a")
TR_GERMAN = {**TR_ASCII, "ö": "oe", "ü": "ue"}


def _turkish(rng: random.Random) -> Person:
    first, last = rng.choice(TR_FIRST), _zipf(rng, TR_LAST)
    first_i = first.replace("İ", "I")
    latin = ((_apply(TR_ASCII, first_i), _apply(TR_ASCII, last)),
             (_apply(TR_GERMAN, first_i), _apply(TR_GERMAN, last)))  # fmt: skip
    return Person("turkish", (first, last), latin, (0.8, 0.2))


# --- Polish -----------------------------------------------------------------------------
PL_MALE = ["Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz",
           "Grzegorz", "Mateusz", "Wojciech", "Jakub", "Kamil", "Maciej", "Rafał"]  # fmt: skip
PL_FEMALE = ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena",
             "Joanna", "Aleksandra", "Monika", "Zofia", "Justyna", "Beata", "Dorota",
             "Agata"]  # fmt: skip
PL_ADJ = ["Kowalsk", "Wiśniewsk", "Lewandowsk", "Kamińsk", "Zielińsk", "Szymańsk", "Dąbrowsk",
          "Kozłowsk", "Jankowsk", "Wojciechowsk", "Kwiatkowsk", "Piotrowsk", "Grabowsk",
          "Nowick", "Pawłowsk", "Michalsk"] + [r + s for r in ("Brzez", "Czarn", "Gór",
          "Jabłoń", "Kras", "Lip", "Nowos", "Olsz", "Przyb", "Sos", "Trzcin", "Zaw", "Mał",
          "Wol") for s in ("owsk", "ińsk", "eck", "ewsk")]  # fmt: skip
PL_PLAIN = ["Nowak", "Wójcik", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Król",
            "Wróbel", "Stępień", "Dudek", "Pietrzak", "Sikora", "Baran", "Szewczyk"]  # fmt: skip
PL_ASCII = _table("ł=l ś=s ą=a ę=e ć=c ń=n ó=o ź=z ż=z")


def _polish(rng: random.Random) -> Person:
    female = rng.random() < 0.5
    first = rng.choice(PL_FEMALE if female else PL_MALE)
    if rng.random() < 0.7:
        last = _zipf(rng, PL_ADJ, 0.6) + ("a" if female else "i")
    else:
        last = _zipf(rng, PL_PLAIN)
    return Person("polish", (first, last), ((_apply(PL_ASCII, first), _apply(PL_ASCII, last)),),
                  (1.0,))  # fmt: skip


# --- South Slavic -----------------------------------------------------------------------
SL_MALE = ["Nikola", "Marko", "Stefan", "Luka", "Đorđe", "Miloš", "Nemanja", "Dragan", "Zoran",
           "Ivan", "Goran", "Dušan", "Aleksandar", "Milan", "Željko"]  # fmt: skip
SL_FEMALE = ["Ivana", "Jelena", "Milica", "Ana", "Marija", "Dragana", "Jovana", "Tijana",
             "Snežana", "Maja", "Vesna", "Gordana", "Tamara", "Mirjana", "Katarina"]  # fmt: skip
SL_LAST = ["Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević", "Kovačević",
           "Stojanović", "Pavlović", "Popović", "Živković", "Tomić", "Babić", "Knežević",
           "Lukić", "Savić", "Đukić", "Mitrović", "Radić", "Perić", "Todorović", "Kostić",
           "Stanković", "Ilić", "Vuković", "Horvat", "Jurić", "Šarić", "Božić", "Blažević",
           "Grgić"] + [s + t for s in ("Bog", "Dragan", "Gav", "Jak", "Lazar", "Mil", "Nov",
           "Rad", "Sim", "Stev", "Vas", "Zdrav", "Vel", "Brank", "Đur", "Živ") for t in
           ("ović", "ić", "ević")]  # fmt: skip
SL_ASCII = _table("đ=d ž=z š=s č=c ć=c")
SL_DJ = {**SL_ASCII, "đ": "dj"}
_SR_DIGRAPHS = (("lj", "љ"), ("nj", "њ"), ("dž", "џ"))
SR_CYRILLIC = _table("a=а b=б v=в g=г d=д đ=ђ e=е ž=ж z=з i=и j=ј k=к l=л m=м n=н o=о p=п "
                     "r=р s=с t=т ć=ћ u=у f=ф h=х c=ц č=ч š=ш")  # fmt: skip


def _serbian_cyrillic(text: str) -> str:
    for latin, cyrillic in _SR_DIGRAPHS:
        text = text.replace(latin, cyrillic).replace(latin.capitalize(), cyrillic.upper())
    return _apply(SR_CYRILLIC, text)


def _south_slavic(rng: random.Random) -> Person:
    first = rng.choice(SL_FEMALE if rng.random() < 0.5 else SL_MALE)
    last = _zipf(rng, SL_LAST, 0.7)
    own = (first, last)
    if rng.random() < 0.4:  # Serbs often write their names in Cyrillic
        own = (_serbian_cyrillic(first), _serbian_cyrillic(last))
    latin = ((_apply(SL_ASCII, first), _apply(SL_ASCII, last)),
             (_apply(SL_DJ, first), _apply(SL_DJ, last)))  # fmt: skip
    if own[0] != first:
        latin += ((first, last),)  # the Latin alphabet with diacritics
    return Person("south_slavic", own, latin, (0.5, 0.5, 0.5)[: len(latin)])


# --- Russian and Ukrainian (Cyrillic) ----------------------------------------------------
RU_MALE = ["Дмитрий", "Сергей", "Алексей", "Андрей", "Михаил", "Юрий", "Владимир", "Николай",
           "Иван", "Александр", "Евгений", "Олег", "Павел", "Игорь", "Виктор"]  # fmt: skip
RU_FEMALE = ["Ольга", "Наталья", "Елена", "Татьяна", "Юлия", "Екатерина", "Анна", "Мария",
             "Светлана", "Ирина", "Ксения", "Людмила", "Галина", "Вера", "Дарья"]  # fmt: skip
RU_LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
           "Михайлов", "Новиков", "Федоров", "Морозов", "Волков", "Алексеев", "Лебедев",
           "Семенов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
           "Андреев", "Макаров", "Никитин", "Захаров"] + [s + t for s in ("Бел", "Вор",
           "Гол", "Крас", "Мал", "Нов", "Рыбак", "Сид", "Тар", "Черн", "Жур", "Кос", "Лап",
           "Мол", "Пан", "Ром") for t in ("ов", "ев", "ин")]  # fmt: skip
UA_LAST = ["Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Кравченко", "Олійник",
           "Мельник", "Бойко", "Лисенко", "Марченко"]  # fmt: skip
_EN = _table("а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=y к=k л=l м=m н=n о=o п=p р=r с=s "
             "т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ= ы=y ь= э=e ю=yu я=ya і=i ї=yi "
             "є=ye")  # fmt: skip
_DE = _table("а=a б=b в=w г=g д=d е=e ё=jo ж=sch з=s и=i й=j к=k л=l м=m н=n о=o п=p р=r "
             "с=s т=t у=u ф=f х=ch ц=z ч=tsch ш=sch щ=schtsch ъ= ы=y ь= э=e ю=ju я=ja і=i "
             "ї=ji є=je")  # fmt: skip
_ICAO = _table("а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=i к=k л=l м=m н=n о=o п=p р=r "
               "с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ=ie ы=y ь= э=e ю=iu я=ia і=i "
               "ї=i є=ie")  # fmt: skip


def _english(word: str) -> str:
    word = re.sub(r"ий$", "y", word)  # Дмитрий → Dmitry, as English-language sources write it
    return _apply(_EN, word)


def _german(word: str) -> str:
    vowels = "[аеёиоуыэюя]"
    word = re.sub(rf"(?<={vowels})с(?={vowels})", "сс", word)  # Duden: ss between vowels
    word = re.sub(r"^Е", "Je", word)
    return _apply(_DE, word)


def _cyrillic(rng: random.Random) -> Person:
    female = rng.random() < 0.5
    first = rng.choice(RU_FEMALE if female else RU_MALE)
    if rng.random() < 0.25:
        last = _zipf(rng, UA_LAST)
    else:
        last = _zipf(rng, RU_LAST, 0.7) + ("а" if female else "")
    latin = tuple((system(first), system(last))
                  for system in (_english, _german, lambda w: _apply(_ICAO, w)))  # fmt: skip
    return Person("cyrillic", (first, last), latin, (0.5, 0.25, 0.25))


# --- Greek ------------------------------------------------------------------------------
# (Greek, as Greeks write it in Latin letters, an older English spelling)
GR_FIRST = [("Γιώργος", "Giorgos", "Yiorgos"), ("Δημήτρης", "Dimitris", "Dimitris"),
            ("Κωνσταντίνος", "Konstantinos", "Constantinos"), ("Νίκος", "Nikos", "Nikos"),
            ("Γιάννης", "Giannis", "Yannis"), ("Χρήστος", "Christos", "Christos"),
            ("Παναγιώτης", "Panagiotis", "Panayiotis"), ("Ευάγγελος", "Evangelos", "Evangelos"),
            ("Μαρία", "Maria", "Maria"), ("Ελένη", "Eleni", "Eleni"),
            ("Αικατερίνη", "Aikaterini", "Ekaterini"), ("Σοφία", "Sofia", "Sophia"),
            ("Βασιλική", "Vasiliki", "Vassiliki"), ("Γεωργία", "Georgia", "Georgia"),
            ("Δέσποινα", "Despoina", "Despina"), ("Νικόλαος", "Nikolaos", "Nikolaos"),
            ("Δημήτριος", "Dimitrios", "Demetrios")]  # fmt: skip
GR_LAST = [("Παπαδόπουλος", "Papadopoulos", "Papadopoulos"), ("Παπαδάκης", "Papadakis",
           "Papadakis"), ("Γεωργίου", "Georgiou", "Georgiou"), ("Οικονόμου", "Oikonomou",
           "Economou"), ("Νικολάου", "Nikolaou", "Nicolaou"), ("Βλάχος", "Vlachos", "Vlahos"),
           ("Παππάς", "Pappas", "Pappas"), ("Δημητρίου", "Dimitriou", "Demetriou"),
           ("Κωνσταντίνου", "Konstantinou", "Constantinou"), ("Παπαγεωργίου",
           "Papageorgiou", "Papageorgiou"), ("Καραγιάννης", "Karagiannis", "Karayannis"),
           ("Μακρής", "Makris", "Makris"), ("Ιωάννου", "Ioannou", "Ioannou"),
           ("Χριστοδούλου", "Christodoulou", "Christodoulou"), ("Αντωνίου", "Antoniou",
           "Antoniou"), ("Αλεξίου", "Alexiou", "Alexiou"), ("Θεοδώρου", "Theodorou",
           "Theodorou"), ("Βασιλείου", "Vasileiou", "Vassiliou"), ("Αθανασίου",
           "Athanasiou", "Athanassiou"), ("Παπανικολάου", "Papanikolaou",
           "Papanicolaou")]  # fmt: skip


def _greek(rng: random.Random) -> Person:
    first, last = rng.choice(GR_FIRST), _zipf(rng, GR_LAST, 0.7)
    return Person("greek", (first[0], last[0]), ((first[1], last[1]), (first[2], last[2])),
                  (0.8, 0.2))  # fmt: skip


# --- Italian and English (Latin letters; accents and short forms differ) -------------
IT_FIRST = ["Giuseppe", "Giovanni", "Francesco", "Alessandro", "Vincenzo", "Marco", "Luca",
            "Andrea", "Matteo", "Lorenzo", "Giulia", "Chiara", "Francesca", "Sara",
            "Federica", "Elena", "Valentina", "Martina", "Niccolò", "Nicolò"]  # fmt: skip
IT_LAST = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
           "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
           "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
           "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone"] + [
           h + t for h in ("Bel", "Can", "Fer", "Gal", "Mar", "Pal", "Ros", "San", "Val",
           "Cor") for t in ("lini", "etti", "oni", "ucci", "ello", "ari")]  # fmt: skip
EN_FIRST = ["Robert", "William", "Richard", "James", "John", "David", "Michael", "Thomas",
            "Elizabeth", "Margaret", "Jennifer", "Sarah", "Emma", "Olivia"]  # fmt: skip
EN_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
           "Hall", "Wood", "Jackson", "Clarke"] + [h + t for h in ("Ash", "Black", "Brad",
           "Cold", "Fair", "Hart", "Lang", "Red", "Stan", "West") for t in ("ford", "ley",
           "wood", "ton", "field", "well")]  # fmt: skip
IT_ASCII = _table("ò=o à=a è=e ì=i ù=u é=e")


def _italian(rng: random.Random) -> Person:
    first, last = rng.choice(IT_FIRST), _zipf(rng, IT_LAST, 0.7)
    return Person("italian", (first, last), ((_apply(IT_ASCII, first), last),), (1.0,))


def _english_name(rng: random.Random) -> Person:
    first, last = rng.choice(EN_FIRST), _zipf(rng, EN_LAST, 0.7)
    return Person("english", (first, last), ((first, last),), (1.0,))


_MAKERS = {"turkish": _turkish, "polish": _polish, "south_slavic": _south_slavic,
           "cyrillic": _cyrillic, "greek": _greek, "italian": _italian,
           "english": _english_name}  # fmt: skip


def person(rng: random.Random) -> Person:
    """One non-German person: a script drawn by :data:`SCRIPTS`, then a name in it; some go
    by a short form (:data:`NICKS`) on a fifth of their accounts."""
    script = rng.choices(list(SCRIPTS), list(SCRIPTS.values()))[0]
    made = _MAKERS[script](rng)
    nick = NICKS.get(made.own[0])
    return Person(made.script, made.own, made.latin, made.weights, nick) if nick else made
