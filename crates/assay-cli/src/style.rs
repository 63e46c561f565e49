//! Colour, decided in one place: `--color auto|always|never` and
//! `NO_COLOR`, and the few styles assay uses.
//!
//! [`choose`] records the choice once, before the command line is parsed
//! (so clap's own help and errors follow it too); [`Styling::for_stdout`]
//! and [`Styling::for_stderr`] say whether that stream gets colour. Under
//! `auto` a stream is coloured only when it is a terminal and `NO_COLOR` is
//! unset or empty; `always` colours even a pipe (and beats `NO_COLOR`);
//! `never` never colours. The decision is anstream's (which clap already
//! uses), so `CLICOLOR` and `CLICOLOR_FORCE` are honoured as well.

use std::ffi::OsString;
use std::fmt;
use std::io;

use anstyle::{AnsiColor, Style};

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// Colour a terminal, unless `NO_COLOR` is set to anything.
    #[default]
    Auto,
    /// Always colour, even a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

/// Records `when` for the whole process (clap's help and errors included).
pub fn choose(when: ColorWhen) {
    let choice = match when {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

/// The `--color` value in raw command-line arguments (the last one wins;
/// nothing after `--` counts), so the choice can be made before clap parses
/// and prints help. A value clap would refuse is left for clap to report.
pub fn color_in(args: impl IntoIterator<Item = OsString>) -> ColorWhen {
    let mut when = ColorWhen::default();
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { continue };
        let value = match arg {
            "--" => break,
            "--color" => args.next().and_then(|value| value.into_string().ok()),
            _ => arg.strip_prefix("--color=").map(str::to_owned),
        };
        if let Some(value) = value {
            if let Ok(parsed) = <ColorWhen as clap::ValueEnum>::from_str(&value, false) {
                when = parsed;
            }
        }
    }
    when
}

/// Whether one output stream is coloured. Copy it freely; styles are
/// applied with [`Styling::paint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styling {
    color: bool,
}

impl Styling {
    /// The styling for stdout under the recorded [`ColorWhen`].
    pub fn for_stdout() -> Self {
        Self::for_stream(&io::stdout())
    }

    /// The styling for stderr under the recorded [`ColorWhen`].
    pub fn for_stderr() -> Self {
        Self::for_stream(&io::stderr())
    }

    fn for_stream(stream: &impl anstream::stream::RawStream) -> Self {
        let choice = anstream::AutoStream::choice(stream);
        Self { color: choice != anstream::ColorChoice::Never }
    }

    /// Whether escapes are written (for a renderer with its own plain and
    /// styled modes).
    pub fn is_colored(self) -> bool {
        self.color
    }

    /// `text` in the style of `role`, or as it is without colour.
    pub fn paint<T: fmt::Display>(self, role: Role, text: T) -> Painted<T> {
        let style = if self.color { role.style() } else { Style::new() };
        Painted { style, text }
    }
}

/// What a piece of coloured text is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A line a diff adds: green.
    Added,
    /// A line a diff removes: red.
    Removed,
    /// A good outcome (a passing verdict): green, bold.
    Good,
    /// A warning or a middling outcome: yellow, bold.
    Warning,
    /// A failing outcome: red, bold.
    Bad,
}

impl Role {
    /// The anstyle style of this role.
    pub fn style(self) -> Style {
        let color = match self {
            Role::Added | Role::Good => AnsiColor::Green,
            Role::Removed | Role::Bad => AnsiColor::Red,
            Role::Warning => AnsiColor::Yellow,
        };
        let style = Style::new().fg_color(Some(color.into()));
        match self {
            Role::Added | Role::Removed => style,
            Role::Good | Role::Warning | Role::Bad => style.bold(),
        }
    }
}

/// Text with a style, written with its escapes (none when plain).
#[derive(Debug, Clone, Copy)]
pub struct Painted<T> {
    style: Style,
    text: T,
}

impl<T: fmt::Display> fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{:#}", self.style, self.text, self.style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn color_in_finds_the_last_value_before_a_double_dash() {
        assert_eq!(color_in(args(&["assay", "score"])), ColorWhen::Auto);
        assert_eq!(color_in(args(&["assay", "--color", "never", "eval"])), ColorWhen::Never);
        assert_eq!(
            color_in(args(&["assay", "eval", "--color=always", "--color", "never"])),
            ColorWhen::Never
        );
        assert_eq!(color_in(args(&["assay", "score", "--", "--color=always"])), ColorWhen::Auto);
        assert_eq!(color_in(args(&["assay", "--color", "purple"])), ColorWhen::Auto);
    }

    #[test]
    fn plain_painting_adds_nothing() {
        let plain = Styling { color: false };
        assert_eq!(plain.paint(Role::Added, "+ x").to_string(), "+ x");
        let colored = Styling { color: true };
        assert_eq!(colored.paint(Role::Added, "+ x").to_string(), "\u{1b}[32m+ x\u{1b}[0m");
    }
}
