//! Reading an answer from the command line, a file or stdin.

use std::fs;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

use anyhow::{bail, Context};

/// The answer given as `text` (`-` for stdin) or in `file`; stdin when
/// neither is given and stdin is not a terminal.
///
/// # Errors
///
/// No answer given, an unreadable file, or input that is not UTF-8.
pub fn read_answer(text: Option<&str>, file: Option<&Path>) -> anyhow::Result<String> {
    match (text, file) {
        (Some("-"), _) => read_stdin(),
        (Some(text), _) => Ok(text.to_owned()),
        (None, Some(path)) => {
            let bytes =
                fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            decode(bytes, &path.display().to_string())
        }
        (None, None) if io::stdin().is_terminal() => {
            bail!("no answer given: pass it as TEXT, with --file FILE, or pipe it in with `-`")
        }
        (None, None) => read_stdin(),
    }
}

fn read_stdin() -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes).context("cannot read stdin")?;
    decode(bytes, "stdin")
}

fn decode(bytes: Vec<u8>, source: &str) -> anyhow::Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        anyhow::anyhow!("{source} is not valid UTF-8: invalid byte at offset {at}; save the answer as UTF-8 text")
    })
}
