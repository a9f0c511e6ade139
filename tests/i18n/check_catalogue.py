#!/usr/bin/env python3
"""The committed catalogues against the sources (ctest i18n_catalogue).

  check_catalogue.py LUPDATE SOURCE_DIR [--require-complete]

Fails when
  - lupdate, run over src/ and ui/ into a temporary catalogue, finds a message the committed fr_CA or en catalogue
    lacks, or the committed one keeps a message the sources no longer have (run `update_translations`);
  - a text of the IdP presets (resources/idp-presets.json: displayName, notes, audienceHint) is not extracted under
    cmic::IdpPresetText, the context IdpPreset translates it in (run scripts/idp-preset-texts.py);
  - a source file defines its own free `tr()` function or lambda: lupdate files those calls under the enclosing
    namespace, not under the context the function translates in (use a struct with Q_DECLARE_TR_FUNCTIONS);
  - a finished French entry loses a placeholder, a tag, an accelerator or a trailing newline of its source, or has
    an ordinary space where French typography wants a no-break one;
  - an English plural entry is unfinished;
  - with --require-complete: any French entry is unfinished or empty (the count is printed either way).
"""
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))


def main():
    lupdate, source_dir = sys.argv[1], sys.argv[2]
    require_complete = "--require-complete" in sys.argv[3:]
    sys.path.insert(0, os.path.join(source_dir, "translations", "tools"))
    import tstool  # noqa: E402

    failures = []
    fr = os.path.join(source_dir, "translations", "cmic-oauth-console_fr_CA.ts")
    en = os.path.join(source_dir, "translations", "cmic-oauth-console_en.ts")

    # 1. The sources against the catalogues.
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "fresh.ts")
        run = subprocess.run([lupdate, "-no-obsolete", "-locations", "none", "-I", os.path.join(source_dir, "src"),
                              os.path.join(source_dir, "src"), os.path.join(source_dir, "ui"), "-ts", fresh],
                             capture_output=True, text=True, timeout=240)
        if run.returncode != 0:
            failures.append("lupdate failed: " + run.stderr)
        for line in (run.stdout + run.stderr).splitlines():
            if "lacks Q_OBJECT" in line or "Warning" in line or "warning" in line:
                failures.append("lupdate: " + line.strip())
        _, extracted = tstool.load(fresh)
    wanted = {m.key for m in extracted}
    for path in (fr, en):
        _, messages = tstool.load(path)
        have = {m.key for m in messages}
        for key in sorted(wanted - have):
            failures.append("%s lacks [%s] %r (run update_translations)" % (os.path.basename(path), key[0],
                                                                              key[1][:70]))
        for key in sorted(have - wanted):
            failures.append("%s keeps [%s] %r, which no source has (run update_translations)"
                            % (os.path.basename(path), key[0], key[1][:70]))
    # 1b. The IdP presets' texts: lupdate reads them from the generated IdpPresetTexts.cpp, not from the JSON.
    import importlib.util  # noqa: E402
    spec = importlib.util.spec_from_file_location("idp_preset_texts",
                                                  os.path.join(source_dir, "scripts", "idp-preset-texts.py"))
    presets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(presets)
    for text in presets.texts(os.path.join(source_dir, "resources", "idp-presets.json")):
        if (presets.CONTEXT, text) not in {(k[0], k[1]) for k in wanted}:
            failures.append("the IdP preset text %r is not extracted under %s (run scripts/idp-preset-texts.py)"
                            % (text[:70], presets.CONTEXT))
    print("sources: %d messages in %d contexts" % (len(wanted), len({k[0] for k in wanted})))

    # 2. No home-made tr() whose context lupdate cannot see.
    own_tr = re.compile(r"^\s*(?:static\s+)?(?:QString\s+tr\s*\(|(?:const\s+)?auto\s+tr\s*=)", re.M)
    for root, _, files in os.walk(os.path.join(source_dir, "src")):
        for name in files:
            if name.endswith((".cpp", ".h")):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for m in own_tr.finditer(text):
                    line = text.count("\n", 0, m.start()) + 1
                    failures.append("%s:%d defines its own tr(); lupdate files its calls under the enclosing "
                                    "namespace. Use a struct with Q_DECLARE_TR_FUNCTIONS(context)."
                                    % (os.path.relpath(path, source_dir), line))

    # 3. The entries themselves.
    fr_tree, fr_messages = tstool.load(fr)
    unfinished = [m for m in fr_messages if not m.finished]
    for m in fr_messages:
        if m.finished:
            for p in tstool.problems(m, tstool.is_french(fr_tree)):
                failures.append("fr_CA [%s] %r: %s" % (m.context, m.source[:70], p))
    _, en_messages = tstool.load(en)
    for m in en_messages:
        if m.numerus and not m.finished:
            failures.append("en: the plural message [%s] %r has no English forms" % (m.context, m.source[:70]))
    print("fr_CA: %d messages, %d translated, %d unfinished or empty"
          % (len(fr_messages), len(fr_messages) - len(unfinished), len(unfinished)))
    if require_complete:
        for m in unfinished:
            failures.append("fr_CA: unfinished [%s] %r" % (m.context, m.source[:70]))
    elif unfinished:
        print("(unfinished entries do not fail this test: configure with -DCMIC_I18N_REQUIRE_COMPLETE=ON to make "
              "them fail)")

    for f in failures:
        print("FAIL: " + f)
    print("%d problems" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
