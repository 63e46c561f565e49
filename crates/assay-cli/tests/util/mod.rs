//! Helpers shared by the CLI test binaries.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `assay` binary, run away from the repository: the built-in data must
/// be embedded, not read from the working directory. Reports are dated
/// 1970-01-01 (`SOURCE_DATE_EPOCH=0`), so two runs compare equal.
pub fn assay() -> Command {
    let mut cmd = Command::cargo_bin("assay").unwrap();
    cmd.current_dir(std::env::temp_dir()).env("SOURCE_DATE_EPOCH", "0");
    cmd
}

/// Copies the files directly in `from` into `to`, creating `to`.
#[allow(dead_code)] // not every test binary copies folders
pub fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// Copies the built-in rubric folder (concepts, shared red flags,
/// questions) into `to`, a folder a trainer could pass as `--rubrics`.
#[allow(dead_code)] // not every test binary copies rubrics
pub fn copy_rubric_folder(to: &Path) {
    for sub in ["concepts", "red-flags", "questions"] {
        copy_files(&repo("rubrics").join(sub), &to.join(sub));
    }
}

/// A large batch input in `dir`: the bundled sample's rows repeated
/// `copies` times under its header.
#[allow(dead_code)] // only the batch and resume tests need one
pub fn big_input(dir: &Path, copies: usize) -> PathBuf {
    let sample = std::fs::read_to_string(repo("examples/candidates.csv")).unwrap();
    let (header, body) = sample.split_once('\n').unwrap();
    let path = dir.join("big.csv");
    std::fs::write(&path, format!("{header}\n{}", body.repeat(copies))).unwrap();
    path
}

/// A path relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

/// `html` with the character references minijinja writes turned back into
/// characters, to compare with text a browser would show.
#[allow(dead_code)] // only the HTML tests compare text
pub fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// A strong answer to `active-listening`, for the served pages' tests.
#[allow(dead_code)] // only the served pages' tests use it
pub const STRONG: &str =
    "Listening is most of the job for me. I give the person my full attention, \
I put my phone away and I let them finish without jumping in. I reflect back what I heard in my \
own words and ask if I got it right, so they feel understood. When I was struggling myself, the \
person who helped most just listened. I would ask open questions like how has this week been \
for you, and let them decide what we talk about.";

/// Answers that try to run script or break out of a page: served back,
/// they must come as text.
#[allow(dead_code)] // only the served pages' tests use them
pub const HOSTILE: &[&str] = &[
    "<script>document.body.setAttribute('data-pwned','1')</script> I would stay with them and call the crisis line.",
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> I would listen without judging.",
    "<a href=\"javascript:document.body.setAttribute('data-pwned','3')\">click me</a> and [a link](javascript:alert(1))",
    "</textarea><svg onload=\"document.body.setAttribute('data-pwned','4')\"></svg><style>body{display:none}</style> I would follow up.",
];

#[allow(dead_code)] // only the server tests start one
pub mod server;
