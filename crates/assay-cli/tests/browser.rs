//! Reports in a real browser: hostile answers run nothing in headless
//! Chromium, and a normal report renders (screenshot). Skipped, saying why,
//! when Chromium is not installed (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::time::Duration;

#[allow(dead_code)] // not every helper is used here
mod util;

use util::{assay, repo};

/// The Content-Security-Policy line of a report, removed for the escaping
/// test so it proves the escaping, not the policy.
const CSP: &str = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#;

const HOSTILE: &[&str] = &[
    "<script>document.body.setAttribute('data-pwned','1')</script> I would stay with them and call the crisis line.",
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> I would listen without judging.",
    "<a href=\"javascript:document.body.setAttribute('data-pwned','3')\">click me</a> and [a link](javascript:alert(1)) ![img](x.png)",
    "<svg onload=\"document.body.setAttribute('data-pwned','4')\"></svg><style>body{display:none}</style> I would follow up.",
];

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if path.exists() {
        return Some(path);
    }
    #[allow(clippy::print_stdout)]
    {
        println!("skipped: chromium not found; install with `apt-get install -y chromium`");
    }
    None
}

/// Runs headless Chromium on `page` with `extra` arguments; its stdout.
fn run_chromium(chromium: &Path, profile: &Path, page: &Path, extra: &[&str]) -> String {
    let output = assert_cmd::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn write_input(dir: &Path, rows: &[(&str, &str)]) -> PathBuf {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["candidate_id", "question_id", "answer"]).unwrap();
    for (question, answer) in rows {
        writer.write_record(["browser-test", question, answer]).unwrap();
    }
    let path = dir.join("answers.csv");
    std::fs::write(&path, writer.into_inner().unwrap()).unwrap();
    path
}

#[test]
fn hostile_answers_run_nothing_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");

    // A control page proves this browser run executes scripts at all.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<!doctype html><body><script>document.body.setAttribute('data-pwned','control')</script></body>",
    )
    .unwrap();
    assert!(run_chromium(&chromium, &profile, &control, &["--dump-dom"]).contains("data-pwned"));

    let rows: Vec<(&str, &str)> = HOSTILE.iter().map(|a| ("risk-of-harm", *a)).collect();
    let input = write_input(dir.path(), &rows);
    let report = dir.path().join("report.html");
    assay().arg("report").arg(&input).arg("-o").arg(&report).assert().success();
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains(CSP), "the report has its Content-Security-Policy");
    let without_csp = dir.path().join("report-without-csp.html");
    std::fs::write(&without_csp, html.replace(CSP, "")).unwrap();

    let dom = run_chromium(&chromium, &profile, &without_csp, &["--dump-dom"]);
    assert!(dom.contains("Feedback for browser-test"), "the page loaded:\n{dom}");
    assert!(!dom.contains("data-pwned="), "a hostile answer ran:\n{dom}");
    assert!(!dom.contains("<img") && !dom.contains("<svg onload"));
    assert!(!dom.contains("<a href=\"javascript"), "a javascript: link became a link");
    for shown in [
        "&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;",
        "\"&gt;&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"&gt;",
        "&lt;a href=\"javascript:document.body.setAttribute('data-pwned','3')\"&gt;click me&lt;/a&gt;",
        "[a link](javascript:alert(1))",
    ] {
        assert!(dom.contains(shown), "{shown} is not shown as text");
    }
}

#[test]
fn a_normal_report_renders_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let screenshot = dir.path().join("report.png");
    screenshot_of(&chromium, dir.path(), "c014", &screenshot, "1000,1400");
    let png = std::fs::read(&screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "{} bytes", png.len());
}

/// Refreshes `docs/report.png`, the screenshot in the README:
/// `cargo test -p assay-cli --test browser -- --ignored`.
#[test]
#[ignore = "writes docs/report.png; run by hand"]
fn readme_screenshot() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    screenshot_of(&chromium, dir.path(), "c014", &repo("docs/report.png"), "800,1100");
}

/// A screenshot of the report on `candidate` from the bundled sample.
fn screenshot_of(chromium: &Path, dir: &Path, candidate: &str, png: &Path, size: &str) {
    let report = dir.join("report.html");
    assay()
        .arg("report")
        .arg(repo("examples/candidates.csv"))
        .args(["--candidate", candidate, "-o"])
        .arg(&report)
        .assert()
        .success();
    run_chromium(
        chromium,
        &dir.join("profile"),
        &report,
        &[&format!("--screenshot={}", png.display()), &format!("--window-size={size}")],
    );
}

