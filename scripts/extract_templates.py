"""Derive the built-in questionnaire templates (plans, solutions, experiments) from real exports.

Usage: ``python scripts/extract_templates.py CORPUS_DIR -o src/alpdoc/templates/data``
(writes ``alp.json``, ``solution.json`` and ``experiment.json``).

Where the words come from: the archive-markdown pages of the public SDG Commons archive
(UNDP-Accelerator-Labs/sdg-innovation-commons, folder ``pages/``, commit
3e4e8b3f4e43d42926e9cf8f9cbea60c3ac59a95, MIT licence; the shared corpus ``archive-md``).
Only questionnaire vocabulary is kept, which is the formats' own: section titles and their
translations, leads, instructions (``> `` lines), checklist option names. Never an answer, a
document title or any other text of the pages; nothing from anywhere else.

Inference, per document kind, over the files holding the line ``[[type:KIND]]``
(``learningplan``, ``solution``, ``experiment``):

* Questions meet by ``normalize_instruction``; keys of >= 20 chars at most ``len/25``
  case-blind edits apart are one question ("Parter:"/"partner:", "enable"/"enabled").
* A file's signature: its section titles and top-level questions in order (a repeated
  section, e.g. "Learning questions", by its longest instance). Signatures of >= 5 files are
  variants; empty answers are often left out, so a variant that is a subsequence of another
  is the same form. Each maximal variant is a template (``alp-plan-vN``/``alp-closing-vN``
  by first section title, N by median year); each file counts for the commonest maximal
  variant containing its signature. Plans: named by first section title; solutions and
  experiments: ``solution-vN``/``experiment-vN``. Questions before any ``## `` heading form
  one untitled section.
* Solutions and experiments: a file that follows no variant goes to the form sharing most of
  its questions and titles; questions of >= 2 of a form's files, and section titles of >= 5
  files of the kind, that the form lacks are added where they usually follow
  (``with_rare_questions``). Questions without instruction are left to the reader.
* Translated section titles: a file whose sections each hold only questions of one section of
  a form, in order, gives its differing titles as that section's ``aliases``
  (``with_translated_titles``; "Titre", "Énoncé du défi", "Descripción general").
* Continuation (plans only): a first paragraph after the ``> `` line that is identical in
  >= 90% of the occurrences belongs to the instruction (kept exactly, with the lines between).
* ``title`` (solutions, experiments): a text question whose answer is the file's title in
  >= 90% of its answers (the platform fills a pad's title from its title item).
* ``group``: divs follow in >= 50% of the occurrences with any content. Items: the record's
  questions seen in >= 5 files, by mean first position; unnamed div items (``> ``,
  ``> None``, no ``> `` line) are told apart by answer shape.
* ``radiolist``: >= 5 occurrences, <= 1% answered: the archive never writes radio answers
  (the page-text seed shows them: "BIG BET", "Private Sector", "Yes"). Headings such as
  "END OF ACTION LEARNING PLAN: ..." stay ``txt``: some users did type "Thank you!".
* Else the commonest answer shape: ``- `` runs -> ``checklist`` (options: bullets of >= 3
  files, each before those it usually precedes; solutions and experiments: only when there
  are two or more, since a single value every file gives is an answer, not a choice);
  images -> ``img`` (``mosaic`` when >= 3 files show several at once); ``[t](u)`` lines or text right
  under ``> `` -> ``embed``;
  else ``txt``. Every string keeps its commonest exact spelling.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from functools import cmp_to_key
from pathlib import Path

from attrs import evolve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from alpdoc.templates.model import Template, TemplateItem, TemplateSection, normalize_instruction

MIN_FILES, MIN_OPTION_FILES, CONTINUATION, GROUP_SHARE, RADIO_ANSWERED = 5, 3, 0.9, 0.5, 0.01
MIN_RARE, TITLE_SHARE = 2, 0.9
MIN_SMALL_FILES, MIN_SMALL_QUESTIONS = 3, 2
FAMILIES = {"Title": ("alp-plan", "Action Learning Plan form"),  # keyed by the first section title
            "Learnings on your challenge": ("alp-closing", "Action Learning Plan closing report")}
KINDS = {"solution": ("solution", "Solution mapping form"), "experiment": ("experiment", "Experiment form")}
PLURAL = {"learningplan": "learning plans", "solution": "solutions", "experiment": "experiments"}
OUTPUTS = {"learningplan": "alp.json", "solution": "solution.json", "experiment": "experiment.json"}
IMG, LINK = re.compile(r"!\[[^\]]*\]\([^)]*\)"), re.compile(r"\[[^\]]*\]\([^)]*\)")


class Occ:
    """One question as written in one file: ``raw`` (after ``> ``), following lines, group divs."""

    def __init__(self, raw: str | None, src: int, title: str = "") -> None:
        self.raw, self.src, self.lines, self.divs, self.title = raw, src, [], [], title


def parse(text: str, src: int) -> list[list]:
    """``[title, lead, [Occ]]`` per section; each group div holds zero or one item."""
    lines, secs, occ, div = text.split("\n"), [], None, None
    head = lines[: next((i for i, line in enumerate(lines) if not line.strip()), len(lines))]
    title = " ".join(" ".join(head)[2:].split()) if head and head[0].startswith("# ") else ""
    start = next((i for i, line in enumerate(lines) if line.startswith(("## ", "> "))), len(lines))
    if start < len(lines) and lines[start].startswith("> "):
        secs.append(["", None, []])  # questions before any section heading: one untitled section
    for line in lines[start:]:
        if div is None and line.startswith("## "):
            secs.append([line[3:], None, []])
            occ = None
        elif line == '<div class="group">':
            div = Occ(None, src)
            if occ is not None:
                occ.divs.append(div)
        elif line == "</div>" and div is not None:
            div = None
        elif line.startswith("> ") and div is None:
            occ = Occ(line[2:], src, title)
            secs[-1][2].append(occ)
        elif line.startswith("> ") and div.raw is None and not any(x.strip() for x in div.lines):
            div.raw, div.lines = line[2:], []
        elif occ is None and secs[-1][1] is None and len(line) >= 4 and line[:2] == line[-2:] == "**":
            secs[-1][1] = line[2:-2]
        elif occ is not None:
            (div or occ).lines.append(line)
    for o in (o for _, _, occs in secs for o in occs):
        o.divs = [d for d in o.divs if d.raw is not None or any(x.strip() for x in d.lines)]
    return secs


def key(raw: str | None) -> str:
    """What questions are compared by; unnamed div items give ``""``."""
    return "" if raw is None or raw.strip() == "None" else normalize_instruction(raw)


def close(a: str, b: str, limit: int) -> bool:
    """True if the Levenshtein distance of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > limit:
            return False
    return row[-1] <= limit


