#!/usr/bin/env python3
"""Generate a synthetic news archive in the newsdex article format, at any size, without downloads.

Usage:
    scripts/gen_corpus.py --out DIR --count N [--seed S] [--start DATE] [--end DATE] [--jobs N]
                          [--dup-share F] [--undated-share F] [--vocab-size V] [--stories K]
                          [--zipf S] [--per-folder N] [--queries FILE] [--force] [--quiet]

Python 3.11 standard library only. Streams: memory stays constant whatever --count is (about 60 MB per process
for the vocabulary and its lookup table, plus the last 1,000 articles of the folder being written).

Output (one UTF-8/ASCII file per article):
    DIR/0000/syn-0000000.txt ... DIR/0000/syn-0009999.txt, DIR/0001/syn-0010000.txt, ...
  Article number i (0-based) goes to folder i // --per-folder (default 10,000 files per folder, at most 10,000;
  folder names are zero-padded to 4 digits, more when needed), with id syn-NNNNNNN (7 digits, more when
  needed). Each file is:
    line 1   " date YYYY-MM-DD Headline Words In Title Case"   (5-12 words)
    line 2   blank
    rest     2-6 paragraphs, one line each, separated by one blank line; the body has 60-600 words,
             log-normally spread with a mean of about 150 (Reuters-21578 averages about 130)
  An undated article (--undated-share, default 0.005) has the headline alone on line 1.

How the text is made (everything derives from --seed, so the same options give byte-identical files,
whatever --jobs is):
  Vocabulary  --vocab-size words (default 100,000) ranked by frequency and sampled with Zipf-Mandelbrot
              weights 1/(rank+1)^S (--zipf, default 1.07; the +1 keeps "the" near 6% of tokens, as in
              English, instead of 11%). The top 343 ranks are real English function words and very common
              news words (the, of, to, and, a, in, said, for, ...), so stopword behaviour is realistic: they
              make up about half of running text. The rest are pronounceable lowercase pseudo-words built from
              syllables (onset + vowel + coda: "petreen", "lisoud", "gondyit"), shorter at frequent ranks; about
              a fifth are inflections of earlier pseudo-words (-s, -ed, -ing, -er, -ly, -ion, -ment), so
              stemming conflates them as it would English. A log-log fit of rank against frequency in the output
              gives a slope of about -1.0. Sampling is exact inverse-CDF sampling on a 32-bit scale: a
              2^22-cell lookup table resolves about 98% of draws, the rest take a bisect.
  Numbers     about 2% of body tokens are numbers (12, 3.5, 1450, years inside the date range).
  Stories     --stories topics (default 500). Each has 15-40 characteristic words drawn log-uniformly from
              the mid-frequency ranks (about 1%-30% of the vocabulary), with Zipf weights among themselves,
              and 1-4 capitalised one- or two-word names ("Marlow Bay"). Every article belongs to one story
              (stories differ in popularity, log-normal weights); 4-10% of its body tokens are replaced by
              story words and 1-3 by story names; about half its headline words come from the story. A story
              runs for a window of 14-180 days (log-uniform) placed uniformly in --start..--end; its articles'
              dates fall inside the window, front-loaded (most coverage early), and weekend days keep only
              about 35% of the weekday volume. With the defaults about 4 stories run at any one time and
              each story gets --count/500 articles on average: raise --stories for a broader mix.
  Near-copies --dup-share (default 0.05) of the articles are reprints of an earlier article of the same
              folder (one of its last 1,000 originals): the same body with 1-4 words changed or inserted,
              sometimes a sentence or paragraph added or the last paragraph dropped, the same or a new
              headline of the same story, dated 0-3 days after the original.
  Sentences   6-45 words (mean about 20), first letter capitalised, ending in a period, often one comma.

--queries FILE also writes a 1000-query test mix in the format of ../shared/peers/queries-reuters.tsv,
"QID<TAB>QUERY[<TAB>FROM..TO]" with QIDs q0001..q1000 in shuffled order:
    300 one-word, 250 two-word, 250 three-word queries (story words and mid-frequency words, lowercase),
    100 quoted 2-3 word phrases cut from generated articles ("\"word word\""), and
    100 one- or two-word story queries with an inclusive date range YYYY-MM-DD..YYYY-MM-DD in the third
    column (60% around the story's window, 40% a window of a week to five years holding one of its days).
In newsdex syntax a range is `QUERY date:FROM..TO`.

--jobs N splits the work by output folder over N processes (multiprocessing); each folder has its own random
stream seeded from (--seed, folder number), so the output does not depend on N.

A summary goes to stderr: articles, near-copies, undated, folders, bytes, wall and CPU seconds, articles/s.
A non-empty --out is refused unless --force (files of the same name are then overwritten, others left).
Exit status: 0 on success, 2 on a usage error, 130 when interrupted (Ctrl-C or SIGTERM; the files written so
far stay).

Examples:
    scripts/gen_corpus.py --out /tmp/syn20k --count 20000 --queries /tmp/syn20k.queries.tsv
    scripts/gen_corpus.py --out /data/syn1m --count 1000000 --jobs 4 --seed 7
"""

