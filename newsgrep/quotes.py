"""Quotations and their speakers: who said what, found paragraph by paragraph.

Nothing here knows about the search engine and nothing needs a model: a
regular expression finds the quotation marks, and word lists per language
(reporting verbs, pronouns, articles, prepositions, titles) do the rest, on
the few words around each quotation.

:func:`extract_quotes` reads an article (headline and body paragraphs) and
returns :class:`Quote` objects, each a span of one paragraph:

1. **Marks.** Each paragraph is scanned for the quotation marks its language
   uses (``« »`` in French, ``„ “`` and ``» «`` in German, ``“ ”`` and
   ``" "`` in English, ...) and they are paired: a straight ``"`` opens after
   a blank and closes after a letter; an opening mark met while a quotation
   is open starts a new one (English news opens each paragraph of a long
   quotation again without closing the last); a quotation still open when
   its paragraph ends runs to the end of it (``continues``). Nested
   quotations stay part of the outer one. English headlines pair single
   quotes too ('fire fear'), apostrophes aside. A paragraph that opens with
   a dialogue dash (``— Je pars``) is speech up to the next dash. A
   paragraph without any mark costs one scan.
2. **Kind.** A quotation right after a word such as *film*, *album*,
   *intitulé*, *Programm*, or written capital by capital ("Save Star
   Trek"), is a ``"title"``; one or two words are a ``"scare"`` quotation
   (``« utile »``), unless a reporting verb is attached to them; the rest is
   ``"speech"``.
3. **Speaker.** A reporting verb next to the quotation gives the speaker:
   after it (``", said Robbie Bach``, ``», a reconnu Iouri Ouchakov``,
   ``", sagte er``, ``", so Küberl``), before it (``Mr Rampersad said: "``,
   ``selon Michel Spiro : «``, ``according to``), or earlier in the sentence
   that leads to it (``Kevin Wallace said it would be "worth waiting
   for"``). French quotations interrupted by an incise (``« A, a confié le
   président. B »``) are split in two. Speech with no verb of its own
   continues the speech just before it, in the same or the previous
   paragraph; a quotation reopened across a paragraph break shares its
   speaker both ways.
4. **Resolution.** A pronoun (``he``, ``il``, ``er``, ``a-t-il``) stands for
   the nearest earlier speaker or subject of a reporting verb, else the
   nearest name, whose gender (``Mr``, ``Mme``, *spokeswoman*) does not
   contradict it; a short form (``Mr Blair``, ``M. Ouchakov``, ``B.
   Obama``) becomes the full name with that surname elsewhere in the
   article; a description (``le président russe``, ``the British
   producer``) becomes the name the article puts next to those words. When
   the article does not make it clear, the speaker is what is written
   (without its article); an unresolved pronoun gives None.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .analysis import fold

SPEECH, TITLE, SCARE = "speech", "title", "scare"

#: A quotation never runs longer than this (an unclosed mark in a huge paragraph).
MAX_QUOTE_CHARS = 5000


@dataclass(frozen=True)
class Quote:
    """One quotation: a span of one paragraph, its kind and who said it.

    ``paragraph`` numbers paragraphs as the index does: 0 is the headline, 1
    the first body paragraph. ``start`` and ``end`` are character offsets of
    the quoted text inside that paragraph, marks and the blanks inside them
    excluded: ``text == paragraphs[start:end]``. ``speaker`` is the
    resolved full name, else what the article wrote (None for an
    unresolved pronoun, or when nothing attributes the quotation);
    ``speaker_as_written`` the words at the attribution (``he``, ``Mr
    Blair``); ``verb`` the reporting verb or cue as written; ``marks`` the
    opening and closing marks (one character for a dash or a quotation
    without a closing mark); ``continues`` says the quotation is still open
    where its paragraph ends.
    """

    paragraph: int
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_as_written: str | None
    kind: str
    verb: str | None = None
    marks: str = '""'
    continues: bool = False


# ---------------------------------------------------------------- word lists


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _folded(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in text.split())


_VERBS = {
    "en": _words(
        """said says say told tells added adds explained explains insisted insists warned warns
        admitted admits argued argues claimed claims asked asks replied replies continued noted
        notes confirmed confirms announced announces declared declares wrote writes commented
        remarked recalled recalls assured assures urged urges agreed suggested suggests
        acknowledged acknowledges conceded concedes stressed stresses maintained maintains
        predicted quipped joked revealed promised answered responded concluded observed reckons
        reckoned believes stated states cautioned complained boasted vowed pledged recounted
        mused shouted cried whispered sighed laughed emphasised emphasized reported calls called
        speculated
        describes described branded dubbed labelled labeled"""
    ),
    # French: finite forms; participles need an auxiliary before them.
    "fr": _words(
        """déclare dit reconnaît reconnait prévient affirme ajoute explique indique précise estime
        souligne annonce confie assure martèle lance avertit juge insiste commente réagit déplore
        souhaite promet répond rappelle révèle admet raconte conclut observe note poursuit
        regrette dénonce écrit tranche ironise plaide demande confirme lâche glisse résume avoue
        répète témoigne proteste salue rétorque réplique rétorqua répliqua détaille prédit relève
        signale constate déclara affirma
        ajouta expliqua indiqua précisa estima souligna annonça confia assura lança répondit
        rappela déplora poursuivit déclarait affirmait ajoutait expliquait indiquait précisait
        estimait soulignait annonçait confiait assurait disait lançait prévenait reconnaissait
        avertissait jugeait commentait répondait rappelait
        disent déclarent affirment estiment expliquent indiquent précisent soulignent ajoutent
        assurent jugent dénoncent rappellent regrettent préviennent reconnaissent
        dénonça regretta conclut"""
    ),
    "de": _words(
        """sagte sagt sagten sagen erklärte erklärt erklärten betonte betont meinte meint
        kritisierte kritisiert warnte warnt forderte fordert berichtete berichtet schrieb
        schreibt ergänzte ergänzt bestätigte bestätigt verkündete verkündet antwortete antwortet
        erzählte erzählt versicherte versichert unterstrich unterstreicht appelliert appellierte
        befand befindet erläuterte erläutert sprach spricht kommentierte kommentiert mahnte
        mahnt klagte klagt räumte räumt fügte fügt stellte teilte gab hieß heißt
        bilanzierte bilanziert beklagte beklagt lobte lobt monierte moniert betonten meinten
        kritisierten warnten forderten erklärt sagen sagten versprach verspricht zeigte
        argumentierte argumentiert erinnerte erinnert ergänzte bekräftigte bekräftigt
        unterstrich kündigte beteuerte beteuert sagte meinte resümierte resümiert
        verwies verweist entgegnete entgegnet widersprach räumte schilderte schildert
        analysierte analysiert begründete begründet zitierte zitiert"""
    ),
    "es": _words(
        """dijo afirmó aseguró declaró señaló explicó añadió agregó indicó manifestó sostuvo
        advirtió comentó subrayó apuntó expresó destacó precisó reconoció admitió insistió
        respondió relató contó concluyó dice afirma asegura declara señala explica añade agrega
        indica sostiene advierte comenta subraya apunta expresa destaca reconoce sentenció
        denunció criticó remarcó enfatizó anunció escribió"""
    ),
    "it": _words(
        """dice afferma spiega aggiunge sottolinea dichiara precisa commenta osserva ribadisce
        racconta disse affermò spiegò aggiunse dichiarò"""
    ),
    "ru": _words(
        """сказал сказала сказали заявил заявила заявили отметил отметила отметили добавил
        добавила добавили подчеркнул подчеркнула сообщил сообщила сообщили рассказал
        рассказала признал признала пояснил пояснила говорит говорят считает уточнил уточнила
        ответил ответила написал написала заверил заверила заметил заметила пообещал
        пообещала предупредил предупредила призвал призвала объяснил объяснила напомнил
        напомнила указал указала заявляет отмечает подчеркивает подчеркнули"""
    ),
}
_PARTICIPLES = {
    "fr": _words(
        """déclaré dit reconnu prévenu affirmé ajouté expliqué indiqué précisé estimé souligné
        annoncé confié assuré martelé lancé averti jugé insisté commenté réagi déploré souhaité
        promis répondu rappelé révélé admis raconté conclu observé noté poursuivi regretté
        dénoncé écrit tranché ironisé plaidé demandé confirmé lâché glissé résumé avoué répété
        concédé argué témoigné protesté tonné fustigé salué détaillé prédit relevé signalé
        constaté rétorqué répliqué déclarée reconnue prévenue affirmée ajoutée expliquée indiquée
        précisée
        estimée confiée assurée réjoui réjouie félicité félicitée exclamé exclamée étonné
        étonnée inquiété inquiétée défendu défendue emporté insurgé insurgée indigné indignée
        alarmé alarmée agacé agacée emportée amusé amusée moqué moquée offusqué offusquée"""
    ),
    "it": _words(
        """detto dichiarato affermato spiegato aggiunto sottolineato ammesso precisato concluso
        commentato osservato ribadito assicurato annunciato raccontato"""
    ),
}
_AUXILIARIES = {
    "fr": _words("a avait aurait ont avaient auraient est était"),
    "it": _words("ha aveva hanno avevano"),
}
_INVERTED = re.compile(r"^(.+?)-(?:t-)?(il|elle|on|ils|elles)$")


def _base(low: str) -> str:
    """'affirme-t-il' -> 'affirme'; other words unchanged."""
    if "-" in low:
        m = _INVERTED.match(low)
        if m:
            return m.group(1)
    return low


_PRONOUNS = {
    "en": {"he": "m", "she": "f", "it": "n", "they": "p"},
    "fr": {"il": "m", "elle": "f", "ils": "p", "elles": "p", "lui": "m", "eux": "p"},
    "de": {"er": "m", "sie": "f"},
    "es": {"él": "m", "ella": "f", "ellos": "p", "ellas": "p"},
    "it": {"lui": "m", "lei": "f", "loro": "p"},
    "ru": {"он": "m", "она": "f", "они": "p"},
}
_DETERMINERS = {
    "en": _folded("the a an his her its their our one this that many some several another"),
    "fr": _folded(
        "le la les l' un une son sa ses leur leurs ce cette cet certains certaines plusieurs"
        " quelques"
    ),
    "de": _folded(
        "der die das des dem den ein eine einer eines einem einen sein seine ihr ihre viele"
        " einige mehrere manche"
    ),
    "es": _folded("el la los las un una su sus"),
    "it": _folded("il lo la i gli le un uno una l' suo sua"),
    "ru": frozenset(),
}
_PREPOSITIONS = {
    "en": _folded(
        "to in at on for from with by of about during after before into under over behind"
        " across against among around near without within through between beyond"
    ),
    "fr": _folded(
        "à au aux en dans sur pour par de du des d' avec chez sous devant après avant malgré"
    ),
    "de": _folded(
        "in im am an auf bei beim vor mit von vom zu zum zur für gegenüber nach aus um über"
        " gegen ohne durch unter seit trotz zwischen wegen"
    ),
    "es": _folded("a al en de del con por para sobre ante tras"),
    "it": _folded("a al in di del con per su da dal nel alla"),
    "ru": _folded("в на с о об по к у из за перед"),
}
_RELATIVES = {
    "en": _folded("who which that whose while as when"),
    "fr": _folded("qui que qu' dont lequel laquelle lors alors"),
    "de": _folded("der die das welcher welche dass"),
    "es": _folded("que quien cual"),
    "it": _folded("che chi cui"),
    "ru": _folded("который которая которые что"),
}
# Words that may stand between a subject and its verb: 'Mr Lewis also said'.
_ADVERBS = _folded(
    """also later then meanwhile previously however further again recently once has had have
    was were is yesterday today earlier simply just only still alors aussi encore cependant
    pourtant ensuite également même clairement auch noch ebenfalls"""
)
# Cues that name a source: the words after them are the speaker.
_SOURCE_CUES = {
    "en": ("according to",),
    "fr": ("selon", "d'après"),
    "de": ("laut", "nach angaben von", "nach angaben des", "nach angaben der"),
    "es": ("según",),
    "it": ("secondo",),
    "ru": ("по словам", "по мнению"),
}
# Participles that attribute to the subject of their sentence: 'affirmant : «'.
_GERUNDS = {
    "en": _folded("adding saying insisting explaining warning arguing noting claiming stressing"),
    "fr": _folded(
        """affirmant ajoutant expliquant déclarant estimant assurant précisant soulignant
        indiquant lançant martelant rappelant jugeant prévenant reconnaissant"""
    ),
    "de": frozenset(),
    "es": _folded("añadiendo afirmando asegurando explicando diciendo"),
    "it": _folded("aggiungendo affermando spiegando dicendo"),
    "ru": frozenset(),
}
_TITLE_CUES = {
    "en": _folded(
        """film movie book novel album song single track show series programme program play
        musical opera poem article column headline headlined title titled entitled slogan
        campaign motto magazine newspaper exhibition painting game documentary episode manifesto
        sitcom drama reads"""
    ),
    "fr": _folded(
        """film livre roman album chanson titre intitulé intitulée baptisé baptisée série
        émission pièce spectacle opération campagne programme thème slogan devise journal
        magazine exposition tableau jeu documentaire ouvrage essai rubrique hashtag"""
    ),
    "de": _folded(
        """film buch roman album song lied titel serie sendung stück programm kampagne aktion
        motto slogan projekt initiative ausstellung spiel zeitung magazin namens genannt
        betitelt miliz partei bewegung gruppe verein operation show festival gedicht oper
        musical plattform"""
    ),
    "es": _folded(
        "película libro novela álbum canción título titulado titulada serie programa campaña"
    ),
    "it": _folded("film libro romanzo album canzone titolo intitolato intitolata serie programma"),
    "ru": _folded("фильм книга книгу роман альбом песня песню сериал программа операция партия"),
}
# Lower-case words a title may hold beside its capitalised ones.
_SMALL = {
    "en": _folded("of the and a an in on for to with at by from or"),
    "fr": _folded("de du des la le les et à au aux en pour sur d' l' un une"),
    "es": _folded("de del la el los las y en para por con un una"),
    "it": _folded("di del della la il lo i gli le e in per con un una"),
    "ru": _folded("и в на с по для о"),
    "de": _folded("of the and"),  # titles in English ("Sound of Music"), not German ones
}
_ELIDED = {"fr": ("l'", "d'", "qu'", "s'", "n'", "j'", "c'", "m'", "t'", "jusqu'", "lorsqu'")}
_ELIDED["it"] = ("l'", "d'", "un'", "all'", "dell'", "nell'", "sull'")

# Honorifics, offices and party labels: they stand before a name, not in it.
# Compared folded and without a final dot.
_MALE = _words("mr m monsieur herr sir lord sr senor don sig signor г-н господин")
_FEMALE = _words(
    "mrs ms miss mme madame mlle mademoiselle frau dame lady sra senora dona signora г-жа госпожа"
)
_PREFIX_WORDS = (
    _MALE
    | _FEMALE
    | _words(
        """dr prof professor rev gen general col capt captain sgt det insp supt president senator
    sen rep judge justice prince princess king queen pope chancellor minister secretary
    governor gov mayor chairman chairwoman chair chief premier prime foreign home shadow deputy
    vice spokesman spokeswoman spokesperson director head prosecutor coach manager producer
    editor founder boss analyst economist sheikh ayatollah archbishop bishop cardinal father
    sister brother saint st mp mep tory labour conservative conservatives liberal lib dem dems
    democrat democrats republican republicans olympian commonwealth defending favourite former
    ex executive ceo me pr mgr maitre ministre docteur praesident prasident kanzler kanzlerin
    ministerin dott dottore onorevole leader actor actress singer comedian presenter ambassador"""
    )
)
_ROLE_SUFFIXES = (
    "chef", "chefin", "präsident", "präsidentin", "minister", "ministerin", "sprecher",
    "sprecherin", "direktor", "direktorin", "leiter", "leiterin", "mitarbeiter", "mitarbeiterin",
    "gouverneur", "rat", "rätin", "vorsitzender", "vorsitzende", "hauptmann", "kanzler",
    "kanzlerin", "sekretär", "sekretärin", "obmann", "verhandler", "bürgermeister",
    "bürgermeisterin", "trainer", "experte", "expertin", "analyst", "analystin", "anwalt",
    "anwältin", "gründer", "gründerin", "bischof", "abgeordneter", "abgeordnete",
    "präsidenten", "politiker", "politikerin", "kandidat", "kandidatin", "kandidaten",
    "vorsitzenden", "kollege", "kollegin", "kollegen", "ökonom", "ökonomin", "forscher",
    "forscherin", "wissenschafter", "wissenschaftler", "wissenschaftlerin", "aktivist",
    "aktivistin", "richter", "richterin", "arzt", "ärztin", "professorin", "intendant",
    "intendantin", "obfrau", "journalist", "journalistin", "autorin", "ministers",
    "musiker", "musikerin", "preisträger", "preisträgerin", "sänger", "sängerin",
    "schauspieler", "schauspielerin", "regisseur", "regisseurin", "moderator", "moderatorin",
    "republikaner", "republikanerin", "demokrat", "demokratin", "senator", "senatorin",
    "stürmer", "verteidiger", "torhüter", "tormann", "kapitän", "spieler", "spielerin",
    "geschäftsführer", "geschäftsführerin",
    "loge", "login",  # 'Kriminalsoziologe', 'Politologin'
)  # fmt: skip
# Last parts of hyphenated words that make them a role: 'Ferrari-Star', 'Grünen-Chef'.
_HYPHEN_ROLES = _words("star chef boss legende ikone")
_ROLE_SUFFIXES = tuple(fold(w) for w in _ROLE_SUFFIXES)  # compared with folded words
# Nouns for people whose name an article often gives beside them.
#: Definite articles: "the minister" is someone the reader knows already.
_DEFINITE = frozenset("the le la l l' der die".split())

_PERSON_NOUNS = re.compile(
    r"(?:spokes|official|minister|secretary|director|chief|head|lawyer|attorney|analyst|producer"
    r"|manager|chairman|chairwoman|president|leader|boss|coach|executive|founder|editor|actor"
    r"|actress|singer|star|player|champion|mayor|governor|senator|ambassador|negotiator"
    r"|porte-parole|ministre|directeur|directrice|avocat|représentant|analyste|responsable"
    r"|président|conseill|secrétaire|dirigeant|patron|chef|négociat|ambassad|maire|député"
    r"|sénat|sprecher|minister|leiter|experte|anwalt|präsident|kanzler|gouverneur|trainer"
    r"|portavoz|presidente|ministro|portavoce|министр|президент|представител|член|доктор"
    r"|врач|депутат|сенатор|глава|замглав|посол|губернатор|мэр|председател|директор"
    r"|руководител|эксперт|аналитик|политолог|журналист|лидер|спикер|телеведущ"
    r"|professor|researcher|scientist|expert|economist|prosecutor|judge|pdg|professeur"
    r"|universitaire|chercheu|scientifique|spécialiste|économiste|procureur|juge|avocate"
    r"|forscher|wissenschaft|ökonom|richter|staatsanwalt|year-old|jährige|jährigen)"
)
#: Who speaks for someone else: never the person named just before ('the spokeswoman').
_SPOKES = re.compile(
    r"(?:spokes|porte-parole|sprecher|portavo|пресс-секретар|представител)", re.IGNORECASE
)
_GROUP_NOUNS = re.compile(
    _PERSON_NOUNS.pattern[:-1]
    + r"|collectif|parti|syndicat|gouvernement|association|comité|commission|committee|group"
    + r"|union|party|government|ministry|partei|regierung|gewerkschaft|verband"
    + r"|autorit|authorit|police|polizei|behörde|ministère|ministerium|agence|agency"
    + r"|organisation|organization|(?:report|rapport|bericht|study|étude|studie|communiqué"
    + r"|statement|company|firm|entreprise|groupe|konzern|unternehmen|board|council|conseil"
    + r"|rat|kommission|office|bureau|institut|court|cour|gericht|tribunal)(?:s|e|en)?\b)"
)
_FEMALE_NOUN = re.compile(
    r"(?:woman|wife|mother|daughter|sister|actress|queen|princess|lady|girl|avocate|présidente"
    r"|directrice|sénatrice|députée|conseillère|veuve|épouse|mère|fille|erin|frau)$"
)
_MALE_NOUN = re.compile(
    r"(?:spokesman|chairman|husband|father|son|brother|actor|king|prince|boy|avocat|président"
    r"|directeur|sénateur|député|conseiller|époux|père|fils|sprecher|präsident|direktor|kanzler"
    r"|herr)$"
)


def _upper_letters() -> str:
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF)]
    return re.escape(
        "".join(chr(c) for a, b in ranges for c in range(a, b + 1) if chr(c).isupper())
    )


_UP = _upper_letters()
# A name token: a capital then letters; hyphenated parts (Jean-Paul,
# Myung-Sup) and an apostrophe before a capital (O'Carroll) stay in it; an
# initial is a capital and a dot.
_TOK = (
    rf"(?:[{_UP}]\.(?:-[{_UP}]\.)?|(?:(?:al|el|ad|as|at|az|ibn|bin|ben|abu|ould)-)?"
    rf"[{_UP}][\w]*(?:-[\w]+)*(?:['’][{_UP}][\w]*)?)"
)
_TOK_RE = re.compile(rf"{_TOK}(?:['’]s)?$")  # 'Moody's' is a token outside English
_NAME_PARTICLES = _words("de du des da di del della van von der den la le al el bin ibn ben y zu")
#: Particles that are articles when alone: 'von der Leyen', 'de la Fontaine', not 'Merz der
#: Zeitung'.
_SECOND_PARTICLES = _words("der den la le")


def _is_name(word: str) -> bool:
    """A capitalised word, an initial, or an Arabic name with its article ('al-Rahman')."""
    return (word[:1].isupper() or "-" in word[:5]) and _TOK_RE.match(word) is not None


def _is_prefix_word(word: str) -> bool:
    f = fold(word.rstrip("."))
    return (
        f in _PREFIX_WORDS
        or "-" in f
        and (
            f.rsplit("-", 1)[-1] in _PREFIX_WORDS
            or f.rsplit("-", 1)[-1] in _HYPHEN_ROLES
            or _PERSON_NOUNS.match(f.split("-", 1)[0]) is not None  # 'Président-candidat'
        )
        or f.endswith(_ROLE_SUFFIXES)
    )


def _gender(words: list[str]) -> str | None:
    for w in words:
        f = fold(w.rstrip("."))
        if f in _MALE:
            return "m"
        if f in _FEMALE:
            return "f"
    for w in words:
        low = w.lower()
        if _FEMALE_NOUN.search(low):
            return "f"
        if _MALE_NOUN.search(low):
            return "m"
    return None


def _written(run: list[str], name: list[str]) -> str:
    """The name with the honorifics and offices written right before it: 'Mr Blair'."""
    k = len(run) - len(name)
    while k and _is_prefix_word(run[k - 1]):
        k -= 1
    return " ".join(run[k:])


def _strip_prefix(words: list[str]) -> list[str]:
    """The name in a run of capitalised words: 'Tory MP Nigel Waterson' -> 'Nigel Waterson',
    'American Serena Williams' -> 'Serena Williams', 'EADS Philippe Camus' -> 'Philippe
    Camus'; but a peer keeps the title that is the name ('Lord Armstrong'), and a body
    its adjective ('British Medical Association')."""
    last = -1
    body = bool(words) and fold(words[-1]) in _BODY_WORDS  # 'British Medical Association'
    for k in range(len(words) - 1):
        if (
            _is_prefix_word(words[k])
            or (_is_demonym(words[k]) or _acronym(words[k]))
            and len(words) - k > 2
            and not body
        ):
            last = k
    if last == len(words) - 2 and fold(words[last]) in _PEERS:
        last -= 1
    if last < 0 and _genitive_before_name(words):
        last = 0  # 'президент России Владимир Путин', 'мэр Москвы Сергей Собянин'
    words = words[last + 1 :]
    if len(words) >= 3 and _cyrillic(words[0]):
        # 'Украины Владимира Зеленского Игорь Жовква': a genitive chain, then the
        # name and surname (or name, patronymic and surname; or surname, name and
        # patronymic: 'Путин Владимир Владимирович')
        keep = 3 if _PATRONYMIC.search(words[-2]) or _PATRONYMIC.search(words[-1]) else 2
        cut = words[:-keep]
        if cut and all(_GENITIVE_WORD.search(w) or w.isupper() for w in cut):
            words = words[-keep:]  # not 'Международный Олимпийский Комитет'
    while len(words) > 1 and fold(words[-1]) in _NAME_PARTICLES:
        words = words[:-1]
    while len(words) > 1 and _adverb(words[0]) and _is_name(words[1]):
        words = words[1:]  # 'Finally Smith said', 'Currently David Smith'
    if len(words) == 1 and _is_prefix_word(words[0]) and fold(words[0]) not in _SURNAME_ROLES:
        return []  # 'Spokesman said'; but '"...," Singer said' is Brian Singer
    return words


#: Role words that are surnames too: 'Brian Singer', 'Paul King', 'Jack Bishop'.
_SURNAME_ROLES = _words("singer king bishop")


def _cyrillic(word: str) -> bool:
    return "\u0400" <= word[:1] <= "\u04ff"


_PATRONYMIC = re.compile(r"(?:вич|вна|чна|ьич)$")
_GENITIVE = re.compile(r"(?:ии|ы|а|я|и|ей|ов|ев)$")
#: A word of a genitive chain before a name: 'Украины', 'Владимира', 'Зеленского'.
_GENITIVE_WORD = re.compile(r"(?:ии|ы|а|я|и|ей|ов|ев|ого|его)$")


def _genitive_before_name(words: list[str]) -> bool:
    """A Russian place or body in the genitive before a given name and a surname: the
    office's complement ('президент России'), not a first name ('Владимир Владимирович')."""
    return (
        len(words) == 3
        and "\u0400" <= words[0][:1] <= "\u04ff"
        and (_GENITIVE.search(words[0]) is not None or words[0].isupper())
        and _PATRONYMIC.search(words[1]) is None
    )


