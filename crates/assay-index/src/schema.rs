//! The fields of an exemplar index.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::TOKENIZER_NAME;

/// Version of the fields below. Persisted indexes record it and are refused
/// when it changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Handles to the fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Question id (exact term, stored).
    pub question: Field,
    /// Exemplar id (stored).
    pub exemplar: Field,
    /// Level name (exact term, stored).
    pub level: Field,
    /// 1 for harmful exemplars (stored).
    pub harmful: Field,
    /// The answer, analysed by `assay-text` (stored, with positions).
    pub text: Field,
    /// Position of the exemplar in the corpus (stored, fast).
    pub ordinal: Field,
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_options = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        question: builder.add_text_field("question", STRING | STORED),
        exemplar: builder.add_text_field("exemplar", STRING | STORED),
        level: builder.add_text_field("level", STRING | STORED),
        harmful: builder.add_u64_field("harmful", STORED),
        text: builder.add_text_field("text", text_options),
        ordinal: builder.add_u64_field("ordinal", STORED | FAST),
    };
    (builder.build(), fields)
}
