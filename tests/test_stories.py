import datetime as dt
import itertools
import random
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgrep import stories

STORY = [
    "The European Commission on Tuesday fined the chipmaker Intel 1.06 billion euros for "
    "abusing its dominant position in the market for computer processors.",
    "Competition commissioner Neelie Kroes said Intel had paid computer makers and a retailer "
    "to delay or cancel products built on chips made by its rival AMD.",
    "Intel said it would appeal against the decision, which it called wrong and said ignored "
    "the reality of a highly competitive microprocessor market.",
    "The fine is the largest the Commission has imposed on a single company for breaking "
    "European competition rules, exceeding the 497 million euros paid by Microsoft in 2004.",
    "Shares in Intel were little changed in early trading in New York, while AMD shares rose "
    "by about two percent on the news from Brussels.",
]
TITLE = "EU fines Intel record 1.06 billion euros"

# Two daily reports: the same sentences, other figures, another day.
REPORT_1 = [
    "NEW YORK, March 2 - The Federal Reserve entered the U.S. Government securities market to "
    "arrange 1.5 billion dlrs of customer repurchase agreements, a Fed spokesman said.",
    "Dealers said Federal funds were trading at 6-3/16 pct when the Fed began its temporary "
    "and indirect supply of reserves to the banking system.",
]
REPORT_2 = [
    "NEW YORK, March 3 - The Federal Reserve entered the U.S. Government securities market to "
    "arrange 2.0 billion dlrs of customer repurchase agreements, a Fed spokesman said.",
    "Dealers said Federal funds were trading at 6-1/4 pct when the Fed began its temporary "
    "and indirect supply of reserves to the banking system.",
]
REPORT_TITLE = "FED ADDS RESERVES VIA CUSTOMER REPURCHASES"


def sig(title, paragraphs):
    return stories.signature(title, paragraphs)


def test_copy_with_new_headline_and_dateline_joins_the_story():
    copy = ["BRUSSELS (Reuters) - " + STORY[0], *STORY[1:]]
    group = stories.Stories()
    group.add("original", sig(TITLE, STORY), dt.date(2009, 5, 13))
    assert group.add("copy", sig("Brussels hits Intel with huge fine", copy)) == "original"
    assert group.copies("copy") == ["original", "copy"]


def test_trimmed_copy_joins_the_story():
    trimmed = STORY[:3]  # the last paragraphs cut: 60% of the text kept
    m = stories.match(sig(TITLE, STORY), sig(TITLE, trimmed))
    assert m.same_story, m
    assert stories.same_story(sig(TITLE, trimmed), sig(TITLE, STORY))


def test_lightly_reworded_copy_joins_the_story():
    reworded = [p.replace("said", "stated", 1) for p in STORY]
    assert stories.same_story(sig(TITLE, STORY), sig(TITLE, reworded))


def test_daily_report_of_another_day_is_another_story():
    a, b = sig(REPORT_TITLE, REPORT_1), sig(REPORT_TITLE, REPORT_2)
    m = stories.match(a, b)
    assert m.containment > 0.5  # their text agrees...
    assert m.figures_disagree  # ...their figures do not
    assert not stories.same_story(a, b)
    group = stories.Stories()
    group.add("day1", a, dt.date(1987, 3, 2))
    group.add("day2", b, dt.date(1987, 3, 3))
    assert group.groups() == {}


def test_different_story_on_the_same_topic_is_not_merged():
    other = [
        "Intel on Wednesday reported a fall in quarterly profit as demand for personal "
        "computers weakened, and said sales of its server chips held up better.",
        "The company, which is appealing against a record European fine, said it expected "
        "revenue in the current quarter to be roughly flat.",
    ]
    assert not stories.same_story(sig(TITLE, STORY), sig("Intel profit falls", other))


def _articles():
    rng = random.Random(7)
    base = {
        "a": (TITLE, STORY, dt.date(2009, 5, 13)),
        "b": ("Intel fined", ["BRUSSELS - " + STORY[0], *STORY[1:4]], dt.date(2009, 5, 14)),
        "c": ("EU v Intel", STORY[:3], dt.date(2009, 5, 13)),
        "d": (REPORT_TITLE, REPORT_1, dt.date(1987, 3, 2)),
        "e": (REPORT_TITLE, REPORT_2, dt.date(1987, 3, 3)),
        "f": ("Fed", ["WASHINGTON - " + REPORT_1[0], REPORT_1[1]], dt.date(1987, 3, 2)),
        "g": ("Undated copy", STORY[1:], None),
    }
    words = " ".join(STORY).split()
    for n in range(5):  # unrelated articles made of the same words
        rng.shuffle(words)
        base[f"x{n}"] = ("Noise", [" ".join(words[:40]), " ".join(words[40:80])], None)
    return base


