//! A real `assay serve` on a free loopback port, stopped when dropped, and
//! small HTTP helpers over it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// What the server prints once it listens.
const LISTENING: &str = "assay serve: listening on http://";

/// A running `assay serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    agent: ureq::Agent,
}

/// A response: status, headers and body.
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// The value of header `name`, empty when it is missing.
    pub fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

impl Server {
    /// Starts `assay serve --addr 127.0.0.1:0` with `extra` arguments and
    /// waits until it listens.
    pub fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_assay"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("assay serve starts");
        let stderr = child.stderr.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        // Reads stderr to its end, so the server never blocks writing it.
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if !sent {
                    if let Some(rest) = line.strip_prefix(LISTENING) {
                        let address = rest.split('/').next().unwrap_or_default().to_owned();
                        let _ = sender.send(Ok(address));
                        sent = true;
                        continue;
                    }
                    let _ = sender.send(Err(line));
                }
            }
        });
        let mut seen = Vec::new();
        let address = loop {
            match receiver.recv_timeout(Duration::from_secs(60)) {
                Ok(Ok(address)) => break address,
                Ok(Err(line)) => seen.push(line),
                Err(_) => {
                    let _ = child.kill();
                    panic!("assay serve did not start; it printed:\n{}", seen.join("\n"));
                }
            }
        };
        Server { child, base: format!("http://{address}"), agent: client() }
    }

    /// The full address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        reply(self.agent.get(self.url(path)).call().unwrap())
    }

    /// `POST path` with a JSON body.
    pub fn post(&self, path: &str, body: &[u8]) -> Reply {
        let request = self.agent.post(self.url(path)).header("Content-Type", "application/json");
        reply(request.send(body).unwrap())
    }

    /// `POST path` with a form.
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        reply(self.agent.post(self.url(path)).send_form(fields.iter().copied()).unwrap())
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to end by itself; its exit code.
    pub fn wait(mut self) -> Option<i32> {
        self.child.wait().unwrap().code()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns every status as a response and follows no
/// redirect.
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The status, headers and body of `response`.
pub fn reply(mut response: ureq::http::Response<ureq::Body>) -> Reply {
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let status = response.status().as_u16();
    let body = response.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap();
    Reply { status, headers, body }
}
