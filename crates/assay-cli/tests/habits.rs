//! Command-line habits shared by every subcommand: `--color` and
//! `NO_COLOR`, `--quiet`, and the line a command that writes files ends
//! with.

mod util;

use predicates::prelude::*;
use util::{assay, repo};

#[test]
fn report_says_what_it_wrote_and_quiet_silences_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    assay()
        .arg("report")
        .arg(repo("examples/candidates.csv"))
        .arg("-o")
        .arg(&folder)
        .assert()
        .success()
        .stdout("")
        .stderr(format!(
            "assay report: wrote HTML reports on 25 candidates (104 answers) with index.html and summary.csv to {}\n",
            folder.display()
        ));
    let file = dir.path().join("c014.md");
    assay()
        .arg("report")
        .arg(repo("examples/candidates.csv"))
        .args(["--candidate", "c014", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stderr(format!(
            "assay report: wrote the report on c014 (5 answers) to {}\n",
            file.display()
        ));
    // --quiet before or after the subcommand: the files, and no line.
    let quiet = dir.path().join("quiet.md");
    for args in [["--quiet", "report"], ["report", "--quiet"]] {
        assay()
            .args(args)
            .arg(repo("examples/candidates.csv"))
            .args(["--candidate", "c014", "-o"])
            .arg(&quiet)
            .assert()
            .success()
            .stderr("");
        assert!(std::fs::read_to_string(&quiet).unwrap().contains("c014"));
    }
}

#[test]
fn quiet_silences_the_batch_summary_but_not_its_output_or_errors() {
    let input = repo("examples/candidates.csv");
    assay()
        .arg("batch")
        .arg(&input)
        .assert()
        .success()
        .stderr(predicate::str::contains("104 rows, 0 errors"));
    let out = assay().args(["batch", "--quiet"]).arg(&input).assert().success().stderr("");
    assert_eq!(out.get_output().stdout.iter().filter(|&&b| b == b'\n').count(), 104);
    // An error still shows.
    assay()
        .args(["batch", "--quiet", "no-such-file.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.csv"));
}

/// `serve --quiet` leaves out the listening line: the server answers and
/// stderr stays empty.
#[test]
fn quiet_serve_answers_without_the_listening_line() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_assay"))
        .args(["serve", "--quiet", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let agent = util::server::client();
    let url = format!("http://127.0.0.1:{port}/v1/health");
    let answered = (0..600).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        agent.get(&url).call().is_ok_and(|r| r.status() == 200)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(answered, "the server never answered; stderr: {stderr}");
    assert_eq!(stderr, "");
}

/// `assay ARGS` run at a terminal (`script`, from util-linux, provides
/// it) with `env` set: what the terminal showed, stderr included. `None`,
/// saying why, when `script` is not installed.
fn at_a_terminal(args: &str, env: &[(&str, &str)]) -> Option<String> {
    let script = std::path::Path::new("/usr/bin/script");
    if !script.exists() {
        #[allow(clippy::print_stdout)]
        {
            println!("skipped: /usr/bin/script (util-linux) not found");
        }
        return None;
    }
    let assay = assert_cmd::cargo::cargo_bin("assay");
    let command = format!("{} {args}", assay.display());
    let mut cmd = assert_cmd::Command::new(script);
    cmd.args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(repo(""))
        .timeout(std::time::Duration::from_secs(120))
        .env("TERM", "xterm-256color");
    for name in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CI"] {
        cmd.env_remove(name);
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    let output = cmd.write_stdin("").output().unwrap();
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Under `--color auto` (the default) a terminal gets colour unless
/// NO_COLOR is set to something; `--color never` wins over the terminal.
#[test]
fn a_terminal_gets_colour_unless_no_color_or_never() {
    let eval = "eval examples/labelled/labelled.csv --cases 0 --cue-table 0";
    let Some(shown) = at_a_terminal(eval, &[]) else { return };
    assert!(shown.contains("\u{1b}[31mnot ready"), "{shown}");
    let shown = at_a_terminal(eval, &[("NO_COLOR", "1")]).unwrap();
    assert!(shown.contains("verdict: not ready") && !shown.contains('\u{1b}'), "{shown}");
    // An empty NO_COLOR counts as unset.
    let shown = at_a_terminal(eval, &[("NO_COLOR", "")]).unwrap();
    assert!(shown.contains("\u{1b}[31mnot ready"), "{shown}");
    let shown = at_a_terminal(&format!("{eval} --color never"), &[]).unwrap();
    assert!(shown.contains("verdict: not ready") && !shown.contains('\u{1b}'), "{shown}");
}

/// One name per idea: labelled files take `--input-format` as batch and
/// report inputs do, and `index build` writes to `-o/--output` as every
/// other command does. The old spellings still work, unlisted.
#[test]
fn old_option_names_still_work_but_help_shows_one_name_per_idea() {
    let labels = repo("examples/labelled/labelled.csv");
    for option in ["--input-format", "--label-format"] {
        assay()
            .arg("eval")
            .arg(&labels)
            .args([option, "csv", "--format", "json"])
            .assert()
            .success();
    }
    let dir = tempfile::tempdir().unwrap();
    for (option, name) in [("-o", "a"), ("--output", "b"), ("--out", "c")] {
        let index = dir.path().join(name);
        assay()
            .args(["index", "build", "--corpus"])
            .arg(repo("corpus"))
            .arg(option)
            .arg(&index)
            .assert()
            .success();
        assert!(index.join("assay-index.json").exists());
    }
    for command in [&["eval"][..], &["tune"], &["learn"]] {
        assay()
            .args(command)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("--input-format"))
            .stdout(predicate::str::contains("label-format").not());
    }
    assay()
        .args(["index", "build", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("-o, --output <DIR>"))
        .stdout(predicate::str::contains("--out ").not());
}

/// clap's own help and errors follow --color too, before or after the
/// subcommand: the choice is made before the command line is parsed.
#[test]
fn help_and_usage_errors_follow_color() {
    let styled_usage = "\u{1b}[1m\u{1b}[4mUsage:";
    for args in [&["--color", "always", "--help"][..], &["score", "--help", "--color=always"]] {
        assay().args(args).assert().success().stdout(predicate::str::contains(styled_usage));
    }
    assay()
        .args(["score", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\nUsage: assay score"))
        .stdout(predicate::str::contains('\u{1b}').not());
    assay()
        .args(["score", "--bogus", "--color", "always"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\u{1b}[1m\u{1b}[31merror:"));
}
