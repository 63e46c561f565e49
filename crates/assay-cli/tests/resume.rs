//! `assay batch --resume` and the partial output: a resumed run gives the
//! bytes of an uninterrupted one whatever point it stopped at, continues
//! only a partial written by the same run, and no two runs write one output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

mod util;

use predicates::prelude::*;
use proptest::prelude::*;
use util::{assay, repo};

/// The bundled sample of candidate answers.
fn sample() -> String {
    fs::read_to_string(repo("examples/candidates.csv")).unwrap()
}

/// Writes the sample with one row that `--strict` stops at appended, so a
/// strict run leaves a partial output and its run record behind.
fn input_with_bad_last_row(dir: &Path) -> PathBuf {
    let path = dir.join("in.csv");
    fs::write(&path, format!("{}c-last,no-such-question,\"An answer.\"\n", sample())).unwrap();
    path
}

/// Runs `assay batch` over `input` into `output` with `extra` options.
fn batch(input: &Path, output: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    assay().arg("batch").args(extra).arg(input).arg("-o").arg(output).assert()
}

/// The partial file and run record a strict run leaves for `output`.
fn leave_partial(input: &Path, output: &Path, extra: &[&str]) -> PathBuf {
    let strict: Vec<&str> = ["--strict"].iter().chain(extra).copied().collect();
    batch(input, output, &strict).code(2);
    let name = output.file_name().unwrap().to_string_lossy();
    let partial = output.with_file_name(format!(".{name}.partial"));
    assert!(partial.exists() && output.with_file_name(format!(".{name}.run")).exists());
    partial
}

