//! The practice page and the playground in a real browser: headless
//! Chromium driven over WebDriver (chromedriver, Debian's `chromium-driver`)
//! with plain HTTP calls. A candidate picks a question, answers, sees the
//! score and highlights, tries again and sees the change, opens the model
//! answer, and finds both attempts in the browser's history; hostile
//! answers run nothing; nothing overflows sideways at 390 px or 1280 px;
//! the answer can be sent from the keyboard alone. Skipped, saying why,
//! when Chromium or chromedriver is not installed.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[allow(dead_code)] // not every helper is used here
mod util;

use util::server::Server;
use util::{HOSTILE, STRONG};

/// The key WebDriver names an element by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// A first try that earns something, so it has highlights.
const FIRST: &str = "I listen carefully and let them finish without interrupting.";

/// A program from an environment variable or its Debian path, if present.
fn program(variable: &str, default: &str, package: &str) -> Option<PathBuf> {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    if path.exists() {
        return Some(path);
    }
    #[allow(clippy::print_stdout)]
    {
        println!(
            "skipped: {} not found; install with `apt-get install -y {package}`",
            path.display()
        );
    }
    None
}

/// A running chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Driver {
    fn start(chromedriver: &Path) -> Driver {
        // A free port: chromedriver cannot pick one and say which.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let driver = Driver { child, base: format!("http://127.0.0.1:{port}"), agent };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = driver
                .agent
                .get(&format!("{}/status", driver.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|body| serde_json::from_str::<Value>(&body).ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                return driver;
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_else(|| json!({})).to_string()),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(status < 400, "{method} {path} failed ({status}): {text}");
        value["value"].clone()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session, ended when dropped.
struct Browser<'d> {
    driver: &'d Driver,
    session: String,
}

impl<'d> Browser<'d> {
    fn open(driver: &'d Driver, chromium: &Path, width: u32) -> Browser<'d> {
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run",
                    format!("--window-size={width},900"),
                ],
            },
        }}});
        let value = driver.call("POST", "/session", Some(capabilities));
        let session = value["sessionId"].as_str().expect("a session id").to_owned();
        let browser = Browser { driver, session };
        // A desktop window is at least 500 px wide even headless: a phone's
        // width is emulated.
        browser.emulate_width(Some(width));
        browser
    }

    /// Lays pages out `width` px wide, as a phone of that width would
    /// (`None`: as the window is).
    fn emulate_width(&self, width: Option<u32>) {
        let (cmd, params) = match width {
            Some(width) => (
                "Emulation.setDeviceMetricsOverride",
                json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": true}),
            ),
            None => ("Emulation.clearDeviceMetricsOverride", json!({})),
        };
        self.call("POST", "/goog/cdp/execute", Some(json!({"cmd": cmd, "params": params})));
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The first element matching `css`, waiting up to 20 s for it.
    fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = self.script(&format!(
                "return document.querySelector({}) !== null",
                serde_json::to_string(css).unwrap()
            ));
            if found == true {
                let value = self.call(
                    "POST",
                    "/element",
                    Some(json!({"using": "css selector", "value": css})),
                );
                return value[ELEMENT].as_str().unwrap().to_owned();
            }
            assert!(Instant::now() < deadline, "no `{css}` on the page");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.call("POST", &format!("/element/{element}/click"), None);
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.call("POST", &format!("/element/{element}/clear"), None);
        self.call("POST", &format!("/element/{element}/value"), Some(json!({ "text": text })));
    }

    /// Keys sent to whatever has the focus.
    fn keys(&self, text: &str) {
        let active = self.call("GET", "/element/active", None);
        let element = active[ELEMENT].as_str().unwrap().to_owned();
        self.call("POST", &format!("/element/{element}/value"), Some(json!({ "text": text })));
    }

    fn script(&self, body: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": body, "args": [] })))
    }

    /// Waits until `condition` (a script expression) is true.
    fn wait_for(&self, condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.script(&format!("return Boolean({condition})")) != true {
            assert!(Instant::now() < deadline, "never true: {condition}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends the answer form with `answer` and waits for the new page.
    fn attempt(&self, answer: &str) {
        let before =
            self.script("return document.getElementById('attempt')?.dataset.attempt || ''");
        self.type_into("#answer", answer);
        self.click("form.answer-form button[type=submit]");
        self.wait_for(&format!(
            "document.readyState === 'complete' && document.getElementById('attempt') && document.getElementById('attempt').dataset.attempt !== {before}"
        ));
    }

    /// How far the page reaches sideways, and the window's width.
    fn widths(&self) -> (i64, i64) {
        let v = self.script("return [document.documentElement.scrollWidth, window.innerWidth]");
        (v[0].as_i64().unwrap(), v[1].as_i64().unwrap())
    }

    fn resize(&self, width: u32) {
        self.emulate_width(None);
        self.call("POST", "/window/rect", Some(json!({ "width": width, "height": 900 })));
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        let _ = self
            .driver
            .agent
            .delete(&format!("{}/session/{}", self.driver.base, self.session))
            .call();
    }
}

/// Every field a person can fill in or press has a name a screen reader
/// reads: a label, or the button's own text.
const UNLABELLED: &str = "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(e => !e.labels || e.labels.length === 0).map(e => e.id || e.name)
    .concat([...document.querySelectorAll('button')].filter(b => !b.textContent.trim()).map(b => b.outerHTML))";

#[test]
fn a_candidate_practises_in_a_browser() {
    let Some(chromium) = program("CHROMIUM", "/usr/bin/chromium", "chromium") else { return };
    let Some(chromedriver) = program("CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver")
    else {
        return;
    };
    let server = Server::start(&[]);
    let driver = Driver::start(&chromedriver);
    let browser = Browser::open(&driver, &chromium, 390);

    // Pick a question from the list.
    browser.go(&format!("{}/", server.base));
    browser.wait_for("document.querySelectorAll('#pick-question option').length === 48");
    assert_eq!(browser.script(UNLABELLED), json!([]));
    browser.click("#pick-question option[value=\"active-listening\"]");
    browser.click("#pick-question ~ button");
    browser.find("#answer");
    assert_eq!(
        browser.script("return document.getElementById('the-question').textContent"),
        "How do you see active listening fitting into your work as a peer supporter?"
    );
    assert_eq!(browser.script(UNLABELLED), json!([]));

    // A first attempt: the score and the highlights.
    browser.attempt(FIRST);
    let first: f64 = browser
        .script("return document.getElementById('attempt').dataset.score")
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(browser.script("return document.getElementById('answer').value"), FIRST);
    assert_eq!(browser.script("return document.querySelector('.change') === null"), true);
    let marks = browser.script("return document.querySelectorAll('#attempt .answer mark').length");
    assert!(marks.as_i64().unwrap() >= 1, "highlights: {marks}");
    let shown = browser.script("return document.querySelector('.result .badge').textContent");
    assert!(shown.as_str().unwrap().starts_with(&format!("{first:.1} / 100 · ")), "{shown}");

    // Again, sent from the keyboard alone: Tab from the answer box reaches
    // the button, which shows its focus, and Enter presses it.
    let answer = browser.find("#answer");
    browser.call("POST", &format!("/element/{answer}/clear"), None);
    browser.call("POST", &format!("/element/{answer}/value"), Some(json!({ "text": STRONG })));
    browser.keys(TAB);
    assert_eq!(
        browser.script("const e = document.activeElement; return [e.tagName, e.textContent, getComputedStyle(e).outlineStyle]"),
        json!(["BUTTON", "Score my new attempt", "solid"]),
        "the focus is on the submit button, outlined"
    );
    let before = browser.script("return document.getElementById('attempt').dataset.attempt");
    browser.keys(ENTER);
    browser.wait_for(&format!(
        "document.readyState === 'complete' && document.getElementById('attempt') && document.getElementById('attempt').dataset.attempt !== {before}"
    ));
    let second: f64 = browser
        .script("return document.getElementById('attempt').dataset.score")
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(second > first, "{first} -> {second}");
    let marks = browser.script("return document.querySelectorAll('#attempt .answer mark').length");
    assert!(marks.as_i64().unwrap() >= 3, "highlights: {marks}");
    let change = browser.script("return document.querySelector('.change').textContent");
    let expected = format!("Change since your last attempt: +{:.1} points", second - first);
    assert!(change.as_str().unwrap().starts_with(&expected), "{change}");

    // The model answer opens.
    assert_eq!(browser.script("return document.querySelector('details.model').open"), false);
    browser.click("details.model summary");
    assert_eq!(
        browser.script("const d = document.querySelector('details.model'); return d.open && d.querySelector('.answer').getClientRects().length > 0"),
        true
    );

    // The history: two attempts, kept in this browser.
    browser.wait_for("document.querySelectorAll('#history-list li').length === 2");
    assert_eq!(browser.script("return document.getElementById('history').hidden"), false);
    let stored =
        browser.script("return JSON.parse(localStorage.getItem('assay.practice.attempts'))");
    let stored = stored.as_array().unwrap();
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert_eq!(stored[0]["answer"], FIRST);
    assert_eq!(stored[1]["answer"], STRONG);
    assert_eq!(stored[1]["question"], "active-listening");
    assert_eq!(stored[1]["score"].as_f64(), Some(second));

    // Nothing reaches past 390 px, feedback and all.
    let (scroll, window) = browser.widths();
    assert!(window <= 390 && scroll <= 390, "scrollWidth {scroll} in a {window} px window");

    // Hostile answers run nothing and come back as text.
    let control = browser.script("return document.getElementById('history').hidden === false");
    assert_eq!(control, true, "this browser runs the page's own script");
    for hostile in HOSTILE {
        browser.attempt(hostile);
        assert_eq!(browser.script("return document.body.hasAttribute('data-pwned')"), false);
        assert_eq!(
            browser.script("return document.querySelectorAll('main img, main svg, main a[href^=\"javascript\"], main script:not([src]), main style').length"),
            0,
            "{hostile}"
        );
        assert_eq!(browser.script("return document.getElementById('answer').value"), *hostile);
        // The highlighted answer, without the markers after highlights.
        let shown = browser.script(
            "const a = document.querySelector('#attempt .answer').cloneNode(true);
             a.querySelectorAll('[data-kind]').forEach(e => e.remove());
             return a.textContent",
        );
        assert_eq!(shown, *hostile);
    }
    browser.wait_for("document.querySelectorAll('#history-list li').length === 6");
    let details = browser.script(
        "return [...document.querySelectorAll('#history-list .answer')].map(e => e.textContent)",
    );
    assert_eq!(details[2], HOSTILE[0], "a stored answer is shown as text");
    assert_eq!(
        browser.script(
            "return document.querySelectorAll('#history-list img, #history-list script').length"
        ),
        0
    );

    // Clearing the history.
    browser.click("#history-clear");
    browser.wait_for("document.querySelectorAll('#history-list li').length === 0");
    assert_eq!(
        browser.script("return localStorage.getItem('assay.practice.attempts')"),
        Value::Null
    );

    // The playground with a result fits too, then both pages at 1280 px.
    browser.go(&format!("{}/playground?question=active-listening", server.base));
    browser.type_into("#answer", STRONG);
    browser.click("form.rubric-form button[type=submit]:not([formaction])");
    browser.find("section.trace");
    assert_eq!(browser.script(UNLABELLED), json!([]));
    let fired = browser
        .script("return document.querySelectorAll('ul.trace li.concept.hit ul.fired li').length");
    assert!(fired.as_i64().unwrap() > 3, "{fired}");
    let (scroll, window) = browser.widths();
    assert!(scroll <= window, "playground: scrollWidth {scroll} in a {window} px window");
    browser.resize(1280);
    let (scroll, window) = browser.widths();
    assert!(
        window > 1000 && scroll <= window,
        "playground: scrollWidth {scroll} in a {window} px window"
    );
    browser.go(&format!("{}/?question=active-listening", server.base));
    browser.attempt(STRONG);
    let (scroll, window) = browser.widths();
    assert!(scroll <= window, "practice: scrollWidth {scroll} in a {window} px window");
}
