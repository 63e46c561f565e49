//! The examples at the end of each command's `--help` (clap's
//! `after_help`). They use files a clone of the repository has
//! (`examples/`, `rubrics/`, `corpus/`) and a trainer's copies named
//! `my-rubrics/` and `my-corpus/`; `tests/help.rs` runs every line.

/// `assay --help`.
pub const ASSAY: &str = "\
Examples:
  assay questions                                   # what assay can score
  assay score -q risk-of-harm \"I would stay with them and call the crisis line.\"
  assay batch examples/candidates.csv -o scores.jsonl
  assay report examples/candidates.csv -o reports/";

/// `assay score --help`.
pub const SCORE: &str = "\
Examples:
  assay score -q risk-of-harm \"I would stay with them and call the crisis line.\"
  assay score -q suicidal-thoughts --file examples/suicidal-thoughts.txt --format json
  cat examples/suicidal-thoughts.txt | assay score -q suicidal-thoughts -
  assay score -q suicidal-thoughts --file examples/suicidal-thoughts.txt --explain";

/// `assay batch --help`.
pub const BATCH: &str = "\
Examples:
  assay batch examples/candidates.csv -o scores.jsonl
  assay batch examples/candidates.csv -o scores.csv --threads 2 --strict
  assay batch examples/candidates.csv --exemplars --quiet | head -n 2";

/// `assay match --help`.
pub const MATCH: &str = "\
Examples:
  assay match --file examples/suicidal-thoughts.txt
  assay match \"I would ask whether they are safe right now.\" --top 5 --format json";

/// `assay questions --help`.
pub const QUESTIONS: &str = "\
Examples:
  assay questions
  assay questions --format json
  assay questions --rubrics my-rubrics/";

/// `assay index build --help`.
pub const INDEX_BUILD: &str = "\
Examples:
  assay index build --corpus corpus/ -o my-index/
  assay --index my-index/ score -q suicidal-thoughts --file examples/suicidal-thoughts.txt
  assay index build --rubrics my-rubrics/ --corpus my-corpus/ -o my-index/";

/// `assay rubric check --help`.
pub const RUBRIC_CHECK: &str = "\
Examples:
  assay rubric check                                # the built-in rubrics and corpus
  assay rubric check my-rubrics/ --corpus my-corpus/
  assay rubric check my-rubrics/ --format github    # annotations in CI
  assay rubric check --coverage --labels examples/labelled/labelled.csv";

/// `assay eval --help`.
pub const EVAL: &str = "\
Examples:
  assay eval examples/labelled/labelled.csv
  assay eval examples/labelled/labelled.csv --fail-under 0.7 --format github   # a CI gate
  assay eval examples/labelled/labelled.csv --rubrics my-rubrics/ --format json";

/// `assay tune --help`.
pub const TUNE: &str = "\
Examples:
  assay tune examples/labelled/labelled.csv --rubrics my-rubrics/   # a diff to review
  assay tune examples/labelled/labelled.csv --rubrics my-rubrics/ --max-threshold-shift 10 --min-weight 0.5
  assay tune examples/labelled/labelled.csv --rubrics my-rubrics/ --write";

/// `assay learn --help`.
pub const LEARN: &str = "\
Examples:
  assay learn examples/labelled/labelled.csv -q suicidal-thoughts --rubrics my-rubrics/ --max-cues 30
  assay learn examples/labelled/labelled.csv -q suicidal-thoughts --rubrics my-rubrics/ --metric macro-f1 --write";

/// `assay report --help`.
pub const REPORT: &str = "\
Examples:
  assay report examples/candidates.csv -o reports/   # index.html and a page per candidate
  assay report examples/candidates.csv --candidate c014 -o c014.html
  assay report examples/candidates.csv --candidate c014 --format md   # Markdown to stdout
  assay batch examples/candidates.csv -o scores.jsonl && assay report scores.jsonl --answers examples/candidates.csv -o scored/";

/// `assay practice --help`.
pub const PRACTICE: &str = "\
Examples:
  assay practice                                    # a question at random
  assay practice --topic safety --count 3 --unanswered
  assay practice --history";

/// `assay serve --help`.
pub const SERVE: &str = "\
Examples:
  assay serve                      # http://127.0.0.1:8080/ on this machine only
  assay serve --addr 0.0.0.0:8080 --token \"$(openssl rand -hex 16)\"";

/// `assay completions --help`.
pub const COMPLETIONS: &str = "\
Examples:
  assay completions bash > ~/.local/share/bash-completion/completions/assay
  assay completions zsh > ~/.zfunc/_assay           # with fpath+=(~/.zfunc) in ~/.zshrc
  assay completions fish > ~/.config/fish/completions/assay.fish";

/// `assay man --help`.
pub const MAN: &str = "\
Examples:
  assay man > assay.1 && man ./assay.1";
