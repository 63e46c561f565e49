//! README.md's "A short tour", run as written: every line of its `sh` block
//! runs with `sh -c` in a folder holding what a fresh clone has
//! (`examples/`, `rubrics/`, `corpus/`), with this build's `assay` first on
//! `PATH`. A line that fails, names a file that is not there, or uses a
//! program the test cannot run fails the test, so the tour cannot drift from
//! what assay does.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[allow(dead_code)] // only `repo` is used here
mod util;

/// The heading of the tour's section; its first `sh` block is the tour.
const TOUR_HEADING: &str = "## A short tour";

/// The programs a tour line may run: `assay` and the shell tools every
/// reader has. Anything else (`cargo`, a download) could not run here.
const PROGRAMS: &[&str] = &["assay", "cat", "cp"];

/// Options whose value is a file or folder the command writes.
const OUTPUT_OPTIONS: &[&str] = &["-o", "--output"];

#[test]
fn every_tour_line_runs_as_written() {
    let readme = std::fs::read_to_string(util::repo("README.md")).unwrap();
    let lines = tour_lines(&readme);
    assert!(lines.len() >= 10, "the tour has only {} lines: {lines:#?}", lines.len());

    let dir = tempfile::tempdir().unwrap();
    for folder in ["examples", "rubrics", "corpus"] {
        let copied =
            Command::new("cp").arg("-r").arg(util::repo(folder)).arg(dir.path()).status().unwrap();
        assert!(copied.success(), "cannot copy {folder}/");
    }
    let path = path_with_assay();

    for line in &lines {
        let words = shell_words(line);
        for program in programs(&words) {
            assert!(
                PROGRAMS.contains(&program),
                "tour line `{line}` runs `{program}`; the test can run only {PROGRAMS:?}"
            );
        }
        let output = Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("SOURCE_DATE_EPOCH", "0")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(output.status.success(), "tour line `{line}` failed:\n{}", describe(&output));
        for named in named_paths(&words) {
            assert!(
                dir.path().join(&named).exists(),
                "tour line `{line}` names {named}, which does not exist after it ran:\n{}",
                describe(&output)
            );
        }
    }
}

/// The command lines of the tour's `sh` block, trailing comments removed
/// and blank or comment-only lines skipped. Panics when the block is
/// missing or a line continues on the next one (the test runs lines one by
/// one).
fn tour_lines(readme: &str) -> Vec<String> {
    let section = readme
        .split_once(&format!("\n{TOUR_HEADING}\n"))
        .unwrap_or_else(|| panic!("README.md has no `{TOUR_HEADING}` section"))
        .1;
    // Up to the next heading: the subsections that follow have blocks of
    // their own.
    let end = ["\n## ", "\n### "].iter().filter_map(|h| section.find(h)).min();
    let section = &section[..end.unwrap_or(section.len())];
    let block = section
        .split_once("\n```sh\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .unwrap_or_else(|| panic!("`{TOUR_HEADING}` has no ```sh block"))
        .0;
    block
        .lines()
        .map(|line| (line, without_comment(line).trim()))
        .filter(|(_, command)| !command.is_empty())
        .map(|(line, command)| {
            assert!(
                !command.ends_with('\\'),
                "tour line `{line}` continues; keep each on one line"
            );
            command.to_owned()
        })
        .collect()
}

/// `line` up to a `#` that starts a shell comment: one at the start of a
/// word, outside quotes (a `#` inside `"..."`, `'...'` or a word is kept).
/// Backslash escapes are not read; the tour has none.
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '#') if previous.is_whitespace() => return &line[..at],
            _ => {}
        }
        previous = c;
    }
    line
}

/// A word of a shell command line, quotes removed.
struct Word {
    /// The word as the program receives it.
    text: String,
    /// Whether any part of it was quoted (then it is text, not a path).
    quoted: bool,
}

/// The words of a command line without comments, split at whitespace
/// outside quotes (`|` and the like count as words when spaced; backslash
/// escapes are not read).
fn shell_words(command: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    let mut quote = None;
    for c in command.chars() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => words.extend(current.take()),
            (None, '"' | '\'') => {
                quote = Some(c);
                current.get_or_insert(Word { text: String::new(), quoted: true }).quoted = true;
            }
            (Some(open), c) if c == open => quote = None,
            (_, c) => {
                current.get_or_insert(Word { text: String::new(), quoted: false }).text.push(c)
            }
        }
    }
    words.extend(current);
    words
}

