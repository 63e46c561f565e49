//! The `assay-text` analysis as a tantivy tokenizer, so the index stores the
//! very stems the scorer matches.

use assay_text::Analyzer;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name the tokenizer is registered under in the index.
pub const TOKENIZER_NAME: &str = "assay";

/// Emits one tantivy token per `assay-text` token: the stem as text, the
/// byte offsets of the original word, and its position.
#[derive(Debug, Clone, Default)]
pub struct AssayTokenizer {
    analyzer: Analyzer,
}

/// Tokens of one text, computed up front.
#[derive(Debug)]
pub struct AssayTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for AssayTokenizer {
    type TokenStream<'a> = AssayTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AssayTokenStream {
        let tokens = self
            .analyzer
            .analyze(text)
            .tokens
            .into_iter()
            .filter(|token| !token.is_question_mark())
            .enumerate()
            .map(|(position, token)| Token {
                offset_from: token.span.start,
                offset_to: token.span.end,
                position,
                text: token.stem().to_string(),
                position_length: 1,
            })
            .collect();
        AssayTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for AssayTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_the_analyzer_stems_with_offsets() {
        let text = "I'd call Emergency services";
        let mut tokenizer = AssayTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.text.clone(), &text[t.offset_from..t.offset_to], t.position));
        }
        assert_eq!(
            seen,
            [
                ("i".to_owned(), "I", 0),
                ("would".to_owned(), "'d", 1),
                ("call".to_owned(), "call", 2),
                ("emerg".to_owned(), "Emergency", 3),
                ("servic".to_owned(), "services", 4),
            ]
        );
    }
}
