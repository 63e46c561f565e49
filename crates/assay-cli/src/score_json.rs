//! The JSON object of a score (`assay score --format json`, and each row of
//! `assay batch` JSON Lines), written straight into a byte buffer.
//!
//! Written by hand rather than through serde because it is the hot end of a
//! batch run: most of a row's bytes are rubric text (names, cues, feedback)
//! with nothing to escape, which [`JsonObject::str`] copies whole instead of
//! examining byte by byte. Numbers go through `serde_json`, so they read
//! exactly as `serde_json` writes them.

use std::io::Write as _;

use assay_score::{Adjustment, Evidence, ExemplarEvidence, RedFlagHit, Score};

use crate::args::RowDetail;

/// Version of the score object's shape, carried by every score object.
/// 2: concepts gained `bonus` and `points`, neighbours `harmful`;
/// `levels`, `next_level`, `review` and this field were added (version 1
/// had no `schema_version`). 3: evidence from the semantic matcher carries
/// `example` (the example sentence the words resemble) and `similarity` in
/// place of `cue`; `resembles_red_flags` lists red flags whose example
/// sentences the answer resembles (for review; they do not cap); `harm`
/// (with `--semantic`: the classifier's probability and whether to review);
/// `detail`
/// (distinct content words and the factor on the concept points) and the
/// `detail` adjustment. 4: `assay_version` and `rubrics` (the rubric set's
/// fingerprint) say what made the score. 5: `off_topic` is `null` when no
/// model answers were compared (it was `false`, as if checked). The shape
/// is published as a JSON Schema in `docs/schema/score.schema.json`.
/// 6: `harm` is gone: the learned harm estimate was withdrawn (it had
/// learned the writers' style, not the harm; see rubrics/README.md).
/// 7: `assay batch` JSON Lines rows are compact unless `--detail full`
/// (`compact_score_fields` in `docs/schema/score.schema.json`, which
/// `batch-row.schema.json` allows beside the full fields); `assay score`
/// and full rows are unchanged.
/// 8: `harm` is back, as a learned estimate over word n-grams trained on
/// style-balanced answers, on the questions it was trained for (`null`
/// elsewhere): `probability`, `review` and the `sentence` that weighs most.
/// 9: the harm estimate raises a red flag (`harmful-practice` in the
/// built-in rubrics; its evidence is the sentence that weighs most, its
/// `cue` a note of the estimate), and cue red flags it does not confirm
/// are listed in `resembles_red_flags`, with or without `--semantic`.
/// 10: a compact row leaves out what would be null or empty (`reason`,
/// `red_flags`, `resembles_red_flags`, `adjustments`, `next_level`,
/// `off_topic`, `review`, `harm`) and the concepts the answer shows nothing
/// of, and merges overlapping evidence ranges; full rows and `assay score`
/// are unchanged.
/// 11: a sentence the learned concept estimate credits is evidence with
/// `cue` a note of the estimate and `estimate` its probability.
pub const SCHEMA_VERSION: u64 = 11;

/// The version of assay that writes a score.
pub const ASSAY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A JSON object being written into `out`; fields are added in call order.
pub struct JsonObject<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    /// Opens an object at the end of `out`.
    pub fn open(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        JsonObject { out, empty: true }
    }

    /// Closes the object.
    pub fn close(self) {
        self.out.push(b'}');
    }

    /// Starts field `name`; the caller writes its value into the buffer.
    pub fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        write_str(self.out, name);
        self.out.push(b':');
        self.out
    }

    /// A string field.
    pub fn str(&mut self, name: &str, value: &str) {
        write_str(self.key(name), value);
    }

    /// A string field, or `null`.
    pub fn opt_str(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(value) => self.str(name, value),
            None => self.key(name).extend_from_slice(b"null"),
        }
    }

    /// A number field.
    pub fn f64(&mut self, name: &str, value: f64) {
        write_f64(self.key(name), value);
    }

    /// A number field, or `null`.
    pub fn opt_f64(&mut self, name: &str, value: Option<f64>) {
        match value {
            Some(value) => self.f64(name, value),
            None => self.key(name).extend_from_slice(b"null"),
        }
    }

    /// An integer field.
    pub fn u64(&mut self, name: &str, value: u64) {
        let out = self.key(name);
        serde_json::to_writer(out, &value).expect("writing to memory cannot fail");
    }

    /// A true/false field.
    pub fn bool(&mut self, name: &str, value: bool) {
        let text: &[u8] = if value { b"true" } else { b"false" };
        self.key(name).extend_from_slice(text);
    }

    /// An object field written by `write`, or `null`.
    pub fn opt_object<T>(
        &mut self,
        name: &str,
        value: Option<T>,
        write: impl FnOnce(&mut JsonObject<'_>, T),
    ) {
        let out = self.key(name);
        match value {
            Some(value) => {
                let mut object = JsonObject::open(out);
                write(&mut object, value);
                object.close();
            }
            None => out.extend_from_slice(b"null"),
        }
    }

    /// An array field of objects, one per item, each written by `write`.
    pub fn objects<T>(
        &mut self,
        name: &str,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut JsonObject<'_>, T),
    ) {
        let out = self.key(name);
        out.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let mut object = JsonObject::open(out);
            write(&mut object, item);
            object.close();
        }
        out.push(b']');
    }
}

