//! Sentence spans.

use crate::Span;

/// Collects the byte span of each sentence as tokens arrive.
#[derive(Debug, Default)]
pub struct SentenceSpans {
    spans: Vec<Span>,
    open: Option<Span>,
}

impl SentenceSpans {
    /// Records a token of the current sentence.
    pub fn add_token(&mut self, span: Span) {
        self.open = Some(self.open.map_or(span, |open| open.cover(span)));
    }

    /// Whether the current sentence has a token yet.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Closes the current sentence at byte `end` (after its punctuation).
    /// Returns whether a sentence was open.
    pub fn close(&mut self, end: usize) -> bool {
        match self.open.take() {
            Some(open) => {
                self.spans.push(Span::new(open.start, end.max(open.end)));
                true
            }
            None => false,
        }
    }

    /// The spans, closing a final sentence that has no punctuation.
    pub fn finish(mut self) -> Vec<Span> {
        if let Some(open) = self.open.take() {
            self.spans.push(open);
        }
        self.spans
    }
}
