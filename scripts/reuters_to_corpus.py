#!/usr/bin/env python3
"""Convert the Reuters-21578 SGML collection into a newsdex corpus plus TREC-style test queries.

Usage:
    scripts/reuters_to_corpus.py --out OUT [--src SRC] [--queries short|long|both] [--min-stories N]

SRC defaults to ../shared/corpora/reuters21578 relative to the repository root (the parent of this
script's folder). SRC must hold reut2-000.sgm .. reut2-021.sgm and cat-descriptions_120396.txt. The
data is never copied into the repository; everything is written under OUT.

Articles (OUT/articles/reut-NNNNN.txt, NNNNN = NEWID zero-padded to 5 digits, UTF-8):
    line 1   " date YYYY-MM-DD TITLE"  (date from <DATE>, e.g. "26-FEB-1987 15:01:01.79" -> 1987-02-26;
             title whitespace-collapsed; " date YYYY-MM-DD" alone when there is no title; if the date
             cannot be parsed the line is just the title, and the story is counted as undated)
    line 2   blank
    rest     the <BODY> text, paragraphs separated by one blank line, original line breaks kept
             inside a paragraph (no reflow).
  Decoding: the SGML files are Latin-1; numeric entities &#N; become the character, except control
  characters (&#1; &#2; &#3; &#5; &#22; &#27; &#30; &#31; &#127; ...), which are dropped (tab and
  newline are kept); &lt; &gt; &amp; &quot; &apos; are decoded. Raw control characters and the literal
  "^M" markers found at some line ends are removed, as is one stray UTF-8 replacement character.
  Paragraphs: in these files a paragraph starts with the literal marker "&\\t" (ampersand, backslash,
  t) or with leading whitespace; both start a new paragraph, the marker is dropped and the line's
  leading whitespace stripped. Trailing sign-off lines ("Reuter", "REUTER...", "Reuters", ...) and
  \\x03 are stripped. <DATELINE>, <AUTHOR>, <UNKNOWN> and <MKNOTE> are not part of the output.
  Story types: TYPE="BRIEF" stories have a title only; their "Blah blah blah." filler is dropped and
  the body left empty. TYPE="UNPROC" stories have no TITLE/BODY tags: the whole text is the body and
  its first line becomes the headline (removed from the body) when it is at most 120 characters,
  otherwise the first sentence (at most 20 words) is used and the body kept whole. A story with
  neither title nor body gets only the date line.

Relevance judgements (OUT/qrels.txt, TREC format "QID 0 reut-NNNNN 1", sorted by QID then doc):
  one query per TOPICS category with at least --min-stories (default 5) labelled stories, counting
  only stories with TOPICS="YES" and the <D> codes inside their <TOPICS> element. The QID is the
  topic code (e.g. "cocoa", "money-fx"). Every such labelled story is judged relevant.

Queries (OUT/queries-short.tsv, OUT/queries-long.tsv, OUT/queries.tsv; lines "QID<TAB>QUERY"):
  short  the topic's description from cat-descriptions_120396.txt ("Subject Codes" section, lines
         "Description (CODE)" or a bare CODE for commodities), lowercased, dots in abbreviations
         removed ("U.S." -> "us"), other punctuation turned into spaces: acq -> "mergers acquisitions",
         gnp -> "gross national domestic product". Bare commodity codes become their words, with a few
         abbreviations spelled out (alum -> "aluminium", l-cattle -> "live cattle", veg-oil ->
         "vegetable oil", sun-oil -> "sunflower oil", ...; see CODE_WORDS).
  long   the short query followed by the 5 most distinctive words of the TITLES of the stories
         labelled with the topic whose NEWID is odd; stories with even NEWIDs are never used to pick
         words, so they stay an unbiased test set. Titles are lowercased and split into runs of
         letters and digits; tokens with digits ("1st", "1987"), words under 3 letters, stopwords
         (English function words plus wire boilerplate such as mln, dlrs, pct, inc, corp; see
         STOPWORDS) and words already in the short query or the topic code are skipped.
         Each word w is scored with a smoothed log-odds ratio over title document frequencies:
             score(w) = log((a + 0.5) / (n - a + 0.5)) - log((b + 0.5) / (N - b + 0.5))
         a = odd-NEWID titles of the topic containing w, n = number of those titles,
         b = all titles (whole collection, labels unused) containing w, N = number of all titles.
         A word must occur in at least max(2, 5% of n) of the topic's titles (1 if n < 2), so that a
         company name seen in two titles does not beat the topic's vocabulary, and must score > 0;
         ties go to the larger a, then alphabetical order. Small topics may get fewer than 5 words.
  --queries short|long writes that set plus queries.tsv as a copy of it; both (default) writes the two
  sets and queries.tsv = short.

Also writes OUT/README.txt (provenance and counts) and prints a summary to stderr.
Exit status: 0 on success, 2 on a usage error or when SRC is missing or incomplete.
"""

