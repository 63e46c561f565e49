//! Writing tuned weights and levels back into a question's rubric file,
//! keeping the trainer's comments, key order and formatting (toml_edit
//! edits values in place; only the changed numbers differ).

use assay_score::{Rubric, Weighting};
use toml_edit::{DocumentMut, Item, Value};

use crate::error::RewriteError;

/// The text of question file `file` (the file `rubric` was loaded from) with
/// the concept weights and level `min`s of `tuned`. Values equal to the
/// rubric's are left as written.
///
/// # Errors
///
/// The text is not TOML, or lacks the `[[concepts]]` and `[[levels]]`
/// tables the rubric has.
pub fn rewrite_question(
    file: &str,
    text: &str,
    rubric: &Rubric,
    tuned: &Weighting,
) -> Result<String, RewriteError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        RewriteError::Parse { file: file.to_owned(), message: e.to_string() }
    })?;
    let weights =
        rubric.concepts.iter().zip(&tuned.weights).map(|(c, &w)| (c.id.as_str(), c.weight, w));
    set_in_tables(file, &mut doc, "concepts", "weight", weights)?;
    let mins =
        rubric.levels.iter().zip(&tuned.level_mins).map(|(l, &m)| (l.name.as_str(), l.min, m));
    set_in_tables(file, &mut doc, "levels", "min", mins)?;
    Ok(doc.to_string())
}

/// Sets `key` in the `i`-th table of the array `array` to the new value of
/// each `(name, old, new)` whose value changed.
fn set_in_tables<'a>(
    file: &str,
    doc: &mut DocumentMut,
    array: &str,
    key: &str,
    values: impl Iterator<Item = (&'a str, f64, f64)>,
) -> Result<(), RewriteError> {
    let shape = |message: String| RewriteError::Shape { file: file.to_owned(), message };
    let tables = doc
        .get_mut(array)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| shape(format!("no [[{array}]] tables")))?;
    for (i, (name, old, new)) in values.enumerate() {
        if new == old {
            continue;
        }
        let table = tables.get_mut(i).ok_or_else(|| {
            shape(format!("`{name}` (number {}) has no [[{array}]] table", i + 1))
        })?;
        set_number(table, key, new);
    }
    Ok(())
}

/// Sets `key` to `number` (an integer when whole), keeping the old value's
/// surrounding spaces and comment.
fn set_number(table: &mut toml_edit::Table, key: &str, number: f64) {
    let mut value = if number.fract() == 0.0 && number.abs() < 1e15 {
        Value::from(number as i64)
    } else {
        Value::from(number)
    };
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

#[cfg(test)]
mod tests {
    use assay_score::{RubricSet, SourceFile};

    use super::*;

    const CONCEPT: &str = "id = \"listen\"\nname = \"Listening\"\nweight = 1\ncues = [\"listen\"]\nguidance = \"g\"\npraise = \"p\"\n";
    const QUESTION: &str = r#"# How to listen: a trainer's note that must survive.
id = "q"
question = "Q?"
source = "a.txt#1"

[[concepts]]
use = "listen"   # the core of it

[[concepts]]
id = "refer"
name = "Refers on"
cues = ["refer"]
weight = 1 # start small
guidance = "g"
praise = "p"

[[levels]]
name = "low"
min = 0

[[levels]]
name = "high"
min = 60 # agreed with the panel
"#;

    #[test]
    fn only_changed_numbers_change_and_comments_stay() {
        let rubrics = RubricSet::load(
            &[SourceFile::new("concepts/listen.toml", CONCEPT)],
            &[SourceFile::new("questions/q.toml", QUESTION)],
        )
        .unwrap();
        let rubric = rubrics.get("q").unwrap();
        let tuned = Weighting { weights: vec![2.0, 1.5], level_mins: vec![0.0, 55.0] };
        let out = rewrite_question("questions/q.toml", QUESTION, rubric, &tuned).unwrap();
        let expected = QUESTION
            .replace("# the core of it\n", "# the core of it\nweight = 2\n")
            .replace("weight = 1 # start small", "weight = 1.5 # start small")
            .replace("min = 60 # agreed", "min = 55 # agreed");
        assert_eq!(out, expected);
        // The result loads, with the new values.
        let again = RubricSet::load(
            &[SourceFile::new("concepts/listen.toml", CONCEPT)],
            &[SourceFile::new("questions/q.toml", out)],
        )
        .unwrap();
        assert_eq!(Weighting::of(again.get("q").unwrap()), tuned);
    }

    #[test]
    fn unchanged_weighting_leaves_the_text_alone() {
        let rubrics = RubricSet::load(
            &[SourceFile::new("concepts/listen.toml", CONCEPT)],
            &[SourceFile::new("questions/q.toml", QUESTION)],
        )
        .unwrap();
        let rubric = rubrics.get("q").unwrap();
        let out = rewrite_question("q.toml", QUESTION, rubric, &Weighting::of(rubric)).unwrap();
        assert_eq!(out, QUESTION);
        assert!(matches!(
            rewrite_question("q.toml", "id = [", rubric, &Weighting::of(rubric)),
            Err(RewriteError::Parse { .. })
        ));
    }
}
