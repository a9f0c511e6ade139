#!/usr/bin/env python3
"""Work on a Qt Linguist catalogue (.ts) in chunks, with a plain TSV in between.

  tstool.py stats   FILE.ts                       how many messages, finished, unfinished
  tstool.py export  FILE.ts OUT.tsv [--all] [--numerus-only] [--context RE] [--limit N]
                                                  the unfinished messages (or all) as TSV
  tstool.py apply   FILE.ts IN.tsv [IN.tsv ...]   put the translations of the TSV files into FILE.ts
  tstool.py check   FILE.ts [--require-complete] [--numerus-only]
                                                  finished entries keep the source's placeholders, markup and
                                                  accelerator; exit 1 on a problem (and on an unfinished entry
                                                  with --require-complete)

TSV columns (tab-separated, UTF-8, first line a header):
  context  source  comment  numerus  translation  plural
In the text columns a backslash escapes: \\n newline, \\t tab, \\\\ backslash. `numerus` is 1 for a message with
%n; then `translation` is the singular form and `plural` the plural one (French and English have two forms).
An empty translation leaves the entry unfinished. Rows are matched by (context, source, comment).
In a French catalogue `apply` puts the no-break spaces French typography wants (before : ; ? ! and inside « »)
where the TSV has ordinary ones, so type them as ordinary spaces.

Only the standard library is used (xml.etree), so no package needs installing.
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET

HEADER = ["context", "source", "comment", "numerus", "translation", "plural"]


# ------------------------------------------------------------------------------------------------ TSV escaping
def esc(text):
    return (text or "").replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def unesc(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(n, "\\" + n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


# ------------------------------------------------------------------------------------------------ the catalogue
class Message:
    def __init__(self, context, element):
        self.context = context
        self.el = element

    def _text(self, tag):
        e = self.el.find(tag)
        return e.text or "" if e is not None else ""

    @property
    def source(self):
        return self._text("source")

    @property
    def comment(self):
        return self._text("comment")

    @property
    def translator_comment(self):
        return self._text("translatorcomment")

    def set_translator_comment(self, text):
        e = self.el.find("translatorcomment")
        if e is None:
            e = ET.Element("translatorcomment")
            children = list(self.el)
            at = next((i for i, c in enumerate(children) if c.tag == "translation"), len(children))
            self.el.insert(at, e)
        e.text = text

    @property
    def numerus(self):
        return self.el.get("numerus") == "yes"

    @property
    def key(self):
        return (self.context, self.source, self.comment)

    def translation_el(self):
        t = self.el.find("translation")
        if t is None:
            t = ET.SubElement(self.el, "translation")
        return t

    def forms(self):
        t = self.translation_el()
        if self.numerus:
            return [f.text or "" for f in t.findall("numerusform")]
        return [t.text or ""]

    @property
    def finished(self):
        t = self.translation_el()
        if t.get("type") in ("unfinished", "vanished", "obsolete"):
            return False
        return all(f.strip() for f in self.forms()) and len(self.forms()) > 0

    def set_forms(self, forms):
        t = self.translation_el()
        for child in list(t):
            t.remove(child)
        if self.numerus:
            t.text = None
            for f in forms:
                ET.SubElement(t, "numerusform").text = f
        else:
            t.text = forms[0]
        if all(f.strip() for f in forms):
            t.attrib.pop("type", None)
        else:
            t.set("type", "unfinished")


def is_french(tree):
    return (tree.getroot().get("language") or "").startswith("fr")


def load(path):
    tree = ET.parse(path)
    messages = []
    for ctx in tree.getroot().findall("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            messages.append(Message(name, m))
    return tree, messages


def xml_escape(text, attribute=False):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;").replace("'", "&apos;")
    # lupdate writes control characters and the no-break space as character references; so do we.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\xa0]", lambda m: "&#x%x;" % ord(m.group(0)), text)


def write_element(out, el, depth):
    pad = "    " * depth
    attrs = "".join(' %s="%s"' % (k, xml_escape(v, True)) for k, v in el.attrib.items())
    children = list(el)
    if not children:
        out.append("%s<%s%s>%s</%s>\n" % (pad, el.tag, attrs, xml_escape(el.text or ""), el.tag))
        return
    out.append("%s<%s%s>\n" % (pad, el.tag, attrs))
    for c in children:
        write_element(out, c, depth + 1)
    out.append("%s</%s>\n" % (pad, el.tag))


def save(tree, path):
    """Writes the catalogue the way lupdate does (so `update_translations` leaves the file as it is)."""
    root = tree.getroot()
    out = ['<?xml version="1.0" encoding="utf-8"?>\n', "<!DOCTYPE TS>\n"]
    attrs = "".join(' %s="%s"' % (k, xml_escape(v, True)) for k, v in root.attrib.items())
    out.append("<TS%s>\n" % attrs)
    for ctx in root:
        out.append("<context>\n")
        for c in ctx:
            write_element(out, c, 1)
        out.append("</context>\n")
    out.append("</TS>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


# ------------------------------------------------------------------------------------------------ checks
PLACEHOLDER = re.compile(r"%(?:n|L?[1-9][0-9]?)")
HTML_TAGS = ("a|b|body|br|code|div|em|font|h[1-6]|head|hr|html|i|img|kbd|li|meta|nobr|ol|p|pre|small|span|strong|style|"
             "sub|sup|table|tbody|td|th|thead|title|tr|tt|u|ul")
TAG = re.compile(r"</?(%s)\b[^>]*>" % HTML_TAGS, re.I)


def accelerators(text):
    # "&&" is a literal ampersand, "&amp;"-style entities inside rich text are not accelerators.
    stripped = re.sub(r"&&|&[a-zA-Z]+;|&#[0-9]+;", "", text)
    return len(re.findall(r"&(?=\w)", stripped))


NBSP = "\u00a0"
# A translation may go without the source's accelerator only on purpose: when every letter of its words is taken on
# the same form (the accessibility audit in French finds the clash). The TSV row says so with this prefix on the
# translation, and the entry keeps it as its translator comment.
NO_ACCELERATOR = "[no accelerator]"


def french_typography(text):
    """A no-break space before : ; ? ! and inside « », as French typography wants (the ordinary space a translator
    types there is replaced; a line break never separates the sign from its word)."""
    text = re.sub(r"(?<=\S) ([:;?!»])", NBSP + r"\1", text)
    text = re.sub(r"« ", "«" + NBSP, text)
    return text


def typography_problems(text):
    found = []
    if re.search(r"(?<=\S) [:;?!»]", text) or "« " in text:
        found.append("ordinary space before : ; ? ! » or after « (French wants a no-break space)")
    return found


def problems(msg, french=False):
    """What is wrong with a finished entry, as sentences; empty when nothing is."""
    found = []
    if french:
        for form in msg.forms():
            found += typography_problems(form)
    src = msg.source
    for form in msg.forms():
        if sorted(set(PLACEHOLDER.findall(src)) - {"%n"}) != sorted(set(PLACEHOLDER.findall(form)) - {"%n"}):
            found.append("placeholders differ: %s vs %s" % (sorted(set(PLACEHOLDER.findall(src))),
                                                            sorted(set(PLACEHOLDER.findall(form)))))
        if [t.lower() for t in TAG.findall(src)] != [t.lower() for t in TAG.findall(form)]:
            found.append("HTML tags differ")
        if accelerators(src) != accelerators(form) and not (
                accelerators(form) == 0 and msg.translator_comment.startswith(NO_ACCELERATOR)):
            found.append("accelerator (&) count differs")
        if src.endswith("\n") != form.endswith("\n"):
            found.append("trailing newline differs")
    if msg.numerus and "%n" in src and not any("%n" in f for f in msg.forms()):
        found.append("no form shows %n")
    return found


# ------------------------------------------------------------------------------------------------ commands
def cmd_stats(args):
    _, messages = load(args.ts)
    done = sum(1 for m in messages if m.finished)
    print("%s: %d messages, %d finished, %d unfinished (%d with plural forms)"
          % (args.ts, len(messages), done, len(messages) - done, sum(1 for m in messages if m.numerus)))


def cmd_export(args):
    _, messages = load(args.ts)
    rows = []
    ctx_re = re.compile(args.context) if args.context else None
    for m in messages:
        if not args.all and m.finished:
            continue
        if args.numerus_only and not m.numerus:
            continue
        if ctx_re and not ctx_re.search(m.context):
            continue
        forms = m.forms() + ["", ""]
        rows.append([m.context, m.source, m.comment, "1" if m.numerus else "0", forms[0],
                     forms[1] if m.numerus else ""])
    if args.limit:
        rows = rows[: args.limit]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\t".join(HEADER) + "\n")
        for r in rows:
            f.write("\t".join(esc(c) for c in r) + "\n")
    print("%d messages written to %s" % (len(rows), args.out))


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or (n == 1 and line.startswith("context\t")):
            continue
        cells = line.split("\t")
        if len(cells) < 5:
            sys.exit("%s:%d: %d columns, expected at least 5" % (path, n, len(cells)))
        cells += [""] * (6 - len(cells))
        rows.append((n, [unesc(c) for c in cells[:6]]))
    return rows


def cmd_apply(args):
    tree, messages = load(args.ts)
    french = is_french(tree)
    by_key = {m.key: m for m in messages}
    applied, unknown, bad = 0, 0, 0
    for path in args.tsv:
        for n, (context, source, comment, numerus, single, plural) in read_tsv(path):
            m = by_key.get((context, source, comment))
            if m is None:
                print("%s:%d: no such message in %s: [%s] %r" % (path, n, args.ts, context, source[:60]))
                unknown += 1
                continue
            deliberate = single.startswith(NO_ACCELERATOR + " ")
            if deliberate:
                single = single[len(NO_ACCELERATOR) + 1:]
                m.set_translator_comment(NO_ACCELERATOR + " every letter of it is taken on its form")
            forms = [single, plural] if m.numerus else [single]
            if m.numerus and not plural:
                forms = [single, single]
            if french:
                forms = [french_typography(f) for f in forms]
            m.set_forms(forms)
            if m.finished and problems(m, french):
                print("%s:%d: [%s] %r: %s" % (path, n, context, source[:60], "; ".join(problems(m, french))))
                bad += 1
            applied += 1
    save(tree, args.ts)
    print("%d translations applied, %d rows not in the catalogue, %d with problems" % (applied, unknown, bad))
    return 1 if bad else 0


def cmd_check(args):
    tree, messages = load(args.ts)
    french = is_french(tree)
    failures = 0
    unfinished = []
    for m in messages:
        if args.numerus_only and not m.numerus:
            continue
        if not m.finished:
            unfinished.append(m)
            continue
        for p in problems(m, french):
            print("%s: [%s] %r: %s" % (args.ts, m.context, m.source[:70], p))
            failures += 1
    print("%s: %d unfinished or empty entries" % (args.ts, len(unfinished)))
    if args.require_complete and unfinished:
        for m in unfinished[:20]:
            print("  unfinished: [%s] %r" % (m.context, m.source[:70]))
        failures += len(unfinished)
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("stats")
    s.add_argument("ts")
    s.set_defaults(func=cmd_stats)
    e = sub.add_parser("export")
    e.add_argument("ts")
    e.add_argument("out")
    e.add_argument("--all", action="store_true", help="finished messages too (to review them)")
    e.add_argument("--numerus-only", action="store_true")
    e.add_argument("--context", help="only contexts matching this regular expression")
    e.add_argument("--limit", type=int, default=0, help="at most N messages (one chunk)")
    e.set_defaults(func=cmd_export)
    a = sub.add_parser("apply")
    a.add_argument("ts")
    a.add_argument("tsv", nargs="+")
    a.set_defaults(func=cmd_apply)
    c = sub.add_parser("check")
    c.add_argument("ts")
    c.add_argument("--require-complete", action="store_true")
    c.add_argument("--numerus-only", action="store_true", help="only the plural messages (the English catalogue)")
    c.set_defaults(func=cmd_check)
    args = p.parse_args()
    sys.exit(args.func(args) or 0)


if __name__ == "__main__":
    main()
