//! `assay serve`'s practice page and trainer's playground over loopback
//! HTTP, against the real binary: the question list, an attempt's feedback,
//! the change between attempts, the model answer, escaping of hostile
//! answers and rubrics, what fired, rubric errors, and the TOML download.

#[allow(dead_code)] // not every helper is used here
mod util;

use util::server::Server;
use util::{unescape, HOSTILE, STRONG};

/// The question the tests practise, and its rubric file.
const QUESTION: &str = "active-listening";

const WEAK: &str = "I think listening is important.";

/// The number after `Score: <span class="badge">` on a page.
fn shown_score(html: &str) -> f64 {
    let marker = "<p class=\"result\">Score: <span class=\"badge\">";
    let at =
        html.find(marker).unwrap_or_else(|| panic!("no score on the page:\n{html}")) + marker.len();
    html[at..].split(' ').next().unwrap().parse().unwrap()
}

/// The text of the answer box, as a browser would show it.
fn answer_box(html: &str) -> String {
    text_box(html, "answer")
}

/// The text of the text box `id`, as a browser would show it.
fn text_box(html: &str, id: &str) -> String {
    let start = html.find(&format!("<textarea id=\"{id}\"")).expect("the text box");
    let open = start + html[start..].find('>').unwrap() + 1;
    let close = open + html[open..].find("</textarea>").unwrap();
    // A parser drops one line end right after the opening tag.
    let text = &html[open..close];
    unescape(text.strip_prefix('\n').unwrap_or(text))
}

/// The page has no inline script or style, so the server's policy can
/// forbid both without breaking it.
fn assert_no_inline_code(html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        let tag = &rest[at..at + rest[at..].find('>').unwrap()];
        assert!(tag.contains(" src=\"assets/"), "an inline script: {tag}");
        rest = &rest[at + 7..];
    }
    assert!(!html.contains("<style"), "an inline style sheet");
    assert!(!html.contains(" style=\""), "a style attribute");
    assert!(!html.contains("http-equiv"), "a meta policy of the report's");
}

#[test]
fn the_practice_page_lists_every_question_and_picks_one() {
    let server = Server::start(&[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type").starts_with("text/html"),
        "{}",
        page.header("content-type")
    );
    assert_eq!(page.text().matches("<option value=\"").count(), 48, "{}", page.text());
    assert!(page
        .text()
        .contains("<option value=\"active-listening\">How do you see active listening"));
    assert!(!page.text().contains("<textarea"), "no answer box before a question is chosen");
    assert_no_inline_code(&page.text());
    // Every field a person fills in has a label.
    for id in ["pick-question", "pick-topic"] {
        assert!(page.text().contains(&format!("<label for=\"{id}\"")), "{id} has no label");
    }

    let chosen = server.get("/?question=active-listening");
    assert_eq!(chosen.status, 200);
    assert!(chosen.text().contains("<h2 id=\"the-question\">How do you see active listening"));
    assert!(chosen.text().contains("<label for=\"answer\""));
    assert!(chosen.text().contains("<option value=\"active-listening\" selected>"));
    assert!(!chosen.text().contains("See a model answer"), "no model answer before an attempt");
    assert!(!chosen.text().contains("id=\"attempt\""));

    let unknown = server.get("/?question=active-listenin");
    assert_eq!(unknown.status, 404);
    assert!(unknown.text().contains("Did you mean active-listening?"), "{}", unknown.text());

    let by_topic = server.get("/?topic=suicide");
    assert!(by_topic.text().contains("The one question about “suicide”."), "{}", by_topic.text());
    assert!(by_topic
        .text()
        .contains("<input type=\"hidden\" name=\"question\" value=\"suicidal-thoughts\">"));
    let none = server.get("/?topic=zzzz");
    assert!(none.text().contains("No question is about “zzzz”."));
    assert!(!none.text().contains("<textarea"));
    let random = server.get("/?random=1");
    assert!(random.text().contains("Picked at random from all 48 questions."));
    assert!(random.text().contains("<textarea id=\"answer\""));

    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.text().contains(".badge") && css.text().contains(":focus-visible"));
    let js = server.get("/assets/practice.js");
    assert!(js.header("content-type").starts_with("text/javascript"));
    assert!(js.text().contains("localStorage") && !js.text().contains("innerHTML"));
    assert_eq!(server.get("/assets/report.html").status, 404);
}

