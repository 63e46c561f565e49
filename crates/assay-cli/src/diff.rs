//! The unified diff `tune` and `learn` print before `--write`: added lines
//! green and removed lines red when stdout is coloured.

use std::io::{self, Write};

use crate::style::{Role, Styling};

/// Writes the change from `before` to `after` of the file `name` as a
/// unified diff with two lines of context.
pub fn write_unified(
    out: &mut dyn Write,
    name: &str,
    before: &str,
    after: &str,
    styling: Styling,
) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(before, after);
    let text = diff.unified_diff().context_radius(2).header(name, name).to_string();
    // The first two lines are the `---`/`+++` file header, left plain.
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let role = match line.as_bytes().first() {
            _ if number < 2 => None,
            Some(b'+') => Some(Role::Added),
            Some(b'-') => Some(Role::Removed),
            _ => None,
        };
        match role {
            Some(role) => {
                let body = line.strip_suffix('\n').unwrap_or(line);
                let end = if body.len() < line.len() { "\n" } else { "" };
                write!(out, "{}{end}", styling.paint(role, body))?;
            }
            None => out.write_all(line.as_bytes())?,
        }
    }
    Ok(())
}
