//! A load test of `assay serve` over loopback: CLIENTS threads, each with a
//! keep-alive connection, post generated answers to `/v1/score` for SECONDS
//! seconds; prints requests per second and the 50th and 99th percentile
//! latency.
//!
//! `cargo run --release -p assay-benches --example serve_load -- URL [CLIENTS] [SECONDS]`
//! (`benches/serve_load.sh` starts the server and runs it.)

use std::time::{Duration, Instant};

use assay_benches::{AnswerGenerator, Rng};

/// Distinct request bodies each client cycles through.
const BODIES: usize = 256;

#[allow(clippy::print_stdout)] // a measuring tool: its report is its output
fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);
    let corpus = assay_cli::builtin().load().expect("built-in data").corpus;
    let generator = AnswerGenerator::new(&corpus);
    let mut rng = Rng::new(7);
    let bodies: Vec<String> = (0..BODIES)
        .map(|_| {
            let (question, answer) = generator.answer(&mut rng);
            serde_json::json!({ "question": question, "answer": answer }).to_string()
        })
        .collect();
    let endpoint = format!("{}/v1/score", url.trim_end_matches('/'));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|client| {
                let (bodies, endpoint) = (&bodies, &endpoint);
                scope.spawn(move || {
                    let agent = ureq::Agent::new_with_defaults();
                    let mut times = Vec::new();
                    let mut i = client;
                    while Instant::now() < deadline {
                        let body = &bodies[i % bodies.len()];
                        let sent = Instant::now();
                        let mut response = agent
                            .post(endpoint)
                            .header("Content-Type", "application/json")
                            .send(body.as_bytes())
                            .expect("the server answers");
                        let _ = response.body_mut().read_to_vec().expect("a body");
                        times.push(sent.elapsed());
                        i += clients;
                    }
                    times
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a client thread")).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "{clients} clients, {seconds} s: {} requests, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
    );
}