#[test]
fn attempts_get_feedback_the_change_and_a_model_answer() {
    let server = Server::start(&[]);
    let first = server.post_form("/", &[("question", QUESTION), ("answer", WEAK)]);
    assert_eq!(first.status, 200, "{}", first.text());
    let before = shown_score(&first.text());
    assert!(!first.text().contains("Change since your last attempt"));
    assert_eq!(answer_box(&first.text()), WEAK, "the answer stays in the box for another try");
    let previous = format!("<input type=\"hidden\" name=\"previous\" value=\"{before:.1}\">");
    assert!(first.text().contains(&previous), "the score goes back with the next try");

    let answer = STRONG.replace(". ", ".\r\n");
    let second = server.post_form(
        "/",
        &[("question", QUESTION), ("answer", &answer), ("previous", &format!("{before:.1}"))],
    );
    assert_eq!(second.status, 200);
    let after = shown_score(&second.text());
    assert!(after >= before + 30.0, "{before} -> {after}");
    let change =
        format!("Change since your last attempt: <strong>+{:.1} points</strong>", after - before);
    assert!(second.text().contains(&change), "no `{change}` in:\n{}", second.text());
    assert_eq!(answer_box(&second.text()), STRONG.replace(". ", ".\n"), "line ends as typed");

    // The report's feedback section: highlights, what landed, the making.
    let html = &second.text();
    assert!(
        html.contains("<section class=\"question\" id=\"q1\" data-question=\"active-listening\">")
    );
    assert!(html.contains("<h2>Feedback on this attempt</h2>"));
    assert!(html.matches("<mark class=").count() >= 3, "highlights");
    assert!(html.contains("<h3>What landed</h3>"));
    assert!(html.contains("<summary>How this score was made</summary>"));
    assert!(html.contains(&format!("data-question=\"{QUESTION}\" data-score=\"{after:.1}\"")));
    assert!(html.contains("<summary>See a model answer</summary>"));
    let corpus = std::fs::read_to_string(util::repo("corpus/active-listening.toml")).unwrap();
    let model_at = html.find("<summary>See a model answer</summary>").unwrap();
    let model = &html[model_at..];
    let text = unescape(
        &model[model.find("<div class=\"answer\">").unwrap() + 20..model.find("</div>").unwrap()],
    );
    let opening: String = text.chars().take(100).collect();
    assert!(text.len() > 200 && corpus.contains(&opening), "not a model answer: {text}");
    assert_no_inline_code(html);

    // A weaker try shows the drop.
    let third = server.post_form(
        "/",
        &[("question", QUESTION), ("answer", WEAK), ("previous", &format!("{after:.1}"))],
    );
    assert!(third.text().contains(&format!("<strong>-{:.1} points</strong>", after - before)));

    // An unknown question is refused, naming the closest.
    let unknown = server.post_form("/", &[("question", "active-listenin"), ("answer", STRONG)]);
    assert_eq!(unknown.status, 404);
    assert!(unknown.text().contains("Did you mean active-listening?"));
}

#[test]
fn hostile_answers_and_rubrics_come_back_escaped() {
    let server = Server::start(&[]);
    let toml =
        std::fs::read_to_string(util::repo("rubrics/questions/active-listening.toml")).unwrap();
    for hostile in HOSTILE {
        let practice = server.post_form("/", &[("question", QUESTION), ("answer", hostile)]);
        let edited = format!("# {hostile}\n{toml}");
        let playground = server.post_form(
            "/playground",
            &[("question", QUESTION), ("answer", hostile), ("toml", &edited)],
        );
        for page in [&practice, &playground] {
            assert_eq!(page.status, 200);
            let html = &page.text();
            for raw in [
                "<script>document",
                "<img src",
                "<a href=\"javascript",
                "<svg",
                "<style>",
                "</textarea><",
            ] {
                assert!(!html.contains(raw), "`{raw}` came back as markup:\n{html}");
            }
            assert_eq!(answer_box(html), *hostile, "the text itself is kept");
        }
        assert!(practice.text().contains("&lt;"), "escaped, not dropped");
        assert_eq!(text_box(&playground.text(), "toml"), edited, "the edit is kept");
    }
}