import argparse
import bisect
import collections
import datetime
import itertools
import math
import multiprocessing
import operator
import os
import random
import resource
import signal
import sys
import time

PROG = "gen_corpus"

# Real English function words and very common newswire words, roughly in frequency order. They take the
# top ranks of the Zipf distribution (duplicates are dropped, order kept).
FUNCTION_WORDS_TEXT = """
the of to and a in said for on is that it was by with at as from he be has its would will have which but are
were an not this had also their they been more year his or after up new last one about two than who other there
over into we percent million government first people could told three she her i you our some all out when can
years billion time may only no week since if so company what while before against under most because them him
state now such being between during these those just both per through many officials country made any where
then well us back still month including do did next four how even each market police minister president
members say says part around told among number five expected world group party city national former off down
make take set high end called added based according there should another same local very much day days take
early earlier later public used use second third could further due second without however here my me your
them whose until within told including support plan plans officials report added already again close major
around least help several only own called whether though although yet nor either neither every few less
little long great good old big small large many next past present recent top local general service services
family home work way part place case point times months weeks today tuesday wednesday thursday friday monday
saturday sunday meeting talks deal deals price prices rate rates share shares trade issue issues official
spokesman statement news business economic economy bank banks money budget tax costs cost growth sales
income profit loss half quarter chief head law court security forces power political election vote leader
leaders former team game season children women men man woman life health school water land area region
university research system program project million order based agreement decision move following set open
held hold left right made making taken given known found run running show shows called asked told went came
come comes going get got gets put told want wants need needs seen see look looks think thought believe
""".split()

# Function words allowed in headlines ("Mediator Appointed To End Marlow Bay Port Dispute").
HEADLINE_FUNCTION_WORDS = "to in of for on as at with after over against from by amid".split()
HEADLINE_LENGTHS = (5, 6, 6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 10, 10, 11, 12)

# Syllable inventory (repetition = weight): mostly consonant + vowel, codas often empty.
ONSETS = ("b c d f g h k l m n p r s t v w b c d f g h k l m n p r s t v w b c d g l m n p r s t "
          "j y z br bl cr cl dr fr gr pr pl tr st sp sh ch th").split()
NUCLEI = "a e i o u a e i o u a e i o u a e i o a e ea ee oo ou ai oa ie".split()
CODAS = [""] * 14 + "n r s t l m d n r s t l nd nt st ck ng ll rt ss".split()
SUFFIXES = ["s", "s", "s", "ed", "ed", "ing", "ing", "er", "ly", "ion", "ment"]

MAX_PER_FOLDER = 10000
RING = 1000                 # originals kept per folder for near-copies
TABLE_BITS = 22             # lookup table of 2^22 cells over the 32-bit cumulative scale
SHIFT = 32 - TABLE_BITS     # bits below the cell index
SCALE = 1 << 32
MASK_HIGH = bytes(b & ((1 << (TABLE_BITS - 16)) - 1) for b in range(256))
ZIPF_Q = 1.0                # Zipf-Mandelbrot offset: weight 1/(rank + 1)^S ("the" ~6% rather than ~11%)
WEEKEND_KEEP = 0.35
LEN_MU, LEN_SIGMA, LEN_MIN, LEN_MAX = 4.80, 0.55, 60, 600   # body words: mean ~150 after truncation


