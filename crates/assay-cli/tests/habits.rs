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