/// Adds the fields of `score`'s object to `object`, quoting evidence from
/// `answer`; `rubrics` is the fingerprint of the rubric set that made it.
/// [`RowDetail::Full`] gives every field; [`RowDetail::Compact`] leaves out
/// what the rubric already says (names, weights, cues, levels, messages).
pub fn write_score_fields(
    object: &mut JsonObject<'_>,
    score: &Score,
    answer: &str,
    rubrics: &str,
    detail: RowDetail,
) {
    object.u64("schema_version", SCHEMA_VERSION);
    object.str("assay_version", ASSAY_VERSION);
    object.str("rubrics", rubrics);
    object.str("question", &score.question);
    object.f64("score", score.total);
    object.str("level", &score.level);
    // A compact row leaves out a field that would be null or empty.
    let compact = detail == RowDetail::Compact;
    if !(compact && score.reason.is_none()) {
        object.opt_str("reason", score.reason.map(assay_score::Reason::as_str));
    }
    if compact {
        write_compact_fields(object, score);
    } else {
        write_full_fields(object, score, answer);
    }
    match &score.exemplars {
        Some(exemplars) => object.bool("off_topic", exemplars.off_topic.is_some()),
        None if compact => {}
        None => object.key("off_topic").extend_from_slice(b"null"),
    }
    if !(compact && score.review.is_none()) {
        object.opt_object("review", score.review.as_ref(), |o, r| {
            o.str("reason", "nearest-exemplar-harmful");
            o.str("exemplar", &r.exemplar);
            o.f64("similarity", round3(r.similarity));
        });
    }
    if !(compact && score.harm.is_none()) {
        object.opt_object("harm", score.harm.as_ref(), |o, h| {
            o.f64("probability", h.probability);
            o.bool("review", h.review());
            o.opt_object("sentence", h.sentence, |o, span| {
                o.u64("start", span.start as u64);
                o.u64("end", span.end as u64);
                if !compact {
                    o.str("text", &answer[span.range()]);
                }
            });
        });
    }
    if let Some(exemplars) = &score.exemplars {
        write_exemplars(object, exemplars);
    }
}

/// The compact row's concepts, red flags, adjustments, next level and
/// feedback: ids and numbers, and evidence as `[start, end]` byte ranges
/// (overlapping ranges merged; matches inside a negation, which earned
/// nothing, listed apart as `negated`; either list left out when empty).
/// A concept the answer shows nothing of (strength 0, no evidence), an
/// empty list and a missing next level are left out.
fn write_compact_fields(object: &mut JsonObject<'_>, score: &Score) {
    let shown = score.concepts.iter().filter(|c| c.strength > 0.0 || !c.evidence.is_empty());
    object.objects("concepts", shown, |o, c| {
        o.str("id", &c.id);
        o.f64("strength", round3(c.strength));
        o.f64("points", c.points);
        write_ranges(o, "evidence", c.evidence.iter().filter(|e| !e.negated));
        write_ranges(o, "negated", c.evidence.iter().filter(|e| e.negated));
    });
    let write_flag = |o: &mut JsonObject<'_>, f: &RedFlagHit| {
        o.str("id", &f.id);
        write_ranges(o, "evidence", f.evidence.iter());
    };
    if !score.red_flags.is_empty() {
        object.objects("red_flags", &score.red_flags, write_flag);
    }
    if !score.resembles.is_empty() {
        object.objects("resembles_red_flags", &score.resembles, write_flag);
    }
    if !score.adjustments.is_empty() {
        write_adjustments(object, score);
    }
    if score.next_level.is_some() {
        write_next_level(object, score);
    }
    object.objects("feedback", &score.feedback, |o, f| {
        o.str("kind", f.kind.as_str());
        o.opt_str("about", f.about.as_deref());
    });
}

