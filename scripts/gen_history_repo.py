#!/usr/bin/env python3
"""Generate a large, realistic git repository for the history benchmark, with `git fast-import`.

    scripts/gen_history_repo.py OUT_DIR [--commits 20000] [--files 2000] [--seed 7]

A legacy warehouse/invoicing system in Python, Java, Go and JavaScript: an initial import,
then many small commits (a few lines in one to three files), some medium ones, a few large ones
(identifier renames, licence headers, whole-file rewrites), file creations, renames and moves,
deletions, pairs of files that change together, feature branches merged with --no-ff, a dozen
authors who join and leave, and fixed dates and a fixed seed (the same arguments give the same
commits). OUT_DIR must not exist; it ends up as a normal repository with HEAD checked out.
"""

import argparse
import os
import random
import subprocess
import sys

AUTHORS = [
    # name, email, first active commit share, last active commit share
    ("Margaret Okafor", "m.okafor@ledger.example", 0.00, 1.00),
    ("Dieter Brandt", "dieter.brandt@ledger.example", 0.00, 0.45),
    ("Priya Raman", "priya@ledger.example", 0.05, 1.00),
    ("Tomasz Wielki", "tomasz.w@ledger.example", 0.10, 0.70),
    ("Aiko Tanaka", "aiko.tanaka@ledger.example", 0.20, 1.00),
    ("Lars Eriksen", "lars@ledger.example", 0.00, 0.30),
    ("Fatima Haddad", "f.haddad@ledger.example", 0.35, 1.00),
    ("Carlos Mendes", "cmendes@ledger.example", 0.40, 0.95),
    ("Joanna Kowalczyk", "joanna.k@ledger.example", 0.50, 1.00),
    ("Samuel Osei", "sosei@ledger.example", 0.60, 1.00),
    ("Ingrid Holm", "ingrid.holm@ledger.example", 0.15, 0.55),
    ("Rafael Duarte", "rafael@ledger.example", 0.75, 1.00),
]

AREAS = ["billing", "ledger", "inventory", "payroll", "shipping", "reports", "tax", "customers",
         "pricing", "warehouse", "returns", "audit"]
SUBDIRS = ["core", "service", "model", "batch", "export", "legacy", "util", "api"]
VERBS = ["post", "compute", "reconcile", "validate", "load", "export", "apply", "allocate",
         "close", "reverse", "settle", "archive", "import", "round", "merge", "split", "schedule"]
NOUNS = ["invoice", "batch", "ledger", "payroll", "shipment", "stock", "tax", "discount",
         "account", "entry", "period", "customer", "credit", "pallet", "order", "voucher"]
VARS = ["total", "amount", "balance", "count", "rate", "net", "gross", "qty", "due", "limit"]
EXT = {"python": ".py", "java": ".java", "go": ".go", "js": ".js"}
LANG_WEIGHTS = [("python", 40), ("java", 25), ("go", 20), ("js", 15)]
FIX_WORDS = ["Fix", "Fix rounding in", "Hotfix:", "Bug 4411:", "Patch"]
MESSAGES = ["Adjust", "Refactor", "Tidy", "Extend", "Speed up", "Document", "Simplify",
            "Handle empty", "Log", "Validate input of"]


