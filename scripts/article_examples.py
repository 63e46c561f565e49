#!/usr/bin/env python3
"""Score the source articles' own example answers with assay.

The articles (48 questions, an example answer each) are not part of the
project and must not be copied into it, so this script takes their folder as
an argument, pulls each question's example answer out by the question number
the built-in rubrics record in `source = "<file>#<n>"`, writes a batch CSV to a
temporary folder, scores it with the `assay` binary given, and prints one line
per question and a summary: how many score 50 or more, and the level counts.

    python3 scripts/article_examples.py ../shared/seeds [--assay target/release/assay]
"""

import argparse
import collections
import pathlib
import re
import sys

import assay_batch

ROOT = assay_batch.ROOT
QUESTION = re.compile(r"^(\d+)\. \S")


def examples(path):
    """Question number -> example answer text, for one article."""
    found, number, answer = {}, None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = QUESTION.match(line)
        if heading and answer is None:
            number = int(heading.group(1))
            continue
        if line.startswith("Example:") and number is not None and answer is None:
            answer = [line[len("Example:"):].strip()]
        elif answer is not None and line.strip():
            answer.append(line.strip())
        if answer is not None and answer[-1].endswith("\u201d"):
            found[number] = "\n\n".join(answer).strip("\u201c\u201d ")
            number, answer = None, None
    return found


def sources():
    """(question id, article file name, question number) of each built-in rubric."""
    out = []
    for rubric in sorted((ROOT / "rubrics" / "questions").glob("*.toml")):
        m = re.search(r'^source = "([^"#]+)#(\d+)"', rubric.read_text(encoding="utf-8"), re.M)
        if m:
            out.append((rubric.stem, m.group(1), int(m.group(2))))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=pathlib.Path, help="folder holding the two source articles")
    parser.add_argument("--assay", default=assay_batch.DEFAULT_ASSAY)
    parser.add_argument("--exemplars", action="store_true", help="pass --exemplars to assay batch")
    parser.add_argument("--semantic", action="store_true",
                        help="score with the semantic matcher on (assay --semantic)")
    args = parser.parse_args()

    by_file = {}
    rows = []
    for question, file, number in sources():
        if file not in by_file:
            by_file[file] = examples(args.seeds / file)
        text = by_file[file].get(number)
        if text is None:
            sys.exit(f"no example answer for {question} ({file}#{number})")
        rows.append((question, text))

    options = (["--exemplars"] if args.exemplars else []) + (["--semantic"] if args.semantic else [])
    scored = assay_batch.score(args.assay, (("article", q, t) for q, t in rows), (), options)

    levels = collections.Counter()
    passing = 0
    for row in sorted(scored, key=lambda r: r["score"]):
        passing += row["score"] >= 50
        levels[row["level"]] += 1
        flags = ";".join(f["id"] for f in row["red_flags"])
        print(f"{row['score']:5.1f}  {row['level']:<11} {row['question_id']}  {flags}")
    print(f"\n{passing} of {len(scored)} score 50 or more; levels: "
          + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))


if __name__ == "__main__":
    main()