/// `html` without its Content-Security-Policy meta tag, whatever it allows.
fn without_policy(html: &str) -> String {
    let start = html.find("<meta http-equiv=\"Content-Security-Policy\"").expect("a policy");
    let end = start + html[start..].find('>').unwrap() + 1;
    format!("{}{}", &html[..start], &html[end..])
}

/// Measures a page in the browser at `width` px: how far it overflows
/// sideways, and the smallest visible chart text as drawn (SVG text is
/// scaled with its chart). Writes a screenshot beside the page.
fn measure(chromium: &Path, dir: &Path, page: &Path, width: u32) -> (f64, f64) {
    const PROBE: &str = "<script>addEventListener('load', () => {
        const shown = e => e.getClientRects().length > 0;
        let smallest = 1e9;
        for (const t of document.querySelectorAll('svg text')) {
            if (!shown(t)) continue;
            const size = parseFloat(getComputedStyle(t).fontSize);
            smallest = Math.min(smallest, size * t.getScreenCTM().a);
        }
        const over = document.documentElement.scrollWidth - window.innerWidth;
        document.body.setAttribute('data-overflow', over);
        document.body.setAttribute('data-smallest', smallest);
    });</script></body>";
    let html = without_policy(&std::fs::read_to_string(page).unwrap()).replace("</body>", PROBE);
    let probe = dir.join(format!("probe-{width}.html"));
    std::fs::write(&probe, html).unwrap();
    let size = format!("--window-size={width},900");
    let dom = run_chromium(
        chromium,
        &dir.join("profile"),
        &probe,
        &["--dump-dom", &size, "--virtual-time-budget=3000"],
    );
    let attribute = |name: &str| -> f64 {
        let at = dom.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name} in:\n{dom}"));
        let rest = &dom[at + name.len() + 2..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let name = page.file_stem().unwrap().to_string_lossy();
    let png = shots.join(format!("{name}-{width}.png"));
    let full = format!("--window-size={width},2400");
    run_chromium(
        chromium,
        &dir.join("profile"),
        page,
        &[&format!("--screenshot={}", png.display()), &full],
    );
    #[allow(clippy::print_stdout)]
    {
        println!("screenshot: {}", png.display());
    }
    (attribute("data-overflow"), attribute("data-smallest"))
}

/// The bundled sample's reports (index and one page per candidate), in a
/// `reports` folder under `dir`.
fn sample_reports(dir: &Path) -> PathBuf {
    let folder = dir.join("reports");
    assay()
        .arg("report")
        .arg(repo("examples/candidates.csv"))
        .arg("-o")
        .arg(&folder)
        .assert()
        .success();
    folder
}

#[test]
fn reports_read_on_a_phone_and_a_desktop_without_sideways_scrolling() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_reports(dir.path());
    for page in ["c014.html", "c001.html", "index.html"] {
        for width in [390, 1280] {
            let (overflow, smallest) = measure(&chromium, dir.path(), &folder.join(page), width);
            assert!(overflow <= 0.0, "{page} at {width} px runs {overflow} px off the side");
            assert!(smallest >= 12.0, "{page} at {width} px draws chart text at {smallest:.1} px");
        }
    }
}

#[test]
fn the_index_sorts_its_tables_with_the_one_script_its_policy_allows() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_reports(dir.path());
    let index = folder.join("index.html");
    let profile = dir.path().join("profile");
    let dom =
        run_chromium(&chromium, &profile, &index, &["--dump-dom", "--virtual-time-budget=2000"]);
    assert!(
        dom.contains("<button type=\"button\">Mean score</button>"),
        "the sort script ran:\n{dom}"
    );
    // The policy allows that script by its hash and nothing else: changed
    // by one character, it is refused.
    let html = std::fs::read_to_string(&index).unwrap();
    let tampered = dir.path().join("tampered.html");
    std::fs::write(&tampered, html.replace("var up =", "var up  =")).unwrap();
    let dom =
        run_chromium(&chromium, &profile, &tampered, &["--dump-dom", "--virtual-time-budget=2000"]);
    assert!(!dom.contains("<button type=\"button\">"), "a changed script ran");
    // Candidate pages carry no script at all.
    let page = std::fs::read_to_string(folder.join("c001.html")).unwrap();
    assert!(!page.contains("<script"));
}