#: Titles that are how a peer is known: 'Lord Armstrong' is not 'Armstrong'.
_PEERS = _words("lord lady baroness baron viscount earl")
#: Nationalities written before a name: 'American Serena Williams', 'der Brite
#: Lewis Hamilton', 'l'Américaine Serena Williams'. Compared folded.
_DEMONYMS = _words(
    """american british briton english scottish welsh irish french german russian spanish
    italian portuguese dutch belgian swiss austrian swedish norwegian danish finnish polish
    czech slovak hungarian romanian bulgarian serbian croatian bosnian slovenian greek
    turkish ukrainian belarusian georgian armenian israeli palestinian iranian iraqi syrian
    lebanese egyptian saudi afghan pakistani indian chinese japanese korean vietnamese thai
    indonesian malaysian filipino australian canadian mexican brazilian argentine argentinian
    chilean colombian peruvian venezuelan cuban nigerian kenyan ghanaian ethiopian
    zimbabwean algerian moroccan tunisian libyan kiwi swede scot scotsman scotswoman frenchman
    frenchwoman englishman englishwoman spaniard dutchman irishman welshman brit aussie serb
    croat dane
    americain americaine britannique anglais anglaise ecossais ecossaise irlandais irlandaise
    francais francaise allemand allemande russe espagnol espagnole italien italienne
    portugais portugaise neerlandais belge suisse autrichien autrichienne suedois suedoise
    norvegien norvegienne danois danoise finlandais polonais polonaise tcheque hongrois
    hongroise roumain roumaine grec grecque turc turque ukrainien ukrainienne israelien
    israelienne palestinien palestinienne iranien iranienne irakien syrien syrienne
    libanais egyptien saoudien afghan pakistanais indien indienne chinois chinoise japonais
    japonaise coreen australien australienne canadien canadienne mexicain mexicaine
    bresilien bresilienne argentin argentine chilien colombien cubain nigerian kenyan
    algerien algerienne marocain marocaine tunisien tunisienne
    amerikaner amerikanerin us-amerikaner us-amerikanerin brite britin englander franzose
    franzosin deutsche deutscher russe russin spanier spanierin italiener italienerin
    osterreicher osterreicherin schweizer schweizerin schwede schwedin norweger norwegerin
    dane danin finne finnin pole polin tscheche tschechin ungar ungarin grieche griechin
    turke turkin ukrainer ukrainerin israeli chinese chinesin japaner japanerin australier
    australierin kanadier kanadierin brasilianer brasilianerin argentinier argentinierin"""
)


def _is_demonym(word: str) -> bool:
    return fold(word) in _DEMONYMS