/// The programs a command runs: its first word and each word after `|`,
/// `||`, `&&` or `;`.
fn programs(words: &[Word]) -> Vec<&str> {
    let mut programs = vec![words[0].text.as_str()];
    for pair in words.windows(2) {
        if !pair[0].quoted && ["|", "||", "&&", ";"].contains(&pair[0].text.as_str()) {
            programs.push(pair[1].text.as_str());
        }
    }
    programs
}

/// The files and folders a command names, which must exist once it has
/// run: what it writes (the value of `-o` or `--output`, the destination of
/// `cp`) and every other unquoted argument that looks like a path (holds a
/// `/` or ends in a file extension). The check on paths it reads catches a
/// missing input even inside a pipeline, whose failure `sh` does not report.
fn named_paths(words: &[Word]) -> Vec<String> {
    let mut paths = Vec::new();
    for (at, word) in words.iter().enumerate() {
        let after_output_option = at > 0 && OUTPUT_OPTIONS.contains(&words[at - 1].text.as_str());
        let copy_destination = words[0].text == "cp" && at == words.len() - 1;
        if after_output_option || copy_destination || (!word.quoted && looks_like_path(&word.text))
        {
            paths.push(word.text.clone());
        }
    }
    paths
}

/// Whether an argument reads as a path: not an option, and holding a `/`
/// or ending in an extension that starts with a letter (`scores.csv`, but
/// not `0.5`).
fn looks_like_path(word: &str) -> bool {
    if word.starts_with('-') {
        return false;
    }
    let has_extension = word.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && ext.starts_with(|c: char| c.is_ascii_alphabetic())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
    });
    word.contains('/') || has_extension
}

/// `PATH` with the folder of the `assay` binary under test first.
fn path_with_assay() -> std::ffi::OsString {
    let bin: PathBuf = Path::new(env!("CARGO_BIN_EXE_assay")).parent().unwrap().into();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).unwrap()
}

/// A command's exit status and output, for a failure message (stdout cut
/// to its start: some tour lines print a lot).
fn describe(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let cut: String = stdout.chars().take(2000).collect();
    format!(
        "{}\n--- stdout:\n{cut}\n--- stderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn comments_are_cut_only_outside_quotes() {
    assert_eq!(without_comment("assay questions   # the questions"), "assay questions   ");
    assert_eq!(
        without_comment(r#"assay score "answer #1 # two""#),
        r#"assay score "answer #1 # two""#
    );
    assert_eq!(without_comment("assay score 'it # is' # note"), "assay score 'it # is' ");
    assert_eq!(without_comment("cp a#b c"), "cp a#b c");
}

#[test]
fn paths_are_the_outputs_and_unquoted_path_arguments() {
    let names = |line: &str| named_paths(&shell_words(line));
    assert_eq!(
        names(r#"assay score -q x "I called the line." --file examples/a.txt --threads 2"#),
        ["examples/a.txt"]
    );
    assert_eq!(names("assay index build --corpus c/ -o my-index"), ["c/", "my-index"]);
    assert_eq!(names("cp -r rubrics my-rubrics"), ["my-rubrics"]);
    assert_eq!(names("cat a.txt | assay score -q x -"), ["a.txt"]);
    assert_eq!(names("assay eval --threshold 0.5"), Vec::<String>::new());
}

#[test]
fn every_program_of_a_pipeline_is_found() {
    let line = r#"cat a.txt | assay score -q x "a | b" - && ls"#;
    assert_eq!(programs(&shell_words(line)), ["cat", "assay", "ls"]);
}

#[test]
fn the_tour_is_the_sh_block_before_the_next_heading() {
    let tour = "```sh\nassay questions   # all\n\n# folders\ncp -r a b\n```\n";
    let readme =
        format!("# t\n\n## A short tour\n\nText.\n\n{tour}\n### Next\n\n```sh\ncargo run\n```\n");
    assert_eq!(tour_lines(&readme), ["assay questions", "cp -r a b"]);
    let moved = readme.replace(tour, "");
    let missing = std::panic::catch_unwind(|| tour_lines(&moved));
    assert!(missing.is_err(), "a block under a later heading is not the tour");
}
