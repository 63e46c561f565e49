//! Clause boundaries and negation scope.
//!
//! A rubric cue that sits inside a negation earns nothing: "I would never
//! judge them" must not count as judging. These are the rules, applied to
//! the tokens of one text after sentences and punctuation are known.
//!
//! # Clauses
//!
//! Negation never reaches past the end of its clause. A clause ends at the
//! end of a sentence, at `,` `;` `:` brackets and dashes, and before these
//! words:
//!
//! - contrast and cause: *but, however, although, though, yet, because,
//!   whereas, while, unless, until, so, then*;
//! - *instead* (unless followed by *of*) and *rather* (unless followed by
//!   *than*);
//! - the subjects *I* and *we*, which start a new clause ("I won't judge them
//!   I will listen"), except right after a verb of thinking or wanting,
//!   where English moves the negation up front ("I don't think we should
//!   wait" negates *wait*).
//!
//! One exception: a list. When punctuation breaks a clause and a later item
//! of the same sentence, reached through punctuation alone, starts with *or*
//! or *nor*, the items belong to the negated clause and a verbal negator
//! (*not*, *never*, ...) keeps its scope through them: "I would never lend
//! money, give out my number, or meet them socially" negates all three.
//! Without the *or*/*nor* item the punctuation ends the scope as before
//! ("I won't promise secrecy, I'll explain what happens next").
//!
//! # Negators
//!
//! - verbal: *not* (also from "n't" and "cannot"), *never*, *nor*, *neither*,
//!   *nobody*: their scope runs from the next word to the end of the clause,
//!   or to an *and* that starts a new verb phrase (*and* followed by *would,
//!   will, can, could, should, also, always, then, instead, try*, or a bare
//!   verb of pointing someone on: *suggest, encourage, recommend, refer,
//!   signpost, offer, invite*): "I would not judge them and would listen"
//!   affirms *listen*, "it isn't my place to diagnose and suggest they see
//!   their doctor" affirms *suggest*;
//! - *avoid*, *refuse* (any inflection): the same, but any *and* ends the
//!   scope ("avoid jargon and adapt my style" affirms *adapt*), while *or*
//!   does not ("avoid judging or lecturing");
//! - *instead of*, *rather than*: the same, starting after *of* / *than*
//!   ("listen instead of lecturing them" negates *lecturing them*);
//! - nominal: *no*, *without*: the scope runs to the end of the clause but
//!   also stops at a preposition, *to* or *and*, because these mostly negate
//!   one noun phrase ("there is no shame in asking for help" does not negate
//!   *asking for help*; "listen without judgement and acknowledge" affirms
//!   *acknowledge*).
//!
//! # Negators that negate nothing
//!
//! A negator is inactive, and governs nothing, when the next word (after
//! *ever*, *even*, *once*, *really*) is one of
//!
//! - *hesitate, fail, forget, neglect, delay, stop, cease, miss, doubt*:
//!   "I would not hesitate to call a crisis line" and "never fail to follow
//!   up" affirm the action;
//! - *only, just, merely, simply* ("not only listen but also ..."),
//!   or for *no*, *matter* ("no matter what").
//!
//! # Counting
//!
//! Each token records how many active negators govern it. A token is negated
//! when that number is odd, so double negation cancels: in "I would not do
//! it without asking" the word *asking* is governed by *not* and *without*
//! and counts as affirmed. A negator governs only the words after it, so a
//! cue that contains its own negator ("never judge") matches positively.
//!
//! Known limits: negation placed after the word it negates ("judging is never
//! helpful") is not seen, and sarcasm or hypotheticals are taken literally.

use crate::word_class::WordClasses as C;
use crate::Token;

/// Whether `word` starts a new clause. (This and the other word tests are
/// worked out once per distinct word, as [`crate::word_class`] bits.)
pub(crate) fn is_clause_starter(word: &str) -> bool {
    matches!(
        word,
        "but"
            | "however"
            | "although"
            | "though"
            | "yet"
            | "because"
            | "whereas"
            | "while"
            | "unless"
            | "until"
            | "so"
            | "then"
    )
}
/// Stems of verbs after which a subject does not start a new clause.
pub(crate) const RAISING_STEMS: &[&str] = &[
    "think", "believ", "feel", "expect", "suppos", "want", "say", "mean", "see", "guess", "assum",
    "pretend", "claim", "imagin",
];
/// Whether `word` is a verbal negator.
pub(crate) fn is_verbal_negator(word: &str) -> bool {
    matches!(word, "not" | "never" | "nor" | "neither" | "nobody")
}
/// Words after *and* that start a new verb phrase, ending a verbal scope:
/// modals and adverbs that open one, and the bare verbs of pointing
/// someone on ("It isn't my place to diagnose and suggest they see their
/// doctor": the suggesting is what the speaker does).
pub(crate) const NEW_VERB_PHRASE: &[&str] = &[
    "would",
    "will",
    "can",
    "could",
    "should",
    "also",
    "always",
    "then",
    "instead",
    "try",
    "suggest",
    "encourage",
    "recommend",
    "refer",
    "signpost",
    "offer",
    "invite",
];
/// Whether `stem` is the stem of a verbal negator.
pub(crate) fn is_verbal_negator_stem(stem: &str) -> bool {
    matches!(stem, "avoid" | "refus")
}
/// Whether `word` is a nominal negator.
pub(crate) fn is_nominal_negator(word: &str) -> bool {
    matches!(word, "no" | "without")
}
/// Adverbs skipped when looking for a neutralising word.
pub(crate) const SKIPPED_ADVERBS: &[&str] = &["ever", "even", "once", "really"];
/// Stems that make a preceding negator affirm the action.
pub(crate) const NEUTRALISING_STEMS: &[&str] = &[
    "hesit", "fail", "forget", "neglect", "delay", "stop", "ceas", "miss", "doubt", "onli", "just",
    "mere", "simpli",
];