/// `name`: the byte ranges of `evidence` as `[start, end]` pairs in text
/// order, overlapping or touching ones merged (several cues often match the
/// same or overlapping words), unless there are none.
fn write_ranges<'e>(
    o: &mut JsonObject<'_>,
    name: &str,
    evidence: impl Iterator<Item = &'e Evidence>,
) {
    let mut spans: Vec<(usize, usize)> = evidence.map(|e| (e.span.start, e.span.end)).collect();
    spans.sort_unstable();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match ranges.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => ranges.push((start, end)),
        }
    }
    if ranges.is_empty() {
        return;
    }
    let out = o.key(name);
    out.push(b'[');
    for (i, (start, end)) in ranges.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write!(out, "[{start},{end}]").expect("writing to memory cannot fail");
    }
    out.push(b']');
}

/// The full row's concepts, red flags, detail, adjustments, levels, next
/// level and feedback, as `assay score --format json` prints them.
fn write_full_fields(object: &mut JsonObject<'_>, score: &Score, answer: &str) {
    object.objects("concepts", &score.concepts, |o, c| {
        o.str("id", &c.id);
        o.str("name", &c.name);
        o.f64("weight", c.weight);
        o.bool("required", c.required);
        o.bool("bonus", c.bonus);
        o.bool("hit", c.hit());
        o.f64("strength", round3(c.strength));
        o.f64("points", c.points);
        o.objects("evidence", &c.evidence, |o, e| write_evidence(o, e, answer));
    });
    let write_flag = |o: &mut JsonObject<'_>, f: &RedFlagHit| {
        o.str("id", &f.id);
        o.str("name", &f.name);
        o.opt_f64("cap", f.cap);
        o.opt_f64("penalty", f.penalty);
        o.objects("evidence", &f.evidence, |o, e| write_evidence(o, e, answer));
    };
    object.objects("red_flags", &score.red_flags, write_flag);
    object.objects("resembles_red_flags", &score.resembles, write_flag);
    object.opt_object("detail", Some(score.detail), |o, d| {
        o.u64("words", u64::from(d.words));
        o.u64("full_words", u64::from(d.full_words));
        o.f64("factor", d.factor);
    });
    write_adjustments(object, score);
    object.objects("levels", &score.levels, |o, l| {
        o.str("name", &l.name);
        o.f64("min", l.min);
    });
    write_next_level(object, score);
    object.objects("feedback", &score.feedback, |o, f| {
        o.str("kind", f.kind.as_str());
        o.opt_str("about", f.about.as_deref());
        o.str("message", &f.message);
    });
}

/// How the total was changed after the weighted mean, kind by kind.
fn write_adjustments(object: &mut JsonObject<'_>, score: &Score) {
    object.objects("adjustments", &score.adjustments, |o, a| match a {
        Adjustment::Detail { words, full_words, factor } => {
            o.str("kind", "detail");
            o.u64("words", u64::from(*words));
            o.u64("full_words", u64::from(*full_words));
            o.f64("factor", *factor);
        }
        Adjustment::ExemplarBlend { weight, estimate } => {
            o.str("kind", "exemplar-blend");
            o.f64("weight", *weight);
            o.f64("estimate", round3(*estimate));
        }
        Adjustment::RequiredMissing { concept, cap } => {
            o.str("kind", "required-missing");
            o.str("concept", concept);
            o.f64("cap", *cap);
        }
        Adjustment::RedFlagCap { red_flag, cap } => {
            o.str("kind", "red-flag-cap");
            o.str("red_flag", red_flag);
            o.f64("cap", *cap);
        }
        Adjustment::RedFlagPenalty { red_flag, penalty } => {
            o.str("kind", "red-flag-penalty");
            o.str("red_flag", red_flag);
            o.f64("penalty", *penalty);
        }
    });
}

