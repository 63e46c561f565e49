//! Every `--help`: a snapshot of each (top level and every subcommand,
//! nested ones included), the list of subcommands checked against what
//! clap knows, and every example line at the end of each help run as
//! written.

mod util;

use std::path::{Path, PathBuf};
use std::process::Output;

use util::{assay, copy_files, copy_rubric_folder, repo};

/// Every command path with a help page, the top level first.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["score"],
    &["batch"],
    &["match"],
    &["questions"],
    &["index"],
    &["index", "build"],
    &["rubric"],
    &["rubric", "check"],
    &["eval"],
    &["tune"],
    &["learn"],
    &["report"],
    &["practice"],
    &["serve"],
    &["completions"],
    &["man"],
];

/// `assay PATH... --help`, plain (stdout is a pipe; `--color never` too).
fn help(path: &[&str]) -> String {
    let out = assay()
        .args(path)
        .args(["--help", "--color", "never"])
        .env_remove("CLICOLOR_FORCE")
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The subcommands a help page lists under `Commands:` (without `help`).
fn listed_subcommands(help: &str) -> Vec<String> {
    let Some((_, rest)) = help.split_once("\nCommands:\n") else { return Vec::new() };
    rest.lines()
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_help_page_is_as_snapshotted() {
    for path in COMMANDS {
        let name = if path.is_empty() { "assay".to_owned() } else { path.join("-") };
        insta::assert_snapshot!(format!("help_{name}"), help(path));
    }
}

#[test]
fn the_snapshots_cover_every_subcommand() {
    for path in COMMANDS {
        for sub in listed_subcommands(&help(path)) {
            let mut full: Vec<&str> = path.to_vec();
            full.push(&sub);
            assert!(
                COMMANDS.contains(&full.as_slice()),
                "`assay {}` has no snapshot",
                full.join(" ")
            );
        }
    }
}

#[test]
fn every_command_ends_its_help_with_examples() {
    for path in COMMANDS.iter().filter(|p| !matches!(p, [] | ["index"] | ["rubric"])) {
        let examples = examples(&help(path));
        assert!(
            (1..=4).contains(&examples.len()),
            "`assay {} --help` has {} examples",
            path.join(" "),
            examples.len()
        );
        for line in &examples {
            assert!(line.split_whitespace().any(|word| word == "assay"), "{line}");
        }
    }
}

/// The command lines after `Examples:` in a help page.
fn examples(help: &str) -> Vec<String> {
    let Some((_, rest)) = help.split_once("\nExamples:\n") else { return Vec::new() };
    rest.lines()
        .take_while(|line| line.starts_with("  "))
        .map(|line| line.trim().to_owned())
        .collect()
}

/// A folder laid out as a clone of the repository is, with a trainer's
/// copies `my-rubrics/` and `my-corpus/`, and a home folder with the
/// places completion scripts go.
fn workspace(dir: &Path) -> PathBuf {
    let work = dir.join("work");
    for name in ["examples", "rubrics", "corpus"] {
        std::fs::create_dir_all(&work).unwrap();
        std::os::unix::fs::symlink(repo(name), work.join(name)).unwrap();
    }
    copy_rubric_folder(&work.join("my-rubrics"));
    copy_files(&repo("corpus"), &work.join("my-corpus"));
    let home = dir.join("home");
    for sub in [".local/share/bash-completion/completions", ".zfunc", ".config/fish/completions"] {
        std::fs::create_dir_all(home.join(sub)).unwrap();
    }
    work
}

/// An answer for `practice`, three times (it may ask three questions).
const ANSWERS: &str =
    "I would stay with them, listen without judging, and call the crisis line together.\n.\n\
I would stay with them, listen without judging, and call the crisis line together.\n.\n\
I would stay with them, listen without judging, and call the crisis line together.\n.\n";

/// Runs `line` with `sh` in `work`, `assay` first on the PATH.
fn run(line: &str, work: &Path) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_assay")).parent().unwrap().to_owned();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path =
        std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path))).unwrap();
    let home = work.parent().unwrap().join("home");
    assert_cmd::Command::new("sh")
        .args(["-c", line])
        .current_dir(work)
        .env("PATH", path)
        .env("HOME", &home)
        .env("ASSAY_HOME", home.join("assay"))
        .env("MANPAGER", "cat")
        .env("SOURCE_DATE_EPOCH", "0")
        .write_stdin(ANSWERS)
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap()
}

/// Every example runs as written and exits 0, except `assay serve`, which
/// runs until it is stopped (the server's own tests start it).
#[test]
fn every_example_runs() {
    let dir = tempfile::tempdir().unwrap();
    let work = workspace(dir.path());
    for path in COMMANDS.iter().filter(|p| !matches!(p, ["serve"])) {
        for line in examples(&help(path)) {
            let output = run(&line, &work);
            assert!(
                output.status.success(),
                "`{line}` ({:?}):\n--- stdout:\n{}\n--- stderr:\n{}",
                output.status,
                String::from_utf8_lossy(&output.stdout).chars().take(2000).collect::<String>(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}