#[test]
fn a_partial_of_another_format_input_or_rubric_set_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = input_with_bad_last_row(dir.path());
    let output = dir.path().join("out.csv");

    leave_partial(&input, &output, &["--format", "jsonl"]);
    batch(&input, &output, &["--resume"]).code(2).stderr(
        predicate::str::contains("the output format differs")
            .and(predicate::str::contains("(jsonl then, csv now); start again without --resume")),
    );
    // Compact and full JSON Lines rows do not mix in one output either.
    leave_partial(&input, &output, &["--format", "jsonl"]);
    batch(&input, &output, &["--resume", "--format", "jsonl", "--detail", "full"])
        .code(2)
        .stderr(predicate::str::contains("(jsonl then, jsonl --detail full now)"));

    leave_partial(&input, &output, &[]);
    let mut changed = fs::read(&input).unwrap();
    changed.extend_from_slice(b"c-more,risk-of-harm,\"I would listen.\"\n");
    fs::write(&input, changed).unwrap();
    batch(&input, &output, &["--resume"])
        .code(2)
        .stderr(predicate::str::contains("has changed since the run began"));

    leave_partial(&input, &output, &[]);
    batch(&input, &output, &["--resume", "--exemplars"])
        .code(2)
        .stderr(predicate::str::contains("--exemplars differs"));
    let rubrics = dir.path().join("rubrics");
    util::copy_rubric_folder(&rubrics);
    fs::remove_file(rubrics.join("questions/value-conflicts.toml")).unwrap();
    assay()
        .arg("--rubrics")
        .arg(&rubrics)
        .args(["batch", "--resume"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the rubric set differs"));

    // A partial without a record (an older assay's, or copied) is refused.
    let name = ".out.csv.run";
    fs::remove_file(dir.path().join(name)).unwrap();
    batch(&input, &output, &["--resume"])
        .code(2)
        .stderr(predicate::str::contains("no record of the run that wrote it"));
}

#[test]
fn a_second_run_to_the_same_output_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = util::big_input(dir.path(), 300);
    let output = dir.path().join("out.jsonl");
    let partial = dir.path().join(".out.jsonl.partial");
    let mut first = Process::new(assert_cmd::cargo::cargo_bin("assay"))
        .args(["batch", "--threads", "1"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while fs::metadata(&partial).map_or(0, |m| m.len()) == 0 {
        assert!(Instant::now() < deadline, "the first run never wrote any output");
        std::thread::sleep(Duration::from_millis(5));
    }
    let second = batch(&input, &output, &[]).get_output().clone();
    let still_running = first.try_wait().unwrap().is_none();
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(still_running, "the first run ended before the second started; use a larger input");
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another run is writing"), "{stderr}");
    assert!(!output.exists(), "neither run finished");
    // The first run's rows are intact: the second truncated nothing.
    let rows = fs::read_to_string(&partial).unwrap();
    assert!(rows.lines().count() > 0 && rows.lines().all(|l| l.starts_with("{\"row\":")));
}

/// Cases per property (each case runs assay twice); `PROPTEST_CASES`
/// raises it for a long run before a release.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12)
}

/// One uninterrupted run per format, and the partial a strict run left
/// with its run record, made once for all cases.
struct Runs {
    dir: tempfile::TempDir,
    input: PathBuf,
}

impl Runs {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let input = input_with_bad_last_row(dir.path());
        for name in ["out.jsonl", "out.csv"] {
            let output = dir.path().join(name);
            leave_partial(&input, &output, &[]);
            batch(&input, &dir.path().join(format!("whole-{name}")), &[]).code(1);
        }
        Runs { dir, input }
    }

    /// Cuts the partial for `name` to `fraction` of its bytes in a fresh
    /// folder, resumes it, and returns the result beside the whole run's.
    fn resume_cut(&self, name: &str, fraction: f64) -> (Vec<u8>, Vec<u8>) {
        let work = tempfile::tempdir_in(self.dir.path()).unwrap();
        let partial = fs::read(self.dir.path().join(format!(".{name}.partial"))).unwrap();
        let cut = ((partial.len() as f64) * fraction) as usize;
        fs::write(work.path().join(format!(".{name}.partial")), &partial[..cut]).unwrap();
        let record = self.dir.path().join(format!(".{name}.run"));
        fs::copy(record, work.path().join(format!(".{name}.run"))).unwrap();
        let output = work.path().join(name);
        let resumed = batch(&self.input, &output, &["--resume"]).get_output().clone();
        let stderr = String::from_utf8_lossy(&resumed.stderr);
        let result = if resumed.status.code() == Some(1) {
            fs::read(&output).unwrap()
        } else {
            format!("exit {:?}: {stderr}", resumed.status.code()).into_bytes()
        };
        (result, fs::read(self.dir.path().join(format!("whole-{name}"))).unwrap())
    }
}

/// The case the property found: a CSV partial cut inside its first row
/// holds a header and no complete row; the resumed file has one header.
#[test]
fn a_csv_cut_inside_the_first_row_keeps_one_header() {
    let runs = Runs::new();
    let partial = fs::read(runs.dir.path().join(".out.csv.partial")).unwrap();
    let header_end = partial.iter().position(|&b| b == b'\n').unwrap() + 1;
    let fraction = (header_end + 20) as f64 / partial.len() as f64;
    let (resumed, whole) = runs.resume_cut("out.csv", fraction);
    assert!(resumed == whole, "{}", String::from_utf8_lossy(&resumed[..resumed.len().min(900)]));
}

#[test]
fn resuming_from_any_cut_gives_the_uninterrupted_bytes() {
    let runs = Runs::new();
    let config = ProptestConfig { cases: cases(), ..ProptestConfig::default() };
    proptest!(config, |(fraction in 0.0f64..1.0, csv in any::<bool>())| {
        let name = if csv { "out.csv" } else { "out.jsonl" };
        // A cut inside the CSV header leaves nothing to resume from.
        let (resumed, whole) = runs.resume_cut(name, fraction);
        if csv && resumed.starts_with(b"exit") {
            prop_assert!(String::from_utf8_lossy(&resumed).contains("no complete header"));
        } else {
            prop_assert!(resumed == whole, "{}", String::from_utf8_lossy(&resumed[..resumed.len().min(400)]));
        }
    });
}
