//! `assay serve`'s JSON API as a learning platform calls it: every
//! endpoint, the errors a client can cause, the same scores as the command
//! line, the OpenAPI document checked against real responses, and the
//! access and shutdown rules.

use std::fs;
use std::io::{BufRead, BufReader, Write};

#[allow(dead_code)] // not every helper is used here
mod util;

use serde_json::Value;
use util::server::{client, reply, Server};
use util::{assay, repo};

const STRONG: &str = "I would stay with them, ask directly about suicide and call the crisis line together, then follow up the next day.";

/// What `assay ARGS` prints, as JSON.
fn cli_json(args: &[&str]) -> Value {
    let output = assay().args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_endpoint_answers_as_the_command_line_does() {
    let server = Server::start(&[]);
    assert_eq!(server.get("/v1/health").json(), serde_json::json!({"status": "ok"}));

    let score_cli = cli_json(&["score", "-q", "suicidal-thoughts", "--format", "json", STRONG]);
    let version = server.get("/v1/version").json();
    assert_eq!(version["rubrics"], score_cli["rubrics"]);
    assert_eq!(version["schema_version"], score_cli["schema_version"]);

    assert_eq!(server.get("/v1/questions").json(), cli_json(&["questions", "--format", "json"]));

    for (question, answer) in [
        ("suicidal-thoughts", STRONG),
        ("active-listening", "I would never interrupt; I reflect back what I hear."),
        ("risk-of-harm", ""),
    ] {
        let body = serde_json::json!({"question": question, "answer": answer});
        let served = server.post("/v1/score", body.to_string().as_bytes());
        assert_eq!(served.status, 200);
        assert_eq!(
            served.json(),
            cli_json(&["score", "-q", question, "--format", "json", answer]),
            "{question}"
        );
    }
    let body = serde_json::json!({"answer": STRONG, "top": 2});
    let matched = server.post("/v1/match", body.to_string().as_bytes());
    assert_eq!(matched.json(), cli_json(&["match", "--format", "json", "--top", "2", STRONG]));
}

#[test]
fn client_mistakes_get_a_status_and_a_json_reason() {
    let server = Server::start(&["--max-body", "4096"]);
    let cases: [(&str, Vec<u8>, u16, &str); 6] = [
        ("/v1/score", b"{not json".to_vec(), 400, "not the JSON expected"),
        ("/v1/score", br#"{"question":"risk-of-harm"}"#.to_vec(), 400, "missing field `answer`"),
        (
            "/v1/score",
            br#"{"question":"risk-of-harm","answer":"x","extra":1}"#.to_vec(),
            400,
            "unknown field `extra`",
        ),
        (
            "/v1/score",
            br#"{"question":"risk-of-harn","answer":"x"}"#.to_vec(),
            404,
            "unknown question",
        ),
        ("/v1/match", br#"{"answer":"x","top":0}"#.to_vec(), 400, "`top` must be from 1 to 48"),
        (
            "/v1/score",
            format!(r#"{{"question":"risk-of-harm","answer":"{}"}}"#, "a".repeat(5000))
                .into_bytes(),
            413,
            "over the limit of 4096 bytes",
        ),
    ];
    for (path, body, status, needle) in cases {
        let got = server.post(path, &body);
        assert_eq!(got.status, status, "{}", String::from_utf8_lossy(&got.body));
        let error = got.json();
        assert!(error["error"].as_str().unwrap().contains(needle), "{error}");
        if status == 404 {
            assert_eq!(error["suggestions"][0], "risk-of-harm");
        }
    }
    // A batch declaring more than its limit is refused before its body is
    // sent: the answer comes after the headers alone.
    let server = Server::start(&[]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    let head = format!(
        "POST /v1/batch HTTP/1.1\r\nHost: {address}\r\nContent-Length: {}\r\n\r\n",
        70u64 << 20
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

/// JSON Lines through `/v1/batch` give the bytes `assay batch --detail full`
/// writes for the same file: the bundled sample, errors included.
#[test]
fn a_batch_request_streams_the_rows_assay_batch_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    let mut reader = csv::Reader::from_path(repo("examples/candidates.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    for record in reader.records() {
        let record = record.unwrap();
        let object: serde_json::Map<String, Value> = header
            .iter()
            .zip(record.iter())
            .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
            .collect();
        lines.push_str(&Value::Object(object).to_string());
        lines.push('\n');
    }
    lines.push_str(
        "{\"candidate_id\":\"x\",\"question_id\":\"no-such\",\"answer\":\"y\"}\nnot json\n",
    );
    let input = dir.path().join("sample.jsonl");
    fs::write(&input, &lines).unwrap();
    let expected = assay().arg("batch").arg(&input).args(["--detail", "full"]).output().unwrap();
    let expected = expected.stdout;

    let server = Server::start(&[]);
    let served = server.post("/v1/batch", lines.as_bytes());
    assert_eq!(served.status, 200);
    assert_eq!(served.header("content-type"), "application/x-ndjson");
    assert_eq!(served.body.len(), expected.len());
    assert!(served.body == expected, "the served rows differ from assay batch's");
    assert_eq!(String::from_utf8_lossy(&served.body).lines().count(), 106);
}

/// The OpenAPI document describes what the server really sends: each
/// response is checked against the schema the document gives for it.
#[test]
fn the_openapi_document_matches_real_responses() {
    let server = Server::start(&[]);
    let document = server.get("/v1/openapi.json").json();
    assert_eq!(document["openapi"], "3.1.0");
    let validator = |pointer: &str| {
        let schema = serde_json::json!({ "$ref": format!("urn:assay:openapi#{pointer}") });
        jsonschema::options()
            .with_resource(
                "urn:assay:openapi",
                jsonschema::Resource::from_contents(document.clone()).unwrap(),
            )
            .build(&schema)
            .unwrap()
    };
    let check = |pointer: &str, instance: &Value| {
        let errors: Vec<String> = validator(pointer)
            .iter_errors(instance)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{pointer}: {errors:#?}");
    };
    let content = |path: &str, method: &str, status: &str| {
        format!(
            "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
            path.replace('/', "~1")
        )
    };
    check(&content("/v1/health", "get", "200"), &server.get("/v1/health").json());
    check(&content("/v1/version", "get", "200"), &server.get("/v1/version").json());
    check(&content("/v1/questions", "get", "200"), &server.get("/v1/questions").json());
    let score = server.post(
        "/v1/score",
        serde_json::json!({"question": "suicidal-thoughts", "answer": STRONG})
            .to_string()
            .as_bytes(),
    );
    check(&content("/v1/score", "post", "200"), &score.json());
    let unknown = server.post("/v1/score", br#"{"question":"nope","answer":"x"}"#);
    check(&content("/v1/score", "post", "404"), &unknown.json());
    let matched =
        server.post("/v1/match", serde_json::json!({"answer": STRONG}).to_string().as_bytes());
    check(&content("/v1/match", "post", "200"), &matched.json());
    let rows = server.post("/v1/batch",
        format!(
            "{{\"candidate_id\":\"c1\",\"question_id\":\"risk-of-harm\",\"answer\":\"{STRONG}\"}}\n{{\"candidate_id\":\"c2\",\"question_id\":\"nope\",\"answer\":\"x\"}}\n"
        )
        .as_bytes(),
    );
    for line in String::from_utf8(rows.body).unwrap().lines() {
        check("/components/schemas/BatchRow", &serde_json::from_str(line).unwrap());
    }
    // A strict schema: an unknown field is refused.
    let mut score = score.json();
    score["surprise"] = Value::Bool(true);
    assert!(!validator(&content("/v1/score", "post", "200")).is_valid(&score));
}

#[test]
fn a_token_guards_everything_but_health_and_cors_is_off_unless_asked() {
    let server = Server::start(&["--token", "s3cret"]);
    assert_eq!(server.get("/v1/health").status, 200);
    let body = br#"{"question":"risk-of-harm","answer":"I listen."}"#;
    let refused = server.post("/v1/score", body);
    assert_eq!(refused.status, 401);
    assert_eq!(refused.header("www-authenticate"), "Bearer");
    assert_eq!(server.get("/").status, 401);
    let allowed = client()
        .post(server.url("/v1/score"))
        .header("Authorization", "Bearer s3cret")
        .send(&body[..])
        .unwrap();
    assert_eq!(allowed.status().as_u16(), 200);
    let wrong = client()
        .post(server.url("/v1/score"))
        .header("Authorization", "Bearer s3creT")
        .send(&body[..])
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    // Security headers on every response, and no CORS by default.
    let health = server.get("/v1/health");
    assert_eq!(health.header("x-content-type-options"), "nosniff");
    assert!(health.header("content-security-policy").contains("script-src 'self'"));
    let preflight = reply(
        client()
            .get(server.url("/v1/health"))
            .header("Origin", "https://lms.example.org")
            .call()
            .unwrap(),
    );
    assert_eq!(preflight.header("access-control-allow-origin"), "");

    let open = Server::start(&["--cors", "https://lms.example.org"]);
    let allowed = reply(
        client()
            .get(open.url("/v1/health"))
            .header("Origin", "https://lms.example.org")
            .call()
            .unwrap(),
    );
    assert_eq!(allowed.header("access-control-allow-origin"), "https://lms.example.org");
}

/// SIGTERM ends the server cleanly (exit 0), after the request in flight
/// has had all its rows.
#[cfg(unix)]
#[test]
fn sigterm_shuts_down_gracefully() {
    let server = Server::start(&[]);
    assert_eq!(server.get("/v1/health").status, 200);
    let rows = 2000;
    let line = format!(
        "{{\"candidate_id\":\"c\",\"question_id\":\"suicidal-thoughts\",\"answer\":\"{STRONG}\"}}\n"
    );
    let url = server.url("/v1/batch");
    let (started, scoring) = std::sync::mpsc::channel();
    let in_flight = std::thread::spawn(move || {
        let response = client().post(url).send(line.repeat(rows).as_bytes()).unwrap();
        let mut body = BufReader::new(response.into_body().into_reader());
        let mut first = String::new();
        body.read_line(&mut first).unwrap();
        started.send(()).unwrap();
        1 + body.lines().count()
    });
    // Once the first rows are out, the rest are still being scored.
    scoring.recv().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(in_flight.join().unwrap(), rows, "the request in flight got every row");
    assert_eq!(server.wait(), Some(0));
}