import argparse
import collections
import datetime
import glob
import hashlib
import math
import os
import re
import sys

PROG = "reuters_to_corpus"

MONTHS = {m: i + 1 for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}

# Bare commodity codes in cat-descriptions_120396.txt whose words are not plain English.
CODE_WORDS = {
    "alum": "aluminium",
    "f-cattle": "feeder cattle",
    "l-cattle": "live cattle",
    "lin-meal": "linseed meal",
    "lin-oil": "linseed oil",
    "veg-oil": "vegetable oil",
    "citruspulp": "citrus pulp",
    "cornglutenfeed": "corn gluten feed",
    "palmkernel": "palm kernel",
    "castorseed": "castor seed",
    "sun-meal": "sunflower meal",
    "sun-oil": "sunflower oil",
    "sunseed": "sunflower seed",
    "rape-meal": "rapeseed meal",
    "rape-oil": "rapeseed oil",
    "red-bean": "red bean",
    "pork-belly": "pork belly",
}

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no nor
not now of off on once only or other our ours out over own same she should so some such than that
the their theirs them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours us may might must
shall new
says said say sees see set sets mln bln dlrs dlr pct inc corp co ltd plc cts vs pc nil rpt
correction corrected reuter reuters
""".split())

# A whole last line "Reuter", "REUTER...", " Reuters", "REUTER N", "REUTER11:43/VB", "REUTE", ... but not
# the prose line "Reuters." that ends "... an official told\nReuters.".
SIGNOFF_RE = re.compile(r"^(?:reuters?|reute)(?:\.*|\d[\w:/.]*|\s+[A-Z]{1,3})$", re.IGNORECASE)
PROSE_REUTERS = "Reuters."
# A sign-off glued to the end of the last text line ("... 4.4 MM. REUTER"); upper case only, so
# that a name such as "Edzard Reuter" is left alone.
TRAILING_SIGNOFF_RE = re.compile(r"\s+REUTER(?:\.*|\d[\w:/.]*)$")
ENTITY_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot|apos);")
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
STORY_RE = re.compile(r"<REUTERS([^>]*)>(.*?)</REUTERS>", re.S)
ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


def die(msg):
    print(f"{PROG}: error: {msg}", file=sys.stderr)
    sys.exit(2)


def decode_entities(text):
    """Decodes SGML entities, dropping control characters except tab and newline."""
    def repl(m):
        ent = m.group(1)
        if ent[0] == "#":
            code = int(ent[2:], 16) if ent[1] in "xX" else int(ent[1:])
            if code in (9, 10):
                return chr(code)
            if code < 32 or 127 <= code < 160 or code > 0x10FFFF:
                return ""
            return chr(code)
        return NAMED[ent]
    return ENTITY_RE.sub(repl, text)


def clean(text):
    """Entity-decodes text and removes carriage returns, "^M" markers and control characters."""
    text = decode_entities(text)
    text = text.replace("^M", "").replace("\r", "")
    return CONTROL_RE.sub("", text)


def element(text, tag):
    """Returns the content of the first <tag ...>...</tag> in text, or None."""
    m = re.search(r"<%s(?:\s[^>]*)?>(.*?)</%s>" % (tag, tag), text, re.S)
    return m.group(1) if m else None


def parse_date(raw):
    """'26-FEB-1987 15:01:01.79' (possibly with trailing noise) -> '1987-02-26', or None."""
    if raw is None:
        return None
    m = re.match(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})", clean(raw))
    if not m or m.group(2).upper() not in MONTHS:
        return None
    try:
        return datetime.date(int(m.group(3)), MONTHS[m.group(2).upper()],
                             int(m.group(1))).isoformat()
    except ValueError:
        return None


def collapse(text):
    return " ".join(text.split())


def paragraphs(raw):
    """Cleans raw body text into a list of paragraphs (each a list of lines), sign-off removed."""
    paras, cur = [], []
    for line in clean(raw).split("\n"):
        line = line.rstrip()
        starts_para = False
        if line.startswith("&\\t"):
            line, starts_para = line[3:], True
        if line[:1].isspace():
            starts_para = True
        line = line.strip()
        if not line:
            if cur:
                paras.append(cur)
            cur = []
            continue
        if starts_para and cur:
            paras.append(cur)
            cur = []
        cur.append(line)
    if cur:
        paras.append(cur)
    # Strip sign-off lines ("Reuter", "REUTER...") at the end, and a sign-off glued to the last line.
    while paras:
        last = paras[-1]
        while last and SIGNOFF_RE.match(last[-1]) and last[-1] != PROSE_REUTERS:
            last.pop()
        if not last:
            paras.pop()
            continue
        stripped = TRAILING_SIGNOFF_RE.sub("", last[-1])
        if stripped != last[-1] and stripped:
            last[-1] = stripped.rstrip()
        break
    return paras


def first_sentence(text, max_words=20):
    flat = collapse(text)
    m = re.match(r"(.+?[.!?])(?:\s|$)", flat)
    sentence = m.group(1) if m else flat
    words = sentence.split()
    return " ".join(words[:max_words])


def parse_story(attrs, inner):
    """Returns a dict with newid, date, title, paras, topics, topics_yes, text_type."""
    a = dict(ATTR_RE.findall(attrs))
    story = {
        "newid": int(a.get("NEWID", "-1")),
        "topics_yes": a.get("TOPICS") == "YES",
        "date": parse_date(element(inner, "DATE")),
        "topics": re.findall(r"<D>(.*?)</D>", element(inner, "TOPICS") or ""),
    }
    m = re.search(r'<TEXT(?:\s+TYPE="(\w+)")?\s*>(.*?)</TEXT>', inner, re.S)
    text_type = (m.group(1) if m and m.group(1) else "NORM")
    text = m.group(2) if m else ""
    story["text_type"] = text_type
    title_raw = element(text, "TITLE")
    body_raw = element(text, "BODY")
    # One title carries the paragraph marker "&\t" too.
    title = collapse(clean(title_raw).replace("&\\t", " ")) if title_raw is not None else ""
    paras = paragraphs(body_raw) if body_raw is not None else []
    story["headline_from_text"] = False
    if title_raw is None and body_raw is None and text_type == "UNPROC":
        paras = paragraphs(text)
        if paras:
            first = paras[0][0]
            if len(first) <= 120:
                title = collapse(first)
                paras[0].pop(0)
                if not paras[0]:
                    paras.pop(0)
            else:
                title = first_sentence(" ".join(paras[0]))
            story["headline_from_text"] = True
    elif not title and paras:
        title = first_sentence(" ".join(paras[0]))
        story["headline_from_text"] = True
    story["title"] = title
    story["paras"] = paras
    return story


def render(story):
    if story["date"]:
        first = f" date {story['date']}" + (f" {story['title']}" if story["title"] else "")
    else:
        first = story["title"]
    body = "\n\n".join("\n".join(p) for p in story["paras"])
    return f"{first}\n\n{body}\n" if body else f"{first}\n"


def normalise_description(text):
    text = text.lower().replace(".", "")
    return collapse(re.sub(r"[^a-z0-9]+", " ", text))


def parse_topic_descriptions(path):
    """Reads the 'Subject Codes' section of cat-descriptions_120396.txt -> {code: short query}."""
    with open(path, encoding="latin-1") as f:
        lines = f.read().split("\n")
    out, inside = {}, False
    for line in lines:
        s = line.strip()
        if s.startswith("****Subject Codes"):
            inside = True
            continue
        if not inside:
            continue
        if s.startswith("____"):
            break
        if not s or s.startswith("*"):
            continue
        m = re.match(r"^(.*\S)\s*\(([A-Z][A-Z0-9-]*)\)$", s)
        if m:
            out[m.group(2).lower()] = normalise_description(m.group(1))
        elif re.match(r"^[A-Z][A-Z0-9-]*$", s):
            code = s.lower()
            out[code] = CODE_WORDS.get(code, normalise_description(code))
    return out


def title_words(title):
    """The set of query-worthy words of a title: alphabetic, 3+ letters, not a stopword."""
    return {w for w in re.findall(r"[a-z0-9]+", title.lower())
            if len(w) > 2 and w.isalpha() and w not in STOPWORDS}


def distinctive_words(topic_titles, all_df, n_all, exclude, k=5):
    n = len(topic_titles)
    df = collections.Counter()
    for t in topic_titles:
        df.update(title_words(t))
    min_a = 1 if n < 2 else max(2, math.ceil(0.05 * n))
    scored = []
    for w, a in df.items():
        if a < min_a or w in exclude:
            continue
        b = all_df[w]
        score = math.log((a + 0.5) / (n - a + 0.5)) - math.log((b + 0.5) / (n_all - b + 0.5))
        if score > 0:
            scored.append((-score, -a, w))
    scored.sort()
    return [w for _, _, w in scored[:k]]


def main():
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(
        prog="reuters_to_corpus.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=os.path.join(repo_root, "..", "shared", "corpora", "reuters21578"),
                    help="folder with reut2-*.sgm and cat-descriptions_120396.txt "
                         "(default: ../shared/corpora/reuters21578 from the repo root)")
    ap.add_argument("--out", required=True, help="output folder (created if missing)")
    ap.add_argument("--queries", choices=("short", "long", "both"), default="both",
                    help="query sets to write (default: both; queries.tsv is then the short set)")
    ap.add_argument("--min-stories", type=int, default=5, metavar="N",
                    help="minimum TOPICS=YES stories for a topic to become a query (default: 5)")
    args = ap.parse_args()

    src = os.path.normpath(args.src)
    sgm_files = sorted(glob.glob(os.path.join(src, "reut2-*.sgm")))
    desc_path = os.path.join(src, "cat-descriptions_120396.txt")
    if not sgm_files:
        die(f"{src}: no reut2-*.sgm files")
    if not os.path.isfile(desc_path):
        die(f"{desc_path}: missing")

    out = args.out
    art_dir = os.path.join(out, "articles")
    os.makedirs(art_dir, exist_ok=True)

    stories, seen_ids = [], collections.Counter()
    for path in sgm_files:
        with open(path, "rb") as f:
            data = f.read()
        # One stray UTF-8 replacement character (EF BF BD) sits in reut2-*.sgm; it is noise.
        data = data.replace(b"\xef\xbf\xbd", b"")
        for m in STORY_RE.finditer(data.decode("latin-1")):
            story = parse_story(m.group(1), m.group(2))
            if story["newid"] < 0:
                print(f"{PROG}: warning: {os.path.basename(path)}: story without NEWID skipped",
                      file=sys.stderr)
                continue
            seen_ids[story["newid"]] += 1
            stories.append(story)

    dup_ids = sorted(i for i, c in seen_ids.items() if c > 1)
    written = undated = no_body = no_title = headline_from_text = empty = 0
    body_hashes, story_hashes = collections.Counter(), collections.Counter()
    type_counts = collections.Counter()
    for story in stories:
        text = render(story)
        name = f"reut-{story['newid']:05d}.txt"
        with open(os.path.join(art_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        written += 1
        type_counts[story["text_type"]] += 1
        undated += story["date"] is None
        no_body += not story["paras"]
        no_title += not story["title"]
        empty += not story["paras"] and not story["title"]
        headline_from_text += story["headline_from_text"]
        if story["paras"]:
            body = text.split("\n", 1)[1]
            body_hashes[hashlib.sha1(body.encode()).hexdigest()] += 1
            story_hashes[hashlib.sha1((story["title"] + "\n" + body).encode()).hexdigest()] += 1
    dup_bodies = sum(c - 1 for c in body_hashes.values() if c > 1)
    dup_stories = sum(c - 1 for c in story_hashes.values() if c > 1)

    # Topics, qrels and queries.
    descriptions = parse_topic_descriptions(desc_path)
    labelled = collections.defaultdict(list)
    yes_stories = yes_without_topics = 0
    unknown_codes = collections.Counter()
    for story in stories:
        if not story["topics_yes"]:
            continue
        yes_stories += 1
        if not story["topics"]:
            yes_without_topics += 1
        for code in dict.fromkeys(story["topics"]):
            labelled[code].append(story)
            if code not in descriptions:
                unknown_codes[code] += 1
    topics = sorted(c for c, s in labelled.items() if len(s) >= args.min_stories)

    all_df = collections.Counter()
    titles = [s["title"] for s in stories if s["title"]]
    for t in titles:
        all_df.update(title_words(t))

    qrels_lines, short_q, long_q = [], {}, {}
    for code in topics:
        for s in sorted(labelled[code], key=lambda s: s["newid"]):
            qrels_lines.append(f"{code} 0 reut-{s['newid']:05d} 1")
        short = descriptions.get(code, normalise_description(code))
        short_q[code] = short
        odd_titles = [s["title"] for s in labelled[code] if s["newid"] % 2 == 1 and s["title"]]
        exclude = set(short.split()) | set(re.findall(r"[a-z]+", code))
        extra = distinctive_words(odd_titles, all_df, len(titles), exclude)
        long_q[code] = " ".join([short] + extra)

    with open(os.path.join(out, "qrels.txt"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in qrels_lines))

    def write_queries(name, queries):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write("".join(f"{c}\t{queries[c]}\n" for c in topics))

    if args.queries in ("short", "both"):
        write_queries("queries-short.tsv", short_q)
    if args.queries in ("long", "both"):
        write_queries("queries-long.tsv", long_q)
    write_queries("queries.tsv", long_q if args.queries == "long" else short_q)

    dates = sorted(s["date"] for s in stories if s["date"])
    counts = [
        ("stories read", len(stories)),
        ("articles written", written),
        ("undated (first line is the title only)", undated),
        ("without body (title-only briefs, empty stories)", no_body),
        ("without title (date line only)", no_title),
        ("headline taken from the text (UNPROC / no TITLE)", headline_from_text),
        ("empty (no title, no body)", empty),
        ("duplicate NEWIDs", len(dup_ids)),
        ("stories repeating an earlier body", dup_bodies),
        ("  of which with the same title too", dup_stories),
        ("TOPICS=YES stories", yes_stories),
        ("TOPICS=YES stories with no topic", yes_without_topics),
        (f"topics used (>= {args.min_stories} TOPICS=YES stories)", len(topics)),
        ("topics with any TOPICS=YES story", len(labelled)),
        ("qrels lines", len(qrels_lines)),
    ]
    width = max(len(k) for k, _ in counts)
    table = "\n".join(f"  {k:<{width}}  {v}" for k, v in counts)
    types = ", ".join(f"{t} {type_counts[t]}" for t in sorted(type_counts))

    query_files = {"short": "queries-short.tsv and queries.tsv (= short)",
                   "long": "queries-long.tsv and queries.tsv (= long)",
                   "both": "queries-short.tsv, queries-long.tsv and queries.tsv (= short)"}
    readme = f"""Reuters-21578 converted for newsdex by scripts/reuters_to_corpus.py
