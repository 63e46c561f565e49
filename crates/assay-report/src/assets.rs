//! The style sheet and script the served pages load from `/assets/`,
//! embedded in the binary so the pages need no network beyond the server
//! itself: a Content-Security-Policy of `script-src 'self'; style-src 'self'`
//! allows them and nothing inline.

/// A file the served pages load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its text.
    pub body: &'static str,
}

/// The served pages' style sheet: the reports' own rules
/// (`templates/style.css`), then the rules for forms, buttons and the
/// playground (`templates/pages.css`).
pub const STYLE_CSS: &str =
    concat!(include_str!("../templates/style.css"), include_str!("../templates/pages.css"));

/// The practice page's script: keeps the attempt history in the browser's
/// `localStorage` (never on the server) and lists it.
pub const PRACTICE_JS: &str = include_str!("../templates/practice.js");

/// The asset called `name` (as in `/assets/<name>`), if there is one.
#[must_use]
pub fn asset(name: &str) -> Option<Asset> {
    let (content_type, body) = match name {
        "style.css" => ("text/css; charset=utf-8", STYLE_CSS),
        "practice.js" => ("text/javascript; charset=utf-8", PRACTICE_JS),
        _ => return None,
    };
    Some(Asset { content_type, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assets_are_there_and_nothing_else() {
        let css = asset("style.css").unwrap();
        assert!(css.content_type.starts_with("text/css"));
        assert!(css.body.contains(".badge") && css.body.contains(":focus-visible"));
        assert!(asset("practice.js").unwrap().body.contains("localStorage"));
        for name in ["", "../Cargo.toml", "style.css/", "page.html", "report.html"] {
            assert_eq!(asset(name), None, "{name}");
        }
    }
}