def log(msg):
    print(f"{PROG}: {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------------------
# Model: vocabulary, Zipf tables, stories. Built once per process from the configuration.

class Model:
    def __init__(self, cfg):
        self.cfg = cfg
        rng = random.Random(f"{cfg['seed']}/model")
        fw = list(dict.fromkeys(FUNCTION_WORDS_TEXT))
        self.nfw = len(fw)
        self.function_words = frozenset(fw)
        self.words = self._build_vocab(rng, fw, cfg["vocab_size"])
        self._build_tables(cfg["zipf"])
        self.numbers = self._build_numbers(rng)
        self.sentence_lengths = [min(45, 6 + int(rng.expovariate(0.07))) for _ in range(4096)]
        self._build_stories(rng)

    @staticmethod
    def _make_word(rng, nsyl):
        parts = []
        for k in range(nsyl):
            onset = rng.choice(ONSETS)
            if k == 0 and rng.random() < 0.15:
                onset = ""
            parts.append(onset + rng.choice(NUCLEI) + rng.choice(CODAS))
        return "".join(parts)

    @staticmethod
    def _inflect(base, suffix):
        if suffix[0] in "aeiou" and base.endswith("e"):
            base = base[:-1]
        if suffix == "s" and base[-1] in "sxh":
            suffix = "es"
        if suffix == "ly" and base.endswith("y"):
            base = base[:-1] + "i"
        return base + suffix

    def _build_vocab(self, rng, fw, size):
        words = list(fw)
        seen = set(words)
        bases = []
        while len(words) < size:
            r = len(words)
            if r > 1000 and bases and rng.random() < 0.2:
                lo = max(0, len(bases) // 4 - 1)
                w = self._inflect(bases[rng.randrange(lo, len(bases))], rng.choice(SUFFIXES))
                is_base = False
            else:
                if r < 2000:
                    nsyl = rng.choice((1, 1, 2, 2, 2))
                elif r < 20000:
                    nsyl = rng.choice((2, 2, 2, 2, 3, 3, 3))
                else:
                    nsyl = rng.choice((2, 2, 2, 3, 3, 3, 3, 4))
                w = self._make_word(rng, nsyl)
                is_base = True
            if len(w) < 3 or len(w) > 14 or w in seen or any(a == b == c for a, b, c in zip(w, w[1:], w[2:])):
                continue
            seen.add(w)
            words.append(w)
            if is_base:
                bases.append(w)
        return words

    def _build_tables(self, s):
        weights = [(r + ZIPF_Q) ** -s for r in range(1, len(self.words) + 1)]
        total = math.fsum(weights)
        cw, acc = [], 0.0
        for w in weights:
            acc += w
            cw.append(int(acc / total * SCALE))
        cw[-1] = SCALE
        # cw[i] is the exclusive upper bound of word i on the 32-bit scale; bisect_right(cw, x) -> word.
        table = [""] * (1 << TABLE_BITS)
        prev = 0
        words = self.words
        for i, c in enumerate(cw):
            j0 = -(-prev >> SHIFT)
            j1 = c >> SHIFT
            if j1 > j0:
                table[j0:j1] = [words[i]] * (j1 - j0)
            prev = c
        self.cw = cw
        self.table = table
        self.c_fw = cw[self.nfw - 1]            # start of the non-function words on the 32-bit scale

    def _build_numbers(self, rng):
        y0 = int(self.cfg["start"][:4])
        y1 = int(self.cfg["end"][:4])
        out = []
        for _ in range(4000):
            r = rng.random()
            if r < 0.4:
                out.append(str(rng.randint(2, 99)))
            elif r < 0.65:
                out.append(f"{rng.randint(0, 99)}.{rng.randint(1, 9)}")
            elif r < 0.85:
                out.append(str(rng.randint(100, 9999)))
            else:
                out.append(str(rng.randint(y0 - 5, y1)))
        return out

    def _build_stories(self, rng):
        cfg = self.cfg
        V, nfw = len(self.words), self.nfw
        mid_lo = nfw + max(1, (V - nfw) // 100)
        mid_hi = nfw + max(2, (V - nfw) * 3 // 10)
        self.mid_lo, self.mid_hi = mid_lo, mid_hi
        start_ord = datetime.date.fromisoformat(cfg["start"]).toordinal()
        end_ord = datetime.date.fromisoformat(cfg["end"]).toordinal()
        span = end_ord - start_ord + 1
        self.start_ord, self.end_ord = start_ord, end_ord

        def log_rank(lo, hi):
            return min(hi - 1, int(math.exp(rng.uniform(math.log(lo), math.log(hi)))))

        stories = []
        pop = []
        for _ in range(cfg["stories"]):
            n = rng.randint(15, 40)
            sw = list(dict.fromkeys(self.words[log_rank(mid_lo, mid_hi)] for _ in range(n)))
            scw, acc = [], 0.0
            for k in range(len(sw)):
                acc += 1.0 / (k + 1)
                scw.append(acc)
            names = []
            for _ in range(rng.randint(1, 4)):
                k = 1 if rng.random() < 0.6 else 2
                names.append(" ".join(self.words[log_rank(mid_lo, V)].capitalize() for _ in range(k)))
            length = min(span, int(math.exp(rng.uniform(math.log(14), math.log(181)))))
            first = start_ord + rng.randrange(span - length + 1)
            stories.append((sw, scw, names, first, length))
            pop.append(rng.lognormvariate(0.0, 1.0))
        self.stories = stories
        self.story_cum = list(itertools.accumulate(pop))

    # --- sampling helpers (rng passed in: each folder has its own stream) ---

    def sample(self, rng, n):
        """n (>= 1) words from the full Zipf distribution.

        A draw is a uniform 32-bit x = (cell << SHIFT) | low; word i owns [cw[i-1], cw[i]). The cell index comes
        from 3 random bytes (22 bits) assembled in C and looked up with itemgetter; a cell wholly inside one
        word's range is stored as that word, a cell shared by several words as "" and resolved by drawing the
        low bits and bisecting (about 2% of draws). Exact, and no Python-level loop per word."""
        rb = rng.randbytes(3 * n)
        buf = bytearray(4 * n)
        buf[0::4] = rb[0::3]
        buf[1::4] = rb[1::3]
        buf[2::4] = rb[2::3].translate(MASK_HIGH)
        idx = memoryview(buf).cast("I")
        got = operator.itemgetter(*idx)(self.table)
        if n == 1:
            got = (got,)
        toks = list(got)
        if "" in toks:
            words, cw, br, bits = self.words, self.cw, bisect.bisect_right, rng.getrandbits
            i = 0
            try:
                while True:
                    i = toks.index("", i)
                    toks[i] = words[br(cw, (idx[i] << SHIFT) | bits(SHIFT))]
            except ValueError:
                pass
        return toks

    def content_word(self, rng):
        """One word from the Zipf distribution restricted to the non-function words."""
        x = self.c_fw + int(rng.random() * (SCALE - self.c_fw))
        return self.table[x >> SHIFT] or self.words[bisect.bisect_right(self.cw, x)]

    def rank_between(self, rng, lo, hi):
        """A Zipf-weighted 0-based rank in [lo, hi)."""
        a = self.cw[lo - 1] if lo > 0 else 0
        b = self.cw[hi - 1]
        return min(hi - 1, max(lo, bisect.bisect_right(self.cw, a + int(rng.random() * (b - a)))))

    def pick_story(self, rng):
        cum = self.story_cum
        return bisect.bisect_right(cum, rng.random() * cum[-1], 0, len(cum) - 1)

    def story_word(self, rng, st):
        sw, scw = st[0], st[1]
        return sw[bisect.bisect_right(scw, rng.random() * scw[-1], 0, len(scw) - 1)]

    def story_date(self, rng, st):
        first, length = st[3], st[4]
        for _ in range(5):
            o = first + int(length * rng.random() ** 1.6)
            if (o - 1) % 7 < 5 or rng.random() < WEEKEND_KEEP:   # ordinal 1 (0001-01-01) is a Monday
                break
        return o

    def headline(self, rng, st):
        """5-12 distinct words, about half from the story, maybe one of its names, in Title Case."""
        rnd = rng.random
        n = HEADLINE_LENGTHS[int(rnd() * len(HEADLINE_LENGTHS))]
        sw, scw = st[0], st[1]
        top = scw[-1]
        nsw = len(sw) - 1
        table, cw, words, c_fw = self.table, self.cw, self.words, self.c_fw
        hw = []
        while len(hw) < n:
            r = rnd()
            if r < 0.5:
                w = sw[bisect.bisect_right(scw, rnd() * top, 0, nsw)]
            elif r < 0.65:
                w = HEADLINE_FUNCTION_WORDS[int(rnd() * len(HEADLINE_FUNCTION_WORDS))]
            else:
                x = c_fw + int(rnd() * (SCALE - c_fw))
                w = table[x >> SHIFT] or words[bisect.bisect_right(cw, x)]
            if w not in hw:
                hw.append(w)
        if hw[0] in HEADLINE_FUNCTION_WORDS:
            hw.append(hw.pop(0))
        if rnd() < 0.5:                               # a story name replaces one or two words
            name = st[2][int(rnd() * len(st[2]))]
            k = name.count(" ") + 1
            i = int(rnd() * (len(hw) - k + 1))
            hw[i:i + k] = [name]
        return " ".join(hw).title()

    def body(self, rng, st):
        """Paragraph strings: 60-600 words (story words, names and numbers mixed in) in sentences."""
        rnd = rng.random
        while True:
            n = int(rng.lognormvariate(LEN_MU, LEN_SIGMA))
            if LEN_MIN <= n <= LEN_MAX - 3:          # two-word names may add up to 3 words
                break
        toks = self.sample(rng, n)
        k = int(n * (0.04 + 0.06 * rnd()) + rnd())
        if k:
            for w in rng.choices(st[0], cum_weights=st[1], k=k):
                toks[int(rnd() * n)] = w
        names = st[2]
        for _ in range(1 + int(rnd() * 3)):
            toks[int(rnd() * n)] = names[int(rnd() * len(names))]
        nums = self.numbers
        for _ in range(int(n * 0.02 + rnd())):
            toks[int(rnd() * n)] = nums[int(rnd() * len(nums))]
        # sentences: capital first letter, maybe a comma, final period
        sl = self.sentence_lengths
        nsl = len(sl)
        ends = []
        s = 0
        while s < n:
            e = s + sl[int(rnd() * nsl)]
            if n - e < 5:
                e = n
            if e - s > 9 and rnd() < 0.6:
                c = s + 2 + int(rnd() * (e - s - 4))
                toks[c] += ","
            t = toks[s]
            toks[s] = t[0].upper() + t[1:]
            toks[e - 1] += "."
            ends.append(e)
            s = e
        # paragraphs: 2-6 (about one per 45 words), cut at sentence ends
        ns = len(ends)
        p = min(6, max(2, int(n / 45 + rnd())), ns)
        cut = set()
        while len(cut) < p - 1:
            cut.add(int(rnd() * (ns - 1)))
        bounds = [0]
        bounds.extend(ends[c] for c in sorted(cut))
        bounds.append(n)
        return [" ".join(toks[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]


MODEL = None


def get_model(cfg):
    global MODEL
    if MODEL is None or MODEL.cfg != cfg:
        MODEL = Model(cfg)
    return MODEL


# ----------------------------------------------------------------------------------------------------------
# Near-copies and phrase candidates

def near_copy(m, rng, orig_paras):
    """A reprint: 1-4 small edits, maybe a paragraph added or the last one dropped; keeps 60-600 words."""
    paras = list(orig_paras)
    nwords = sum(p.count(" ") + 1 for p in paras)
    for _ in range(1 + int(rng.random() * 4)):
        pi = int(rng.random() * len(paras))
        ws = paras[pi].split(" ")
        r = rng.random()
        k = 6 + int(rng.random() * 12)
        if r < 0.5 or nwords >= LEN_MAX:              # change a word, keeping punctuation and capital
            j = int(rng.random() * len(ws))
            old = ws[j]
            tail = old[len(old.rstrip(".,")):]
            new = m.sample(rng, 1)[0]
            if old[:1].isupper():
                new = new[0].upper() + new[1:]
            ws[j] = new + tail
        elif r < 0.85 or nwords + k > LEN_MAX:        # insert a word
            j = 1 + int(rng.random() * max(1, len(ws) - 1))
            ws.insert(j, m.content_word(rng) if rng.random() < 0.6 else m.sample(rng, 1)[0])
            nwords += 1
        else:                                         # add a sentence at the paragraph's end
            s = " ".join(m.sample(rng, k))
            ws.append(s[0].upper() + s[1:] + ".")
            nwords += k
        paras[pi] = " ".join(ws)
    r = rng.random()
    k = min(8 + int(rng.random() * 15), LEN_MAX - nwords)
    if r < 0.15 and len(paras) < 6 and k >= 5:        # a paragraph added
        s = " ".join(m.sample(rng, k))
        paras.append(s[0].upper() + s[1:] + ".")
    elif r < 0.3 and len(paras) > 2 and nwords - (paras[-1].count(" ") + 1) >= LEN_MIN:
        paras.pop()                                   # the last paragraph dropped
    return paras


def phrase_from(m, rng, paras):
    for _ in range(30):
        ws = paras[int(rng.random() * len(paras))].split(" ")
        k = 2 if rng.random() < 0.6 else 3
        if len(ws) < k:
            continue
        i = int(rng.random() * (len(ws) - k + 1))
        seg = ws[i:i + k]
        if any(w[-1] in ".," for w in seg[:-1]):
            continue
        seg = [w.rstrip(".,").lower() for w in seg]
        if any(not w.isalpha() for w in seg):
            continue
        if all(w in m.function_words for w in seg):
            continue
        return " ".join(seg)
    return None


# ----------------------------------------------------------------------------------------------------------
# One output folder

def gen_folder(task):
    cfg, folder, first, n, want_phrases = task
    m = get_model(cfg)
    seed = cfg["seed"]
    rng = random.Random(f"{seed}/folder/{folder}")
    prng = random.Random(f"{seed}/phrases/{folder}")
    d = os.path.join(cfg["out"], f"{folder:0{cfg['fwidth']}d}")
    os.makedirs(d, exist_ok=True)
    iw = cfg["iwidth"]
    dup_share, undated_share = cfg["dup_share"], cfg["undated_share"]
    end_ord = m.end_ord
    stories = m.stories
    ring = collections.deque(maxlen=RING)
    pick = collections.Counter((k * n) // want_phrases for k in range(want_phrases))   # article -> phrases
    phrases = []
    nbytes = dups = undated = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fromord = datetime.date.fromordinal
    for j in range(n):
        if ring and rng.random() < dup_share:
            si, o, head, paras = ring[int(rng.random() * len(ring))]
            st = stories[si]
            paras = near_copy(m, rng, paras)
            if rng.random() < 0.4:
                head = m.headline(rng, st)
            o = min(end_ord, o + int(rng.random() * 4))
            dups += 1
        else:
            si = m.pick_story(rng)
            st = stories[si]
            o = m.story_date(rng, st)
            head = m.headline(rng, st)
            paras = m.body(rng, st)
            ring.append((si, o, head, paras))
        if rng.random() < undated_share:
            line1 = head
            undated += 1
        else:
            line1 = f" date {fromord(o).isoformat()} {head}"
        data = (line1 + "\n\n" + "\n\n".join(paras) + "\n").encode("ascii")
        fd = os.open(f"{d}/syn-{first + j:0{iw}d}.txt", flags, 0o644)
        try:
            if os.write(fd, data) != len(data):
                raise OSError(f"short write to {d}/syn-{first + j:0{iw}d}.txt")
        finally:
            os.close(fd)
        nbytes += len(data)
        for _ in range(pick.get(j, 0)):
            p = phrase_from(m, prng, paras)
            if p:
                phrases.append(p)
    return folder, n, nbytes, dups, undated, phrases


# ----------------------------------------------------------------------------------------------------------
# Queries

def write_queries(m, path, seed, phrase_pool):
    rng = random.Random(f"{seed}/queries")
    kinds = ["1"] * 300 + ["2"] * 250 + ["3"] * 250 + ["p"] * 100 + ["d"] * 100
    rng.shuffle(kinds)

    def mid_word():
        return m.words[m.rank_between(rng, m.nfw, m.mid_hi)]

    def story_term(st):
        if rng.random() < 0.2:
            return rng.choice(rng.choice(st[2]).split()).lower()
        return m.story_word(rng, st)

    def words_for(k, p_story):
        st = m.stories[m.pick_story(rng)]
        out = []
        for _ in range(100):
            if len(out) == k:
                break
            w = story_term(st) if rng.random() < p_story else mid_word()
            if w not in out:
                out.append(w)
        return " ".join(out), st

    iso = lambda o: datetime.date.fromordinal(o).isoformat()
    lines = []
    phr = list(dict.fromkeys(phrase_pool))          # distinct phrases, used once each while they last
    for i, kind in enumerate(kinds, 1):
        extra = ""
        if kind == "1":
            q = words_for(1, 0.5)[0]
        elif kind == "2":
            q = words_for(2, 0.65)[0]
        elif kind == "3":
            q = words_for(3, 0.65)[0]
        elif kind == "p":
            if phr:
                q = phr.pop(rng.randrange(len(phr)))
            elif phrase_pool:
                q = rng.choice(phrase_pool)
            else:
                q = words_for(2, 1.0)[0]
            q = f'"{q}"'
        else:
            q, st = words_for(rng.choice((1, 2)), 0.8)
            if rng.random() < 0.6:
                a = st[3] - rng.randint(0, 30)
                b = st[3] + st[4] - 1 + rng.randint(0, 60)
            else:                                     # a week to 5 years holding one of its dates
                length = int(math.exp(rng.uniform(math.log(7), math.log(5 * 365))))
                a = m.story_date(rng, st) - rng.randint(0, length)
                b = a + length
            a = max(m.start_ord, min(a, m.end_ord))
            b = max(a, min(b, m.end_ord))
            extra = f"\t{iso(a)}..{iso(b)}"
        lines.append(f"q{i:04d}\t{q}{extra}\n")
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    return len(lines)


# ----------------------------------------------------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="gen_corpus.py", description=__doc__.split("\n\n", 1)[0],
        epilog=__doc__.split("\n\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)

    def date_arg(s):
        try:
            return datetime.date.fromisoformat(s).isoformat()
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {s!r}")

    def share(s):
        v = float(s)
        if not 0.0 <= v <= 1.0:
            raise argparse.ArgumentTypeError(f"must be within 0..1: {s}")
        return v

    ap.add_argument("--out", required=True, help="output folder (created; must be empty unless --force)")
    ap.add_argument("--count", required=True, type=int, help="number of articles to write (>= 1)")
    ap.add_argument("--seed", type=int, default=1, help="random seed; same options -> same bytes (default 1)")
    ap.add_argument("--start", type=date_arg, default="2000-01-01", help="first date (default 2000-01-01)")
    ap.add_argument("--end", type=date_arg, default="2024-12-31", help="last date (default 2024-12-31)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes, split by output folder (default 1)")
    ap.add_argument("--dup-share", type=share, default=0.05,
                    help="share of near-copies of an earlier article (default 0.05)")
    ap.add_argument("--undated-share", type=share, default=0.005,
                    help="share of articles without a date line (default 0.005)")
    ap.add_argument("--vocab-size", type=int, default=100000, help="vocabulary size (default 100000, >= 2000)")
    ap.add_argument("--stories", type=int, default=500, help="number of stories/topics (default 500)")
    ap.add_argument("--zipf", type=float, default=1.07, help="Zipf exponent of word frequencies (default 1.07)")
    ap.add_argument("--per-folder", type=int, default=MAX_PER_FOLDER,
                    help=f"articles per subfolder (default and maximum {MAX_PER_FOLDER})")
    ap.add_argument("--queries", metavar="FILE", help="also write a 1000-query TSV mix to FILE")
    ap.add_argument("--force", action="store_true", help="allow writing into a non-empty --out")
    ap.add_argument("--quiet", action="store_true", help="no progress lines (the summary is still printed)")
    a = ap.parse_args(argv)
    if a.count < 1:
        ap.error("--count must be >= 1")
    if a.jobs < 1:
        ap.error("--jobs must be >= 1")
    if a.vocab_size < 2000:
        ap.error("--vocab-size must be >= 2000")
    if a.stories < 1:
        ap.error("--stories must be >= 1")
    if not 0.5 <= a.zipf <= 2.0:
        ap.error("--zipf must be within 0.5..2.0")
    if not 1 <= a.per_folder <= MAX_PER_FOLDER:
        ap.error(f"--per-folder must be within 1..{MAX_PER_FOLDER}")
    if a.start > a.end:
        ap.error("--start is after --end")
    if os.path.exists(a.out) and not os.path.isdir(a.out):
        ap.error(f"--out exists and is not a folder: {a.out}")
    if os.path.isdir(a.out) and not a.force:
        with os.scandir(a.out) as it:
            if any(True for _ in it):
                ap.error(f"--out is not empty: {a.out} (use --force to write into it)")
    return a


def _worker_signals():
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # the parent handles Ctrl-C and terminates the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _interrupt)
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    c0 = r0.ru_utime + r0.ru_stime
    nfolders = (a.count + a.per_folder - 1) // a.per_folder
    cfg = dict(seed=a.seed, start=a.start, end=a.end, vocab_size=a.vocab_size, stories=a.stories,
               zipf=a.zipf, out=a.out, dup_share=a.dup_share, undated_share=a.undated_share,
               fwidth=max(4, len(str(nfolders - 1))), iwidth=max(7, len(str(a.count - 1))))
    os.makedirs(a.out, exist_ok=True)
    m = get_model(cfg)          # built before forking, so workers inherit it
    t_model = time.perf_counter() - t0
    want = 0
    if a.queries:
        want = max(5, -(-300 // nfolders))
    tasks = ((cfg, f, f * a.per_folder, min(a.per_folder, a.count - f * a.per_folder), want)
             for f in range(nfolders))
    jobs = min(a.jobs, nfolders)
    tot = dict(n=0, bytes=0, dups=0, undated=0)
    reservoir, seen_phr = [], 0
    qrng = random.Random(f"{a.seed}/reservoir")
    last = time.perf_counter()
    pool = None
    try:
        if jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            pool = ctx.Pool(jobs, initializer=_worker_signals)
            results = pool.imap(gen_folder, tasks, chunksize=1)
        else:
            results = map(gen_folder, tasks)
        for folder, n, nbytes, dups, undated, phrases in results:   # in folder order: deterministic
            tot["n"] += n
            tot["bytes"] += nbytes
            tot["dups"] += dups
            tot["undated"] += undated
            for p in phrases:                        # reservoir sample of 100 phrases, constant memory
                seen_phr += 1
                if len(reservoir) < 100:
                    reservoir.append(p)
                else:
                    k = qrng.randrange(seen_phr)
                    if k < 100:
                        reservoir[k] = p
            now = time.perf_counter()
            if not a.quiet and now - last >= 5.0 and tot["n"] < a.count:
                last = now
                log(f"{tot['n']:,}/{a.count:,} articles, {tot['n'] / (now - t0):,.0f} articles/s")
        if pool:
            pool.close()
            pool.join()
    except KeyboardInterrupt:
        if pool:
            pool.terminate()
            pool.join()
        log("interrupted")
        return 130
    nq = write_queries(m, a.queries, a.seed, reservoir) if a.queries else 0
    wall = time.perf_counter() - t0
    me, ch = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime - c0
    log(f"wrote {tot['n']:,} articles ({tot['dups']:,} near-copies, {tot['undated']:,} undated) in "
        f"{nfolders:,} folders under {a.out}, {tot['bytes']:,} bytes "
        f"({tot['bytes'] / max(1, tot['n']):.0f} per article)")
    gen = max(1e-9, wall - t_model)
    log(f"{wall:.2f} s wall = {t_model:.2f} s building the model + {gen:.2f} s writing, jobs {jobs}, "
        f"{cpu:.2f} s CPU (user+sys, all processes): {tot['n'] / wall:,.0f} articles/s overall, "
        f"{tot['n'] / gen:,.0f} articles/s and {tot['bytes'] / gen / 1e6:.1f} MB/s writing")
    if a.queries:
        log(f"wrote {nq} queries to {a.queries}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