def test_incremental_groups_of_these_articles_do_not_depend_on_order():
    arts = _articles()
    sigs = {k: sig(t, p) for k, (t, p, _d) in arts.items()}
    expected = None
    orders = list(itertools.permutations(sorted(arts)[:7]))[::97] + [sorted(arts, reverse=True)]
    for order in orders:
        order = list(order) + [k for k in sorted(arts) if k not in order]
        group = stories.Stories()
        for k in order:
            group.add(k, sigs[k], arts[k][2])
        got = group.groups()
        expected = expected or got
        assert got == expected
    # The earliest-dated copy represents its story; undated copies come last.
    assert expected == {"a": ["a", "c", "b", "g"], "d": ["d", "f"]}


def _paragraph(rng, n=30):
    return " ".join(f"w{rng.randrange(100_000)}" for _ in range(n)) + "."


def test_a_chain_of_drifting_copies_does_not_fuse_into_one_story():
    rng = random.Random(3)
    paras = [_paragraph(rng) for _ in range(9)]
    group = stories.Stories()
    day = dt.date(1987, 3, 2)
    # Each article keeps four fifths of the one before: the fifth keeps a fifth of the first.
    for n in range(5):
        group.add(f"v{n}", sig("Notes", paras[n : n + 5]), day)
    assert stories.same_story(sig("Notes", paras[3:8]), sig("Notes", paras[4:9]))
    assert group.story("v1") == "v0"
    assert group.story("v4") != "v0"


def test_the_same_template_weeks_apart_is_another_story_but_a_reissue_is_not():
    first = [
        "WASHINGTON, Feb 26 - The following proposed securities offerings were filed "
        "recently with the Securities and Exchange Commission:",
        "Bio-Technology General Corp <BTGC> - Offering of 25 mln dlrs of convertible senior "
        "subordinated notes due March 1997 through Drexel Burnham Lambert Inc.",
    ]
    later = [
        "WASHINGTON, March 13 - The following proposed securities offerings were filed "
        "recently with the Securities and Exchange Commission:",
        "Essex Chemical Corp <ESX> - Offering of 60 mln dlrs of convertible subordinated "
        "debentures due 2012 through Thomsom McKinnon Securities Inc and PaineWebber Inc.",
        "International Game Technology <IGAM> - Offering of 35 mln dlrs of senior notes due "
        "1995 and 25 mln dlrs of convertible senior subordinated deberntures due 2002 through "
        "Drexel Burnham Lambert Inc.",
    ]
    title = "PROPOSED OFFERINGS RECENTLY FILED WITH THE SEC"
    a, b = sig(title, first), sig(title, later)
    assert stories.same_story(a, b)  # the text alone would join them (Reuters, 1987)
    assert not stories.same_story(a, b, days_apart=15)
    assert stories.same_story(a, sig(title, first), days_apart=15)  # reissued as it was
    group = stories.Stories()
    group.add("feb", a, dt.date(1987, 2, 26))
    group.add("mar", b, dt.date(1987, 3, 13))
    assert group.groups() == {}


def test_state_round_trip_keeps_the_stories_and_takes_new_copies():
    arts = _articles()
    group = stories.Stories()
    for k in ["a", "b", "d", "e", "x0"]:
        group.add(k, sig(arts[k][0], arts[k][1]), arts[k][2])
    data = group.state()
    assert len(data) < 250 * len(group)
    again = stories.Stories.from_state(data)
    assert again.groups() == group.groups()
    assert again.add("c", sig(arts["c"][0], arts["c"][1]), arts["c"][2]) == "a"


def test_candidates_find_copies_and_skip_strangers():
    index = stories.CandidateIndex()
    index.add("original", sig(TITLE, STORY))
    index.add("report", sig(REPORT_TITLE, REPORT_1))
    assert "original" in index.candidates(sig("New headline", STORY[:4]))
    assert "original" not in index.candidates(sig(REPORT_TITLE, REPORT_2))