/// The nearest level above the answer's and what would reach it.
fn write_next_level(object: &mut JsonObject<'_>, score: &Score) {
    object.opt_object("next_level", score.next_level.as_ref(), |o, n| {
        o.str("level", &n.level);
        o.f64("min", n.min);
        o.f64("gap", n.gap);
        o.opt_str("concept", n.concept.as_deref());
    });
}

/// The nearest exemplars, the level they point to and the off-topic check.
fn write_exemplars(object: &mut JsonObject<'_>, exemplars: &ExemplarEvidence) {
    let out = object.key("exemplars");
    let mut o = JsonObject::open(out);
    o.objects("neighbours", &exemplars.neighbours, |o, n| {
        o.str("exemplar", &n.exemplar);
        o.str("level", &n.level);
        o.bool("harmful", n.harmful);
        o.f64("similarity", round3(n.similarity));
    });
    o.opt_object("estimate", exemplars.estimate.as_ref(), |e, x| {
        e.str("level", &x.level);
        e.f64("rank", round3(x.rank));
        e.f64("score", round3(x.score));
    });
    o.opt_object("off_topic", exemplars.off_topic.as_ref(), |e, x| {
        e.str("likely_question", &x.likely_question);
        e.f64("similarity", round3(x.similarity));
        e.f64("own_similarity", round3(x.own_similarity));
    });
    o.close();
}

/// The object of `score` alone, as `assay score --format json` prints it
/// (before pretty-printing).
#[must_use]
pub fn score_object(score: &Score, answer: &str, rubrics: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    let mut object = JsonObject::open(&mut out);
    write_score_fields(&mut object, score, answer, rubrics, RowDetail::Full);
    object.close();
    out
}

fn write_evidence(o: &mut JsonObject<'_>, e: &Evidence, answer: &str) {
    o.u64("start", e.span.start as u64);
    o.u64("end", e.span.end as u64);
    o.str("text", &answer[e.span.range()]);
    match e.similarity {
        Some(similarity) => {
            o.str("example", &e.cue);
            o.f64("similarity", round3(similarity));
        }
        None => o.str("cue", &e.cue),
    }
    if let Some(estimate) = e.estimate {
        o.f64("estimate", estimate);
    }
    o.bool("negated", e.negated);
    o.opt_object("sentence", Some(e.sentence), |o, span| {
        o.u64("start", span.start as u64);
        o.u64("end", span.end as u64);
    });
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Writes `value` as `serde_json` does (`null` for NaN and infinities).
fn write_f64(out: &mut Vec<u8>, value: f64) {
    serde_json::to_writer(out, &value).expect("writing to memory cannot fail");
}

/// Writes `text` as a JSON string, escaping as `serde_json` does: `"` and
/// `\`, the short escapes for backspace, tab, newline, form feed and
/// carriage return, and `\u00XX` for other control characters. Runs with
/// nothing to escape are copied whole.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    let bytes = text.as_bytes();
    // Checked without stopping early, so the compiler can test many bytes
    // at once: nearly every string has nothing to escape.
    let needs_escape =
        bytes.iter().fold(false, |found, &b| found | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if !needs_escape {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let samples = [
            "plain words",
            "quote \" and backslash \\",
            "tab\tnewline\nreturn\rfeed\u{c}back\u{8}",
            "nul \u{0} unit \u{1f} delete \u{7f}",
            "non-ASCII: café — “quoted” 😀",
            "",
        ];
        for sample in samples {
            let mut ours = Vec::new();
            write_str(&mut ours, sample);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(sample).unwrap(),
                "{sample:?}"
            );
        }
    }

    #[test]
    fn numbers_and_nulls_read_as_serde_json_writes_them() {
        let mut out = Vec::new();
        let mut object = JsonObject::open(&mut out);
        object.f64("a", 3.0);
        object.f64("b", 11.7);
        object.opt_f64("c", None);
        object.f64("d", f64::NAN);
        object.u64("e", 42);
        object.bool("f", false);
        object.objects("g", [1, 2], |o, n| o.u64("n", n));
        object.close();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a":3.0,"b":11.7,"c":null,"d":null,"e":42,"f":false,"g":[{"n":1},{"n":2}]}"#
        );
    }
}
