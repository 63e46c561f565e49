//! How far a batch run has got: the run reports through [`Progress`], and
//! the terminal bar is one implementation of it.

use std::io::{self, IsTerminal};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Where a batch run reports its progress, after each chunk is written.
pub trait Progress: Sync {
    /// `rows` output rows are written in all, from the first `bytes` bytes
    /// of the input.
    fn rows_done(&self, rows: u64, bytes: u64);
}

impl Progress for ProgressBar {
    fn rows_done(&self, rows: u64, bytes: u64) {
        self.set_position(bytes);
        self.set_message(format!("{rows} rows"));
    }
}

/// A bar on stderr when it is a terminal, measured in input bytes when the
/// input `size` is known; hidden otherwise, and when `quiet`.
pub fn progress_bar(size: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match size {
        Some(size) => ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template(
                    "{bar:30} {percent:>3}%  {msg}  {binary_bytes_per_sec}  eta {eta}",
                )
                .expect("valid template"),
            ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} {msg}  {elapsed}").expect("valid template"),
        ),
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