def test_candidates_are_the_same_once_settled_into_arrays(monkeypatch):
    """The pairs that joined the sorted arrays answer as the pending ones do."""
    rng = random.Random(7)
    words = [f"w{i}" for i in range(300)]
    texts = {
        f"a{n}": [" ".join(rng.choice(words) for _ in range(40)) for _ in range(3)]
        for n in range(60)
    }
    texts.update({f"copy{n}": texts[f"a{n}"][:2] for n in range(0, 60, 3)})
    sigs = {k: sig(f"headline {k}", paras) for k, paras in texts.items()}

    def answers(pending: int) -> dict[str, set[str]]:
        monkeypatch.setattr(stories.CandidateIndex, "PENDING", pending)
        index = stories.CandidateIndex()
        for k in sorted(sigs):
            index.add(k, sigs[k])
        index.remove("a5")
        return {k: index.candidates(s) for k, s in sigs.items()}

    settled, pending = answers(100), answers(10**9)
    assert settled == pending
    assert all(f"a{n}" in settled[f"copy{n}"] for n in range(0, 60, 3) if n != 5)
    assert not any("a5" in found for found in settled.values())
    monkeypatch.setattr(stories.CandidateIndex, "PENDING", 100)
    index = stories.CandidateIndex()
    for k in sorted(sigs):
        index.add(k, sigs[k])
    assert index._sorted_keys is not None and len(index._sorted_keys) >= 100  # arrays used


def test_paragraph_reuse_is_found_verbatim_and_nearly_verbatim():
    reuse = stories.ReuseIndex()
    reuse.add("intel", stories.paragraph_keys(STORY))
    host = [
        "Chipmakers had a busy week in Europe, with several rulings and new products.",
        STORY[1],  # verbatim
        "LONDON (Reuters) - " + STORY[3],  # a dateline in front: nearly verbatim
        "Analysts expect more cases to follow in the coming months in other industries.",
    ]
    found = reuse.find(stories.paragraph_keys(host))
    assert [(r.paragraph, r.other, r.other_paragraph, r.verbatim) for r in found] == [
        (1, "intel", 1, True),
        (2, "intel", 3, False),
    ]
    assert reuse.find(stories.paragraph_keys(host), exclude="intel") == []
    packed = stories.pack_paragraph_keys(stories.paragraph_keys(host))
    assert stories.unpack_paragraph_keys(packed) == stories.paragraph_keys(host)


def test_sketch_is_signature_and_paragraph_keys_in_one():
    s = stories.sketch(TITLE, STORY)
    assert s.signature == sig(TITLE, STORY)
    assert stories.unpack_paragraph_keys(s.paragraphs) == stories.paragraph_keys(STORY)


def test_compare_summarises_added_removed_changed_moved():
    a = [
        "First paragraph here.",
        "Second one, unchanged.",
        "The third one will be changed a little.",
        "Fourth stays.",
    ]
    b = [
        "A byline paragraph.",
        "FIRST paragraph here!",  # case and punctuation do not count
        "Fourth stays.",  # moved before the second
        "Second one, unchanged.",
        "The third one was changed a little.",
    ]
    c = stories.compare(a, b)
    assert c.added == [0]
    assert c.same[0] == (0, 1)
    assert c.changed == [(2, 4)]
    assert c.removed == []
    assert len(c.moved) == 1
    assert c.summary() == "1 paragraph added, 1 changed, 1 moved"
    assert stories.compare(a, a).summary() == "same text"
    assert stories.compare(a, a[:2]).summary() == "2 paragraphs removed"


def test_signatures_are_the_same_in_another_process():
    code = (
        "import sys; from newsgrep import stories; "
        f"sys.stdout.write(stories.signature({TITLE!r}, {STORY!r}).hex())"
    )
    env_runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert env_runs[0] == env_runs[1] == sig(TITLE, STORY).hex()


def test_signature_size():
    s = sig(TITLE, STORY)
    assert 131 <= len(s) <= 163
    assert stories.parse(s).shingles > 30