def canonical(keys: Counter) -> dict[str, str]:
    """Map each key to the most common key within a few edits of it."""
    reps, out = [], {}
    for k, _ in sorted(keys.items(), key=lambda kv: (-kv[1], kv[0])):
        limit = max(1, len(k) // 25)
        out[k] = next((r for r in reps if min(len(r), len(k)) >= 20 and close(r.lower(), k.lower(), limit)), k)
        if out[k] == k:
            reps.append(k)
    return out


def signature(secs: list, canon: dict) -> tuple:
    """``("S", title)`` and ``("Q", key)`` tokens in file order."""
    runs = []
    for title, _, occs in secs:
        keys = tuple(dict.fromkeys(canon[key(o.raw)] for o in occs))
        if title and runs and runs[-1][0] == title:
            runs[-1][1] = max(runs[-1][1], keys, key=len)
        elif title or occs:
            runs.append([title, keys])
    return tuple(tok for title, keys in runs for tok in [("S", title), *(("Q", k) for k in keys)])


def is_subsequence(a: tuple, b: tuple) -> bool:
    """True if ``a`` is ``b`` with some tokens left out."""
    it = iter(b)
    return all(x in it for x in a)


def shape(lines: list[str]) -> str | None:
    """The kind an answer's lines look like (None: no answer)."""
    body = [x.strip() for x in lines if x.strip()]
    if not body:
        return None
    if all(IMG.fullmatch(x) for x in body):
        return "img" if len(body) == 1 else "mosaic"
    if all(x.startswith("- ") for x in lines if x.strip()):
        return "checklist"
    return "embed" if lines[0].strip() or all(LINK.fullmatch(x) for x in body) else "txt"


def is_title(title: str, answer: str) -> bool:
    """True if ``answer`` is the file's ``title`` (which the archive may cut short with "…")."""
    return title == answer or (title.endswith("…") and answer.startswith(title[:-1].rstrip()))


def first_paragraph(lines: list[str]) -> int:
    """End index of the first paragraph of ``lines`` (0 if there is none)."""
    i = next((i for i, x in enumerate(lines) if x.strip()), None)
    return 0 if i is None else next((j for j in range(i, len(lines)) if not lines[j].strip()), len(lines))


def infer(occs: list[Occ], canon: dict, merged: dict, doc_kind: str = "learningplan") -> TemplateItem:
    """One template question from all its occurrences; other spellings go to ``merged``.

    Plans only: a common first paragraph may continue the instruction (in solution forms
    filled from spreadsheets every file may give the same answer). Other kinds only: a text
    question whose answer is the file's title in >= 90% of its answers is the ``title`` item."""
    paragraphs = doc_kind == "learningplan"
    ends = [first_paragraph(o.lines) for o in occs]
    paras = Counter("\n".join(o.lines[:e]) for o, e in zip(occs, ends) if e)
    cont, n = paras.most_common(1)[0] if paras else (None, 0)
    ok = paragraphs and cont is not None and len(occs) >= MIN_FILES and n >= CONTINUATION * len(occs)
    has = [ok and "\n".join(o.lines[:e]) == cont for o, e in zip(occs, ends)]
    spell = Counter(o.raw + ("\n" + "\n".join(o.lines[:e]) if h else "")
                    for o, e, h in zip(occs, ends, has) if o.raw is not None and h == ok)
    instruction = spell.most_common(1)[0][0] if spell else ""
    for o in occs:
        if key(o.raw) != key(instruction):
            merged[key(o.raw)].add(o.src)
    others = Counter(o.raw for o in occs if o.raw is not None and key(o.raw) != key(instruction))
    aliases = tuple(sorted(raw for raw, count in others.items() if count >= MIN_FILES))
    filled = [o for o, e in zip(occs, ends) if o.divs or e]
    if filled and sum(bool(o.divs) for o in filled) >= GROUP_SHARE * len(filled):
        return TemplateItem(instruction=instruction, aliases=aliases, kind="group",
                            items=slots(occs, canon, merged, doc_kind))
    answers = [(o.src, o.lines[e:] if h else o.lines) for o, e, h in zip(occs, ends, has)]
    shapes = [(src, s, a) for src, a in answers if (s := shape(a))]
    if len(occs) >= MIN_FILES and len(shapes) <= RADIO_ANSWERED * len(occs):
        return TemplateItem(instruction=instruction, aliases=aliases, kind="radiolist")
    votes = Counter("img" if s == "mosaic" else s for _, s, _ in shapes)
    kind = votes.most_common(1)[0][0] if votes else "txt"
    if kind == "img" and len({src for src, s, _ in shapes if s == "mosaic"}) >= MIN_OPTION_FILES:
        kind = "mosaic"
    runs = [(src, [x[2:] for x in a if x.strip()]) for src, s, a in shapes if s == "checklist"]
    options = tuple(o for o in order_options(runs) if o.strip()) if kind == "checklist" else ()
    if not paragraphs and len(options) < 2:
        options = ()  # one value every file gives (a spreadsheet column, a collector's name) is an answer
    texts = [(o.title, " ".join(" ".join(a).split())) for o, (_, a) in zip(occs, answers) if shape(a) == "txt"]
    if (kind == "txt" and not paragraphs and len(texts) >= MIN_FILES
            and sum(is_title(t, a) for t, a in texts) >= TITLE_SHARE * len(texts)):
        kind = "title"
    return TemplateItem(instruction=instruction, aliases=aliases, kind=kind, options=options)


def order_options(runs: list[tuple[int, list[str]]]) -> tuple[str, ...]:
    """Bullet texts seen in enough files, each before those it usually precedes."""
    files, before = defaultdict(set), Counter()
    for src, run in runs:
        for i, x in enumerate(run):
            files[x].add(src)
            before.update((x, y) for y in run[i + 1:])
    kept = sorted((x for x in files if len(files[x]) >= MIN_OPTION_FILES), key=lambda x: (-len(files[x]), x))
    return tuple(sorted(kept, key=cmp_to_key(lambda a, b: before[b, a] - before[a, b])))


def slots(occs: list[Occ], canon: dict, merged: dict, doc_kind: str) -> tuple[TemplateItem, ...]:
    """The questions of one group record, in record order."""
    members, first, files = defaultdict(list), defaultdict(list), defaultdict(set)
    for o in occs:
        seen = {}
        for i, d in enumerate(o.divs):
            k = canon[key(d.raw)] or ("", {"mosaic": "img"}.get(s := shape(d.lines), s))
            if k != ("", None):
                members[k].append(d)
                files[k].add(d.src)
                seen.setdefault(k, i)
        for k, i in seen.items():
            first[k].append(i)
    kept = sorted((k for k in members if len(files[k]) >= MIN_FILES), key=lambda k: (statistics.mean(first[k]), str(k)))
    return tuple(infer(members[k], canon, merged, doc_kind) for k in kept)


def build(files: list[str], kind: str = "learningplan") -> list[Template]:
    """All common templates found in the texts of the files of one document ``kind``."""
    docs = [parse(text, i) for i, text in enumerate(files)]
    years = [m.group(1) if (m := re.search(r"^\[\[year:(\d{4})\]\]$", t, re.M)) else "?" for t in files]
    occs = [o for secs in docs for _, _, section in secs for o in section]
    canon = canonical(Counter(key(o.raw) for o in occs) + Counter(key(d.raw) for o in occs for d in o.divs))
    sigs = [signature(secs, canon) for secs in docs]
    if kind != "learningplan":  # a question without instruction: its answers read as answers without one
        sigs = [tuple(tok for tok in sig if tok != ("Q", "")) for sig in sigs]
    counts = Counter(sigs)
    variants = [s for s, c in counts.items() if c >= MIN_FILES]
    maximal = [s for s in variants if not any(t != s and is_subsequence(s, t) for t in variants)]
    members = defaultdict(list)
    for i, s in enumerate(sigs):
        if homes := [m for m in maximal if is_subsequence(s, m)]:
            members[max(homes, key=lambda m: (counts[m], m))].append(i)
    families = FAMILIES if kind == "learningplan" else {None: KINDS[kind]}
    order = list(families)

    def family(sig: tuple) -> object:
        return sig[0][1] if kind == "learningplan" else None

    found = sorted((order.index(family(m)), statistics.median_low(sorted(years[i] for i in idx)), -len(idx), m, idx)
                   for m, idx in members.items() if family(m) in families)
    if kind != "learningplan":
        found = with_rare_questions(found + small_forms(found, sigs, years), sigs, canon)
    templates, version = [], Counter()
    for fam, _, _, m, idx in found:
        prefix, label = families[order[fam]]
        version[prefix] += 1
        templates.append(template(f"{prefix}-v{version[prefix]}", label, kind, m, [docs[i] for i in idx],
                                  Counter(years[i] for i in idx), canon))
    return [with_translated_titles(t, docs, canon) for t in templates]


def small_forms(found: list, sigs: list, years: list) -> list:
    """Forms of a few files that share no question with the common forms (after them, so that the
    common forms keep their names).

    A signature of such a file with >= ``MIN_SMALL_QUESTIONS`` questions is a small form when
    >= ``MIN_SMALL_FILES`` of these files follow it (as a subsequence: empty answers are left out)
    and it is no part of another; each file counts for the commonest one containing it.
    """
    asked = [{tok for tok in sig if tok[0] == "Q" and tok[1]} for sig in sigs]
    common = set().union(*(asked[i] for *_, idx in found for i in idx)) if found else set()
    alone = [i for i, sig in enumerate(sigs) if asked[i] and not asked[i] & common]
    follows = {sigs[i]: [j for j in alone if is_subsequence(sigs[j], sigs[i])] for i in alone}
    big = [s for s, idx in follows.items()
           if len(idx) >= MIN_SMALL_FILES and sum(t[0] == "Q" for t in s) >= MIN_SMALL_QUESTIONS]
    maximal = [s for s in big if not any(t != s and is_subsequence(s, t) for t in big)]
    members = defaultdict(list)
    for j in alone:
        if homes := [m for m in maximal if j in follows[m]]:
            members[max(homes, key=lambda m: (len(follows[m]), m))].append(j)
    fam = found[0][0] if found else 0
    return sorted((fam, statistics.median_low(sorted(years[i] for i in idx)), -len(idx), m, idx)
                  for m, idx in members.items() if len(idx) >= MIN_SMALL_FILES)


def with_rare_questions(found: list, sigs: list, canon: dict) -> list:
    """Forms completed with the questions of files that follow no common variant exactly.

    Each such file goes to the form sharing most of its questions and section titles; a
    question (``> `` line) or section title of >= ``MIN_RARE`` of a form's files (a question: or
    of one of them and >= ``MIN_RARE`` files of the kind) that the form lacks is added after the
    question or title it most often follows (a section title only when >= ``MIN_FILES`` files of
    the kind have it), so that rarer versions of a form are read too.
    """
    member = {i for *_, idx in found for i in idx}
    sets = [set(m) for *_, m, _ in found]
    extra = [list(idx) for *_, idx in found]
    for i, sig in enumerate(sigs):
        if i in member or not sigs[i]:
            continue
        shared = [len(set(sig) & s - {("S", "")}) for s in sets]
        if max(shared, default=0) > 0:
            extra[shared.index(max(shared))].append(i)
    titled = Counter(tok for sig in sigs for tok in set(sig) if tok[0] == "S")
    asked = Counter(tok for sig in sigs for tok in set(sig) if tok[0] == "Q")
    out = []
    for (fam, year, n, m, _idx), files in zip(found, extra):
        tokens = list(m)
        for token_kind in ("S", "Q"):
            after: dict[tuple, Counter] = defaultdict(Counter)
            for i in files:
                prev = None
                for tok in sigs[i]:
                    if tok in tokens:
                        prev = tok
                    elif tok[0] == token_kind and tok[1]:
                        after[tok][prev] += 1
            for tok in sorted(after, key=lambda t: (-sum(after[t].values()), t)):
                frequent = sum(after[tok].values()) >= MIN_RARE or (tok[0] == "Q" and asked[tok] >= MIN_RARE)
                if frequent and tok not in tokens and (tok[0] == "Q" or titled[tok] >= MIN_FILES):
                    prev = after[tok].most_common(1)[0][0]
                    at = tokens.index(prev) + 1 if prev in tokens else len(tokens)
                    while tok[0] == "S" and at < len(tokens) and tokens[at][0] == "Q":
                        at += 1  # a section goes after the whole section it follows
                    tokens.insert(at, tok)
        out.append((fam, year, n, tuple(tokens), files))
    return out


def with_translated_titles(tpl: Template, docs: list, canon: dict) -> Template:
    """``tpl`` with the other spellings of its section titles (translations) as section aliases.

    A file is a translated copy of ``tpl`` when each of its sections can be put on a section of
    ``tpl``, in order: one holding questions holds only questions of that section (at least one);
    one without questions lies alone between two placed ones (an untitled one without questions
    may lie anywhere). Its titles that differ from their
    section's title are aliases of it (vocabulary: the questions show whose title it is).
    """
    keys = [{canon[key(i.instruction)] for i in s.items} for s in tpl.sections]
    titles = {s.title for s in tpl.sections}
    aliases: dict[int, Counter] = defaultdict(Counter)
    for secs in docs:
        place, last = [], -1
        for _title, _, occs in secs:
            asked = {canon[key(o.raw)] for o in occs} - {""}
            fits = [j for j in range(last + 1, len(tpl.sections)) if asked and asked <= keys[j]]
            place.append(fits[0] if fits else None)
            if fits:
                last = fits[0]
        for n, (_title, _, occs) in enumerate(secs):
            if place[n] is None and not any(o.raw for o in occs):
                before = next((place[m] for m in range(n - 1, -1, -1) if place[m] is not None), -1)
                after = next((place[m] for m in range(n + 1, len(secs)) if place[m] is not None), len(tpl.sections))
                if after - before == 2:
                    place[n] = before + 1
        blank = [not title and not any(o.raw for o in occs) for title, _, occs in secs]  # "## " alone
        if any(p is None and not b for p, b in zip(place, blank)):
            continue
        if not any(title and title not in titles for title, _, _ in secs):
            continue
        for (title, _, _), j in zip(secs, place):
            if j is None:
                continue
            if title and title not in titles and tpl.sections[j].title:  # an untitled section has no translation
                aliases[j][title] += 1
    sections = tuple(evolve(s, aliases=tuple(sorted(aliases[j]))) if aliases[j] else s
                     for j, s in enumerate(tpl.sections))
    return evolve(tpl, sections=sections)


def template(name: str, label: str, kind: str, sig: tuple, docs: list, years: Counter, canon: dict) -> Template:
    """The template of signature ``sig``, inferred from the parsed files ``docs``."""
    sections, by_key, leads, merged = [], defaultdict(list), defaultdict(Counter), defaultdict(set)
    for title, lead, occs in (sec for secs in docs for sec in secs):
        leads[title][lead or ""] += 1
        for o in occs:
            by_key[canon[key(o.raw)]].append(o)
    for token, value in sig:
        if token == "S":
            sections.append((value, leads[value].most_common(1)[0][0], []))
        else:
            sections[-1][2].append(infer(by_key[value], canon, merged, kind))
    per_year = ", ".join(f"{y}: {c}" for y, c in sorted(years.items()))
    description = (f"{label}, inferred from {len(docs)} archive-markdown {PLURAL[kind]} of the SDG Commons "
                   f"archive (by year: {per_year}) by scripts/extract_templates.py.")
    others = [f"{k!r} ({len(f)} files)" for k, f in sorted(merged.items()) if k and len(f) >= MIN_FILES]
    if others:
        description += " Also spelled: " + "; ".join(others) + "."
    return Template(name=name, doc_kind=kind, description=description,
                    sections=tuple(TemplateSection(title=t, lead=lead, items=tuple(items))
                                   for t, lead, items in sections))


def to_json(obj: Template | TemplateSection | TemplateItem) -> dict:
    """The JSON shape of a template object."""
    if isinstance(obj, Template):
        return {"name": obj.name, "doc_kind": obj.doc_kind, "description": obj.description,
                "sections": [to_json(s) for s in obj.sections]}
    if isinstance(obj, TemplateSection):
        return {"title": obj.title, "lead": obj.lead, "items": [to_json(i) for i in obj.items],
                **({"aliases": list(obj.aliases)} if obj.aliases else {})}
    return {"instruction": obj.instruction, "aliases": list(obj.aliases), "kind": obj.kind,
            "options": list(obj.options), "items": [to_json(i) for i in obj.items]}


def main(argv: list[str] | None = None) -> int:
    """Write the templates found in the corpus as JSON, one file per document kind."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="directory of archive-markdown files (*.md)")
    ap.add_argument("-o", "--output", type=Path, required=True, help="directory to write the JSON files into")
    args = ap.parse_args(argv)
    texts = [path.read_bytes().decode("utf-8") for path in sorted(args.corpus.glob("*.md"))]
    args.output.mkdir(parents=True, exist_ok=True)
    for kind, filename in OUTPUTS.items():
        templates = build([text for text in texts if f"[[type:{kind}]]" in text.split("\n")], kind)
        with (args.output / filename).open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps([to_json(t) for t in templates], ensure_ascii=False, indent=2) + "\n")
        for t in templates:
            print(f"{t.name}: {t.description}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