/// How a negator's scope ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// To the end of the clause or an *and* starting a new verb phrase.
    Clause,
    /// To the end of the clause or the next *and*.
    VerbPhrase,
    /// To the end of the clause, the next preposition or *and*.
    NounPhrase,
}

/// Renumbers clauses at the word boundaries above and records each token's
/// negation depth and nearest negator.
pub(crate) fn apply(tokens: &mut [Token]) {
    let list_items = list_items(tokens);
    split_clauses(tokens);
    let mut active: Vec<(u32, Reach)> = Vec::new();
    for i in 0..tokens.len() {
        if i > 0 && tokens[i].clause != tokens[i - 1].clause {
            if list_items[i] {
                active.retain(|&(at, reach)| {
                    reach == Reach::Clause && tokens[at as usize].classes.has(C::VERBAL_NEGATOR)
                });
            } else {
                active.clear();
            }
        }
        let classes = tokens[i].classes;
        if classes.has(C::PREPOSITION) {
            active.retain(|&(_, reach)| reach != Reach::NounPhrase);
        }
        if classes.has(C::AND) {
            let new_verb_phrase = tokens.get(i + 1).is_some_and(|t| {
                t.sentence == tokens[i].sentence && t.classes.has(C::NEW_VERB_PHRASE)
            });
            active.retain(|&(_, reach)| reach == Reach::Clause && !new_verb_phrase);
        }
        let depth = u8::try_from(active.len()).unwrap_or(u8::MAX);
        tokens[i].negation_depth = depth;
        tokens[i].negator = active.last().map(|&(at, _)| at);
        // A *nor* that ends a negated list repeats the negation it carries.
        let repeats_negation = list_items[i] && classes.has(C::OR) && !active.is_empty();
        if let Some(reach) = negator_at(tokens, i).filter(|_| !repeats_negation) {
            tokens[i].is_negator = true;
            active.push((u32::try_from(i).unwrap_or(u32::MAX), reach));
        }
    }
}

/// Which tokens start a list item that continues the clause before it:
/// tokens that begin a punctuation-made clause (and are not a clause
/// starter or subject), when a later punctuation-made clause of the same
/// sentence begins with *or*/*nor* and no word-made clause start comes
/// between. Worked out on the raw (punctuation) clause numbers.
fn list_items(tokens: &[Token]) -> Vec<bool> {
    let mut items = vec![false; tokens.len()];
    let mut pending: Vec<usize> = Vec::new();
    for i in 1..tokens.len() {
        let (previous, token) = (&tokens[i - 1], &tokens[i]);
        if token.sentence != previous.sentence {
            pending.clear();
            continue;
        }
        if starts_clause(tokens, i) {
            pending.clear();
            continue;
        }
        if token.clause == previous.clause {
            continue;
        }
        pending.push(i);
        if token.classes.has(C::OR) {
            for &at in &pending {
                items[at] = true;
            }
            pending.clear();
        }
    }
    items
}

fn split_clauses(tokens: &mut [Token]) {
    let mut clause = 0;
    let mut previous_raw = tokens.first().map_or(0, |t| t.clause);
    for i in 0..tokens.len() {
        let raw = tokens[i].clause;
        if i > 0 && (raw != previous_raw || starts_clause(tokens, i)) {
            clause += 1;
        }
        previous_raw = raw;
        tokens[i].clause = clause;
    }
}

fn starts_clause(tokens: &[Token], i: usize) -> bool {
    let classes = tokens[i].classes;
    // Only a word of the same sentence: a paragraph after it changes nothing.
    let next_is = |class| {
        tokens.get(i + 1).is_some_and(|t| t.sentence == tokens[i].sentence && t.classes.has(class))
    };
    if classes.has(C::INSTEAD) {
        !next_is(C::OF)
    } else if classes.has(C::RATHER) {
        !next_is(C::THAN)
    } else if classes.has(C::I_OR_WE) {
        !tokens[i - 1].classes.has(C::RAISING)
    } else {
        classes.has(C::CLAUSE_STARTER)
    }
}

/// If token `i` is an active negator, how far its scope reaches.
fn negator_at(tokens: &[Token], i: usize) -> Option<Reach> {
    let token = &tokens[i];
    let classes = token.classes;
    let next =
        tokens.get(i + 1).filter(|t| t.clause == token.clause).map_or(C::default(), |t| t.classes);
    let (reach, scope_start) = if (classes.has(C::INSTEAD) && next.has(C::OF))
        || (classes.has(C::RATHER) && next.has(C::THAN))
    {
        (Reach::Clause, i + 2)
    } else if classes.has(C::NO) && next.has(C::MATTER) {
        return None;
    } else if classes.has(C::VERBAL_NEGATOR) {
        (Reach::Clause, i + 1)
    } else if classes.has(C::NEGATING_VERB) {
        (Reach::VerbPhrase, i + 1)
    } else if classes.has(C::NOMINAL_NEGATOR) {
        (Reach::NounPhrase, i + 1)
    } else {
        return None;
    };
    let neutralised = tokens[scope_start.min(tokens.len())..]
        .iter()
        .take_while(|t| t.clause == token.clause)
        .find(|t| !t.classes.has(C::SKIPPED_ADVERB))
        .is_some_and(|t| t.classes.has(C::NEUTRALISING));
    (!neutralised).then_some(reach)
}

/// Whether `word` is a preposition (or *to*), which ends a nominal
/// negator's scope.
pub(crate) fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "to"
            | "for"
            | "with"
            | "about"
            | "of"
            | "at"
            | "on"
            | "from"
            | "by"
            | "into"
            | "through"
    )
}