_text = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(" \n-0123456789'’é"),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_text, max_size=6), st.lists(_text, max_size=6), _text)
def test_never_crashes_on_arbitrary_text(a, b, title):
    sa, sb = sig(title, a), sig("", b)
    stories.match(sa, sb)
    stories.same_story(sa, sb)
    index = stories.CandidateIndex()
    index.add("a", sa)
    index.candidates(sb)
    group = stories.Stories()
    group.add("a", sa)
    group.add("b", sb)
    stories.Stories.from_state(group.state())
    stories.sketch(title, a)
    stories.compare(a, b).summary()
    reuse = stories.ReuseIndex()
    reuse.add("a", stories.paragraph_keys(a))
    reuse.find(stories.paragraph_keys(b))


def test_removing_a_copy_regroups_the_rest_of_its_story():
    arts = _articles()
    group = stories.Stories()
    for k in sorted(arts):
        group.add(k, sig(arts[k][0], arts[k][1]), arts[k][2], aid=f"id-{k}", source=f"S{k}")
    assert group.copies("a") == ["a", "c", "b", "g"]
    group.remove(["a"])  # the earliest copy goes: the next earliest represents the story
    assert group.groups()["c"] == ["c", "b", "g"]
    assert "a" not in group
    group.add("a", sig(arts["a"][0], arts["a"][1]), arts["a"][2], aid="id-a", source="Sa")
    assert group.copies("b") == ["a", "c", "b", "g"]
    story = {s.id: s for s in stories.Stories.from_state(group.state()).story_list()}["id-a"]
    assert [(c.key, c.source) for c in story.copies] == [
        ("a", "Sa"), ("c", "Sc"), ("b", "Sb"), ("g", "Sg")
    ]  # fmt: skip
    by_address = stories.read_story_map(group.story_map())
    assert by_address.get("g").id == "id-a" and len(by_address.get("g").copies) == 4
    assert by_address.get("x0") is None
    assert [s.id for s in by_address.stories()] == ["id-a", "id-d"]


def test_a_sites_menu_of_one_word_lines_does_not_make_its_pages_one_story():
    # NewsAPI items of Libération: a sentence of description, then the page's menu.
    menu = "Search Direct User 100 Zoom Quiz ? Libération clock xml netvibes live data edito"
    menu = menu.split()
    a = ["Le blogueur anticorruption devenu l'ennemi numéro 1 du Kremlin comparaît devant la "
         "justice ce mardi.", *menu]  # fmt: skip
    b = ["Détention prolongée d'Alexeï Navalny, violences policières, intimidations: "
         "l'acharnement du pouvoir russe est de plus en plus décrié.", *menu]  # fmt: skip
    assert not stories.same_story(sig("Alexeï Navalny", a), sig("Le Kremlin", b))
    assert stories.same_story(sig("Alexeï Navalny", a), sig("Navalny", a[:1] + menu[:5]))


# A host article of another story that lifts two paragraphs of STORY.
HOST_TITLE = "A busy week for chipmakers"
HOST = [
    "Chipmakers had a busy week in Europe, with several rulings and new products from many "
    "firms across the continent.",
    "Nokia showed three new handsets at a trade fair in Barcelona, where visitors queued for "
    "hours to try the touch screens.",
    STORY[1],  # verbatim
    "Infineon of Germany said its quarterly sales fell by a fifth as carmakers ordered fewer "
    "sensors and memory parts.",
    "LONDON (Reuters) - " + STORY[3],  # nearly verbatim
    "ARM Holdings, the British designer of mobile phone chips, said licensing revenue had held "
    "up better than analysts feared.",
    "STMicroelectronics cut another four thousand jobs in France and Italy, blaming weak "
    "demand from telecom equipment makers.",
]
COPY_PARAGRAPHS = ["BRUSSELS (Reuters) - " + STORY[0], *STORY[1:]]


def _add(group, key, title, paragraphs, date):
    s = stories.sketch(title, paragraphs)
    return group.add(key, s.signature, date, paragraphs=s.paragraphs)


def _reuse(group):
    return sorted((r.key, r.paragraph, r.other, r.other_paragraph, r.verbatim)
                  for r in group.reused())  # fmt: skip