Source: {os.path.abspath(src)} ({len(sgm_files)} SGML files, Distribution 1.0).
Generated {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}.

articles/reut-NNNNN.txt  one story per file, NNNNN = NEWID. First line " date YYYY-MM-DD TITLE"
                         (date from <DATE>), a blank line, then the <BODY> paragraphs separated by
                         blank lines. Latin-1 and SGML entities decoded, control characters and the
                         "Reuter" sign-off removed; output is UTF-8. BRIEF stories are title-only;
                         UNPROC stories use their first line (or first sentence) as headline.
                         Dates span {dates[0] if dates else '-'} .. {dates[-1] if dates else '-'}.
                         Story types: {types}.
qrels.txt                TREC qrels "QID 0 reut-NNNNN 1": one QID per TOPICS code with at least
                         {args.min_stories} TOPICS="YES" stories; every story labelled with the code is
                         relevant (both halves of the collection).
{query_files[args.queries]}
                         "QID<TAB>QUERY". Short: the topic description from
                         cat-descriptions_120396.txt, lowercased, punctuation to spaces. Long: the short
                         query plus the 5 title words with the highest smoothed log-odds ratio for the
                         topic, learnt from odd-NEWID stories only. Evaluate long queries on
                         even-NEWID documents only for an unbiased figure, e.g.
                         awk '{{n=substr($3,6)+0; if (n%2==0) print}}' qrels.txt > qrels-even.txt

Counts:
{table}
"""
    with open(os.path.join(out, "README.txt"), "w", encoding="utf-8") as f:
        f.write(readme)

    print(f"{PROG}: wrote {out}", file=sys.stderr)
    print(table, file=sys.stderr)
    if dup_ids:
        print(f"{PROG}: warning: duplicate NEWIDs (later story overwrote the file): "
              f"{dup_ids[:10]}", file=sys.stderr)
    if unknown_codes:
        print(f"{PROG}: warning: topic codes without a description: {sorted(unknown_codes)}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
