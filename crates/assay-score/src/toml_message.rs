//! serde's and toml's words turned into a trainer's: which field is wrong,
//! what was found there and what belongs there.
//!
//! A file that does not fit its shape gets serde's message, such as
//! `invalid type: string "two", expected f64`. [`plain_message`] recognises
//! the common shapes (invalid type, invalid value, missing field, unknown
//! field, duplicate key), finds the field from the error's position in the
//! file, and says the same thing in plain words: ``weight` must be a
//! number, found the text "two"`. Two TOML syntax errors trainers often
//! meet (text without its closing quote, a list without a comma or its
//! `]`) are reworded too; other syntax errors, which toml words well
//! enough, are passed on as they are.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::suggest::closest;

/// The message for a TOML error `message` about bytes `span` of `text`.
pub(crate) fn plain_message(text: &str, message: &str, span: &Range<usize>) -> String {
    let message = message.trim();
    let shown = text.get(span.clone()).unwrap_or_default();
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return wrong_value(text, rest, span.start, shown).unwrap_or_else(|| message.to_owned());
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return wrong_value(text, rest, span.start, shown).unwrap_or_else(|| message.to_owned());
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return missing(field, shown);
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return unknown_field(rest).unwrap_or_else(|| message.to_owned());
    }
    if message == "duplicate key" && !shown.is_empty() {
        return format!("`{shown}` is set twice here: keep one");
    }
    syntax(message).map_or_else(|| message.to_owned(), str::to_owned)
}

/// The TOML syntax errors trainers meet most, in plain words.
fn syntax(message: &str) -> Option<&'static str> {
    Some(match message {
        "invalid basic string, expected `\"`" => {
            "this text has no closing `\"` on its line (text over several lines goes between `\"\"\"` and `\"\"\"`)"
        }
        "missing comma between array elements, expected `,`" => {
            "a list needs a `,` between its items and a `]` at its end: one of them is missing before this"
        }
        _ => return None,
    })
}

/// `found, expected what` (the rest of serde's message) as "`field` must
/// be what, found found".
fn wrong_value(text: &str, rest: &str, at: usize, shown: &str) -> Option<String> {
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let subject = match field_at(text, at) {
        Some(Field { key, item: false }) => format!("`{key}`"),
        Some(Field { key, item: true }) => format!("each item of `{key}`"),
        None => "this value".to_owned(),
    };
    Some(format!(
        "{subject} must be {}, found {}",
        expected_words(expected),
        found_words(found, shown)
    ))
}

/// What serde expected, in plain words.
fn expected_words(expected: &str) -> String {
    match expected {
        "f32" | "f64" => "a number".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".to_owned(),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number from 0 up".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "a string" => "text in quotes".to_owned(),
        "a sequence" => "a list in square brackets, like [\"...\"]".to_owned(),
        "a map" => "a table".to_owned(),
        other if other.starts_with("struct ") => "a table".to_owned(),
        other => other.to_owned(),
    }
}

/// What serde found (its `Unexpected`), in plain words; `shown` is the
/// value as written in the file.
fn found_words(found: &str, shown: &str) -> String {
    let quoted = |prefix: &str| {
        found.strip_prefix(prefix).map(|rest| {
            let (value, wide) = match rest.strip_suffix(" as i128") {
                Some(value) => (value, true),
                None => (rest.strip_suffix(" as u128").unwrap_or(rest), rest.ends_with(" as u128")),
            };
            (value.trim_matches('`').to_owned(), wide)
        })
    };
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    if let Some((value, wide)) = quoted("integer ").or_else(|| quoted("unsigned integer ")) {
        let too_large = if wide { ", which is too large" } else { "" };
        return format!("the whole number {value}{too_large}");
    }
    if let Some((value, _)) = quoted("floating point ") {
        return format!("the number {value}");
    }
    if let Some((value, _)) = quoted("boolean ") {
        return format!("`{value}`");
    }
    match found {
        "sequence" => "a list".to_owned(),
        // toml hands dates and times to serde as maps.
        "map" if !shown.starts_with(['[', '{']) && !shown.is_empty() => format!("`{shown}`"),
        "map" => "a table".to_owned(),
        other => other.to_owned(),
    }
}

/// ``field`` (with serde's backticks) missing from the table at `shown` (its
/// header as written, or nothing for the top of the file).
fn missing(field: &str, shown: &str) -> String {
    let field = field.trim_matches('`');
    if shown.starts_with('[') {
        format!("this `{shown}` table needs `{field}`")
    } else if shown.starts_with('{') {
        format!("this table needs `{field}`")
    } else {
        format!("the file needs `{field}`")
    }
}