def test_paragraphs_reused_by_another_story_are_recorded_not_those_of_copies():
    group = stories.Stories()
    _add(group, "intel", TITLE, STORY, dt.date(2009, 5, 13))
    _add(group, "copy", "Brussels hits Intel", COPY_PARAGRAPHS, dt.date(2009, 5, 14))
    assert group.copies("copy") == ["intel", "copy"]
    assert group.reused() == []  # a copy shares its paragraphs: that is not reuse
    _add(group, "week", HOST_TITLE, HOST, dt.date(2009, 5, 16))
    assert group.story("week") == "week"  # a story of its own
    # Paragraphs count from 1, the first body paragraph, as in search lines.
    assert _reuse(group) == [
        ("week", 3, "copy", 2, True),
        ("week", 3, "intel", 2, True),
        ("week", 5, "copy", 4, False),
        ("week", 5, "intel", 4, False),
    ]
    again = stories.Stories.from_state(group.state())
    assert _reuse(again) == _reuse(group) and again.groups() == group.groups()
    assert not again.map_changed
    again.remove(["intel"])
    assert again.map_changed
    # The copy was grouped again, and found the paragraphs of "week" again.
    assert {(r[0], r[2]) for r in _reuse(again)} == {("copy", "week")}
    assert len(again.reused()) == 2
    again.remove(["week"])
    assert again.reused() == []


def test_reuse_is_found_against_articles_read_back_from_a_state():
    group = stories.Stories()
    _add(group, "intel", TITLE, STORY, dt.date(2009, 5, 13))
    again = stories.Stories.from_state(group.state())
    _add(again, "week", HOST_TITLE, HOST, dt.date(2009, 5, 16))
    assert [(r.paragraph, r.other) for r in again.reused()] == [(3, "intel"), (5, "intel")]
    assert again.map_changed  # the map must be written again: it now holds reuse
    story_map = stories.read_story_map(again.story_map())
    assert story_map.records_reuse and story_map.reuse_count() == 2
    assert [(r.paragraph, r.other, r.other_paragraph) for r in story_map.reused("intel")] == [
        (2, "week", 3),
        (4, "week", 5),
    ]


def test_a_state_read_back_answers_as_before_scanned_or_sorted(monkeypatch):
    """Loaded pairs are scanned for the first lookups, then sorted: the same answers."""
    rng = random.Random(11)
    words = [f"w{i}" for i in range(300)]
    texts = {
        f"a{n}": [" ".join(rng.choice(words) for _ in range(40)) for _ in range(3)]
        for n in range(40)
    }
    group = stories.Stories()
    for k in sorted(texts):
        _add(group, k, f"headline {k}", texts[k], None)
    data = group.state()
    copies = {f"copy{n}": texts[f"a{n}"][:2] for n in range(0, 40, 4)}

    def grouped(scans):
        monkeypatch.setattr(stories._Buckets, "SCANS", scans)
        again = stories.Stories.from_state(data)
        for k in sorted(copies):
            _add(again, k, "another headline", copies[k], None)
        return again.groups(), _reuse(again), again.index._base_keys is None

    scanned, sorted_ = grouped(10**6), grouped(0)
    assert scanned[2] is False and sorted_[2] is True  # both ways were taken
    assert scanned[:2] == sorted_[:2]
    assert all(scanned[0][f"a{n}"] == [f"a{n}", f"copy{n}"] for n in range(0, 40, 4))


def _state_v2(group) -> bytes:
    """A stories state as index format 12 wrote it (version 2), from its lists."""
    import struct
    import zlib

    live = [s for s, k in enumerate(group._keys) if k is not None]
    number = {s: i for i, s in enumerate(live)}
    out = [struct.pack("<I", len(live))]
    for s in live:
        for text in (group._keys[s], group._aids[s], group._sources[s]):
            raw = text.encode()
            out.append(struct.pack("<H", len(raw)) + raw)
        sig = group._sigs[s]
        out.append(
            struct.pack("<IB", group._dates[s], len(sig))
            + sig
            + struct.pack("<I", number[group._rep(s)])
        )
    return bytes([2]) + zlib.compress(b"".join(out))


def test_a_state_of_the_format_before_is_read_and_grows():
    group = stories.Stories()
    _add(group, "intel", TITLE, STORY, dt.date(2009, 5, 13))
    _add(group, "copy", "Brussels hits Intel", COPY_PARAGRAPHS, dt.date(2009, 5, 14))
    old = stories.Stories.from_state(_state_v2(group))
    assert old.groups() == {"intel": ["intel", "copy"]}
    # Its articles have no paragraph keys: reuse is found among new articles only.
    _add(old, "week", HOST_TITLE, HOST, dt.date(2009, 5, 16))
    assert old.reused() == [] and old.story("week") == "week"
    _add(old, "week2", HOST_TITLE + " again", HOST[2:], dt.date(2009, 5, 20))
    assert stories.Stories.from_state(old.state()).groups() == old.groups()


