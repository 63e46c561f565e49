//! Splitting an answer into highlighted segments at evidence boundaries.
//!
//! Evidence spans of several concepts and red flags may overlap ("call the
//! crisis line with them" can be both escalation and staying with the
//! person). The answer is cut at every span start and end, so each
//! [`Segment`] is covered by the same set of marks from its start to its
//! end; a segment covered by several marks keeps all of them. Labels (one
//! per concept or red flag, not per match) are attached to the last segment
//! of each run of touching highlighted segments, so they never interrupt a
//! highlighted phrase. A label is the concept's short marker (`1`, `2`, ...;
//! `⚠` for a red flag); the page's legend names them.
//!
//! A span is widened to whole words of the answer: a cue that matched the
//! `not` of "don't" highlights "don't", not "n't".
//!
//! Spans come from [`assay_text`] tokens and so lie on character
//! boundaries; a span that does not (or lies outside the answer, or is
//! empty) is dropped rather than cut mid-character.

use assay_text::Span;
use serde::Serialize;

/// What a highlight shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    /// Counted evidence of a concept.
    Concept,
    /// A concept's cue inside a negation: shown, not counted.
    Negated,
    /// Evidence of a red flag.
    RedFlag,
}

/// One piece of evidence to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The words, as a byte range of the answer.
    pub span: Span,
    /// What it is evidence of.
    pub kind: MarkKind,
    /// The concept or red flag id.
    pub about: String,
    /// The concept's or red flag's name.
    pub name: String,
    /// The short marker its label shows (the legend names it).
    pub marker: String,
    /// Colour slot of the concept, from 0.
    pub colour: usize,
}

/// A label placed after a run of highlighted segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// What the evidence is.
    pub kind: MarkKind,
    /// The concept or red flag id.
    pub about: String,
    /// The text of the label: the marker, such as `2`, `2 negated` or `⚠`.
    pub text: String,
    /// The full name, for a tooltip.
    pub name: String,
    /// CSS classes for it, from a fixed vocabulary (never answer text).
    pub class: String,
}

/// A run of the answer covered by the same marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Byte offset of the first byte in the answer.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The answer's own text there.
    pub text: String,
    /// Whether any evidence covers it.
    pub highlighted: bool,
    /// CSS classes for the highlight, from a fixed vocabulary.
    pub class: String,
    /// Names of everything that covers it, for a tooltip.
    pub title: String,
    /// Labels of the evidence in the highlighted run that ends here.
    pub labels: Vec<Label>,
}

/// The marks of `marks` that can be shown on `answer`, without repeats,
/// in text order.
fn usable(answer: &str, marks: &[Mark]) -> Vec<Mark> {
    let mut kept: Vec<Mark> = marks
        .iter()
        .filter(|m| {
            m.span.start < m.span.end
                && m.span.end <= answer.len()
                && answer.is_char_boundary(m.span.start)
                && answer.is_char_boundary(m.span.end)
        })
        .map(|m| Mark { span: whole_words(answer, m.span), ..m.clone() })
        .collect();
    kept.sort_by(|a, b| {
        (a.span.start, a.span.end, a.kind, &a.about).cmp(&(
            b.span.start,
            b.span.end,
            b.kind,
            &b.about,
        ))
    });
    kept.dedup_by(|a, b| a.span == b.span && a.kind == b.kind && a.about == b.about);
    kept
}

/// Whether `c` continues a word (letters, digits, apostrophes).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}')
}

