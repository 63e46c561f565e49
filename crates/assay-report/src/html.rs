//! The report as one self-contained HTML page: inline CSS, no network, and
//! no script but one fixed one on the index page (`templates/sort.js`,
//! sorting its tables), which the page's Content-Security-Policy allows by
//! its SHA-256 hash and nothing else. Rendered by minijinja from the templates in `templates/`
//! (embedded at build time) with HTML auto-escaping on for every template,
//! so every value from the answer, the rubrics or the ids is escaped. The
//! only markup inserted unescaped is the two SVG charts, which
//! [`crate::charts`] builds with every text escaped. A
//! Content-Security-Policy meta tag that allows no other scripts, fetches or
//! frames is a second layer, not the first.

use base64::Engine as _;
use minijinja::{context, AutoEscape, Environment};
use sha2::{Digest, Sha256};

use crate::error::{ReportError, Result};
use crate::model::{CandidateReport, IndexPage};
use crate::served::{PlaygroundPage, PracticePage};

const TEMPLATES: &[(&str, &str)] = &[
    ("page.html", include_str!("../templates/page.html")),
    ("question.html", include_str!("../templates/question.html")),
    ("report.html", include_str!("../templates/report.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("served.html", include_str!("../templates/served.html")),
    ("practice.html", include_str!("../templates/practice.html")),
    ("playground.html", include_str!("../templates/playground.html")),
    ("style.css", include_str!("../templates/style.css")),
];

/// The index page's one script: sorting its tables.
const SORT_JS: &str = include_str!("../templates/sort.js");

/// `SORT_JS`'s hash as a Content-Security-Policy source.
fn script_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Renders report models as HTML pages.
#[derive(Debug)]
pub struct HtmlRenderer {
    env: Environment<'static>,
}

impl HtmlRenderer {
    /// A renderer with the bundled templates.
    ///
    /// # Errors
    ///
    /// A bundled template does not parse (a bug, caught by the tests).
    pub fn new() -> Result<Self> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.add_filter("decimal", |value: f64| format!("{value:.1}"));
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|source| ReportError::Template { template: name, source })?;
        }
        Ok(HtmlRenderer { env })
    }

    /// The page for one candidate.
    ///
    /// # Errors
    ///
    /// The template fails to render (a bug).
    pub fn candidate(&self, report: &CandidateReport) -> Result<String> {
        self.render("report.html", context! { r => report })
    }

    /// The index page linking several candidates' pages.
    ///
    /// # Errors
    ///
    /// The template fails to render (a bug).
    pub fn index(&self, page: &IndexPage) -> Result<String> {
        let sort_hash = script_hash(SORT_JS);
        self.render(
            "index.html",
            context! { page => page, sort_js => SORT_JS, sort_hash => sort_hash },
        )
    }

    /// The practice page `assay serve` shows at `/`. Unlike a report it
    /// is not self-contained: it loads `assets/style.css` and
    /// `assets/practice.js` from the server (see [`crate::asset`]), and has
    /// no inline style or script, so the server's Content-Security-Policy
    /// can forbid both.
    ///
    /// # Errors
    ///
    /// The template fails to render (a bug).
    pub fn practice(&self, page: &PracticePage) -> Result<String> {
        self.render("practice.html", context! { page => page, current => "practice" })
    }

    /// The trainer's playground `assay serve` shows at `/playground`
    /// (loading `assets/style.css`, no script).
    ///
    /// # Errors
    ///
    /// The template fails to render (a bug).
    pub fn playground(&self, page: &PlaygroundPage) -> Result<String> {
        self.render("playground.html", context! { page => page, current => "playground" })
    }

    fn render(&self, template: &'static str, context: minijinja::Value) -> Result<String> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|source| ReportError::Template { template, source })
    }
}