def test_a_damaged_state_is_refused():
    group = stories.Stories()
    _add(group, "intel", TITLE, STORY, dt.date(2009, 5, 13))
    data = group.state()
    for bad in (data[:-3], data[:20], b"\x03" + data[1:5] + b"\xff" * 40, b"\x09" + data[1:]):
        try:
            stories.Stories.from_state(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted a damaged state: {bad[:12]!r}")


def test_many_candidates_are_sifted_in_one_pass_as_same_story_would():
    rng = random.Random(12)
    words = "market shares fell rose percent index traders oil price bank rate".split()

    def report(n):  # one template, changing words and figures: near-copies of each other
        return [
            f"The composite index of the exchange {rng.choice(words)} {n % 7} points on "
            f"{day} as traders weighed the outlook for {rng.choice(words)} and the dollar."
            for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
        ]

    texts = [report(n) for n in range(300)]
    sigs = [stories.signature(f"Report {n}", text) for n, text in enumerate(texts)]
    sigs += [sig(TITLE, STORY), sig(HOST_TITLE, HOST)]  # strangers to the reports
    sigs.append(stories.signature("Report 0, cut", texts[0][:4]))  # a trimmed copy of it
    slots = list(range(1, len(sigs)))
    mine = sigs[0]
    kept = stories._similar_enough(mine, slots, sigs)
    assert 0 < len(kept) < len(slots)  # it really sifts, and keeps some
    assert kept == sorted(kept)  # in their order
    copies = [c for c in slots if stories.same_story(mine, sigs[c])]
    assert [c for c in kept if stories.same_story(mine, sigs[c])] == copies
    assert len(sigs) - 1 in copies and set(copies) <= set(kept)


def test_a_template_flood_costs_each_article_a_bounded_number_of_comparisons(monkeypatch):
    def report(n):  # one form filled with other figures each time: no two are one story
        return [
            f"The composite index of the exchange rose {n} points on {day} to close at "
            f"{1000 + n} as traders weighed the outlook for oil and the dollar."
            for day in ("Monday", "Tuesday", "Wednesday", "Thursday")
        ]

    monkeypatch.setattr(stories, "BAND_LIMIT", 100)
    monkeypatch.setattr(stories, "MOST_COMPARED", 8)
    compared = []
    real = stories.same_story

    def counted(a, b, days_apart=None):
        compared[-1] += 1
        return real(a, b, days_apart)

    monkeypatch.setattr(stories, "same_story", counted)
    group = stories.Stories()
    for n in range(200):
        compared.append(0)
        group.add(f"report-{n:03d}", sig(f"Index report {n}", report(n)))
    assert group.index.limited > 0  # the bands really were full
    # compared with all of fewer than _MANY_CANDIDATES candidates, else with the 8 most
    # alike: never with all of a flood that grows with the archive
    assert max(compared) < stories._MANY_CANDIDATES
    compared.append(0)
    rep = group.add("report-198-copy", sig("Index report 198", report(198)))
    assert rep == "report-198"  # a copy of a recent one is still found
    assert len(group.groups()) == 1


def test_reuse_read_from_an_anchors_newest_refs_is_what_all_of_them_give(monkeypatch):
    rng = random.Random(33)
    standing = "Reporting by the newsroom desk; editing by the night editor of the wire."
    shared = [_paragraph(rng) for _ in range(4)]

    def grouped(peek):
        monkeypatch.setattr(stories, "_REUSE_PEEK", peek)
        group = stories.Stories()
        r = random.Random(34)
        for n in range(60):  # a standing line in all; some paragraphs in a few of them
            paragraphs = [_paragraph(r), standing, shared[n % 4] if n % 3 else _paragraph(r)]
            paragraphs += [shared[0]] * (n % 7 == 0)
            _add(group, f"a{n:02d}", f"Item {n}", paragraphs, dt.date(2009, 5, 1 + n % 20))
        return _reuse(group)

    everything = grouped(10**9)
    assert everything and not any(r[1] == 2 for r in everything)  # the standing line: none
    assert grouped(2) == everything == grouped(30)  # read again; read only in part