def camel(words):
    return words[0] + "".join(w.capitalize() for w in words[1:])


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def name(self, lang):
        words = [self.r.choice(VERBS), self.r.choice(NOUNS)]
        if self.r.random() < 0.4:
            words.append(self.r.choice(NOUNS))
        if lang == "python":
            return "_".join(words)
        if lang == "go":
            return camel(words)[0].upper() + camel(words)[1:]
        return camel(words)

    def stmt(self, lang, ind):
        r = self.r
        v, w = r.choice(VARS), r.choice(VARS)
        n = r.randint(1, 999)
        noun = r.choice(NOUNS)
        pad = " " * ind
        if lang == "python":
            pool = [
                f"{v} = {w} + {n}",
                f"{v} = round({w} * {r.choice(['rate', 'factor', 'share'])}, 2)",
                f"log.info(\"{noun} %s posted\", {v})",
                f"{v} += line.{w}",
                f"if {v} > {n}:\n{pad}    {w} = {v} - {n}",
                f"for item in {noun}.items:\n{pad}    {v} += item.{w}",
                f"{noun}_{v} = ledger.lookup(\"{noun.upper()}-{n}\")",
            ]
        elif lang == "go":
            pool = [
                f"{v} := {w} + {n}",
                f"{v} = {w} * rate / {n}",
                f"log.Printf(\"{noun} %v posted\", {v})",
                f"if {v} > {n} {{\n{pad}\t{w} = {v} - {n}\n{pad}}}",
                f"for _, item := range {noun}.Items {{\n{pad}\t{v} += item.{w.capitalize()}\n{pad}}}",
                f"if err != nil {{\n{pad}\treturn {v}, fmt.Errorf(\"{noun} {n}: %w\", err)\n{pad}}}",
            ]
        else:  # java, js
            decl = "long" if lang == "java" else "let"
            log = "LOG.info" if lang == "java" else "logger.info"
            pool = [
                f"{decl} {v}{n} = {w} + {n};",
                f"{v} = Math.round({w} * rate * 100) / 100;",
                f"{log}(\"{noun} posted: \" + {v});",
                f"if ({v} > {n}) {{\n{pad}    {w} = {v} - {n};\n{pad}}}",
                f"for (const item of {noun}.items) {{\n{pad}    {v} += item.{w};\n{pad}}}"
                if lang == "js" else
                f"for (Item item : {noun}.getItems()) {{\n{pad}    {v} += item.get{w.capitalize()}();\n{pad}}}",
                f"{v} = ledger.lookup(\"{noun.upper()}-{n}\");",
            ]
        text = r.choice(pool)
        return [pad + line if i == 0 else line for i, line in enumerate(text.split("\n"))]

    def function(self, lang):
        r = self.r
        name = self.name(lang)
        body_len = r.randint(3, 18)
        ind = {"python": 4, "go": 1, "java": 8, "js": 4}[lang]
        if lang == "go":
            ind = 1
        body = []
        while len(body) < body_len:
            for line in self.stmt(lang, ind if lang != "go" else 0):
                body.append(("\t" + line) if lang == "go" else line)
        args = ", ".join(r.sample(NOUNS, r.randint(1, 3)))
        if lang == "python":
            head = [f"def {name}({args}):", f"    \"\"\"{name.replace('_', ' ').capitalize()}.\"\"\""]
            tail = [f"    return {r.choice(VARS)}"]
        elif lang == "go":
            gargs = ", ".join(f"{a} {a.capitalize()}" for a in args.split(", "))
            head = [f"func (s *Service) {name}({gargs}) (int64, error) {{"]
            tail = [f"\treturn {r.choice(VARS)}, nil", "}"]
        elif lang == "java":
            jargs = ", ".join(f"{a.capitalize()} {a}" for a in args.split(", "))
            head = [f"    public long {name}({jargs}) {{"]
            tail = [f"        return {r.choice(VARS)};", "    }"]
        else:
            head = [f"function {name}({args}) {{"]
            tail = [f"    return {r.choice(VARS)};", "}"]
        return {"head": head, "body": body, "tail": tail, "ind": ind}

    def new_file(self, lang, path):
        fns = [self.function(lang) for _ in range(self.r.randint(3, 10))]
        return {"lang": lang, "fns": fns, "header": self.header(lang, path)}

    def header(self, lang, path):
        base = os.path.splitext(os.path.basename(path))[0]
        cls = "".join(p.capitalize() for p in base.replace("-", "_").split("_"))
        if lang == "python":
            return [f"\"\"\"{base}: part of the warehouse ledger.\"\"\"", "", "import logging",
                    "", "log = logging.getLogger(__name__)", ""]
        if lang == "go":
            pkg = os.path.basename(os.path.dirname(path)) or "ledger"
            return [f"package {pkg}", "", "import (", "\t\"fmt\"", "\t\"log\"", ")", ""]
        if lang == "java":
            return ["package com.acme.ledger;", "", "import java.util.List;", "",
                    f"public class {cls} {{", ""]
        return ["'use strict';", "", "const logger = require('./logger');", ""]

    def render(self, f):
        out = list(f["header"])
        for fn in f["fns"]:
            out.extend(fn["head"])
            out.extend(fn["body"])
            out.extend(fn["tail"])
            out.append("")
        if f["lang"] == "java":
            out.append("}")
        return ("\n".join(out) + "\n").encode()

    def edit(self, f):
        """One small change inside a function (or a function added/removed)."""
        r = self.r
        lang = f["lang"]
        x = r.random()
        if x < 0.08 or not f["fns"]:
            f["fns"].insert(r.randint(0, len(f["fns"])), self.function(lang))
            return
        if x < 0.11 and len(f["fns"]) > 2:
            del f["fns"][r.randrange(len(f["fns"]))]
            return
        fn = r.choice(f["fns"])
        body = fn["body"]
        new = []
        for _ in range(r.randint(1, 3)):
            new.extend(self.stmt(lang, fn["ind"] if lang != "go" else 0))
        if lang == "go":
            new = ["\t" + s for s in new]
        pos = r.randint(0, len(body))
        if x < 0.55 and body:
            k = min(len(body) - pos, r.randint(1, 3)) if pos < len(body) else 0
            body[pos:pos + k] = new
        elif x < 0.85 or len(body) < 4:
            body[pos:pos] = new
        else:
            del body[pos:pos + r.randint(1, 2)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if os.path.exists(a.out):
        sys.exit(f"{a.out} exists; remove it or choose another folder")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True, env=env)
    fi = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=a.out,
                          stdin=subprocess.PIPE, env=env)
    out = fi.stdin
    g = Gen(a.seed)
    r = g.r
    files = {}  # path -> file state
    t = 1_672_740_000  # 2023-01-03T10:00:00Z
    mark = 0
    stats = {"commits": 0, "merges": 0, "renames": 0, "large": 0, "created": 0, "deleted": 0}

    def new_path(lang):
        for _ in range(100):
            area, sub = r.choice(AREAS), r.choice(SUBDIRS)
            base = "_".join([r.choice(NOUNS), r.choice(["service", "posting", "rules", "job",
                                                         "report", "store", "calc", "sync"])])
            if lang == "java":
                base = "".join(p.capitalize() for p in base.split("_"))
            elif lang == "js":
                base = base.replace("_", "-")
            p = f"{area}/{sub}/{base}{EXT[lang]}"
            if p not in files:
                return p
        return f"{area}/{sub}/{base}_{mark}{EXT[lang]}"

    def pick_lang():
        return r.choices([l for l, _ in LANG_WEIGHTS], [w for _, w in LANG_WEIGHTS])[0]

    def author(progress):
        active = [x for x in AUTHORS if x[2] <= progress <= x[3]]
        return r.choice(active)

    def emit(ref, who, when, msg, changes, parent, merge=None):
        nonlocal mark
        mark += 1
        name, email = who[0], who[1]
        data = msg.encode()
        buf = [f"commit {ref}\nmark :{mark}\n".encode(),
               f"author {name} <{email}> {when} +0000\n".encode(),
               f"committer {name} <{email}> {when} +0000\n".encode(),
               f"data {len(data)}\n".encode(), data, b"\n"]
        if parent:
            buf.append(f"from :{parent}\n".encode())
        if merge:
            buf.append(f"merge :{merge}\n".encode())
        for op, path in changes:
            if op == "D":
                buf.append(f"D {path}\n".encode())
            else:
                blob = g.render(files[path])
                buf.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode())
                buf.append(blob)
                buf.append(b"\n")
        buf.append(b"\n")
        out.write(b"".join(buf))
        stats["commits" if merge is None else "merges"] += 1
        return mark

    # The initial import: most of the files at once (a legacy system moved into git).
    who = AUTHORS[0]
    initial = []
    for _ in range(int(a.files * 0.7)):
        lang = pick_lang()
        p = new_path(lang)
        files[p] = g.new_file(lang, p)
        initial.append(("M", p))
    head = emit("refs/heads/main", who, t, "Import the ledger system from the old CVS server\n",
                initial, None)
    created_target = a.files - len(files)
    # Files that change together (a service and its model, a job and its report): temporal
    # coupling for the benchmark to find.
    partners = {}
    by_area = {}
    for p in sorted(files):
        by_area.setdefault(p.split("/")[0], []).append(p)
    for area in sorted(by_area):
        pool = by_area[area]
        r.shuffle(pool)
        for i in range(0, min(len(pool) - 1, 24), 2):
            partners[pool[i]], partners[pool[i + 1]] = pool[i + 1], pool[i]
    # Plan: the remaining commits, a share of them in feature branches merged with --no-ff.
    remaining = a.commits - 1
    done = 1
    topic = None  # (base mark, tip mark, touched paths, remaining commits on the branch)
    while done < a.commits:
        progress = done / a.commits
        t += r.randint(600, 9000)
        who = author(progress)
        if topic is None and r.random() < 0.025 and a.commits - done > 10:
            topic = {"base": head, "tip": head, "touched": set(), "left": r.randint(2, 5),
                     "who": who}
        changes = []
        kind = r.random()
        if topic is not None:
            who = topic["who"]
        subject = None
        if kind < 0.015 and len(files) > 10:
            # A large change: an identifier rename, or a licence header, over many files.
            stats["large"] += 1
            victims = r.sample(sorted(files), min(len(files), r.randint(40, 200)))
            if r.random() < 0.5:
                old, new = r.choice(VARS), r.choice(VARS)
                for p in victims:
                    for fn in files[p]["fns"]:
                        fn["body"] = [ln.replace(old, new) for ln in fn["body"]]
                    changes.append(("M", p))
                subject = f"Rename {old} to {new} across the ledger modules"
            else:
                for p in victims:
                    files[p]["header"] = ["# Copyright Acme Ledger Ltd. All rights reserved."
                                          if files[p]["lang"] == "python" else
                                          "// Copyright Acme Ledger Ltd. All rights reserved."] \
                        + [h for h in files[p]["header"] if "Copyright" not in h]
                    changes.append(("M", p))
                subject = "Add the copyright header to every module"
        elif kind < 0.03 and files:
            # A rename or move, sometimes with an edit.
            stats["renames"] += 1
            old = r.choice(sorted(files))
            lang = files[old]["lang"]
            new = new_path(lang)
            files[new] = files.pop(old)
            if old in partners:
                mate = partners.pop(old)
                partners[new], partners[mate] = mate, new
            if r.random() < 0.5:
                g.edit(files[new])
            changes = [("D", old), ("M", new)]
            subject = f"Move {os.path.basename(old)} to {os.path.dirname(new)}"
        elif kind < 0.033 and len(files) > a.files:
            stats["deleted"] += 1
            gone = r.choice(sorted(files))
            del files[gone]
            if gone in partners:
                del partners[partners.pop(gone)]
            changes = [("D", gone)]
            subject = f"Remove the unused {os.path.basename(gone)}"
        elif kind < 0.036 and files:
            # A whole-file rewrite.
            p = r.choice(sorted(files))
            files[p] = g.new_file(files[p]["lang"], p)
            changes = [("M", p)]
            subject = f"Rewrite {os.path.basename(p)} for the new posting engine"
        elif kind < 0.06 or (created_target > 0 and kind < 0.12):
            for _ in range(r.randint(1, 3)):
                lang = pick_lang()
                p = new_path(lang)
                files[p] = g.new_file(lang, p)
                changes.append(("M", p))
                created_target -= 1
                stats["created"] += 1
            subject = f"Add {os.path.basename(changes[0][1])}"
        else:
            n = 1 if kind < 0.6 else (r.randint(2, 3) if kind < 0.93 else r.randint(4, 15))
            # Changes cluster: files of one area change together.
            area = r.choice(AREAS)
            pool = [p for p in files if p.startswith(area + "/")] or list(files)
            picked = r.sample(pool, min(n, len(pool)))
            for p in list(picked):
                mate = partners.get(p)
                if mate and mate not in picked and r.random() < 0.7:
                    picked.append(mate)
            for p in picked:
                for _ in range(r.randint(1, 3)):
                    g.edit(files[p])
                changes.append(("M", p))
            stem = os.path.splitext(os.path.basename(changes[0][1]))[0]
            if r.random() < 0.2:
                subject = f"{r.choice(FIX_WORDS)} {stem.replace('_', ' ')}"
            else:
                subject = f"{r.choice(MESSAGES)} {stem.replace('_', ' ')}"
        msg = f"{subject}\n\nTicket LED-{r.randint(100, 9999)}.\n"
        if topic is not None:
            topic["tip"] = emit("refs/heads/topic", who, t, msg, changes, topic["tip"])
            topic["touched"].update(p for _, p in changes)
            topic["left"] -= 1
            done += 1
            if topic["left"] == 0:
                t += r.randint(600, 3600)
                merged = [("M", p) if p in files else ("D", p) for p in sorted(topic["touched"])]
                head = emit("refs/heads/main", author(progress), t,
                            "Merge branch 'topic' into main\n", merged, topic["base"],
                            merge=topic["tip"])
                topic = None
        else:
            head = emit("refs/heads/main", who, t, msg, changes, head)
            done += 1
    out.write(b"done\n")
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "update-ref", "-d", "refs/heads/topic"], cwd=a.out, env=env)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=a.out, check=True, env=env)
    print(f"{a.out}: {stats['commits']} commits + {stats['merges']} merges, {len(files)} files "
          f"at HEAD, {stats['created']} created, {stats['renames']} renames, {stats['deleted']} "
          f"deletions, {stats['large']} large commits")


if __name__ == "__main__":
    main()