#[test]
fn the_playground_shows_what_fired_and_rubric_errors() {
    let server = Server::start(&[]);
    let toml =
        std::fs::read_to_string(util::repo("rubrics/questions/active-listening.toml")).unwrap();
    let page = server.get("/playground?question=active-listening");
    assert_eq!(page.status, 200);
    assert_no_inline_code(&page.text());
    assert_eq!(text_box(&page.text(), "toml"), toml, "the rubric box holds the question's file");
    assert!(unescape(&page.text()).contains("rubrics/questions/active-listening.toml"));
    for id in ["pick-question", "answer", "toml"] {
        assert!(page.text().contains(&format!("<label for=\"{id}\"")), "{id} has no label");
    }

    let answer = "I listen carefully and reflect back what I hear. I don't interrupt. It sounds like you are tired.";
    let run = server
        .post_form("/playground", &[("question", QUESTION), ("answer", answer), ("toml", &toml)]);
    assert_eq!(run.status, 200);
    let html = unescape(&run.text());
    assert!(html.contains("<li class=\"concept hit\" data-id=\"reflecting-back\">"), "{html}");
    assert!(html.contains(
        "cue <code>reflect* [it|them|that] back</code> matched <q class=\"quote\">reflect back</q>"
    ));
    assert!(html.contains(
        "cue <code>(it|that) sounds like</code> matched <q class=\"quote\">It sounds like</q>"
    ));
    assert!(html.contains("<li class=\"concept miss\" data-id=\"open-questions\">"));
    assert!(html.contains("<h3>Nearest example sentences</h3>"));
    assert!(html.contains("<li class=\"reached\">") && html.contains("<li class=\"near\">"));
    assert!(html.contains("(threshold 0.58)"));
    assert!(!html.contains("with the rubric as loaded"), "not edited");
    assert!(html.contains("<summary>The feedback a candidate would see</summary>"));
    assert!(html.contains("<mark class="));

    // A new cue for open questions fires, in memory only.
    let edited = toml.replace("  \"open ended\",\n", "  \"open ended\",\n  \"zebra crossing\",\n");
    assert_ne!(edited, toml);
    let with_cue = format!("{answer} We met at the zebra crossing.");
    let run = server.post_form(
        "/playground",
        &[("question", QUESTION), ("answer", &with_cue), ("toml", &edited)],
    );
    let html = unescape(&run.text());
    assert!(html.contains("<li class=\"concept hit\" data-id=\"open-questions\">"), "{html}");
    assert!(html.contains("cue <code>zebra crossing</code> matched"));
    assert!(html.contains("(with the rubric as loaded: "));
    assert!(html.contains("(edited here, not saved)"));
    let again = server.post_form(
        "/playground",
        &[("question", QUESTION), ("answer", &with_cue), ("toml", &toml)],
    );
    assert!(
        unescape(&again.text()).contains("<li class=\"concept miss\" data-id=\"open-questions\">"),
        "nothing was kept"
    );

    // A broken cue: the line and column `assay rubric check` gives.
    let line = toml.lines().position(|l| l.contains("\"tell me more\",")).unwrap() + 1;
    let broken = toml.replace("\"tell me more\",", "\"tell me (more\",");
    let run = server
        .post_form("/playground", &[("question", QUESTION), ("answer", answer), ("toml", &broken)]);
    assert_eq!(run.status, 200);
    let html = unescape(&run.text());
    let error = format!("questions/active-listening.toml:{line}:");
    let at = html.find(&error).unwrap_or_else(|| panic!("no `{error}` in:\n{html}"));
    let rest = &html[at + error.len()..];
    let column: usize = rest[..rest.find(':').unwrap()].parse().unwrap();
    assert!(column > 1, "a column: {rest}");
    assert!(rest.contains("missing closing `)`"), "{rest}");
    assert!(html.contains("Nothing was scored."));
    assert!(!html.contains("<section class=\"trace\""));
    assert!(html.contains("\"tell me (more\","), "the edit is kept in the box");

    // An id that does not match the file name is an error too.
    let renamed = toml.replacen("id = \"active-listening\"", "id = \"other\"", 1);
    let run = server.post_form(
        "/playground",
        &[("question", QUESTION), ("answer", answer), ("toml", &renamed)],
    );
    assert!(unescape(&run.text())
        .contains("questions/active-listening.toml:1:6: id `other` does not match the file name"));
}

#[test]
fn the_download_is_the_toml_as_an_attachment() {
    let server = Server::start(&[]);
    let toml = "id = \"active-listening\"\r\n# <b>edited</b>\r\n";
    let reply = server.post_form(
        "/playground/download",
        &[("question", QUESTION), ("answer", "ignored"), ("toml", toml)],
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), "application/toml");
    assert_eq!(
        reply.header("content-disposition"),
        "attachment; filename=\"active-listening.toml\""
    );
    assert_eq!(reply.text(), "id = \"active-listening\"\n# <b>edited</b>\n");
    // Only a known question names the file.
    let reply = server.post_form(
        "/playground/download",
        &[("question", "x\"; filename=\"evil.sh"), ("toml", "id = 1")],
    );
    assert_eq!(reply.header("content-disposition"), "attachment; filename=\"rubric.toml\"");
}