/// `span` widened to the whole words of `answer` it touches.
fn whole_words(answer: &str, span: Span) -> Span {
    let start = answer[..span.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map_or(span.start, |(i, _)| i);
    let end = span.end
        + answer[span.end..].chars().take_while(|&c| in_word(c)).map(char::len_utf8).sum::<usize>();
    Span::new(start, end)
}

/// `answer` cut into segments at every evidence boundary. The segments
/// cover the whole answer in order.
#[must_use]
pub fn segments(answer: &str, marks: &[Mark]) -> Vec<Segment> {
    let marks = usable(answer, marks);
    let mut cuts: Vec<usize> = vec![0, answer.len()];
    for m in &marks {
        cuts.extend([m.span.start, m.span.end]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut segments: Vec<Segment> = cuts
        .windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let covering: Vec<&Mark> =
                marks.iter().filter(|m| m.span.start <= start && end <= m.span.end).collect();
            let mut labels: Vec<Label> = Vec::new();
            for l in covering.iter().filter(|m| m.span.end == end).map(|m| label(m)) {
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            Segment {
                start,
                end,
                text: answer[start..end].to_owned(),
                highlighted: !covering.is_empty(),
                class: highlight_class(&covering),
                title: covering.iter().map(|m| label(m).name).collect::<Vec<_>>().join("; "),
                labels,
            }
        })
        .collect();
    gather_labels(&mut segments);
    segments
}

/// Moves the labels of each run of touching highlighted segments to the
/// run's last segment, so labels never interrupt a highlighted phrase.
fn gather_labels(segments: &mut [Segment]) {
    let mut run: Vec<Label> = Vec::new();
    for i in 0..segments.len() {
        if !segments[i].highlighted {
            continue;
        }
        for label in std::mem::take(&mut segments[i].labels) {
            if !run.contains(&label) {
                run.push(label);
            }
        }
        if segments.get(i + 1).is_none_or(|next| !next.highlighted) {
            segments[i].labels = std::mem::take(&mut run);
        }
    }
}

fn label(mark: &Mark) -> Label {
    let (text, name, class) = match mark.kind {
        MarkKind::Concept => {
            (mark.marker.clone(), mark.name.clone(), format!("tag c{}", mark.colour))
        }
        MarkKind::Negated => (
            format!("{} negated", mark.marker),
            format!("{} (negated, not counted)", mark.name),
            format!("tag negated c{}", mark.colour),
        ),
        MarkKind::RedFlag => {
            (mark.marker.clone(), format!("Red flag: {}", mark.name), "tag flag".to_owned())
        }
    };
    Label { kind: mark.kind, about: mark.about.clone(), text, name, class }
}

/// The classes of a segment: the most important mark decides the colour
/// (red flag, then counted concept, then negated), `multi` says more than
/// one piece of evidence covers it.
fn highlight_class(covering: &[&Mark]) -> String {
    let Some(top) = covering.iter().max_by_key(|m| match m.kind {
        MarkKind::RedFlag => 2,
        MarkKind::Concept => 1,
        MarkKind::Negated => 0,
    }) else {
        return String::new();
    };
    let mut class = match top.kind {
        MarkKind::RedFlag => "hl flag".to_owned(),
        MarkKind::Concept => format!("hl c{}", top.colour),
        MarkKind::Negated => format!("hl negated c{}", top.colour),
    };
    if covering.len() > 1 {
        class.push_str(" multi");
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, kind: MarkKind, about: &str) -> Mark {
        Mark {
            span: Span::new(start, end),
            kind,
            about: about.into(),
            name: about.to_owned(),
            marker: about.to_uppercase(),
            colour: 1,
        }
    }

    #[test]
    fn segments_cover_the_answer_and_quote_it() {
        let answer = "I would listen and call the crisis line.";
        let marks = [
            mark(8, 14, MarkKind::Concept, "listening"),
            mark(19, 39, MarkKind::Concept, "escalation"),
            mark(24, 39, MarkKind::RedFlag, "flag"),
            mark(8, 14, MarkKind::Concept, "listening"),
        ];
        let segments = segments(answer, &marks);
        let joined: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, answer);
        for s in &segments {
            assert_eq!(s.text, &answer[s.start..s.end]);
        }
        let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["I would ", "listen", " and ", "call ", "the crisis line", "."]);
        assert_eq!(segments[1].labels.len(), 1, "duplicate evidence is shown once");
        assert_eq!(segments[3].class, "hl c1");
        assert_eq!(segments[4].class, "hl flag multi");
        let ends: Vec<&str> = segments[4].labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(ends, ["ESCALATION", "FLAG"]);
        assert_eq!(segments[4].title, "escalation; Red flag: flag", "names in the tooltip");
        assert!(segments[3].labels.is_empty());
    }

    #[test]
    fn labels_wait_for_the_end_of_a_highlighted_run() {
        let answer = "stay and call emergency services now";
        let marks = [
            mark(0, 13, MarkKind::Concept, "staying"),
            mark(9, 23, MarkKind::Concept, "escalation"),
            mark(14, 32, MarkKind::Concept, "escalation"),
        ];
        let segments = segments(answer, &marks);
        let labelled: Vec<(&str, Vec<&str>)> = segments
            .iter()
            .map(|s| (s.text.as_str(), s.labels.iter().map(|l| l.text.as_str()).collect()))
            .collect();
        assert_eq!(
            labelled,
            [
                ("stay and ", vec![]),
                ("call", vec![]),
                (" ", vec![]),
                ("emergency", vec![]),
                (" services", vec!["STAYING", "ESCALATION"]),
                (" now", vec![]),
            ]
        );
    }

    #[test]
    fn negated_evidence_is_labelled() {
        let answer = "I would never judge.";
        let segments = segments(answer, &[mark(14, 19, MarkKind::Negated, "judging")]);
        assert_eq!(segments[1].text, "judge");
        assert_eq!(segments[1].class, "hl negated c1");
        assert_eq!(segments[1].labels[0].text, "JUDGING negated");
    }

    #[test]
    fn highlights_cover_whole_words() {
        // The cue matched the `not` of "don't": the whole word is marked.
        let answer = "I don't decide alone.";
        let segments = segments(answer, &[mark(4, 20, MarkKind::Concept, "autonomy")]);
        let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["I ", "don't decide alone", "."]);
    }

    #[test]
    fn bad_spans_are_dropped_not_cut() {
        let answer = "café ok";
        let marks = [
            mark(4, 6, MarkKind::Concept, "inside-a-char"),
            mark(0, 99, MarkKind::Concept, "past-the-end"),
            mark(2, 2, MarkKind::Concept, "empty"),
        ];
        let segments = segments(answer, &marks);
        assert_eq!(segments.len(), 1);
        assert!(!segments[0].highlighted);
        assert_eq!(segments[0].text, answer);
    }
}
