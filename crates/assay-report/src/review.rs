//! Why a person should read an answer before trusting its score.

use assay_score::{Rubric, Score};

use crate::svg_text::shorten;

/// Answers with fewer words than this are listed for review: too little to
/// judge fairly.
pub const SHORT_ANSWER_WORDS: usize = 25;

/// Levels between the score's level and the level of the model answers the
/// answer reads like, from which a person should look. One level apart is
/// common and says little: the estimate is a similarity-weighted mean, so
/// it leans to the middle levels (on the bundled sample, 87 of 104 answers
/// were a level apart, mostly exemplary answers that read like proficient
/// ones).
pub const LEVELS_APART: usize = 2;

/// Longest quotation, in characters, of the sentence the harm model points
/// to.
const QUOTED_SENTENCE_CHARS: usize = 120;

/// The reasons to read `score`'s `answer` (of `words` words), in plain
/// words; empty when nothing calls for it.
#[must_use]
pub fn review_reasons(rubric: &Rubric, score: &Score, answer: &str, words: usize) -> Vec<String> {
    let mut why: Vec<String> =
        score.red_flags.iter().map(|f| format!("red flag: {}", f.name)).collect();
    if score.reason.is_some() {
        why.push("no answer to assess".to_owned());
        return why;
    }
    if let Some(evidence) = &score.exemplars {
        if evidence.off_topic.is_some() {
            why.push("reads like an answer to another question".to_owned());
        }
        if let Some(estimate) = &evidence.estimate {
            let rank = |name: &str| rubric.levels.iter().position(|l| l.name == name);
            if let (Some(scored), Some(reads)) = (rank(&score.level), rank(&estimate.level)) {
                if scored.abs_diff(reads) >= LEVELS_APART {
                    why.push(format!(
                        "scored {}, but reads like the {} model answers",
                        score.level, estimate.level
                    ));
                }
            }
        }
    }
    if score.review.is_some() {
        why.push("the model answer it is closest to shows harmful practice".to_owned());
    }
    if let Some(harm) = score.harm.as_ref().filter(|h| h.review()) {
        let mut reason = format!(
            "the harm model puts the chance of harmful practice at {:.0}%",
            harm.probability * 100.0
        );
        if let Some(sentence) = harm.sentence.and_then(|s| answer.get(s.range())) {
            let quoted = shorten(sentence.trim(), QUOTED_SENTENCE_CHARS);
            reason.push_str(&format!(", most in \"{quoted}\""));
        }
        why.push(reason);
    }
    if words < SHORT_ANSWER_WORDS {
        why.push(format!("very short ({words} words)"));
    }
    why
}