def _acronym(word: str) -> bool:
    """'EADS', 'BBC': a body's initials, not a first name."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _possessive(word: str) -> bool:
    """A word such as "United's" or "Moody's": whoever follows belongs to it, not in it."""
    return word.endswith(("'s", "’s"))


# ---------------------------------------------------------------- languages

_ABBREVIATIONS = _words("mr mrs ms dr st m mme mlle me pr prof gen sen rep gov vs jr sr")
_W = r"[^\s\"“”„«»‘’'‚‹›()\[\]{},;:!?…—–.]"
_TOKEN = re.compile(
    rf"(?:[{_UP}]\.-[{_UP}]\.|(?:[{_UP}]|Mr|Mrs|Ms|Dr|St|Mme|Mlle|Jr|Sr|Gen|Prof|Sen|Gov)\.(?=\s)"
    rf"|(?:M|Mr|Mrs|Ms|Dr|Mme|Mlle)\.(?=[{_UP}][a-zà-ÿ])"
    rf"|{_W}+(?:['’.](?![sS]\b){_W}+)*|[,;:()!?.–—])"
)
#: "Sky Networks' Sophie Turner Laing": read as "Networks's", a possessive like "United's".
_PLURAL_POSSESSIVE = re.compile(rf"(?<=[{_UP}][a-z])([a-z]*s)['’](?=\s+[{_UP}])")
#: Outside English, 's is part of a name: 'Moody's explique', 'McDonald's hat'.
_TOKEN_S = re.compile(_TOKEN.pattern.replace("(?![sS]\\b)", ""))


@dataclass(frozen=True)
class _Lang:
    code: str
    marks: re.Pattern  # the marks that may open or close a quotation
    verbs: frozenset[str]
    participles: frozenset[str]
    auxiliaries: frozenset[str]
    gerunds: frozenset[str]
    pronouns: dict[str, str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    relatives: frozenset[str]
    cues: tuple[str, ...]
    title_cues: frozenset[str]
    small: frozenset[str]
    elided: tuple[str, ...]
    triggers: frozenset[str]  # words worth a closer look: verbs, participles, cues

    def hits(self, toks: list[str]) -> list[int]:
        """Positions of the words of ``toks`` that may be verbs or cues."""
        trig = self.triggers
        return [j for j, t in enumerate(toks) if t in trig or "-" in t and _base(t.lower()) in trig]

    def tokens(self, text: str) -> list[str]:
        """Words and the punctuation that matters (, ; : . ( ) ! ?) of a short text."""
        if self.code == "en" and ("'" in text or "’" in text):
            text = _PLURAL_POSSESSIVE.sub(r"\1's", text)
        toks = (_TOKEN if self.code == "en" else _TOKEN_S).findall(text)
        if self.elided and ("'" in text or "’" in text):
            out = []
            for t in toks:
                if "'" in t or "’" in t:
                    low = t.lower().replace("’", "'")
                    for e in () if low in self.triggers else self.elided:  # "d'après"
                        if low.startswith(e) and len(t) > len(e):
                            out.append(e)
                            t = t[len(e) :]
                            break
                out.append(t)
            return out
        return toks

    def verb_at(self, toks: list[str], i: int) -> int:
        """Length in tokens of a reporting verb starting at ``toks[i]`` (0 if none)."""
        low = toks[i].lower()
        if low in self.verbs:
            return 1
        base = _base(low)
        if base in self.verbs:
            return 1
        if low == "s'" and i + 1 < len(toks):
            size = self.verb_at(toks, i + 1)
            return size + 1 if size else 0
        if base in self.auxiliaries:
            for k in range(i + 1, min(i + 6, len(toks))):
                t = toks[k].lower()
                if t in self.participles:
                    return k - i + 1
                if not t.isalpha() or t in ("été", "être"):
                    break  # 'a été reconnue': passive, not reported speech
        return 0

    def verb_ending_at(self, toks: list[str], j: int) -> int:
        """Start of a reporting verb that ends at ``toks[j]``, or -1."""
        low = toks[j].lower()
        if low in self.participles:
            # up to four words between: 'a aussi indiqué', 'a pour sa part ajouté'
            for k in range(j - 1, max(-1, j - 6), -1):
                t = toks[k].lower()
                if _base(t) in self.auxiliaries:
                    return k - 1 if k and toks[k - 1].lower() == "s'" else k
                if not t.isalpha() or t in ("été", "être"):
                    break
        if low in self.verbs or _base(low) in self.verbs:
            if j and fold(toks[j - 1]) in self.determiners:
                if j > 1 and fold(toks[j - 2]) == "comme":
                    return j  # 'comme le précise X': 'le' is the object
                return -1  # 'la note', 'le juge': a noun
            return j
        return -1

    def verb_pronoun(self, toks: list[str]) -> _Who | None:
        """The pronoun inside an inverted verb: 'a-t-il', 'affirme-t-elle'."""
        for t in toks:
            m = _INVERTED.match(t.lower()) if "-" in t else None
            if m:
                return _Who(m.group(2), "pronoun", self.pronouns.get(m.group(2)))
        return None


_MARKS = {
    "en": '"“”«»',
    "fr": '«»“”"',
    "de": '„“”»«"',
    "es": '«»“”"',
    "it": '«»“”"',
    "ru": '«»„“"',
}
_ALL_MARKS = "\"“”„«»‘’'‚‹›"
_DASHES = "—–―"


@lru_cache(maxsize=32)
def _lang(code: str | None) -> _Lang:
    code = (code or "").lower()[:2]
    key = code if code in _VERBS else "en"
    marks = _MARKS.get(code, '"“”„«»')
    return _Lang(
        code=key,
        marks=re.compile(f"[{re.escape(marks)}]"),
        verbs=_VERBS[key],
        participles=_PARTICIPLES.get(key, frozenset()),
        auxiliaries=_AUXILIARIES.get(key, frozenset()),
        gerunds=_GERUNDS[key],
        pronouns=_PRONOUNS[key],
        determiners=_DETERMINERS[key],
        prepositions=_PREPOSITIONS[key],
        relatives=_RELATIVES[key],
        cues=_SOURCE_CUES[key],
        title_cues=_TITLE_CUES[key],
        small=_SMALL[key],
        elided=_ELIDED.get(key, ()),
        triggers=_triggers(key),
    )


def _triggers(key: str) -> frozenset[str]:
    words = set(_VERBS[key]) | _PARTICIPLES.get(key, frozenset())
    words |= {c.split()[0] for c in _SOURCE_CUES[key]}
    words |= {w for w in _GERUNDS[key]} | {"s'"}
    accented = {fold(w): w for w in words}
    words |= set(accented)  # folded cues and gerunds match their accented forms too
    return frozenset(words | {w.capitalize() for w in words})


# ---------------------------------------------------------------- pairing marks

_BLANKS = " \t\n\u00a0\u202f\u2009"
_OPENS_AFTER = frozenset(_BLANKS + "([{—–-/:;")
_CLOSERS = {
    "«": "»", "»": "«", "„": "“”", "“": "”", '"': '"', "'": "'’", "‘": "’",
}  # fmt: skip
_SINGLE = re.compile(r"(?<![\w'’])['‘](?=\w)|(?<=[\w.,!?])['’](?![\w])")
_ELISIONS = _words("n em til cause s t d ll re ve m")


def _direction(c: str, text: str, i: int, lang: str, german_reversed: bool) -> str:
    """'o' if the mark at ``i`` opens a quotation here, else 'c'."""
    if c == "«":
        return "c" if german_reversed else "o"
    if c == "»":
        return "o" if german_reversed else "c"
    if c == "„":
        return "o"
    if c == "“":
        return "c" if lang in ("de", "ru") else "o"
    if c == '"':
        prev = text[i - 1] if i else " "
        if prev in _OPENS_AFTER or prev in "«“„":
            nxt = text[i + 1] if i + 1 < len(text) else " "
            return "c" if nxt in _BLANKS else "o"
    return "c"


def _spans(text: str, table: _Lang, first: int) -> list[tuple[int, int, str, bool]]:
    """(start, end, marks, closed) of the outermost quotations of one paragraph."""
    lang = table.code
    found: list[tuple[int, int, str, bool]] = []
    german_reversed = False
    if lang == "de" and ("»" in text or "«" in text):
        german_reversed = text.find("»") != -1 and (
            text.find("«") == -1 or text.find("»") < text.find("«")
        )
    open_at, open_char, depth = -1, "", 0
    for m in table.marks.finditer(text, first):
        i = m.start()
        c = m.group()
        d = _direction(c, text, i, lang, german_reversed)
        if open_at < 0:
            if d == "o":
                open_at, open_char, depth = i, c, 0
        elif c in _CLOSERS[open_char] and d == "c":
            if depth:
                depth -= 1
            else:
                found.append((open_at + 1, i, open_char + c, True))
                open_at = -1
        elif c == open_char and d == "o":
            if c in "«»" and text[max(open_at + 1, i - 12) : i].rstrip()[-1:] not in ".!?…":
                depth += 1  # « inside « : nested
            else:
                # A new quotation opens while one is open: the first ended
                # where the writer started the next (a paragraph break lost).
                found.append((open_at + 1, i, open_char, False))
                open_at, depth = i, 0
    if open_at >= 0:
        found.append((open_at + 1, len(text), open_char, False))
    return found


def _single_spans(text: str) -> list[tuple[int, int, str, bool]]:
    """'Quoted' words of an English headline, apostrophes (rock 'n' roll) aside."""
    found = []
    open_at = -1
    for m in _SINGLE.finditer(text):
        i = m.start()
        if m.group() in "‘" or (m.group() == "'" and (i == 0 or not text[i - 1].isalnum())):
            if open_at < 0:
                open_at = i
        elif open_at >= 0:
            inner = text[open_at + 1 : i]
            if len(inner) > 1 and fold(inner) not in _ELISIONS:
                found.append((open_at + 1, i, text[open_at] + m.group(), True))
            open_at = -1
    return found


# ---------------------------------------------------------------- speakers


@dataclass
class _Who:
    text: str  # as written
    kind: str  # "name", "pronoun", "description"
    gender: str | None = None
    reporter: bool = False  # the subject of a reporting verb or a speaker
    written: str | None = None  # the words as written, when ``text`` dropped some ('Mr')


_OF = _folded("of for de du des d' von der")


def _name_run(toks: list[str], i: int) -> int:
    """End of the run of name tokens starting at ``toks[i]``."""
    j = i
    n = len(toks)
    while j < n and (
        _is_name(toks[j])
        or j + 1 < n
        and fold(toks[j]) in _NAME_PARTICLES
        and (
            fold(toks[j]) not in _SECOND_PARTICLES or j > i and fold(toks[j - 1]) in _NAME_PARTICLES
        )
    ):
        j += 1
    while j > i + 1 and fold(toks[j - 1]) in _NAME_PARTICLES:
        j -= 1
    return j


def _np_after(toks: list[str], table: _Lang, limit: int = 10) -> _Who | None:
    """The first noun phrase of ``toks``: the subject after an inverted verb
    ('said Robbie Bach, senior vice president'), or the first one of a clause.

    Phrases governed by a preposition are skipped ('déclare à l'AFP
    Jean-Philippe Magnen'); a description is kept only when no name follows
    it ('Lib Dem spokesman Ed Davey', 'one of their lawyers, Michalis
    Dimitrakopoulos').
    """
    n = min(len(toks), limit)
    if table.code == "de" and n > 2 and toks[0] == "es" and fold(toks[1]) in _FROM:
        return _source_of_es(toks[2:n], table)  # 'hieß es aus dem Kanzleramt'
    stops = _stopwords(table.code)
    i = 2 if n > 2 and toks[1] == "," and _adverb(toks[0]) else 0  # 'Later, Dr Gibbons'
    desc: _Who | None = None
    while i < n:
        w = toks[i]
        f = fold(w)
        if w in ";:.!?)(" or _relative(toks, i, table) or table.verb_at(toks, i):
            break
        if w == ",":
            if desc is None or i + 1 >= n or not _is_name(toks[i + 1]):
                break
            i += 1
            continue
        if w.lower() in table.pronouns and desc is None:
            return _Who(w, "pronoun", table.pronouns[w.lower()])
        if f in table.prepositions and not (desc is not None and f in _OF):
            i += 1  # skip what the preposition governs: 'à l'AFP', 'to BBC Sport'
            named = False
            while i < n and (fold(toks[i]) in table.determiners and not named or _is_name(toks[i])):
                if (
                    named
                    and table.code != "en"
                    and toks[i - 1].isupper()
                    and len(toks[i - 1]) > 1
                    and not toks[i].isupper()
                    and _name_run(toks, i) - i >= 2
                ):
                    break  # 'déclare à l'AFP Jean-Philippe Magnen': an agency, then the subject
                named = named or _is_name(toks[i])
                i += 1  # ... but not the subject after it: 'à l'AFP le porte-parole'
            continue
        if (f in table.determiners or f == "one") and desc is None:
            desc, j = _description(toks, i, table)
            if desc is not None and desc.kind == "description":
                desc = _appositive(toks, j, desc)
            return desc
        if (
            _is_name(w)
            and i == 0
            and i + 1 < n
            and (
                fold(toks[i + 1]) in table.determiners
                or fold(toks[i + 1]) in _PARTITIVES
                or toks[i + 1][:1].isdigit()
            )
            and _name_run(toks, i) == i + 1
        ):
            i += 1  # 'Selon une étude', 'Parmi ses tirades': a name is not followed by 'une'
            continue
        if _is_name(w) and f not in stops:
            j = _name_run(toks, i)
            if j + 1 < n and toks[j] == "s" and _is_name(toks[j + 1]):
                i = j + 1  # "Bafta's Grant Dean", "Microsoft's Bill Gates"
                continue
            if (
                j + 1 < n
                and toks[j] == "s"
                and toks[j + 1].islower()
                and _SPOKES.match(toks[j + 1])
                and not (j + 2 < n and _is_name(toks[j + 2]))
            ):
                # "Mr Blair's spokesman said": the spokesman speaks, not Mr Blair
                words = f"{' '.join(toks[i:j])}'s {toks[j + 1]}"
                return _Who(words, "description", _gender([toks[j + 1]]))
            if j + 1 < n and toks[j].islower() and _PERSON_NOUNS.search(toks[j]):
                k = j + 1 + (j + 2 < n and toks[j + 1].islower())
                if k < n and _is_name(toks[k]):  # 'EFF lawyer Kurt Opsahl'
                    i = k
                    continue
            if (
                j + 2 < n
                and toks[j].islower()
                and toks[j + 1].islower()
                and _PERSON_NOUNS.match(toks[j + 1])
                and _is_name(toks[j + 2])
            ):
                i = j + 2  # 'Prudential Equity Group insurance analyst Jay Gelb'
                continue
            if (
                table.code == "ru"
                and desc is None
                and j < n
                and toks[j].islower()
                and (_PERSON_NOUNS.match(w.lower()) or _SPOKES.match(w.lower()))
            ):
                # 'Член комитета Госдумы … Адальби Шхагошев', 'Пресс-секретарь Белого
                # дома Джен Псаки': Russian has no article, a description opens with
                # its capitalised noun; a name may follow
                desc = _Who(" ".join(toks[i : j + 1]), "description", _gender([w]))
                i = j
                continue
            run = toks[i:j]
            name = _strip_prefix(run)
            if table.code == "ru" and desc is not None and len(name) < 2:
                i = j  # 'Член комитета Госдумы': the body the member belongs to
                continue
            if (
                name
                and (desc is None or toks[i - 1] in ",")
                or name
                and not _OF & {fold(t) for t in toks[max(0, i - 1) : i]}
            ):
                g = _gender(toks[max(0, i - 2) : j]) or (desc.gender if desc else None)
                return _Who(" ".join(name), "name", g, written=_written(run, name))
            if desc is None and not name:
                words = run + [t for t in toks[j : j + 2] if t.isalpha() and t.islower()]
                desc = _Who(" ".join(words), "description", _gender(words))
            i = j
            continue
        i += 1  # '3 spokesperson Belinda Henderson', 'director Kate Allen', 'mardi'
    return desc


def _dative_fronted(toks: list[str], table: _Lang) -> bool:
    """A German clause that opens with its dative object: 'Dem Magazin X', 'Gegenüber der
    Zeitung X'."""
    if table.code != "de":
        return False
    start = len(toks)
    while start and toks[start - 1] not in ",;:.!?":
        start -= 1
    return start < len(toks) - 1 and fold(toks[start]) in ("dem", "gegenuber")


def _impersonal_source(toks: list[str], k: int, table: _Lang) -> _Who | None:
    """'В Минобороны заявили': no subject, a plural verb, the body it was said at."""
    if table.code != "ru" or k < 2 or not toks[k].lower().endswith("ли"):
        return None
    i = k
    while i and _is_name(toks[i - 1]) and toks[i - 1].lower() not in ("в", "во"):
        i -= 1
    if i == k or i == 0 or toks[i - 1].lower() not in ("в", "во"):
        return None
    if i > 1 and toks[i - 2] not in ",;:.!?" and not _is_name(toks[i - 2]):
        return None  # the clause opens with 'В …'
    return _Who(" ".join(toks[i:k]), "name")


_FROM = _folded("aus von vom seitens bei beim")
#: Verbs whose object, not their subject, is the speaker.
_QUOTING = frozenset(("zitiert", "zitierte"))


def _source_of_es(toks: list[str], table: _Lang) -> _Who | None:
    """The body a German 'hieß es aus ...' names: 'aus dem Kanzleramt' -> 'Kanzleramt'."""
    words = []
    for t in toks:
        if fold(t) in table.determiners and not words:
            continue
        if not _is_name(t) and not (words and fold(t) in table.determiners):
            break
        words.append(t)
    while words and fold(words[-1]) in table.determiners:
        words.pop()
    return _Who(" ".join(words), "description") if words else None


def _relative(toks: list[str], i: int, table: _Lang) -> bool:
    """A relative pronoun; 'der', 'die', 'das' only after a comma ('sagte der
    Minister' has an article, 'die Kommission, die sagte' a relative)."""
    f = fold(toks[i])
    if f not in table.relatives:
        return False
    return f not in table.determiners or (i > 0 and toks[i - 1] == ",")


#: English past tenses without -ed, which end a subject as 'denied' does: 'The MPs found'.
_IRREGULAR_PAST = _words(
    """found thought felt saw knew took made gave wrote began became came went kept held
    brought heard meant met paid put ran sent spent sat stood won lost built bought
    caught chose drew drove fell fought forgot got grew hid hung lent"""
)


def _description(toks: list[str], i: int, table: _Lang) -> tuple[_Who | None, int]:
    """'the British producer', 'a tearful Claxton' (a name), 'le président du CERN'."""
    n = len(toks)
    j = i + 1
    # 'le nouveau directeur du site de Jababeka David Quentin'; English as it was
    longest = 8 if table.code == "en" else 12
    while j < n and j - i < longest:
        t = toks[j]
        f = fold(t)
        if t in ",;:.!?()-–—" or _relative(toks, j, table) or table.verb_at(toks, j):
            break
        if f in table.prepositions and not (f in _OF and j + 1 < n) and not t[:1].isupper():
            break  # but 'the League Against Cruel Sports'
        if j > i + 1 and t in _FINITE.get(table.code, ()):
            break
        if (
            table.code == "en"
            and (t.endswith("ed") or t in _IRREGULAR_PAST)
            and t.isalpha()
            and t.islower()
            and j - 1 > i
            and (_is_name(toks[j - 1]) or _PERSON_NOUNS.search(toks[j - 1].lower()))
        ):
            # 'The BBC denied it had lost', 'A Treasury spokesperson dismissed the
            # claims': a past tense ends the subject
            break
        if (
            j > i + 1
            and table.code in ("en", "fr")
            and f in table.determiners
            and fold(toks[j - 1]) not in _OF
            and fold(toks[j - 1]) not in table.prepositions
        ):
            break  # 'the Datamonitor report the trend marked': a second noun phrase
        if (
            table.code == "de"
            and j > i + 2
            and f in table.determiners
            and all(_is_name(w) and not _is_prefix_word(w) for w in toks[j - 2 : j])
        ):
            break  # 'der CDU-Politiker Friedrich Merz der Zeitung': a dative after the name
        j += 1
    desc = toks[i:j]
    if len(desc) < 2:
        return None, j
    if len(desc) == 2 and fold(desc[0]) in _DEFINITE and _is_demonym(desc[1]):
        return _Who(" ".join(desc), "description"), j  # 'the Swede', 'le Français'
    if _is_name(desc[-1]) and not _is_prefix_word(desc[-1]):
        k = len(desc) - 1
        while k > 1 and _is_name(desc[k - 1]) and not _is_prefix_word(desc[k - 1]):
            k -= 1
        h = k
        while h > 1 and fold(desc[h - 1].rstrip(".")) in _ABBREVIATIONS:
            h -= 1  # 'a spokesman for Mr Blair' speaks for him; he is not the speaker
        if h < k and _SPOKES.match(fold(desc[1])) and _governed_by_of(desc, h, table):
            return _Who(" ".join(desc), "description", _gender(desc[:2])), j
        if (
            table.code == "en"
            and h == k
            and _SPOKES.match(fold(desc[1]))
            and fold(desc[2]) == "for"
            and k == 3 + (fold(desc[3]) == "the")
        ):
            # 'A spokeswoman for (the) Royal Mail' is 'the Royal Mail spokeswoman',
            # as the article writes it elsewhere: one speaker, one spelling
            who = f"{' '.join(desc[k:])} {desc[1]}"
            return _Who(who, "description", _gender(desc[:2]), written=" ".join(desc)), j
        aged = table.code == "de" and any("jährig" in w.lower() for w in desc[1:k])
        g = k
        if k > 2 and fold(desc[k - 1]) in _AND and _is_name(desc[k - 2]):
            g = k - 2  # 'the Tory MP for Sleaford and North Hykeham': one governed place
            while g > 1 and _is_name(desc[g - 1]):
                g -= 1
        if not _governed_by_of(desc, g, table) and not aged:  # 'der 28-Jährige Deutsche'
            name = _strip_prefix(desc[k:]) or desc[k:]  # 'le député LFI Jean-Luc Mélenchon'
            return _Who(" ".join(name), "name", _gender(desc[:k])), j
        if len(desc) - k >= 3 and table.code in _DOMAIN_LANGS:
            # 'le ministre de l'Intérieur Manuel Valls' (in English, 'of the League
            # Against Cruel Sports' is one name)
            return _Who(" ".join(desc[k + 1 :]), "name", _gender(desc[:k])), j
    return _Who(_joined(desc), "description", _gender(desc)), j


_AND = _folded("and & et und y e")
#: An honorific right before a surname: 'Mr Blair', 'Mme Royal', 'Frau Merkel'.
_HONORIFIC = re.compile(r"(?<!\w)(Mr|Mrs|Ms|Miss|M|Mme|Mlle|Herr|Frau|Sr|Sra)\.? $")
#: Adverbs that open a sentence before a surname ('Officiellement Díaz', 'Currently
#: Smith'); no first name ends so.
_ADVERB = re.compile(r"^\w{3,}(?:ement|amment|emment|mente|ally|ously|ently|antly|ately|ively)$")
#: Short adverbs that open a sentence: 'Now Smith', 'Hier Dupont', 'Gestern Kurz'.
_SENTENCE_ADVERBS = _folded(
    """also now then still later earlier yesterday today tonight meanwhile instead indeed
    however again even only soon once hier ensuite puis enfin aussi alors désormais
    aujourd'hui gestern heute dann auch jetzt nun später"""
)


def _adverb(word: str) -> bool:
    return _ADVERB.search(word) is not None or fold(word) in _SENTENCE_ADVERBS


def _joined(words: list[str]) -> str:
    """Words joined as written: the English tokens 'Party', 's' give "Party's"."""
    out: list[str] = []
    for w in words:
        if w == "s" and out and out[-1].isalpha():
            out[-1] += "'s"
        else:
            out.append(w)
    return " ".join(out)


_DOMAIN_LANGS = frozenset({"fr", "es", "it"})
#: 'des', 'du': articles that French spells like prepositions ('Depuis des années').
_PARTITIVES = _folded("des du")
_QUANTIFIERS = _folded(
    "many some several certains certaines plusieurs quelques viele einige mehrere manche"
)
#: Finite forms of 'have' and 'be': a subject's description ends before them
#: ('L'Association des leaders religieux du Mali a pour sa part condamné').
_FINITE = {
    "en": _words("has have had is was were are will would"),
    "fr": _words("a est ont sont était avait avaient étaient sera va vont"),
    "de": _words(
        "hat ist haben sind war hatte wird wurde waren hatten habe sei seien hätte wäre werde"
        " würde könne müsse solle"
    ),
    "es": _words("ha es han son era fue"),
    "it": _words("ha è hanno sono era"),
}


def _governed_by_of(toks: list[str], k: int, table: _Lang) -> bool:
    """Whether the words from ``toks[k]`` follow 'de', 'du', 'of the', 'de l'', 'des'."""
    b = k - 1
    if b > 0 and table.code != "en" and fold(toks[b]) in table.determiners:
        # 'de l'Intérieur', 'der Polizei'; in English 'a spokesman for the UK Film
        # Council' gives the body's name, as it always did
        return (
            fold(toks[b - 1]) in _OF
            or table.code == "de"
            and _PERSON_NOUNS.search(toks[b - 1].lower()) is not None
        )
    return b >= 0 and fold(toks[b]) in _OF


def _appositive(toks: list[str], j: int, who: _Who) -> _Who:
    """'one of their lawyers, Michalis Dimitrakopoulos': the name after the comma wins;
    so does 'l'April' after 'la principale association de défense du logiciel libre,'."""
    k = j
    while k < len(toks) and k - j < 6 and toks[k].isalpha() and toks[k].islower():
        k += 1  # the rest of a long description
    if k < len(toks) and toks[k] == "(" and ")" in toks[k : k + 6]:
        k = toks.index(")", k) + 1  # 'l'Union française des industries pétrolières (Ufip),'
    if k >= len(toks) or toks[k] != ",":
        return who
    n = k + 1
    if n + 1 < len(toks) and toks[n].lower() in ("l'", "l’"):
        n += 1
    if n < len(toks) and _is_name(toks[n]):
        end = _name_run(toks, n)
        if end < len(toks) and toks[end] == "s":
            return who  # 'A spokesman for Unison, Britain's biggest union,': not a name
        if end == len(toks) or toks[end] in ",.;:)" or toks[end].islower():
            name = _strip_prefix(toks[n:end])
            if name:
                return _Who(" ".join(name), "name", who.gender, written=" ".join(toks[n:end]))
    return who


def _np_before(toks: list[str], table: _Lang) -> _Who | None:
    """The subject of a verb that follows ``toks``.

    The name or pronoun right before the verb ('HMV spokesman Gennaro
    Castaldo said', 'Joe Incandela, a annoncé'), else the first noun phrase
    of the clause ('M. Witkoff, qui selon ... avait confié').
    """
    j = len(toks)
    while j and (toks[j - 1] in "," or fold(toks[j - 1]) in _ADVERBS):
        j -= 1
    if j > 2 and toks[j - 1].isdigit() and toks[j - 2] == "," and j < len(toks):
        j -= 2  # 'The singer, 24, said': an age between the subject and its verb
    if not j:
        return None
    if j < len(toks) and toks[j] == ",":
        named = _apposed(toks[:j], table)
        if named is not None:
            return named
    w = toks[j - 1]
    f = fold(w)
    if w.lower() in table.pronouns:
        return _Who(w, "pronoun", table.pronouns[w.lower()])
    if (
        table.code == "en"
        and w.islower()
        and w.endswith("s")
        and len(w) > 3
        and (j == 1 or fold(toks[j - 2]) in table.relatives | _CONJUNCTIONS or toks[j - 2] in ",;:")
    ):
        return _Who(w, "description")  # 'a bill which critics claim', 'and analysts said'
    if w == ")":  # 'Steve Witkoff (deuxième à gauche) a dit'
        k = j - 1
        while k and toks[k - 1] != "(":
            k -= 1
        return _np_before(toks[: max(0, k - 1)], table)
    if _is_name(w) and f not in _stopwords(table.code):
        k = j
        while k and (_is_name(toks[k - 1]) or fold(toks[k - 1]) in _NAME_PARTICLES):
            k -= 1
        while k < j - 1 and (toks[k].islower() or fold(toks[k]) in table.determiners):
            k += 1  # 'chef du Kremlin', 'Eine Sprecherin': not part of a name
        stops = _stopwords(table.code)
        while k < j - 1 and fold(toks[k]) in stops and fold(toks[k]) not in _NAME_PARTICLES:
            k += 1  # 'But Umaga said', 'And Mr Blair added': a sentence's first word
        before = fold(toks[k - 1]) if k else ""
        run = toks[k:j]
        nick = k - 1 - (before == "as" and k > 1 and fold(toks[k - 2]) == "known")
        if nick > 1 and fold(toks[nick]) in _NICKNAMED | {"known"} and toks[nick - 1] == ",":
            return _np_before(toks[: nick - 1], table)  # 'And Moya, nicknamed Charly, admitted'
        if len(run) == 1 and _acronym(run[0]) and before == "," and k > 1:
            # 'Juan Lechin Oquendo, the secretary general of the Bolivian Labour
            # Organization, COB, told': the body's initials close the apposition
            named = _apposed(toks[: k - 1], table)
            if named is not None:
                return named
        if len(run) == 1 and before in _DEFINITE and _is_demonym(run[0]):
            return _Who(f"{toks[k - 1]} {run[0]}", "description")  # 'the Swede said'
        spokes = _speaks_for(toks, k, table)
        if spokes:
            # 'A spokeswoman for (the) Royal Mail said' is 'the Royal Mail spokeswoman'
            who = f"{' '.join(run)} {toks[spokes]}"
            written = _joined(toks[spokes - 1 : j])
            return _Who(who, "description", _gender(toks[spokes : spokes + 1]), written=written)
        name = _strip_prefix(run)
        governed = k > 0 and _governed_by_of(toks, k, table)
        if before in _AND and k > 2 and _is_name(toks[k - 2]):
            b = k - 2  # 'of Kidder Peabody and Co said': one body's name, governed
            while b and _is_name(toks[b - 1]):
                b -= 1
            governed = governed or b > 0 and _governed_by_of(toks, b, table)
        if governed and len(run) >= 3 and table.code in _DOMAIN_LANGS:
            name = _strip_prefix(run[1:])  # 'ministre de l'Intérieur Manuel Valls'
        elif governed or name and name[0].islower():
            name = []  # 'chef du Kremlin', 'Sprecherin des Ministeriums': a description
        if (
            name
            and before not in table.prepositions
            and (before not in table.relatives or before in _OBJECT_RELATIVES)
        ):  # 'who said' has its subject before; 'which Variety called' after
            g = _gender(toks[max(0, k - 3) : j])
            return _Who(" ".join(name), "name", g, written=_written(run, name))
    # the clause that ends here: from the last ; or : (or the start)
    start = j
    while start and toks[start - 1] not in ";:.!?":
        start -= 1
    return _clause_subject(toks[start:j], table)


#: What introduces a nickname in an apposition: 'Moya, nicknamed Charly, said'.
_NICKNAMED = _folded("nicknamed dubbed alias surnomme surnommee genannt")


def _speaks_for(toks: list[str], k: int, table: _Lang) -> int:
    """Where 'spokesman' stands in 'a spokesman for (the) Royal Mail' when the name
    starts at ``toks[k]``, else 0 (and for 'a spokesman for Mr Blair')."""
    if table.code != "en" or k < 3 or _HONORIFIC.search(toks[k] + " "):
        return 0
    b = k - 1 - (fold(toks[k - 1]) == "the")
    if b < 2 or fold(toks[b]) != "for" or not _SPOKES.match(fold(toks[b - 1])):
        return 0
    return b - 1


def _apposed(toks: list[str], table: _Lang) -> _Who | None:
    """'Gérald Karsenti, PDG de HP France, a indiqué': the name before an apposition
    that describes its role (``toks`` ends with the apposition, its comma dropped)."""
    c = len(toks) - 1
    while c >= 0 and toks[c] not in ",;:.!?()":
        c -= 1
    if c < 1 or toks[c] != "," or len(toks) - c > 10:
        return None
    first = toks[c + 1] if c + 1 < len(toks) else ""
    if not (
        fold(first) in table.determiners
        or _PERSON_NOUNS.match(first.lower())
        or _is_prefix_word(first)
        or first[:1].islower()
    ):
        return None
    k = c
    while k and (_is_name(toks[k - 1]) or fold(toks[k - 1]) in _NAME_PARTICLES):
        k -= 1
    name = _strip_prefix(toks[k:c])
    while name and fold(name[0]) in table.prepositions | _stopwords(table.code):
        name = name[1:]  # 'Pour Bernard Thibault, son secrétaire général :'
    if len(name) < 2 or (k and fold(toks[k - 1]) in table.prepositions):
        return None
    return _Who(" ".join(name), "name", _gender(toks[max(0, k - 2) : len(toks)]))


#: Comparisons that open a clause before its subject: 'Tout comme X, …'.
_LIKE = frozenset(
    "tout comme|de meme que|ainsi que|just like|much like|like|genau wie|ebenso wie".split("|")
)


def _clause_subject(toks: list[str], table: _Lang) -> _Who | None:
    """The subject at the start of a clause, past an adverbial that opens it:
    'Plus tard, Claude Bertolone, ...', 'Am Montag, ...', 'In the end, ...'; and
    past a comparison that opens it: 'Tout comme Nadine Morano, ...'."""
    if len(toks) > 3 and toks[1] == ",":
        size = table.verb_at(toks, 2)
        if size:  # 'Then, says Mr Kotamaraja, the blogging world found out.'
            who = _np_after(toks[2 + size :], table)
            if who is not None and who.kind == "name":
                return who
    for size in (2, 1):
        if len(toks) > size + 1 and " ".join(fold(t) for t in toks[:size]) in _LIKE:
            toks = toks[size:]
            break
    for _ in range(3):
        c = toks.index(",") if "," in toks[:20] else -1
        if c < 1 or c + 1 >= len(toks):
            break
        head = toks[:c]
        first = fold(head[0])
        opener = first in table.prepositions or first in _SUBORDINATORS
        plain = c < 6 and not any(_is_name(t) for t in head[1:])
        if c == 1 and not (_is_name(toks[2]) or toks[2].lower() in table.pronouns):
            plain = False  # 'Bening, who ...'; but 'Néanmoins, Pastor ...'
        dated = any(t[:1].isdigit() for t in head) and not any(_is_name(t) for t in head)
        if _is_prefix_word(head[0]) or not (opener or plain or dated):
            break
        nxt = toks[c + 1]
        if not (
            _is_name(nxt)
            or fold(nxt) in table.determiners
            or fold(nxt) in _PARTITIVES
            or nxt.lower() in table.pronouns
            or nxt[:1].isdigit()
        ):
            break
        toks = toks[c + 1 :]  # 'Lors du procès de X, le 27 février 2009, Y avait ...'
    return _np_after(toks, table, limit=min(len(toks), 25))


def _relative_antecedent(toks: list[str], table: _Lang) -> _Who | None:
    """Who 'qui' stands for in 'avec Bernard Bonnet, le successeur de Claude Erignac,
    qui': the nearest name before it not governed by 'de', past an apposition."""
    end = len(toks)
    desc = None
    for _ in range(3):  # the comma-separated pieces before 'qui', nearest first
        while end and toks[end - 1] == ",":
            end -= 1
        start = end
        while start and toks[start - 1] not in ",;:.!?()":
            start -= 1
        piece = toks[start:end]
        if not piece:
            return desc
        j = len(piece)
        if _is_name(piece[-1]):
            k = j
            while k and (_is_name(piece[k - 1]) or fold(piece[k - 1]) in _NAME_PARTICLES):
                k -= 1
            while k < j - 1 and fold(piece[k]) in _NAME_PARTICLES:
                k += 1  # 'de Claude Erignac': governed, not a particle
            name = _strip_prefix(piece[k:j])
            if name and not _governed_by_of(piece, k, table):
                return _Who(" ".join(name), "name", _gender(piece[max(0, k - 2) : j]))
        if desc is None and fold(piece[0]) in table.determiners:
            found, _ = _description(piece, 0, table)
            if found is not None and found.kind == "name":
                return found
            desc = found
        if start == 0:
            break
        end = start
    return desc


@lru_cache(maxsize=16)
def _stopwords(lang: str) -> frozenset[str]:
    from .analysis import stopwords

    return stopwords(lang) | _words("but and in on at as if so yet")


# ---------------------------------------------------------------- the article


@dataclass
class _Found:
    paragraph: int
    start: int
    end: int
    marks: str
    closed: bool
    chained: bool  # opened again right where the previous quotation stopped
    kind: str = SPEECH
    who: _Who | None = None
    verb: str | None = None
    speaker: str | None = None


def extract_quotes(title: str, paragraphs: list[str], lang: str | None) -> list[Quote]:
    """All quotations of one article, in order; the headline is paragraph 0.

    ``lang`` is the article's two-letter language code; with None (or a
    language without its own word lists) English words are used, with the
    quotation marks of most European languages.
    """
    table = _lang(lang)
    texts = [title or "", *paragraphs]
    found: list[_Found] = []
    for n, text in enumerate(texts):
        m = table.marks.search(text)
        spans = _spans(text, table, m.start()) if m else []
        if n == 0 and table.code == "en" and ("'" in text or "‘" in text):
            spans = sorted(spans + _single_spans(text))
        if text[:1] in _DASHES and table.code in ("fr", "es", "it", "ru"):
            found.extend(_dialogue(n, text, table))
        if not spans:
            continue
        prev_end = -1
        for start, end, marks, closed in spans:
            end = min(end, start + MAX_QUOTE_CHARS)
            s, e = _trim(text, start, end)
            if s >= e or not any(c.isalnum() for c in text[s:e]):
                continue  # '« , , »': marks around punctuation only (letters lost)
            if prev_end >= 0:
                chained = not text[prev_end : start - 1].strip()
            else:
                chained = start <= 2 and bool(found) and found[-1].paragraph == n - 1
                chained = chained and not found[-1].closed
            found.extend(_split_incise(n, text, s, e, marks, closed, chained, table))
            prev_end = end + (1 if closed else 0)
    if not found:
        return []
    for q in found:
        _classify(q, texts[q.paragraph], table)
    article = _Article(texts, table, found)
    for q in found:
        if q.kind == SPEECH and q.who is None:
            _attribute(q, article)
    heads = {texts[0][q.start : q.end]: q for q in found if q.paragraph == 0 and q.who}
    lead = len(texts[0].strip()) if len(texts) > 1 and texts[1].startswith(texts[0].strip()) else 0
    for q in found:
        if q.paragraph > 1 or q.kind != SPEECH or not (q.who is None or _vague_who(q.who)):
            continue
        head = heads.get(texts[1][q.start : q.end]) if q.paragraph == 1 and q.end <= lead else None
        if head is not None:  # the lead repeats the headline: the same speaker
            q.who, q.verb, q.speaker = head.who, head.verb, head.speaker
        else:
            _attribute_repeat(q, article)
    _chain(found, article)
    for q in found:
        if q.who is not None and q.speaker is None:
            q.speaker = article.resolve(q)
            article.last = q
            if q.speaker and q.who.kind != "description":
                article.surnames.add(q.speaker.rsplit(None, 1)[-1])
    _headline_speakers(found, article)
    return [
        Quote(
            paragraph=q.paragraph,
            start=q.start,
            end=q.end,
            text=texts[q.paragraph][q.start : q.end],
            speaker=_unsplit(q.speaker),
            speaker_as_written=_unsplit((q.who.written or q.who.text) if q.who else None),
            kind=q.kind,
            verb=q.verb,
            marks=q.marks,
            continues=not q.closed and len(q.marks) == 1 and q.marks not in _DASHES,
        )
        for q in found
    ]


def _vague_who(who: _Who) -> bool:
    """'der ehemalige Präsidentschaftskandidat', 'Klubführung': no one a reader could name."""
    return who.kind == "description"


def _attribute_repeat(q: _Found, article: _Article) -> None:
    """A headline or lead quotation that the body gives again without marks takes
    the speaker of that repetition: 'Leitl: "Wer ... wird"' and, further down,
    'Wer ... wird, kritisierte Wirtschaftskammer-Präsident Christoph Leitl.'
    (DER STANDARD drops the marks in its bodies, and headlines condense.)"""
    texts = article.texts
    if len(texts) < 2:
        return
    quoted = texts[q.paragraph][q.start : q.end].strip(_GAP_PUNCTUATION + _BLANKS)
    words = quoted.split()
    if len(words) < 3:
        return
    probes = [(quoted, 0)]
    if len(words) >= 6:
        probes += [(" ".join(words[-4:]), 1), (" ".join(words[:4]), -1)]
    lead_end = len(texts[0].strip()) if texts[1].startswith(texts[0].strip()) else 0
    for k in range(1, len(texts)):
        low = article.masked(k).lower()
        origin = lead_end if k == 1 else 0
        for probe, side in probes:
            i = low.find(probe.lower(), origin)
            if i < 0 or (i and low[i - 1].isalnum()):
                continue
            end = i + len(probe)
            if side < 0:  # the first words only: on to the end of the clause
                stop = [c for c in (low.find(", ", end), low.find(". ", end)) if c >= 0]
                end = min(stop) if stop else end
            if end < len(low) and low[end].isalnum():
                continue
            rep = _Found(k, i, end, "", True, False)
            _attribute(rep, article)
            if rep.who is None:
                _attribute_before_sentence(rep, article)
            if rep.who is not None and not (rep.who.kind == "description" and q.who):
                q.who, q.verb = rep.who, rep.verb
                if rep.who.kind == "pronoun":
                    q.speaker = article.resolve(rep)
                return


def _attribute_before_sentence(rep: _Found, article: _Article) -> None:
    """Unmarked speech that goes on from the sentence before, whose reporting verb
    ends it: '..., argumentierte Niessl. Und das ist der Unterschied: Jetzt wird ...'."""
    text = article.masked(rep.paragraph)
    prev_end = text.rfind(". ", 0, rep.start)
    if prev_end < 0 or rep.start - prev_end > 120:
        return
    comma = text.rfind(", ", _sentence_start(text, prev_end), prev_end)
    if comma < 0:
        return
    pseudo = _Found(rep.paragraph, comma - 1, comma, "", True, False)
    if _attribute_after(pseudo, text, article.table):
        rep.who, rep.verb = pseudo.who, pseudo.verb


_SPLIT_ELISION = re.compile(r"(?<![\w'’])((?:[ldjmnstc]|qu|jusqu|lorsqu)['’]) ", re.IGNORECASE)


def _unsplit(words: str | None) -> str | None:
    """Words joined from tokens, elisions glued back: 'ministère de l'Intérieur'."""
    if words and ("'" in words or "’" in words):
        return _SPLIT_ELISION.sub(r"\1", words)
    return words


_DATELINE = re.compile(
    r"\s*[^\W\d_][\w./-]*(?: [^\W\d_][\w./-]*){0,2}(?: \([^)]{1,30}\))?\s+[–—-]\s+"
)


def _headline_speakers(found: list[_Found], article: _Article) -> None:
    """A headline quoting nobody by name quotes the person it names before the
    quotation by a short form that the article gives in full ('Löw: "Brauchen
    keinen Hrubesch"', 'Stadtoberhaupt Marino will ... – "Werde ..."'), else the
    person its article names first, in full, in the sentence after it ('Coach
    quits: "No trust left"'); so does the same quotation where the first
    paragraph repeats the headline. A headline quotation attributed only to a
    description that names no one ('", sagt der ehemalige
    Präsidentschaftskandidat') is treated alike, and keeps the description
    when the lead names no one either."""
    vague = {}
    for q in found:
        if q.paragraph <= 1 and q.kind == SPEECH and _vague(q):
            vague[id(q)] = q.speaker  # 'sagt der ehemalige Präsidentschaftskandidat':
            q.speaker = None  # who, the lead says
    heads = [q for q in found if q.paragraph == 0 and q.kind == SPEECH and q.speaker is None]
    if heads and len(article.texts) >= 2:
        _headline_fallback(found, article, heads)
    for q in found:
        if q.speaker is None and id(q) in vague:
            q.speaker = vague[id(q)]  # nobody better: the description as written


def _headline_fallback(found: list[_Found], article: _Article, heads: list[_Found]) -> None:
    title, lead = article.texts[0], article.texts[1]
    start = len(title.strip()) if title.strip() and lead.startswith(title.strip()) else 0
    named = {id(q): _named_in_headline(title, q, article) for q in heads}
    speaker = None
    if not all(named.values()):
        dateline = _DATELINE.match(lead, start)  # 'Hannover – Michael Frontzeck ist ...'
        after = dateline.end() if dateline else start
        end = len(lead)
        for i in range(start, len(lead)):
            if lead[i] in ".!?" and i + 1 < len(lead) and lead[i + 1] == " " and i > start + 20:
                end = i
                break
        speaker = next(
            (
                c.text
                for c in article._candidates(1, after, end)
                if c.kind == "name"
                and len(c.text.split()) >= 2
                and fold(c.text.split()[0]) not in article.table.determiners
                and (article.table.code != "de" or _named_again(c.text, article, end))
            ),
            None,
        )
    for q in heads:
        if not named[id(q)]:
            named[id(q)] = _echo_speaker(title[q.start : q.end], article, start)
    said = {title[q.start : q.end]: named[id(q)] or speaker for q in heads}
    for q in found:
        if q.kind != SPEECH or q.speaker is not None or q.paragraph > 1:
            continue
        if q.paragraph == 0:
            q.speaker = named[id(q)] or speaker
        elif q.end <= start and lead[q.start : q.end] in said:
            q.speaker = said[lead[q.start : q.end]]


#: Sentences before the body's echo of a headline quotation searched for its speaker.
_ECHO_BACK = 2


def _echo_speaker(quoted: str, article: _Article, lead_start: int) -> str | None:
    """Who says again in the body what a headline quotes: the body sentence holding
    nearly all of the quotation's words ('"Für eine Willkommenskultur kämpfen"' ->
    'Aber wir werden immer für eine Welser Willkommenskultur kämpfen.'), and the
    speaker of a reporting verb in it or in the two sentences before it ('…, sagt
    MKH-Geschäftsführer Günter Mayer'): 10kGNAD bodies lost their marks, so the
    body's speech is unmarked."""
    table = article.table
    stops = _stopwords(table.code)
    words = {fold(w)[:6] for w in _RUN.findall(quoted) if len(w) > 2 and fold(w) not in stops}
    if len(words) < 2:
        return None
    need = max(2, -(-2 * len(words) // 3))
    for k in range(1, len(article.texts)):
        text = article.masked(k)
        begin = lead_start if k == 1 else 0
        pos = begin
        while pos < len(text):
            end = _sentence_end(text, pos)
            if end <= pos:
                break
            have = {fold(w)[:6] for w in _RUN.findall(text[pos:end])}
            if len(words & have) >= need:
                return _reporter_near(article, k, begin, pos, end)
            pos = end
    return None


def _reporter_near(article: _Article, k: int, begin: int, start: int, end: int) -> str | None:
    """The subject of a reporting verb in ``text[start:end]`` of paragraph ``k``, else in
    the sentences just before it (not before ``begin``)."""
    text = article.masked(k)
    for _ in range(_ECHO_BACK + 1):
        for cand in article._candidates(k, start, end):
            if cand.reporter and cand.kind == "name":
                full = article._full_name(cand.text).split()
                if (
                    len(full) >= 2
                    and all(w[:1].isupper() or fold(w) in _NAME_PARTICLES for w in full)
                    and not article.common_words(full[0])
                ):  # a person in full, not 'Chancen' (German nouns have capitals)
                    return " ".join(full)
        if start <= begin:
            break
        end = start
        start = max(begin, _sentence_start(text, max(begin, start - 2)))
    return None


def _vague(q: _Found) -> bool:
    """A speaker left as the description the article gave ('ehemalige Präsidentschaftskandidat')."""
    if q.who is None or q.who.kind != "description" or not q.speaker:
        return False
    words = q.who.text.split()
    return fold(words[0]) in _DEFINITE and q.speaker == " ".join(words[1:])


def _named_again(name: str, article: _Article, end: int) -> bool:
    """Whether the body names this person again by surname after the lead sentence: in
    German every noun has a capital, and 'Keine Sozialleistungen' is no one."""
    words = name.split()
    stops = _stopwords(article.table.code)
    if any(fold(w) in stops and fold(w) not in _NAME_PARTICLES for w in words):
        return False  # 'Ausfälle Bei Sturm'
    if fold(words[0]) in _NAME_PARTICLES:
        return False
    pattern = re.compile(rf"(?<![\w-]){re.escape(words[-1])}(?![\w-])")
    rest = [article.texts[1][end:], *article.texts[2:]]
    return any(pattern.search(text) for text in rest)


def _named_in_headline(title: str, q: _Found, article: _Article) -> str | None:
    """The full name, from the article, of the nearest short form before a headline quotation."""
    toks = article.table.tokens(title[: q.start])
    stops = _stopwords(article.table.code)
    j = len(toks)
    while j > 0:
        if not _is_name(toks[j - 1]):
            j -= 1
            continue
        k = j
        while k and _is_name(toks[k - 1]):
            k -= 1
        name = _strip_prefix(toks[k:j])
        if name and fold(name[-1]) not in stops and len(name[-1]) > 2:
            full = article._full_name(name[-1])
            if len(full.split()) >= 2 and full != " ".join(toks[k:j]):
                return full
        j = k
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _BLANKS:
        start += 1
    while end > start and text[end - 1] in _BLANKS:
        end -= 1
    return start, end


_INCISE = re.compile(r",\s+(?=([a-zà-ÿ][\w'’-]*))")


def _split_incise(n, text, s, e, marks, closed, chained, table) -> list[_Found]:
    """« A, a confié le président. B » is two quotations of one speaker (French)."""
    whole = [_Found(n, s, e, marks, closed, chained)]
    if table.code != "fr" or marks[:1] != "«":
        return whole
    for m in _INCISE.finditer(text, s, e):
        word = _base(m.group(1).lower())
        if not (word in table.verbs or word in table.auxiliaries or word[:2] in ("s'", "s’")):
            continue
        toks = table.tokens(text[m.end() : min(e, m.end() + 80)])
        size = table.verb_at(toks, 0) if toks else 0
        if not size:
            continue
        # the incise ends at the first full stop or comma after the speaker
        stop = re.search(r"[.,;]\s+(?=\S)", text[m.end() : e])
        if stop is None:
            continue
        second = m.end() + stop.end()
        who = table.verb_pronoun(toks[:size]) or _np_after(toks[size:], table)
        if who is None:
            continue
        verb = " ".join(toks[:size])
        a = _Found(n, s, m.start() + 1, marks[:1], True, chained, who=who, verb=verb)
        if second >= e:
            return [a]
        b = _Found(n, second, e, marks, closed, True, who=who, verb=verb)
        return [a, b]
    return whole


_DASH_INCISE = re.compile(r"[\s,.!?…]\s*[—–―]\s*")


def _dialogue(n: int, text: str, table: _Lang) -> list[_Found]:
    """A paragraph opening with a dash is speech, up to an incise that names the
    speaker: '—No me iré —dijo Juan—. Tengo trabajo.', '— Я не уйду, — сказал он.',
    '— Je ne partirai pas, dit Paul.'."""
    s, e = _trim(text, 1, len(text))
    if s >= e:
        return []
    found = None
    for m in _DASH_INCISE.finditer(text, s, e):
        toks = table.tokens(text[m.end() : m.end() + 80])
        if toks and table.verb_at(toks, 0):
            close = re.compile(r"[—–―]").search(text, m.end(), e)
            found = (m.start(), m.end(), close.end() if close else e, toks)
            break
    if found is None:
        for m in re.finditer(r",\s+", text[s:e]):
            toks = table.tokens(text[s + m.end() : s + m.end() + 80])
            if toks and table.verb_at(toks, 0):
                found = (s + m.start(), s + m.end(), e, toks)
                break
            if m.start() > 400:
                break
    if found is None:
        return [_Found(n, s, e, text[0], True, False)]
    speech_end, incise_start, incise_end, toks = found
    s1, e1 = _trim(text, s, speech_end)
    e1 -= text[e1 - 1 : e1] == ","
    size = table.verb_at(toks, 0)
    who = table.verb_pronoun(toks[:size]) or _np_after(toks[size:], table)
    verb = " ".join(toks[:size])
    out = [_Found(n, s1, e1, text[0], True, False, who=who, verb=verb)]
    rest = incise_end
    while rest < e and text[rest] in _BLANKS + ".,;":
        rest += 1
    if rest < e:
        out.append(_Found(n, rest, e, text[0], True, True, who=who, verb=verb))
    return out


def _classify(q: _Found, text: str, table: _Lang) -> None:
    if q.marks[:1] in _DASHES:
        return
    inner = text[q.start : q.end]
    spaces = inner.count(" ")
    before = text[max(0, q.start - 30) : q.start].rstrip(_ALL_MARKS + _BLANKS + ":,")
    last = fold(before.rsplit(None, 1)[-1]) if before.strip() else ""
    cue = (
        last in table.title_cues
        or (
            table.code == "de" and len(last) > 5 and any(last.endswith(c) for c in table.title_cues)
        )
    ) and not (spaces >= 6 and _after_colon(text, q.start))  # 'told the programme: "I …"'
    capitalised = inner[:1].isupper() and spaces < 8
    if cue or capitalised and _title_case(inner.split(), table, before):
        q.kind = TITLE
    elif spaces <= 1 and not q.chained and not _after_colon(text, q.start):
        q.kind = SCARE
        if inner[-1:] in ",!?" or text[q.end : q.end + 3].lstrip(_ALL_MARKS + _BLANKS)[:1] in ",—–":
            # '"Yes," he said': a short answer, not a scare quotation
            _attribute_after(q, text, table)
            if q.who is not None:
                q.kind = SPEECH


def _after_colon(text: str, start: int) -> bool:
    """'Elle a ajouté : « Nous gagnerons »': the quotation follows a colon."""
    return text[max(0, start - 6) : start].rstrip(_ALL_MARKS + _BLANKS).endswith(":")


def _title_case(words: list[str], table: _Lang, before: str) -> bool:
    """'Save Star Trek', 'The Legend of Zelda: Tears of the Kingdom', « Le Monde »; one
    capitalised word too ('Яндекс'), except in German, where every noun has a capital,
    and at the start of a sentence."""
    if not words or len(words) > 8 or words[-1][-1:] in ".,!?;…" or not words[0][:1].isupper():
        return False
    if len(words) == 1:
        return table.code != "de" and before.strip()[-1:] not in ("", ".", "!", "?", ":")
    for w in words:
        w = w.strip("()[]:")
        if w and not (w[0].isupper() or w[0].isdigit() or fold(w) in table.small or w in "-–&"):
            return False
    return True


def _attribute(q: _Found, article: _Article) -> None:
    """Find the reporting verb of one quotation and the words that name its speaker."""
    table = article.table
    text = article.masked(q.paragraph)
    if _attribute_after(q, article.texts[q.paragraph], table):
        return
    if _attribute_at_sentence_end(q, text, article):
        return
    _attribute_before(q, text, table, article)


def _attribute_at_sentence_end(q: _Found, text: str, article: _Article) -> bool:
    """'X should "stick to his guns" and not apologise, Tory MP Boris Johnson has
    insisted.': the sentence ends with its speaker and reporting verb."""
    table = article.table
    end = _sentence_end(text, q.end)
    if any(
        o.paragraph == q.paragraph and q.end < o.start < end and o.kind == SPEECH
        for o in article.found
    ):
        return False  # another speech in between: the verb may be its own
    toks = table.tokens(text[q.end : end])
    while toks and toks[-1] in ".!?":
        toks.pop()
    if "," not in toks:
        return False
    tail = toks[len(toks) - toks[::-1].index(",") :]
    if not 2 <= len(tail) <= 8:
        return False
    v = table.verb_ending_at(tail, len(tail) - 1)
    if v <= 0:
        return False
    who = _np_before(tail[:v], table)
    if who is None:
        return False
    q.who, q.verb = who, " ".join(tail[v:])
    return True


def _attribute_after(q: _Found, text: str, table: _Lang) -> bool:
    """', said X' / ', X said' / ', so X' / '» indique X' right after the quotation."""
    toks = table.tokens(text[q.end : q.end + 90].lstrip(_ALL_MARKS + _BLANKS))
    if len(text) > q.end + 90 and toks and _is_name(toks[-1]):
        # a name at the end of the window may go on: 'Jean Lou|is Schilansky'
        window = text[q.end : q.end + 160]
        if len(window) == 160 and text[q.end + 160 : q.end + 161].isalnum():
            window = window.rsplit(None, 1)[0]  # no word cut in two
        toks = table.tokens(window.lstrip(_ALL_MARKS + _BLANKS))
    inner_end = text[q.end - 1 : q.end]
    comma = inner_end in ",!?…" or (toks[:1] == [","])
    i = 1 if toks[:1] == [","] else 0
    if toks[i : i + 1] in (["—"], ["–"]):  # '«Мы не согласны», — заявил'
        i += 1
    if i + 1 < len(toks) and toks[i].lower() in _HEARERS and table.code in _DOMAIN_LANGS:
        size = table.verb_at(toks, i + 1)  # '« … », lui avait dit Christian Jacob'
        who = _np_after(toks[i + 1 + size :], table) if size else None
        if who and who.kind != "pronoun":
            q.who, q.verb = who, " ".join(toks[i : i + 1 + size])
            return True
    if i < len(toks):
        size = table.verb_at(toks, i)
        if (
            size
            and table.code == "en"
            and i + size < len(toks)
            and fold(toks[i + size]) in table.prepositions
        ):
            size = 0  # '", called for a legal system': its subject came before
        if size and (comma or table.code != "en"):
            who = table.verb_pronoun(toks[i : i + size]) or _np_after(toks[i + size :], table)
            if who:
                q.who, q.verb = who, " ".join(toks[i : i + size])
                return True
        possessive = _POSSESSIVES.get(table.code, {})
        if (
            toks[i].lower() in ("lautet", "lautete", "so")
            and i + 2 < len(toks)
            and toks[i + 1].lower() in possessive
            and toks[i + 2][:1].isupper()
        ):  # '"Macht die Grenzen dicht", lautet seine Botschaft': his, the man just named
            p = toks[i + 1].lower()
            q.who, q.verb = _Who(p, "pronoun", possessive[p]), " ".join(toks[i : i + 3])
            return True
        if toks[i] == "so" and table.code == "de":
            who = _np_after(toks[i + 1 :], table)
            if who:
                q.who, q.verb = who, "so"
                return True
        if (
            not comma
            and i + 2 < len(toks)
            and toks[i].lower() in table.pronouns
            and fold(toks[i]) not in table.prepositions
        ):
            size = table.verb_at(toks, i + 1)
            if size and fold(toks[i + 1 + size]) in _THAT:
                # 'While the economy grows at a "reasonably good pace" he warned that …':
                # the main clause after a partial quotation says who
                p = toks[i].lower()
                q.who, q.verb = _Who(toks[i], "pronoun", table.pronouns[p]), toks[i + 1]
                return True
        if comma:
            # the subject may be long ('Ministry of International Trade and Industry
            # (MITI) vice minister Makoto Kuroda said'), but not run into the next
            # quotation ('», la question est de savoir « … » affirme-t-il')
            bound = min(len(toks), i + 15)
            for j in range(i, bound):
                if toks[j] in ",;:.!?":
                    break
                if j == i + 7:
                    if fold(toks[i]) in _CONJUNCTIONS or any(
                        fold(t) in table.determiners for t in toks[i:j]
                    ):
                        break  # a long subject is a name with its office, not a clause
                    rest = text[q.end : q.end + 160].lstrip(_ALL_MARKS + _BLANKS)
                    cut = next((n for n, c in enumerate(rest) if c in _OPENING), len(rest))
                    bound = min(bound, len(table.tokens(rest[:cut])))
                if j >= bound:
                    break
                k = table.verb_ending_at(toks, j)
                if k > i:
                    who = _np_before(toks[i:k], table)
                    if who:
                        q.who, q.verb = who, " ".join(toks[k : j + 1])
                        return True
    return False


def _attribute_before(q: _Found, text: str, table: _Lang, article: _Article | None = None) -> None:
    """'X said: "', 'selon X : «', 'X a déclaré que «', in the sentence before it."""
    start = _sentence_start(text, q.start)
    before = text[start : q.start].rstrip(_ALL_MARKS + _BLANKS)
    btoks = table.tokens(before)
    low = [t.lower() for t in btoks]
    if btoks and btoks[-1] == ":":
        who = _colon_speaker(btoks[:-1], table)
        titled = who is not None and who.written != who.text  # 'Stürmer Okafor'
        if who is not None and article is not None and not titled:
            who = who if article.could_be_named(who.text) else None
        if who is not None:
            q.who, q.verb = who, ":"
            return
    for j in reversed(table.hits(btoks)):
        cue = _cue_at(low, j, table)
        if cue:
            who = _np_after(btoks[j + cue :], table)
            if who:
                q.who, q.verb = who, " ".join(btoks[j : j + cue])
                return
        k = table.verb_ending_at(btoks, j)
        if k >= 0:
            rest = btoks[j + 1 :]
            who = table.verb_pronoun(btoks[k : j + 1])
            b = k - 1 if k and low[k - 1] in _OBJECT_PRONOUNS else k
            if (
                who is None
                and b
                and low[b - 1] in ("comme", "as", "wie", "как")
                and table.code != "de"
            ):
                who = _np_after(rest, table)  # 'comme le précise l'ambassadeur, X :'
            if who is None and low[j] in _QUOTING and rest:
                who = _np_after(rest, table)  # 'Die Zeitung zitiert den Minister mit den Worten:'
            if who is None and b and low[b - 1] in ("qui", "who"):
                who = _relative_antecedent(btoks[: b - 1], table)  # 'X, qui lui a rétorqué :'
            if who is None and rest and _dative_fronted(btoks[:k], table):
                # 'Dem Magazin Business Insider sagte Kristina Mena': the paper is
                # told, the subject follows the verb
                who = _np_after(rest, table)
            who = who or _np_before(btoks[:k], table) or _impersonal_source(btoks, k, table)
            if who is None and rest and rest[-1] == ":" and len(rest) < 8 and _is_name(rest[0]):
                who = _np_after(rest, table)  # 'said Mr Lewis:'; 'told BBC News:' names no one
            if who:
                q.who, q.verb = who, " ".join(btoks[k : j + 1])
                return
        if fold(low[j]) in table.gerunds:
            quoted = [m for m in range(j - 2) if low[m] == "quoted" and low[j - 1] == "as"]
            # 'The Times quoted Gordon Brown as saying': the one quoted, not the paper
            who = _np_after(btoks[quoted[-1] + 1 : j - 1] if quoted else btoks[:j], table)
            if who:
                q.who, q.verb = who, btoks[j]
                return
    # a source named after it in the same sentence: '..." according to the report.'
    rest = text[q.end : _sentence_end(text, q.end)]
    rest = re.split(r"[;:]", rest, maxsplit=1)[0]  # the clause after it only
    after = table.tokens(rest) if any(c.split()[0] in rest.lower() for c in table.cues) else []
    la = [t.lower() for t in after]
    for j in table.hits(after):
        cue = _cue_at(la, j, table)
        if cue:
            who = _np_after(after[j + cue :], table)
            if who:
                q.who, q.verb = who, " ".join(after[j : j + cue])
                return
    m = _WORDS_CUE.search(before)
    if m:  # 'Le président a eu ces mots : « ... »', 'il a eu cette phrase :'
        who = _np_before(table.tokens(before[: m.start()]), table)
        if who:
            q.who, q.verb = who, m.group(0).strip(" :")
            return
    if btoks and btoks[-1] == ":":
        # 'EU-Kommission: "Sind zu allen gleich streng"', 'Barack Obama : « ... »'
        k = len(btoks) - 1
        while k and _is_name(btoks[k - 1]):
            k -= 1
        name = _strip_prefix(btoks[k:-1])
        if name and q.paragraph == 0 and k == 0:
            q.who, q.verb = _Who(" ".join(name), "name"), ":"
            return
    lead = 1 if len(low) > 3 and low[0] in _CONJUNCTIONS else 0
    if len(btoks) > 2 + lead and low[lead] in ("pour", "for", "für", "para", "per"):
        # 'Pour Bernard Thibault, son secrétaire général : « ... »', 'Mais pour Obama, « ... »'
        who = _np_after(btoks[lead + 1 :], table)
        if who and (who.kind == "name" or _GROUP_NOUNS.search(who.text.lower())):
            q.who, q.verb = who, btoks[lead]
            return
    # a verb that ends the sentence after the quotation: '« ... » qui peut contenir
    # 12 000 personnes, a indiqué un porte-parole.', '"...", erklärte er am Montag.'
    tail = rest.lstrip(_ALL_MARKS + _BLANKS)  # past its own closing mark
    if "," in tail and not any(c in tail for c in _OPENING_MARKS):
        after = table.tokens(tail)
        commas = [k for k, x in enumerate(after) if x == ","][::-1][:3]
        c, size = -1, 0
        for c in commas:  # ', y compris ..., commente X, analyste à Y.'
            size = table.verb_at(after, c + 1) if c < len(after) - 1 else 0
            if size:
                break
        if size:
            verb = after[c + 1 : c + 1 + size]
            if verb[0].lower() in _TO_HEARER:  # '"...," X, Libya's oil minister, told Reuters.'
                who = _np_before(after[:c], table)
            else:
                who = table.verb_pronoun(verb) or _np_after(after[c + 1 + size :], table)
            if who is None and all(t in ".!?" for t in after[c + 1 + size :]):
                # '"...," the union's leader, Arthur Scargill, said.': the subject and
                # its apposition between the quotation and the verb
                who = _np_before(after[: c + 1], table)
            if who:
                q.who, q.verb = who, " ".join(verb)


def _colon_speaker(toks: list[str], table: _Lang) -> _Who | None:
    """'Fink zur Meisterfrage: "..."', '– Als Nachfolger gehandelter Zidane: "..."',
    'Stürmer Kayode: "..."': a short phrase without a verb that names the speaker
    before a colon, as headlines and condensed leads write it."""
    b = len(toks)
    while b and toks[b - 1] not in ".!?;,–—-()":
        b -= 1
    seg = toks[b:]
    if not seg or len(seg) > 7 or table.hits(seg):
        return None
    if b and toks[b - 1] == "," and not _is_name(seg[0]) or _is_prefix_word(seg[0]) and b:
        named = _apposed(toks, table)  # 'Christian Jacob, président du groupe UMP :'
        if named is not None:
            return named
    stops = _stopwords(table.code)
    runs = []
    j = 0
    while j < len(seg):
        if _is_name(seg[j]) and fold(seg[j]) not in stops:
            k = _name_run(seg, j)
            governed = j and fold(seg[j - 1]) in table.prepositions | table.determiners
            runs.append((j, k, governed))
            j = k
        else:
            j += 1
    for j, k, governed in reversed(runs):
        if governed:
            continue
        name = _strip_prefix(seg[j:k])
        if k < len(seg) and fold(seg[k]) not in table.prepositions:
            break  # 'Coach des Vorletzten hört auf:': a verb after it, a sentence
        if name and name[0][:1].isupper():
            g = _gender(seg[max(0, j - 1) : k])
            return _Who(" ".join(name), "name", g, written=" ".join(seg[j:k]))
        break
    return None


_WORDS_CUE = re.compile(
    r"\s(?:a|avait|aura|ont|avaient)\s+(?:\w+\s+){0,2}eu\s+(?:ces|ce|cette|les|des)\s+"
    r"(?:mots|paroles|propos|phrase|formule|mot)\b[^:]{0,40}:?\s*$"
)
#: Possessives that stand for the speaker: 'lautet seine Botschaft', 'so ihre Worte'.
_POSSESSIVES = {
    "de": {"seine": "m", "sein": "m", "ihre": "f", "ihr": "f"},
}
#: Relative pronouns that are the object of the verb after them: its subject follows.
_THAT = _folded("that que qu' dass")
_OBJECT_RELATIVES = frozenset("which whom que qu'".split())
#: French object pronouns between a subject and its verb: 'qui lui avait rétorqué'.
#: Whom the words were said to, before an inverted verb: '« … », lui a dit X'.
_HEARERS = frozenset("lui leur me m' m’ te t' t’ nous vous".split())
_OBJECT_PRONOUNS = frozenset("lui leur me m' te t' nous vous se s' le la l' les".split())

# Verbs whose object is the hearer: the speaker is before them.
_TO_HEARER = frozenset("told tells asked asks urged urges warned warns".split())
_CONJUNCTIONS = frozenset("mais et and but aber und doch pero e ma".split())
_OPENING_MARKS = '"“„«»'


def _cue_at(low: list[str], j: int, table: _Lang) -> int:
    for cue in table.cues:
        parts = cue.split()
        if low[j : j + len(parts)] == parts:
            return len(parts)
    return 0


def _sentence_start(text: str, pos: int, limit: int = 240) -> int:
    lo = max(0, pos - limit)
    i = pos
    marks = "!" in text[lo:pos] or "?" in text[lo:pos]
    while True:
        hi = i
        i = text.rfind(". ", lo, hi)
        if marks:
            i = max(i, text.rfind("! ", lo, hi), text.rfind("? ", lo, hi))
        glued = -1
        for m in _GLUED_STOP.finditer(text, max(lo, i + 1), hi):
            glued = m.start()  # '».Pour le collectif': a full stop with its blank lost
        if glued > i:
            return glued + 1
        if i < 0:
            return lo
        word = text[max(0, i - 5) : i].rsplit(None, 1)
        w = word[-1].lstrip("(") if word else ""
        if not (len(w) == 1 and w.isupper() or fold(w) in _ABBREVIATIONS):
            return i + 2


_GLUED_STOP = re.compile(rf"(?<=[»”\")])\.(?=[{_UP}][a-zà-ÿ]{{2}})")  # not 'Halo.Bungie.Org'


def _sentence_end(text: str, pos: int, limit: int = 200) -> int:
    hi = min(len(text), pos + limit)
    i = pos
    while True:
        ends = [k for k in (text.find(". ", i, hi), text.find("! ", i, hi)) if k >= 0]
        if not ends:
            return hi
        i = min(ends)
        word = text[max(0, i - 5) : i].rsplit(None, 1)
        w = word[-1] if word else ""
        if not (len(w) == 1 and w.isupper() or fold(w) in _ABBREVIATIONS):
            return i + 1
        i += 1


def _chain(found: list[_Found], article: _Article) -> None:
    """Speech without a verb of its own: the subject of its sentence ('Akli
    Gasmi, jeune berger, se souvient : « »', 'X a condamné le crime et estimé
    que « »'); else it continues the speech just before it, unless someone
    else is named in between, whose sentence then gives the speaker ('Mr
    Howard described it as "very important". "This is ..."').

    Quotations opened one after the other with nothing between them (one
    quotation over several paragraphs) share the speaker whichever of them
    names it, backwards too.
    """
    last: _Found | None = None
    for q in found:
        if q.kind != SPEECH:
            continue
        if q.who is None:
            q.who = _sentence_subject(q, article)
        if q.who is None:
            near = last is not None and q.paragraph - last.paragraph <= 1
            if not near or _someone_else(last, q, article):
                q.who = _sentence_subject(q, article, previous=True)
            if q.who is None and near:
                q.who = last.who
                q.speaker = last.speaker
        if q.who is not None:
            last = q
    for i in range(len(found) - 1, 0, -1):
        q, p = found[i], found[i - 1]
        if q.chained and q.who is not None and p.who is None and p.kind == SPEECH:
            p.who = q.who


def _sentence_subject(q: _Found, article: _Article, previous: bool = False) -> _Who | None:
    """The subject of the sentence that holds ``q`` (or of the sentence before,
    in its paragraph), when it can be a speaker: a person's name, a pronoun, a
    body or a role ('le négociateur palestinien', 'Un rapport de la Ligue arabe')."""
    if q.paragraph == 0 or q.chained:
        return None
    texts = article.texts
    head = texts[0].strip()
    if q.paragraph == 1 and head and q.start < len(head) and texts[1].startswith(head):
        return None  # the headline repeated: its own rules
    text = article.masked(q.paragraph)
    if not previous:
        pre = text[max(0, q.start - 6) : q.start].rstrip(_ALL_MARKS + _BLANKS)
        if not pre or pre[-1] in ".!?":
            return None  # it opens its sentence: no subject before it
    start = _sentence_start(text, q.start, limit=400)
    if start == max(0, q.start - 400) and start:
        return None  # no sentence start found: a subject cannot be told
    end = q.start
    if previous:
        if text[start:end].strip(_ALL_MARKS + _BLANKS):
            return None  # words before it in its sentence: not a quotation that opens one
        if start < 2:
            return None
        end = start
        start = _sentence_start(text, start - 2, limit=400)
    table = article.table
    toks = table.tokens(text[start:end])
    if len([t for t in toks if t[:1].isalpha()]) < 2:
        return None
    for c in (";", ":"):
        if c in toks[:-1] and previous:
            toks = toks[: toks.index(c)]
    who = None
    if not previous and ";" in toks[:-2]:
        semi = len(toks) - 1 - toks[::-1].index(";")
        if len([x for x in toks[semi + 1 :] if x[:1].isalpha()]) >= 2:
            toks = toks[semi + 1 :]  # '..., Pastor répondit ; elle écrivit : « »'
    if not previous:
        # the clause the quotation is in: 'lorsque le pape Jean-Paul II l'a nommé « »'
        for b in range(len(toks) - 2, 0, -1):
            if toks[b].lower() in _CLAUSE_OPENERS:
                who = _clause_subject(toks[b + 1 :], table)
                toks = toks[b + 1 :] if who is not None else toks
                break
    if who is None and not previous and _participle_opening(toks, table):
        # 'Estimant que « … », il vota contre': the subject follows the quotation
        stop = _sentence_end(text, q.end)
        after = table.tokens(text[q.end : stop].lstrip(_ALL_MARKS + _BLANKS))
        who = _np_after(after[1:], table, limit=4) if after[:1] == [","] else None
        if who is None:
            return None
    who = who or _clause_subject(toks, table)
    if who is None:
        return None
    if who.kind == "pronoun":
        k = next((i for i, x in enumerate(toks) if x == who.text), -1)
        if 0 <= k < len(toks) - 1 and fold(toks[k + 1]) in _IMPERSONAL:
            return None  # 'Il apparaît que', 'Il faut': nobody
        return who if who.gender in ("m", "f", "p") else None
    if who.kind == "name":
        if article.common_words(who.text):
            return None
        if (
            " " not in who.text
            and toks[:1] == [who.text]
            and not _acronym(who.text)
            and who.text not in article.surnames
            and article._full_name(who.text) == who.text
        ):
            return None  # 'Convention should be "nurtured"': a sentence's first word, no one
        return who
    words = who.text.split()
    low = who.text.lower()
    if _GROUP_NOUNS.search(low) or any(_is_name(w) for w in words[1:]):
        return who
    return None


_NOT_PARTICIPLES = _folded(
    "avant pendant durant cependant maintenant néanmoins during according nothing something"
)


def _participle_opening(toks: list[str], table: _Lang) -> bool:
    """A sentence that opens with a participle and its 'that': 'Estimant que',
    'En jugeant que', 'Insisting that'; its subject comes after that clause."""
    if toks and fold(toks[0]) == "en" and table.code == "fr":
        toks = toks[1:]
    if len(toks) < 2 or fold(toks[1]) not in ("que", "qu'", "qu’", "that"):
        return False
    first = fold(toks[0])
    if first in _NOT_PARTICIPLES:
        return False
    return (table.code == "fr" and first.endswith("ant")) or (
        table.code == "en" and first.endswith("ing")
    )


#: Words that open a subordinate clause or a phrase before the subject of a sentence.
_SUBORDINATORS = _folded(
    """alors lorsque quand si bien puisque comme lors après avant pendant depuis dès
    while although when as if after before during since though
    als wenn obwohl während nachdem seit bevor"""
)
#: Words that open a clause inside a sentence, whose subject is then the nearest.
_CLAUSE_OPENERS = _words(
    """lorsque quand puisque parce tandis car mais when while because although whereas but
    als weil während aber doch wenn nachdem"""
)
#: Verbs after an impersonal 'il', 'it', 'es': 'Il apparaît que « »' quotes nobody.
_IMPERSONAL = _folded(
    """apparait apparaît semble faut s' y paraît parait reste existe convient suffit
    seems appears emerged scheint gibt geht"""
)


def _someone_else(last: _Found, q: _Found, article: _Article) -> bool:
    """Whether the text between two quotations names a person other than the
    speaker of the first: then the second is not simply its continuation."""
    if last.paragraph == q.paragraph:
        gap = article.masked(q.paragraph)[last.end : q.start]
    else:
        gap = (
            article.masked(last.paragraph)[last.end :]
            + " . "
            + article.masked(q.paragraph)[: q.start]
        )
    if _UPPER.search(gap) is None:
        return False  # '," he said. "': nobody else
    table = article.table
    toks = table.tokens(gap)
    own = set()
    for w in (last.who.written or last.who.text, last.speaker or "") if last.who else ():
        own.update((w or "").split())
    stops = _stopwords(table.code)
    j = 0
    n = len(toks)
    while j < n:
        if not _is_name(toks[j]) or fold(toks[j]) in stops:
            j += 1
            continue
        k = _name_run(toks, j)
        run = toks[j:k]
        titled = _is_prefix_word(run[0])
        name = [w for w in _strip_prefix(run) if fold(w) not in stops]
        initial = j == 0 or toks[j - 1] in ".!?:;"
        if (
            name
            and not own.intersection(name)
            and not article.common_words(" ".join(name))
            and (titled or len(name) >= 2 or not initial)
        ):
            return True
        j = k
    return False


#: A run of word letters with hyphens and apostrophes inside ('O'Neill',
#: 'Jean-Paul', "Blair's"): what ``_Article.places`` looks words up in.
_RUN = re.compile(r"[\w'’-]+")
_APOSTROPHE = re.compile(r"['’]")
_SCANS = 40  # lookups by scanning before an article's words are tabled


def _whole_words(text: str, word: str) -> list[int]:
    """The offsets of ``word`` in ``text`` where it stands as a whole word."""
    found, size, end_of_text = [], len(word), len(text)
    i = text.find(word)
    while i >= 0:
        end = i + size
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "-'’")) and (
            end == end_of_text or not (text[end].isalnum() or text[end] == "-")
        ):
            found.append(i)
        i = text.find(word, i + 1)
    return found


class _Article:
    """One article's paragraphs and quotations, for resolving who a speaker is."""

    def __init__(self, texts: list[str], table: _Lang, found: list[_Found]) -> None:
        self.texts = texts
        self.table = table
        self.found = found
        self.last: _Found | None = None  # the last quotation given a speaker
        self._masked: dict[int, str] | None = None
        self._resolved: dict[tuple[str, str], str] = {}
        self.surnames: set[str] = set()  # last words of the speakers named so far
        self._chain_gender: str | None = None
        self._names: dict[str, str] = {}
        self._lower: dict[str, bool] = {}
        self._joined: str | None = None
        self._at: dict[str, list[int]] | None = None
        self._starts: list[int] | None = None
        self._scans = 0
        self._honorific: dict[str, str | None] = {}

    def honorific_gender(self, name: str) -> str | None:
        """The gender the article's own honorifics give a name's surname: 'Ms Essex',
        'M. Ouchakov', 'Frau Merkel' ('m' or 'f'; None when both or neither are used)."""
        if not name:
            return None
        surname = name.rsplit(None, 1)[-1]
        if surname in self._honorific:
            return self._honorific[surname]
        found: set[str] = set()
        text = self.joined
        for at in self.places(surname):
            m = _HONORIFIC.search(text, max(0, at - 7), at)
            if m is None or m.group(1) == "M" and self.table.code != "fr":
                continue  # 'Anne M. Lee': a middle initial; 'M. Ouchakov' is French
            title = fold(m.group(1))
            found.add("m" if title in _MALE else "f")
        gender = found.pop() if len(found) == 1 else None
        self._honorific[surname] = gender
        return gender

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = " ".join(self.texts)
        return self._joined

    def could_be_named(self, name: str) -> bool:
        """Whether a lone capitalised word is a name by the article's own evidence:
        not a common word, and in German (where nouns have capitals) a surname
        the article gives with a first name too ('Fink' and 'Thorsten Fink')."""
        if self.common_words(name):
            return False
        if self.table.code != "de" or " " in name:
            return True
        return self._full_name(name) != name

    def _named(self, name: list[str]) -> bool:
        """A lone capitalised word opening a sentence that the article gives again
        elsewhere and never in lower case: 'Ljubicic was at a loss to explain ...'."""
        word = name[-1]
        f = fold(word)
        if f in _stopwords(self.table.code) or f in self.table.determiners:
            return False
        if self.common_words(word) or word.lower() in self.table.triggers:
            return False
        # (as a word: 'Li' is not given again by 'Lisbon')
        return len(self.places(word)) >= 2

    def common_words(self, words: str) -> bool:
        """Whether every word of ``words`` is a common word by what the article
        itself shows: written in lower case elsewhere ('Plus tard' beside 'plus'),
        or, in German, where every noun has a capital, after an article ('die
        Klubführung')."""
        if self._joined is None:
            self._joined = " ".join(self.texts)
        return all(self._common(w) for w in words.split())

    def places(self, word: str) -> list[int]:
        """Where ``word`` stands as a whole word in the article (its paragraphs
        joined by a blank): not inside another word, nor after a hyphen or an
        apostrophe; an apostrophe may follow it ('Blair's'). The first lookups
        scan the article; after ``_SCANS`` of them one pass makes a table, so an
        article with thousands of names costs a lookup a name, not a scan."""
        if self._joined is None:
            self._joined = " ".join(self.texts)
        text = self._joined
        if _RUN.fullmatch(word) is None:  # 'J.': not a run of word letters
            return _whole_words(text, word)
        if self._at is None:
            self._scans += 1
            if self._scans <= _SCANS:
                return _whole_words(text, word)
            at: dict[str, list[int]] = {}
            for m in _RUN.finditer(text):
                run, start = m.group(), m.start()
                at.setdefault(run, []).append(start)
                if "'" in run or "’" in run:
                    for q in _APOSTROPHE.finditer(run):  # 'Blair' in "Blair's"
                        at.setdefault(run[: q.start()], []).append(start)
            self._at = at
        return self._at.get(word, [])

    def _common(self, word: str) -> bool:
        known = self._lower.get(word)
        if known is not None:
            return known
        found = bool(self.places(word.lower()))  # written in lower case
        text = self._joined  # (joined by the lookup)
        if not found and self.table.code == "de":
            # German: after an article, maybe with an adjective between
            for i in self.places(word):
                before = text[max(0, i - 40) : i].split()[-2:]
                if before and (
                    before[-1] in _GERMAN_ARTICLES
                    or len(before) == 2
                    and before[0] in _GERMAN_ARTICLES
                    and before[1][:1].islower()
                    and before[1].endswith(("e", "en", "er", "es", "em"))
                ):
                    found = True
                    break
        self._lower[word] = found
        return found

    def masked(self, n: int) -> str:
        """Paragraph ``n`` with its quoted text blanked out (same length)."""
        if self._masked is None:
            self._masked = {}
            by_paragraph: dict[int, list[_Found]] = {}
            for q in self.found:
                by_paragraph.setdefault(q.paragraph, []).append(q)
            for k, quotes in by_paragraph.items():
                text = self.texts[k]
                parts, pos = [], 0
                for q in quotes:
                    if q.start < pos:
                        continue
                    # blank the quoted words and the closing mark; a full stop
                    # that ends the quotation stays, where the mark was
                    end = q.end + (q.closed and q.end < len(text) and text[q.end] in _ALL_MARKS)
                    stop = text[q.end - 1] if text[q.end - 1] in ".!?" else ""
                    parts.append(text[pos : q.start])
                    parts.append(" " * (end - q.start - len(stop)) + stop)
                    pos = end
                parts.append(text[pos:])
                self._masked[k] = "".join(parts)
        return self._masked.get(n) or self.texts[n]

    def resolve(self, q: _Found) -> str | None:
        who = q.who
        if who.kind == "pronoun":
            return self._antecedent(q, who)
        key = (who.kind, who.text)
        if key not in self._resolved:
            if who.kind == "description":
                self._resolved[key] = self._describe(who)
            else:
                self._resolved[key] = self._full_name(who.text)
        found = self._resolved[key]
        words = who.text.split()
        if (
            who.kind == "description"
            and found
            and found == " ".join(words[1:])
            and not any(
                w[:1].isupper()
                and not _PERSON_NOUNS.search(w.lower())
                and not _governed_by_of(words, k, self.table)  # 'le chef de l'État'
                and not _is_demonym(w)  # 'der 28-Jährige Deutsche'
                for k, w in enumerate(words)
                if k
            )
            and fold(words[0]) in _DEFINITE
            and any(_PERSON_NOUNS.search(w.lower()) or _is_demonym(w) for w in words[1:])
        ):
            # 'le président ukrainien', tied to no name: the person the
            # article has just named, as a reader takes it (a full name only;
            # not 'son avocate', someone else's)
            near = self._antecedent(q, who, skip=who.text)
            if near and len(near.split()) >= 2 and near[:1].isupper():
                if not any(_SPOKES.match(fold(w)) for w in words[1:]):
                    return near
                # a spokeswoman speaks for others: the one just named only when
                # named in the same paragraph ('Pour Jérémie Zimmermann, « … » Le
                # porte-parole du collectif'), not a paragraph before
                if near.split()[-1] in self.texts[q.paragraph][: q.start]:
                    return near
        return found

    def _full_name(self, written: str) -> str:
        """'Mr Blair' -> 'Tony Blair', 'B. Obama' -> 'Barack Obama', from other mentions."""
        full = self._names.get(written)
        if full is None:
            full = self._names[written] = self._find_full_name(written)
        return full

    def _find_full_name(self, written: str) -> str:
        tokens = written.split()
        if len(tokens) >= 2 and len(tokens[0].rstrip(".")) > 1:
            return self._longer_name(written)
        capitals = sum(c.isupper() for c in written)
        if len(tokens) == 1 and capitals >= 2 and sum(c.islower() for c in written) < 2:
            return written  # 'MPs', 'BBC': no first name to find (but 'McEnroe' has one)
        surname = tokens[-1]
        initial = tokens[0][0] if len(tokens) >= 2 else None
        stops = _stopwords(self.table.code)
        size = len(surname)
        for text, i in self._mentions(surname):
            after = text[i + size : i + size + 1]
            if i and text[i - 1] == " " and not (after.isalpha() or after == "-"):
                # the capitalised words right before this mention of the surname
                before = text[max(0, i - 60) : i].split()[-3:]
                k = len(before)
                while k and _is_name(before[k - 1]) and not _possessive(before[k - 1]):
                    k -= 1  # not "United's Sean Bones"
                first = _strip_prefix(before[k:])
                if len(first) > 1 and _is_demonym(first[0]):
                    first = first[1:]  # 'American Serena' Williams
                while len(first) > 1 and _acronym(first[0]):
                    first = first[1:]  # 'group EADS Philippe' Camus: the company, then him
                if len(first) > 1 and k and fold(before[k - 1]) in self._governing:
                    first = first[1:]  # 'de la République Emmanuel' Macron
                if _genitive_before_name([*first, surname]):
                    first = first[1:]  # 'президента России Дмитрий' Песков
                if len(first) >= 2 and _cyrillic(surname):
                    # 'Владимира Зеленского Олег' Ткач: a name, a patronymic at most
                    first = first[-2:] if _PATRONYMIC.search(first[-1]) else first[-1:]
                while first and (
                    fold(first[0]) in stops
                    or len(first) == 1
                    and fold(first[0]) in _SURNAME_ROLES  # 'Singer' Knight
                    or _adverb(first[0])  # 'Officiellement Díaz', 'Finally Smith'
                    or first[0].lower() in self.table.triggers
                    or self.table.code == "de"
                    and self.common_words(first[0])
                ):
                    first = first[1:]  # not 'Laut Kurz', 'Selon Valls', 'Die Klubführung'
                if (
                    first
                    and (initial is None or first[0][0] == initial)
                    and len(first[-1].rstrip(".")) > 1
                ):
                    return " ".join([*first, surname, *self._second_surname(text, i + size)])
        return written

    def _second_surname(self, text: str, end: int) -> list[str]:
        """'Juan Lechin Oquendo' for 'Lechin': the one name that follows the mention
        and ends the run, when the article never writes it as a common word."""
        m = _NEXT_NAME.match(text, end)
        if m is None or self.table.code == "de":  # German nouns have capitals too
            return []
        if text is self.texts[0]:
            return []  # a headline's capitals are its style: 'Tony Blair Resigns'
        word = m.group(1)
        if (
            not _is_name(word)
            or _acronym(word)
            or _is_demonym(word)
            or _is_prefix_word(word)
            or fold(word) in _stopwords(self.table.code)
            or fold(word) in _CALENDAR  # 'Tony Blair Tuesday met'
            or fold(word) in _BODY_WORDS  # 'the Tony Blair Foundation'
            or self.common_words(word)
        ):
            return []
        return [word]

    @cached_property
    def _governing(self) -> frozenset[str]:
        """Words after which a capitalised word is governed, not a first name: 'de la'."""
        table = self.table
        return frozenset(table.prepositions) | frozenset(table.determiners) | _NAME_PARTICLES

    def _mentions(self, word: str) -> Iterator[tuple[str, int]]:
        """Each paragraph where ``word`` stands as a whole word, with its offset there."""
        if _RUN.fullmatch(word) is None:
            for text in self.texts:
                i = text.find(word)
                while i >= 0:
                    yield text, i
                    i = text.find(word, i + 1)
            return
        at = self.places(word)
        if not at:
            return
        if self._starts is None:
            self._starts, pos = [], 0
            for text in self.texts:
                self._starts.append(pos)
                pos += len(text) + 1
        for a in at:
            k = bisect.bisect_right(self._starts, a) - 1
            yield self.texts[k], a - self._starts[k]

    def _longer_name(self, written: str) -> str:
        """'Peña Nieto' -> 'Enrique Peña Nieto': a first name the article writes before
        a name of two words or more, inside a sentence (not 'Gestern Peña Nieto', not
        'du site de Jababeka David Quentin')."""
        stops = _stopwords(self.table.code)
        table = self.table
        if _cyrillic(written) and not _PATRONYMIC.search(written.split()[0]):
            return written  # 'Игорь Жовква' is whole; not 'Зеленского Игорь Жовква'
        lead = _RUN.match(written)
        if lead is None:
            return written
        probe = " " + written
        # each paragraph where the name's first word stands: a first name is never
        # taken from the paragraph before ('Tony Blair Resigns' then 'Tony Blair said')
        for text, at in self._mentions(lead.group()):
            i = at - 1
            if i <= 0 or not text.startswith(probe, i):
                continue
            end = i + len(probe)
            word_before = text[i - 1].isupper() or text[i - 1].islower()
            if word_before and (end == len(text) or not (text[end].isalnum() or text[end] == "-")):
                before = text[max(0, i - 60) : i].split()[-2:]
                first = before[-1] if before else ""
                prev = fold(before[0]) if len(before) == 2 else "."
                if (
                    _is_name(first)
                    and not first.endswith(".")
                    and not _possessive(first)  # not "United's Sean Bones"
                    and not _is_demonym(first)  # not 'American Serena Williams'
                    and not _acronym(first)  # not 'EADS Philippe Camus'
                    and not _genitive_before_name([first, *written.split()])
                    and not _is_prefix_word(first)
                    and fold(first) not in stops
                    and not self.common_words(first)
                    and first.lower() not in table.triggers
                    and prev[-1:] not in ".!?:;"
                    and prev not in table.prepositions
                    and prev not in _NAME_PARTICLES
                    and prev not in table.determiners
                ):
                    return f"{first} {written}"
        return written

    def _describe(self, who: _Who) -> str:
        """'the British producer' -> 'Kevin Wallace', when the article ties the words."""
        words = who.text.split()
        while (
            len(words) > 1
            and fold(words[0]) in self.table.determiners
            and fold(words[0]) not in _QUANTIFIERS
        ):
            words = words[1:]  # 'le président', but 'certains riverains'

        plain = " ".join(words)
        roles = [w for w in words if _PERSON_NOUNS.search(w.lower())]
        if not roles:
            return plain
        owned = self._owned(plain)
        if owned:
            return owned
        others = [fold(w) for w in words if w not in roles and len(w) > 2]
        role = roles[-1].lower()
        last = self.last.speaker if self.last else None
        partial = None
        for text in self.texts:
            low = text.lower()
            i = low.find(role)
            while i >= 0:
                name = _name_beside(text, i, len(role))
                if name and self.common_words(name.split()[0]):
                    name = None  # 'die Schande von Idomeni, sagte ein Sprecher'
                if name:
                    window = fold(text[max(0, i - 40) : i + len(role) + 40])
                    if all(o in window for o in others):
                        return name
                    if name == last:
                        partial = name
                i = low.find(role, i + 1)
        return partial or plain

    def _owned(self, plain: str) -> str | None:
        """ "the Scottish National Party's parliamentary leader" -> 'Nicola Sturgeon', when
        the article writes "The SNP's Nicola Sturgeon": the same body, by its name or its
        initials, owning a name."""
        m = _OWNER.match(plain)
        if m is None:
            return None
        owner = m.group(1)
        initials = "".join(w[0] for w in owner.split() if w[:1].isupper())
        bodies = [re.escape(owner)] + ([initials] if len(initials) >= 2 else [])
        pattern = re.compile(rf"\b(?:{'|'.join(bodies)})['’]s (?P<name>{_NAME_RUN})(?![\w'’])")
        for text in self.texts:
            for found in pattern.finditer(text):
                name = _strip_prefix(found.group("name").split())
                if len(name) >= 2:
                    return " ".join(name)
        return None

    def _antecedent(self, q: _Found, who: _Who, skip: str | None = None) -> str | None:
        """The nearest speaker or subject before ``q`` that a pronoun can stand for
        (for a description, ``skip`` is its own words: 'le chef du Kremlin a déclaré',
        and what it stands for is a person, not 'Seville's Olympic Stadium')."""
        gender = who.gender
        self._chain_gender = gender
        n = q.paragraph
        last = self.last
        if last is not None and last.speaker and n - last.paragraph <= 1:
            # '"A," said X. "B," he added': nobody else named in between
            gap = self.masked(n)[: q.start]
            if last.paragraph == n:
                gap = gap[last.end :]
            own = (last.who.written or last.who.text).split() if last.who else []
            stops = _stopwords(self.table.code)
            if all(
                not w[:1].isupper() or w.strip(_GAP_PUNCTUATION) in own or fold(w) in stops
                for w in gap.split()
            ) and _agrees(
                _Who(
                    last.speaker,
                    "name",
                    last.who.gender or self.honorific_gender(last.speaker),
                    True,
                ),
                gender,
            ):
                return last.speaker
        budget = 5  # sentences looked at, nearest first, back over two paragraphs
        for k in range(n, max(-1, n - 3), -1):
            text = self.masked(k)
            end = q.start if k == n else len(text)
            while end > 0 and budget:
                budget -= 1
                start = _sentence_start(text, end)
                for cand in self._candidates(k, start, end):
                    if skip is not None and cand.text in (skip, skip.split(" ", 1)[-1]):
                        continue  # 'the Swede' itself, as the name 'Swede'
                    if cand.gender is None and cand.kind == "name" and gender in ("m", "f"):
                        cand.gender = self.honorific_gender(cand.text)
                    person = gender or ("p" if skip is not None else None)
                    if _agrees(cand, gender) and self._person(cand, person):
                        if cand.kind == "description":
                            return self._describe(cand)
                        return self._full_name(cand.text)
                end = start - 2 if start > 0 else 0
        return None

    def _person(self, cand: _Who, gender: str | None) -> bool:
        """For 'il', 'er', 'he': not 'Bulgarie', 'TF1' nor 'Europe Écologie Les Verts',
        names the article never gives with a first name and bodies."""
        if (
            gender in ("m", "f", "p")
            and (cand.kind == "name" or not _PERSON_NOUNS.search(cand.text.lower()))
            and _body_name(cand.text)
        ):  # not 'the New England Journal of Medicine'; but 'the head of the Bank of …'
            honorific = self.honorific_gender(cand.text)  # 'Mrs Court' is a woman
            if not (honorific == gender or gender == "p" and honorific):
                return False  # 'Great Ormond Street Hospital', 'the UK Treasury': not 'he'
        if gender not in ("m", "f") or cand.kind != "name" or cand.reporter or cand.gender:
            return True
        words = cand.text.split()
        if fold(words[0]) in _COMPASS and len(words) > 1:
            return False  # 'North America', 'South Lanarkshire'
        if any(
            fold(w) in self.table.determiners and fold(w) not in _NAME_PARTICLES for w in words[1:]
        ):  # 'Les Verts' is a party; 'Marine Le Pen' a person
            return False
        if fold(words[0]) in self.table.determiners and (
            len(words) == 2
            and words[1].isupper()
            or self.common_words(" ".join(w for w in words[1:] if fold(w) not in _NAME_PARTICLES))
        ):
            return False  # 'Le PP', 'Le Parti' (and 'parti' elsewhere): a body, not 'Le Pen'
        if len(words) > 1 or cand.text in self.surnames:
            return True
        return self._full_name(cand.text) != cand.text

    def _candidates(self, k: int, start: int, end: int) -> Iterator[_Who]:
        """Who a sentence is about: its speakers, the subjects of its reporting
        verbs, then its names (with a known gender and in full first)."""
        table = self.table
        for q in reversed(self.found):
            if q.paragraph == k and start <= q.start < end + 2 and q.who and q.speaker:
                yield _Who(q.speaker, "name", q.who.gender, reporter=True)
        text = self.masked(k)
        toks = table.tokens(text[start:end])
        if (
            toks
            and toks[0].lower() in table.pronouns
            and self._chain_gender
            in (
                None,
                table.pronouns[toks[0].lower()],
            )
        ):
            return  # 'He speculated that Delta ...': still about the same person
        for j in reversed(table.hits(toks)):
            v = table.verb_ending_at(toks, j)
            if v >= 0:
                subj = None
                if v and toks[v - 1] == "," and j + 1 < len(toks) and _is_name(toks[j + 1]):
                    # '…, sagt MKH-Geschäftsführer Günter Mayer': the speaker follows
                    after = _np_after(toks[j + 1 :], table)
                    subj = after if after is not None and after.kind == "name" else None
                if subj is None and _dative_fronted(toks[:v], table):
                    subj = _np_after(toks[j + 1 :], table)  # 'Dem Magazin X sagte Y'
                subj = subj or _np_before(toks[:v], table) or _np_after(toks[j + 1 :], table)
                if subj is not None and subj.kind != "pronoun":
                    subj.reporter = True
                    yield subj
        names = []
        j = 0
        n = len(toks)
        spoke = self.surnames
        stops = _stopwords(table.code)
        depth = 0
        while j < n:
            if toks[j] in "()":
                depth = max(0, depth + (1 if toks[j] == "(" else -1))
                j += 1
                continue
            if depth:
                j += 1  # '(59, Breaking Bad)': an aside, not whom a pronoun stands for
                continue
            if _is_name(toks[j]):
                k2 = _name_run(toks, j)
                run = toks[j:k2]
                lead = 0
                while (
                    table.code == "de"
                    and lead < len(run) - 1
                    and fold(run[lead]) in table.determiners
                ):
                    lead += 1  # 'Der US-Republikaner Marco Rubio' (a capital, in German)
                name = _strip_prefix(run[lead:])
                if lead and len(name) == len(run) - lead:
                    name = []  # 'Die Grünen': a body
                while (
                    len(name) > 1
                    and fold(name[0]) in stops
                    and fold(name[0]) not in _NAME_PARTICLES
                ):
                    name = name[1:]  # 'But Umaga'
                if (
                    len(name) > 1
                    and (j == 0 or toks[j - 1] in ".!?:")
                    and len(name) == len(run)
                    and self.common_words(name[0])
                ):
                    name = name[1:]  # 'Can Yahoo dominate …?', with 'can' elsewhere
                # 'to New Zealand', 'la Grèce': a place or a body more than a person
                before = fold(toks[j - 1]) if j and len(name) == len(run) else ""
                governed = before in table.prepositions or before in table.determiners
                if governed and len(name) >= 2 and k2 + 1 < n and toks[k2] == ",":
                    # 'avec Julien Marchetti, président du groupe', 'for Allen
                    # Weiner, a research director at …'
                    governed = not any(
                        _PERSON_NOUNS.match(role.lower()) or _is_prefix_word(role)
                        for role in toks[k2 + 1 : k2 + 4]
                        if role not in ",;:."
                    )
                known = bool(name) and name[-1] in spoke
                mid = j and toks[j - 1] != "."
                if name and not governed and (known or len(run) > 1 or mid or self._named(name)):
                    g = _gender(toks[max(0, j - 1) : k2])
                    names.append(
                        (not known, g is None, len(name) < 2, _Who(" ".join(name), "name", g))
                    )
                j = k2
            else:
                j += 1
        names.sort(key=lambda c: c[:3])
        for *_rank, cand in names:
            yield cand


#: A name opening with a point of the compass is a place ('North America', 'South
#: Lanarkshire', 'Nord-Pas-de-Calais'): never whom 'she' stands for.
_COMPASS = _folded(
    """north south east west northern southern eastern western central nord sud ouest
    nordrhein sudafrika ost"""
)
_CALENDAR = _folded(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
#: A capitalised word after a blank that no other capitalised word follows.
_NEXT_NAME = re.compile(rf" ([{_UP}][\w]+(?:-[\w]+)*)(?![\w'’-]| [{_UP}])")
#: Marks that open a quotation, apostrophes aside ('Sean Bones’s').
_OPENING = frozenset(_ALL_MARKS) - frozenset("'’‘")
#: Last words of a body's name: 'Great Ormond Street Hospital', 'UK Treasury'.
_BODY_WORDS = _folded(
    """treasury ministry department council commission committee office bank party
    association union agency authority institute institution court corporation company
    group board government federation league hospital school university college
    magazine newspaper journal channel inc ltd plc corp ministere ministerium regierung partei
    verband gewerkschaft kommission universitat krankenhaus hopital universite cup trophy
    championship championships nations foundation trust society fund centre center museum
    club"""
)
#: Places, which are not people: 'Olympic Stadium', 'Downing Street'.
_PLACE_WORDS = _folded(
    """stadium arena airport station street road avenue square palace stade flughafen
    bahnhof strasse platz"""
)
_NOT_PERSONS = _BODY_WORDS | _PLACE_WORDS


def _body_name(name: str) -> bool:
    """'Great Ormond Street Hospital', 'Olympic Stadium', 'Ministry of Agriculture': a
    body or a place, by its last word or by the word before its 'of'."""
    words = [fold(w) for w in name.split()]
    return words[-1] in _NOT_PERSONS or any(
        w in _NOT_PERSONS and nxt in _OF for w, nxt in zip(words, words[1:], strict=False)
    )


_GAP_PUNCTUATION = _ALL_MARKS + ".,;:!?()"
_UPPER = re.compile(f"[{_UP}]")
_GERMAN_ARTICLES = frozenset(
    """der die das den dem des ein eine einen einem einer eines im am zum zur vom beim kein
    keine keinen keinem keiner Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Im Am
    Zum Zur Vom Beim Kein Keine""".split()
)


def _agrees(cand: _Who, gender: str | None) -> bool:
    if gender in ("m", "f"):
        if cand.gender and cand.gender != gender:
            return False
        return cand.kind == "name" or bool(_PERSON_NOUNS.search(cand.text.lower()))
    if gender == "n":  # 'it': an organisation that spoke, not a person
        return cand.kind == "name" and cand.reporter and " " not in cand.text
    return True


def _name_beside(text: str, i: int, size: int) -> str | None:
    """The name an article puts right after or before a role word at ``text[i:i+size]``."""
    after = text[i + size : i + size + 60]
    m = _NAME_AFTER_ROLE.match(after)
    if m:
        name = _strip_prefix(m.group("name").split())
        if len(name) >= 2:
            return " ".join(name)
    m = _NAME_BEFORE_ROLE.search(text, max(0, i - 80), i)
    if m:
        name = _strip_prefix(m.group("name").split())
        if len(name) >= 2:
            return " ".join(name)
    return None


_NAME_RUN = rf"{_TOK}(?:\s+(?:(?:de|da|di|van|von|der|del|bin|al)\s+)?{_TOK}){{1,3}}"
_OWNER = re.compile(rf"^((?:[{_UP}][\w-]*\s+){{0,4}}[{_UP}][\w-]*)['’]s\s+[a-z]")
_NAME_AFTER_ROLE = re.compile(
    rf"[\w-]*(?:\s+[a-zà-öø-ÿ-]{{3,}},|,)?\s+(?P<name>{_NAME_RUN})(?![\w])"
)
_NAME_BEFORE_ROLE = re.compile(rf"(?P<name>{_NAME_RUN}),\s+(?:\w+\s+){{0,3}}$")


# ---------------------------------------------------------------- as an index stores them


def pack(found: list[Quote]) -> tuple:
    """An article's quotations as its headline stores them: (paragraph, start, end,
    kind, speaker, speaker as written, verb) each; the text is the paragraph's own."""
    return tuple(
        (q.paragraph, q.start, q.end, q.kind, q.speaker, q.speaker_as_written, q.verb)
        for q in found
    )


def unpack(stored, title: str, paragraphs: list[str]) -> list[Quote]:
    """The quotations :func:`pack` stored (none from an index without them)."""
    texts = [title or "", *paragraphs]
    found = []
    for n, start, end, kind, speaker, as_written, verb in stored or ():
        text = texts[n][start:end] if n < len(texts) else ""
        found.append(Quote(n, start, end, text, speaker, as_written, kind, verb))
    return found