/// ``name`, expected one of `a`, `b`` (or ``name`, expected `a` or `b``)
/// as the unknown field and the closest known one, or the known ones.
fn unknown_field(rest: &str) -> Option<String> {
    let (name, known) = match rest.split_once(", ") {
        Some((name, known)) => (name, known),
        None => (rest, ""),
    };
    let name = name.trim_matches('`');
    let known: Vec<&str> = known
        .strip_prefix("expected one of ")
        .or_else(|| known.strip_prefix("expected "))
        .map(|list| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    if known.is_empty() {
        return Some(format!("unknown field `{name}`: this table takes no fields"));
    }
    Some(match closest(name, known.iter().copied(), 1).first() {
        Some(near) => format!("unknown field `{name}`; did you mean `{near}`?"),
        None => format!(
            "unknown field `{name}`; the fields here are {}",
            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// The key a value at byte `at` is written under.
#[derive(Debug, PartialEq, Eq)]
struct Field {
    /// The key, as written.
    key: String,
    /// Whether the value is an item of the key's list.
    item: bool,
}

/// The innermost key whose value holds byte `at` of `text`, if `text`
/// parses as TOML.
fn field_at(text: &str, at: usize) -> Option<Field> {
    let table = DeTable::parse(text).ok()?;
    in_table(table.get_ref(), at)
}

fn in_table(table: &DeTable<'_>, at: usize) -> Option<Field> {
    for (key, value) in table {
        let inner = match value.get_ref() {
            DeValue::Table(table) => in_table(table, at),
            DeValue::Array(items) => items.iter().find_map(|item| match item.get_ref() {
                DeValue::Table(table) => in_table(table, at),
                _ => item
                    .span()
                    .contains(&at)
                    .then(|| Field { key: key.get_ref().to_string(), item: true }),
            }),
            _ => None,
        };
        if inner.is_some() {
            return inner;
        }
        if value.span().contains(&at) {
            return Some(Field { key: key.get_ref().to_string(), item: false });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    /// A shape with one field of each kind rubric files use.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    #[allow(dead_code)] // read only by serde
    struct Shape {
        weight: Option<f64>,
        saturation: Option<i64>,
        places: Option<u8>,
        story: Option<bool>,
        cues: Option<Vec<String>>,
        #[serde(default)]
        levels: Vec<LevelShape>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read only by serde
    struct LevelShape {
        name: String,
        min: f64,
    }

    /// The plain message for `text` as a [`Shape`].
    fn message(text: &str) -> String {
        let error = toml::from_str::<Shape>(text).unwrap_err();
        plain_message(text, error.message(), &error.span().unwrap())
    }

    #[test]
    fn an_invalid_type_names_the_field_what_was_found_and_what_is_expected() {
        assert_eq!(
            message("weight = \"two\"\n"),
            "`weight` must be a number, found the text \"two\""
        );
        assert_eq!(
            message("saturation = 1.5\n"),
            "`saturation` must be a whole number, found the number 1.5"
        );
        assert_eq!(
            message("story = 1\n"),
            "`story` must be `true` or `false`, found the whole number 1"
        );
        assert_eq!(
            message("cues = \"listen\"\n"),
            "`cues` must be a list in square brackets, like [\"...\"], found the text \"listen\""
        );
        assert_eq!(
            message("cues = [\"listen\", 3]\n"),
            "each item of `cues` must be text in quotes, found the whole number 3"
        );
        assert_eq!(
            message("[[levels]]\nname = \"poor\"\nmin = \"zero\"\n"),
            "`min` must be a number, found the text \"zero\""
        );
        assert_eq!(
            message("weight = 2024-01-01\n"),
            "`weight` must be a number, found `2024-01-01`"
        );
        assert_eq!(
            message("saturation = 99999999999999999999\n"),
            "`saturation` must be a whole number, found the whole number 99999999999999999999, which is too large"
        );
    }

    #[test]
    fn an_invalid_value_names_the_field_and_the_range() {
        assert_eq!(
            message("places = -1\n"),
            "`places` must be a whole number from 0 up, found the whole number -1"
        );
    }

    #[test]
    fn a_missing_field_names_it_and_its_table() {
        assert_eq!(message("[[levels]]\nname = \"poor\"\n"), "this `[[levels]]` table needs `min`");
        let text = "id = 1\n";
        let error = toml::from_str::<LevelShape>("name = \"poor\"\n").unwrap_err();
        assert_eq!(plain_message(text, error.message(), &(0..0)), "the file needs `min`");
    }

    #[test]
    fn an_unknown_field_suggests_the_closest_known_one() {
        assert_eq!(message("wieght = 2\n"), "unknown field `wieght`; did you mean `weight`?");
        assert_eq!(
            message("[[levels]]\nname = \"poor\"\nminimum = 0\n"),
            "unknown field `minimum`; did you mean `min`?"
        );
        assert_eq!(
            message("colour = \"red\"\n"),
            "unknown field `colour`; the fields here are `weight`, `saturation`, `places`, `story`, `cues`, `levels`"
        );
    }

    #[test]
    fn a_duplicate_key_and_syntax_errors() {
        let text = "weight = 1\nweight = 2\n";
        let error = toml::from_str::<Shape>(text).unwrap_err();
        assert_eq!(
            plain_message(text, error.message(), &error.span().unwrap()),
            "`weight` is set twice here: keep one"
        );
        let text = "cues = [\"a\"\nweight = 1\n";
        let error = toml::from_str::<Shape>(text).unwrap_err();
        assert_eq!(
            plain_message(text, error.message(), &error.span().unwrap()),
            "a list needs a `,` between its items and a `]` at its end: one of them is missing before this"
        );
        let text = "story = \"yes\ncues = []\n";
        let error = toml::from_str::<Shape>(text).unwrap_err();
        assert!(plain_message(text, error.message(), &error.span().unwrap())
            .starts_with("this text has no closing `\"` on its line"));
        let text = "weight = \n";
        let error = toml::from_str::<Shape>(text).unwrap_err();
        assert_eq!(plain_message(text, error.message(), &error.span().unwrap()), error.message());
    }
}
