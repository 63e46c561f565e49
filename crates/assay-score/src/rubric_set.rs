//! Loading and validating a folder of rubrics.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::Hasher;
use std::sync::OnceLock;

use assay_text::FnvHasher;
use toml::Spanned;

use crate::cue::Cue;
use crate::cue_code::{CueCompiler, PrecompiledCues};
use crate::cue_set::CueSet;
use crate::detail::{CUE_DETAIL_WORDS, FULL_DETAIL_WORDS, SEMANTIC_DETAIL_WORDS};
use crate::error::{LoadResult, Problems};
use crate::example_set::{Examples, DEFAULT_CONCEPT_THRESHOLD, DEFAULT_RED_FLAG_THRESHOLD};
use crate::harm::{covers_question, HARM_ESTIMATE};
use crate::outline::QuestionOutline;
use crate::rubric::{Concept, CueOwner, HarmTrigger, Level, RedFlag, Rubric};
use crate::rubric_file::{
    ConceptEntry, ConceptFile, CueList, ExampleList, LevelEntry, QuestionFile, RedFlagEntry,
    RedFlagFile,
};
use crate::source::{offset_in_string_literal, parse_toml};
use crate::suggest::closest;
use crate::{Site, SourceFile};

/// Saturation when a concept does not set one: one clear statement earns
/// the concept.
pub const DEFAULT_SATURATION: u32 = 1;

/// Exemplar weight when a question does not set `exemplar-weight`.
pub const DEFAULT_EXEMPLAR_WEIGHT: f64 = 0.0;

/// The concept library and every question rubric, validated.
#[derive(Debug, Clone, Default)]
pub struct RubricSet {
    library: BTreeMap<String, (Concept, Vec<Cue>)>,
    red_flag_library: BTreeMap<String, (RedFlag, Vec<Cue>)>,
    rubrics: BTreeMap<String, Rubric>,
    fingerprint: String,
    /// Library concepts and red flags whose files failed to load, by id (or
    /// file name): a question's `use` of one is not reported again as
    /// unknown, so one broken file gives one set of problems, not one more
    /// per question that uses it.
    failed_library: BTreeSet<String>,
    /// Question files [`RubricSet::load_only`] passed over, by id (their
    /// file name).
    left_out: BTreeMap<String, SourceFile>,
}

impl RubricSet {
    /// Loads the library from `library_files` (`.../concepts/<id>.toml`
    /// define concepts, `.../red-flags/<id>.toml` red flags, told apart by
    /// their folder) and the question rubrics from `question_files`.
    ///
    /// # Errors
    ///
    /// Every problem found in any file (TOML syntax, unknown fields, unknown
    /// concepts, duplicate ids, bad cues, weights, thresholds, ids), each with
    /// its file, line and column.
    pub fn load(library_files: &[SourceFile], question_files: &[SourceFile]) -> LoadResult<Self> {
        Self::load_selected(library_files, question_files, None, PrecompiledCues::default())
    }

    /// Like [`RubricSet::load`], but a cue found in `precompiled` is read
    /// from there rather than compiled anew (every other check is made).
    ///
    /// # Errors
    ///
    /// As [`RubricSet::load`].
    pub fn load_precompiled(
        library_files: &[SourceFile],
        question_files: &[SourceFile],
        precompiled: PrecompiledCues,
    ) -> LoadResult<Self> {
        Self::load_selected(library_files, question_files, None, precompiled)
    }

    /// Like [`RubricSet::load`], but compiles only the questions in `ids`
    /// (a question file is named after its question) and the library
    /// concepts and red flags they use: a command about one question does
    /// not pay for all of them. The other questions are only listed (see
    /// [`RubricSet::is_left_out`]) and are not checked, so this is for a set
    /// already checked whole, such as the built-in one. The fingerprint is
    /// that of every file, as [`RubricSet::load`] gives. A cue found in
    /// `precompiled` is read from there rather than compiled anew.
    ///
    /// # Errors
    ///
    /// Every problem found in the files compiled.
    pub fn load_only(
        library_files: &[SourceFile],
        question_files: &[SourceFile],
        ids: &[&str],
        precompiled: PrecompiledCues,
    ) -> LoadResult<Self> {
        Self::load_selected(library_files, question_files, Some(ids), precompiled)
    }

    fn load_selected(
        library_files: &[SourceFile],
        question_files: &[SourceFile],
        only: Option<&[&str]>,
        precompiled: PrecompiledCues,
    ) -> LoadResult<Self> {
        let mut problems = Problems::default();
        let mut compiler = CueCompiler::new(precompiled);
        let mut set = RubricSet {
            fingerprint: fingerprint(library_files.iter().chain(question_files)),
            ..RubricSet::default()
        };
        let (question_files, used) = match only {
            None => (question_files.iter().collect::<Vec<_>>(), None),
            Some(ids) => {
                let (chosen, left_out): (Vec<_>, Vec<_>) =
                    question_files.iter().partition(|f| ids.contains(&f.stem()));
                set.left_out =
                    left_out.into_iter().map(|f| (f.stem().to_owned(), f.clone())).collect();
                let used = library_used_by(&chosen);
                (chosen, Some(used))
            }
        };
        for file in library_files {
            if used.as_ref().is_some_and(|used| !used.contains(file.stem())) {
                continue;
            }
            if is_red_flag_file(&file.path) {
                set.load_library_red_flag(file, &mut compiler, &mut problems);
                continue;
            }
            let Some(file_concept) = parse_toml::<ConceptFile>(file, &mut problems) else {
                set.failed_library.insert(file.stem().to_owned());
                continue;
            };
            let id = file_concept.id.get_ref().clone();
            let loaded = load_library_concept(file, file_concept, &mut compiler, &mut problems);
            if loaded.is_none() {
                set.failed_library.insert(id.clone());
            }
            match set.library.entry(id) {
                Entry::Occupied(entry) => {
                    let message = format!("concept `{}` is defined twice", entry.key());
                    problems.add(file, 0, message);
                }
                Entry::Vacant(entry) => {
                    if let Some(concept) = loaded {
                        entry.insert(concept);
                    }
                }
            }
        }
        for file in question_files {
            if let Some(question) = parse_toml::<QuestionFile>(file, &mut problems) {
                let id = question.id.get_ref().clone();
                let span = question.id.span();
                let rubric = set.load_question(file, question, &mut compiler, &mut problems);
                match set.rubrics.entry(id) {
                    Entry::Occupied(entry) => {
                        let message = format!("question `{}` is defined twice", entry.key());
                        problems.add(file, span.start, message);
                    }
                    Entry::Vacant(entry) => {
                        if let Some(rubric) = rubric {
                            entry.insert(rubric);
                        }
                    }
                }
            }
        }
        problems.into_result(set)
    }

    fn load_library_red_flag(
        &mut self,
        file: &SourceFile,
        compiler: &mut CueCompiler,
        problems: &mut Problems,
    ) {
        let Some(definition) = parse_toml::<RedFlagFile>(file, problems) else {
            self.failed_library.insert(file.stem().to_owned());
            return;
        };
        check_file_name(file, &definition.id, problems);
        let id = definition.id.get_ref().clone();
        let at = definition.id.span().start;
        let loaded = red_flag(file, definition, compiler, problems).map(|(mut flag, cues)| {
            flag.from_library = true;
            (flag, cues)
        });
        if loaded.is_none() {
            self.failed_library.insert(id.clone());
        }
        match self.red_flag_library.entry(id) {
            Entry::Occupied(entry) => {
                problems.add(file, at, format!("red flag `{}` is defined twice", entry.key()));
            }
            Entry::Vacant(entry) => {
                if let Some(flag) = loaded {
                    entry.insert(flag);
                }
            }
        }
    }

    /// A question's `[[red-flags]]` table: the library red flag it uses
    /// (with the table's examples added), or the one it defines.
    fn red_flag_entry(
        &self,
        file: &SourceFile,
        entry: Spanned<RedFlagEntry>,
        compiler: &mut CueCompiler,
        problems: &mut Problems,
    ) -> Option<(RedFlag, Vec<Cue>)> {
        let at = entry.span().start;
        let entry = entry.into_inner();
        match (entry.use_, entry.id) {
            (Some(used), None) => {
                let defined_there = [
                    entry.name.as_ref().map(|_| "name"),
                    entry.cues.as_ref().map(|_| "cues"),
                    entry.example_threshold.as_ref().map(|_| "example-threshold"),
                    entry.cap.as_ref().map(|_| "cap"),
                    entry.penalty.as_ref().map(|_| "penalty"),
                    entry.warning.as_ref().map(|_| "warning"),
                ];
                for field in defined_there.into_iter().flatten() {
                    problems.add(file, at, format!("`{field}` of library red flag `{}` is set in red-flags/{}.toml, not here (only `examples` can be added here)", used.get_ref(), used.get_ref()));
                }
                let Some((library, cues)) = self.red_flag_library.get(used.get_ref()) else {
                    if !self.failed_library.contains(used.get_ref()) {
                        let names = self.red_flag_library.keys().map(String::as_str);
                        unknown(file, &used, "red flag", names, problems);
                    }
                    return None;
                };
                let mut flag = library.clone();
                let own = examples(
                    file,
                    (entry.examples.as_ref(), None),
                    None,
                    flag.examples.threshold,
                    problems,
                );
                for (example, site) in own.examples.into_iter().zip(own.sites) {
                    if flag.examples.examples.iter().any(|e| e.eq_ignore_ascii_case(&example)) {
                        problems.add(
                            file,
                            at,
                            format!(
                                "example `{example}` is already one of red flag `{}`'s own",
                                flag.id
                            ),
                        );
                    } else {
                        flag.examples.examples.push(example);
                        flag.examples.sites.push(site);
                    }
                }
                Some((flag, cues.clone()))
            }
            (None, Some(id)) => {
                let (Some(name), Some(cues), Some(warning)) =
                    (entry.name, entry.cues, entry.warning)
                else {
                    problems.add(file, at, format!("red flag `{}` needs `name`, `cues` and `warning` (or write `use = \"<library red flag>\"` instead of `id`)", id.get_ref()));
                    return None;
                };
                let definition = RedFlagFile {
                    id,
                    name,
                    cues: Some(cues),
                    examples: entry.examples,
                    example_threshold: entry.example_threshold,
                    cap: entry.cap,
                    penalty: entry.penalty,
                    warning,
                    raised_by: None,
                    raise_at: None,
                    confirm_at: None,
                };
                red_flag(file, definition, compiler, problems)
            }
            (Some(_), Some(_)) => {
                problems.add(file, at, "a [[red-flags]] entry has either `use` (a library red flag) or `id` (a red flag defined here), not both");
                None
            }
            (None, None) => {
                problems.add(file, at, "a [[red-flags]] entry needs `use = \"<library red flag>\"` or an `id` with the red flag's fields");
                None
            }
        }
    }

    /// A short hash of the files the set was loaded from (their folder, name
    /// and text; not where the folder sits), so an output can say which
    /// rubrics made it: the same files always give the same fingerprint.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The shared red flags (`red-flags/<id>.toml`), in id order.
    pub fn library_red_flags(&self) -> impl Iterator<Item = &RedFlag> {
        self.red_flag_library.values().map(|(flag, _)| flag)
    }

    /// The same rubrics, also listing the red flags whose example sentences
    /// an answer resembles ([`crate::Score::resembles`]), for a person to
    /// review; no score changes. A red flag is resembled only when it is
    /// nearly the nearest of every concept and red flag to the words.
    /// Off by default: on fresh answers written for the purpose, one safe
    /// answer in five is listed (figures in `rubrics/README.md`). Needs the
    /// semantic matcher.
    #[must_use]
    pub fn with_red_flag_resemblance(mut self) -> Self {
        for rubric in self.rubrics.values_mut() {
            rubric.resemblance = true;
        }
        self
    }

    /// The same rubrics without the learned concept estimate: library
    /// concepts are earned by their cues and examples alone, for a trainer
    /// who wants quotable evidence only or compares the two. Totals run
    /// lower, so a question that does not set `detail-words` counts points
    /// in full from [`CUE_DETAIL_WORDS`] (unless the semantic matcher is
    /// on, whose [`SEMANTIC_DETAIL_WORDS`] was calibrated without the
    /// estimate).
    #[must_use]
    pub fn without_concept_estimate(mut self) -> Self {
        for rubric in self.rubrics.values_mut() {
            rubric.estimated.iter_mut().for_each(|k| *k = None);
            if !rubric.detail_words_written && !rubric.semantic {
                rubric.detail_words = CUE_DETAIL_WORDS;
            }
        }
        self
    }

    /// The same rubrics with the semantic matcher switched on: concepts are
    /// also earned by words close to their example sentences. Totals run
    /// higher, so a question that does not set `detail-words` counts points
    /// in full from [`SEMANTIC_DETAIL_WORDS`] instead of
    /// [`FULL_DETAIL_WORDS`], each calibrated for its matcher, and a run
    /// earns a concept only when that concept is nearly the nearest of
    /// every concept of the set (`concept_map.rs`). Off by
    /// default: it agrees better with people on answers to the question
    /// asked, but tells questions apart a little less well and costs time
    /// (figures in `rubrics/README.md`).
    #[must_use]
    pub fn with_semantic_matcher(mut self) -> Self {
        let library: Vec<&Concept> = self.library().collect();
        let mut all: Vec<&crate::example_set::Examples> =
            library.iter().map(|c| &c.examples).collect();
        let mut places: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        for rubric in self.rubrics.values() {
            let mut own = Vec::new();
            for concept in &rubric.concepts {
                match library.iter().position(|l| concept.from_library && l.id == concept.id) {
                    Some(k) => own.push(k),
                    None => {
                        own.push(all.len());
                        all.push(&concept.examples);
                    }
                }
            }
            places.push((own, Vec::new()));
        }
        let concepts = all.len();
        for (rubric, (_, flags)) in self.rubrics.values().zip(&mut places) {
            for flag in &rubric.red_flags {
                flags.push(all.len());
                all.push(&flag.examples);
            }
        }
        let map = std::sync::Arc::new(crate::concept_map::ConceptMap::new(all, concepts));
        for (rubric, (concepts, flags)) in self.rubrics.values_mut().zip(places) {
            rubric.concept_map = Some((map.clone(), concepts, flags));
            rubric.semantic = true;
            rubric.examples = OnceLock::new();
            if !rubric.detail_words_written {
                rubric.detail_words = SEMANTIC_DETAIL_WORDS;
            }
        }
        self
    }

    /// The rubric of question `id`.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Rubric> {
        self.rubrics.get(id)
    }

    /// Whether any rubric blends its nearest exemplars into the total
    /// (`exemplar-weight` above 0), so scoring needs an exemplar index for
    /// its totals to be right.
    #[must_use]
    pub fn blends_exemplars(&self) -> bool {
        self.rubrics.values().any(Rubric::blends_exemplars)
    }

    /// Every rubric, by id.
    pub fn rubrics(&self) -> impl Iterator<Item = &Rubric> {
        self.rubrics.values()
    }

    /// Every library concept, by id, with its default weight.
    pub fn library(&self) -> impl Iterator<Item = &Concept> {
        self.library.values().map(|(concept, _)| concept)
    }

    /// Up to three question ids closest to `id`, best first: for an error
    /// message when `id` is unknown.
    #[must_use]
    pub fn suggest(&self, id: &str) -> Vec<&str> {
        let ids = self.rubrics.keys().chain(self.left_out.keys()).map(String::as_str);
        closest(id, ids, 3)
    }

    /// Whether question `id` has a file that [`RubricSet::load_only`] did
    /// not compile.
    #[must_use]
    pub fn is_left_out(&self, id: &str) -> bool {
        self.left_out.contains_key(id)
    }

    /// Every question's outline, by id: a compiled rubric's, or one read
    /// from a file that [`RubricSet::load_only`] left out, which costs a
    /// parse but no compiling.
    #[must_use]
    pub fn outlines(&self) -> Vec<QuestionOutline> {
        let compiled = self.rubrics.values().map(QuestionOutline::of);
        let read = self.left_out.values().filter_map(QuestionOutline::read);
        let mut outlines: Vec<QuestionOutline> = compiled.chain(read).collect();
        outlines.sort_by(|a, b| a.id.cmp(&b.id));
        outlines
    }

    fn load_question(
        &self,
        file: &SourceFile,
        question: QuestionFile,
        compiler: &mut CueCompiler,
        problems: &mut Problems,
    ) -> Option<Rubric> {
        let before = problems.0.len();
        check_id(file, &question.id, "question", problems);
        check_file_name(file, &question.id, problems);
        if question.question.get_ref().trim().is_empty() {
            problems.add_span(file, question.question.span(), "the question text is empty");
        }
        let mut cues = CueSet::new();
        let mut owners = Vec::new();
        let mut seen = HashSet::new();
        let mut concepts = Vec::new();
        if question.concepts.is_empty() {
            problems.add(file, 0, "a question needs at least one [[concepts]] entry");
        }
        for entry in question.concepts {
            let span = entry.span();
            let Some((concept, compiled)) = self.concept_entry(file, entry, compiler, problems)
            else {
                continue;
            };
            if !seen.insert(concept.id.clone()) {
                problems.add(file, span.start, format!("concept `{}` is used twice", concept.id));
                continue;
            }
            for cue in compiled {
                let anchor = compiler.anchor(&cue);
                cues.push_anchored(cue, anchor);
                owners.push(CueOwner::Concept(concepts.len()));
            }
            concepts.push(concept);
        }
        if !concepts.is_empty() && concepts.iter().all(|c| c.bonus) {
            problems.add(file, 0, "every concept is `bonus = true`: a question needs at least one core concept for its total to be a share of");
        }
        let mut red_flags = Vec::new();
        for entry in question.red_flags {
            let span = entry.span();
            let Some((flag, compiled)) = self.red_flag_entry(file, entry, compiler, problems)
            else {
                continue;
            };
            if !seen.insert(flag.id.clone()) {
                problems.add(file, span.start, format!("id `{}` is used twice", flag.id));
                continue;
            }
            if flag.harm.is_some() {
                if let Some(other) = red_flags.iter().find(|f: &&RedFlag| f.harm.is_some()) {
                    problems.add(
                        file,
                        span.start,
                        format!(
                            "red flags `{}` and `{}` are both raised by the harm estimate: use one",
                            other.id, flag.id
                        ),
                    );
                } else if !covers_question(question.id.get_ref()) {
                    problems.add(file, span.start, format!("red flag `{}` is raised by the harm estimate, which was trained only for the built-in questions, not `{}`: remove this entry", flag.id, question.id.get_ref()));
                }
            }
            for cue in compiled {
                let anchor = compiler.anchor(&cue);
                cues.push_anchored(cue, anchor);
                owners.push(CueOwner::RedFlag(red_flags.len()));
            }
            red_flags.push(flag);
        }
        let levels = levels(file, question.levels, problems);
        let exemplar_weight =
            question.exemplar_weight.as_ref().map_or(DEFAULT_EXEMPLAR_WEIGHT, |w| {
                let value = *w.get_ref();
                if !(0.0..1.0).contains(&value) {
                    problems.add_span(
                        file,
                        w.span(),
                        format!("exemplar-weight must be from 0 to below 1, found {value}"),
                    );
                }
                value
            });
        let detail_words_written = question.detail_words.is_some();
        let detail_words = question.detail_words.as_ref().map_or(FULL_DETAIL_WORDS, |w| {
            u32::try_from(*w.get_ref()).unwrap_or_else(|_| {
                problems.add_span(
                    file,
                    w.span(),
                    format!(
                        "detail-words must be a whole number from 0 (off) up, found {}",
                        w.get_ref()
                    ),
                );
                FULL_DETAIL_WORDS
            })
        });
        if problems.0.len() != before {
            return None;
        }
        let model = crate::concept_estimate::ConceptModel::builtin();
        let estimated = concepts
            .iter()
            .map(|c| c.from_library.then(|| model.index_of(&c.id)).flatten())
            .collect();
        Some(Rubric {
            estimated,
            id: question.id.into_inner(),
            question: question.question.into_inner().trim().to_owned(),
            source: question.source.map(Spanned::into_inner).unwrap_or_default(),
            concepts,
            red_flags,
            levels,
            exemplar_weight,
            detail_words,
            detail_words_written,
            cues,
            owners,
            semantic: false,
            resemblance: false,
            concept_map: None,
            examples: OnceLock::new(),
        })
    }

    fn concept_entry(
        &self,
        file: &SourceFile,
        entry: Spanned<ConceptEntry>,
        compiler: &mut CueCompiler,
        problems: &mut Problems,
    ) -> Option<(Concept, Vec<Cue>)> {
        let at = entry.span().start;
        let entry = entry.into_inner();
        let weight = entry.weight.as_ref().and_then(|w| check_weight(file, w, problems));
        match (&entry.use_, &entry.id) {
            (Some(used), None) => {
                let inline_fields = [
                    entry.name.as_ref().map(|_| "name"),
                    entry.cues.as_ref().map(|_| "cues"),
                    entry.guidance.as_ref().map(|_| "guidance"),
                    entry.praise.as_ref().map(|_| "praise"),
                    entry.saturation.as_ref().map(|_| "saturation"),
                    entry.story.as_ref().map(|_| "story"),
                    entry.examples.as_ref().map(|_| "examples"),
                    entry.counter_examples.as_ref().map(|_| "counter-examples"),
                    entry.example_threshold.as_ref().map(|_| "example-threshold"),
                ];
                for field in inline_fields.into_iter().flatten() {
                    problems.add(file, at, format!("`{field}` of library concept `{}` is set in concepts/{}.toml, not here", used.get_ref(), used.get_ref()));
                }
                let Some((library, cues)) = self.library.get(used.get_ref()) else {
                    if !self.failed_library.contains(used.get_ref()) {
                        let names = self.library.keys().map(String::as_str);
                        unknown(file, used, "concept", names, problems);
                    }
                    return None;
                };
                let mut concept = library.clone();
                concept.weight = weight.unwrap_or(library.weight);
                concept.required = entry.required;
                concept.bonus = bonus(file, &entry, problems);
                Some((concept, cues.clone()))
            }
            (None, Some(id)) => {
                check_id(file, id, "concept", problems);
                if self.library.contains_key(id.get_ref()) {
                    problems.add_span(file, id.span(), format!("`{}` is a library concept: write `use = \"{}\"` instead of defining it again", id.get_ref(), id.get_ref()));
                }
                let mut missing = |field: &str| {
                    problems.add(file, at, format!("concept `{}` needs `{field}`", id.get_ref()));
                };
                let (Some(name), Some(cue_list), Some(guidance), Some(praise), Some(weight)) =
                    (&entry.name, &entry.cues, &entry.guidance, &entry.praise, weight)
                else {
                    for (field, present) in [
                        ("name", entry.name.is_some()),
                        ("cues", entry.cues.is_some()),
                        ("guidance", entry.guidance.is_some()),
                        ("praise", entry.praise.is_some()),
                        ("weight", entry.weight.is_some()),
                    ] {
                        if !present {
                            missing(field);
                        }
                    }
                    return None;
                };
                let cues = compile_cues(file, cue_list, compiler, problems);
                let saturation = saturation(file, entry.saturation.as_ref(), cues.len(), problems);
                let examples = examples(
                    file,
                    (entry.examples.as_ref(), entry.counter_examples.as_ref()),
                    entry.example_threshold.as_ref(),
                    DEFAULT_CONCEPT_THRESHOLD,
                    problems,
                );
                Some((
                    Concept {
                        id: id.get_ref().clone(),
                        name: name.get_ref().clone(),
                        weight,
                        required: entry.required,
                        bonus: bonus(file, &entry, problems),
                        saturation,
                        story: entry.story.as_ref().is_some_and(|s| *s.get_ref()),
                        from_library: false,
                        cues: cue_sources(cue_list),
                        examples,
                        guidance: guidance.get_ref().trim().to_owned(),
                        praise: praise.get_ref().trim().to_owned(),
                    },
                    cues,
                ))
            }
            (Some(_), Some(_)) => {
                problems.add(file, at, "a [[concepts]] entry has either `use` (a library concept) or `id` (a concept defined here), not both");
                None
            }
            (None, None) => {
                problems.add(file, at, "a [[concepts]] entry needs `use = \"<library concept>\"` or an `id` with the concept's fields");
                None
            }
        }
    }
}

/// The library concepts and red flags `questions` use, by id (a library
/// file is named after what it defines). A file that does not parse is
/// passed over here: it is parsed again, and its problems reported, when
/// it is loaded.
fn library_used_by(questions: &[&SourceFile]) -> BTreeSet<String> {
    let mut scratch = Problems::default();
    let mut used = BTreeSet::new();
    for file in questions {
        let Some(question) = parse_toml::<QuestionFile>(file, &mut scratch) else { continue };
        let concepts = question.concepts.iter().filter_map(|c| c.get_ref().use_.as_ref());
        let flags = question.red_flags.iter().filter_map(|f| f.get_ref().use_.as_ref());
        used.extend(concepts.chain(flags).map(|id| id.get_ref().clone()));
    }
    used
}

fn load_library_concept(
    file: &SourceFile,
    concept: ConceptFile,
    compiler: &mut CueCompiler,
    problems: &mut Problems,
) -> Option<(Concept, Vec<Cue>)> {
    let before = problems.0.len();
    check_id(file, &concept.id, "concept", problems);
    check_file_name(file, &concept.id, problems);
    let weight = check_weight(file, &concept.weight, problems);
    let cues = compile_cues(file, &concept.cues, compiler, problems);
    let saturation = saturation(file, concept.saturation.as_ref(), cues.len(), problems);
    let examples = examples(
        file,
        (concept.examples.as_ref(), concept.counter_examples.as_ref()),
        concept.example_threshold.as_ref(),
        DEFAULT_CONCEPT_THRESHOLD,
        problems,
    );
    let weight = weight?;
    (problems.0.len() == before).then(|| {
        (
            Concept {
                id: concept.id.into_inner(),
                name: concept.name,
                weight,
                required: false,
                bonus: false,
                saturation,
                story: concept.story,
                from_library: true,
                cues: cue_sources(&concept.cues),
                examples,
                guidance: concept.guidance.trim().to_owned(),
                praise: concept.praise.trim().to_owned(),
            },
            cues,
        )
    })
}

/// Whether a library file defines a red flag (it sits in a `red-flags`
/// folder) rather than a concept.
fn is_red_flag_file(path: &str) -> bool {
    path.rsplit(['/', '\\']).nth(1) == Some("red-flags")
}

fn red_flag(
    file: &SourceFile,
    entry: RedFlagFile,
    compiler: &mut CueCompiler,
    problems: &mut Problems,
) -> Option<(RedFlag, Vec<Cue>)> {
    let before = problems.0.len();
    check_id(file, &entry.id, "red flag", problems);
    let harm = harm_trigger(file, &entry, problems);
    let cues = match (&entry.cues, &entry.raised_by) {
        (Some(cues), None) => compile_cues(file, cues, compiler, problems),
        (None, Some(_)) => Vec::new(),
        (Some(cues), Some(_)) => {
            problems.add_span(file, cues.span(), format!("red flag `{}` is raised by the harm estimate, so it has no `cues`: remove them, or remove `raised-by`", entry.id.get_ref()));
            Vec::new()
        }
        (None, None) => {
            problems.add_span(
                file,
                entry.id.span(),
                format!(
                    "red flag `{}` needs `cues` (or `raised-by = \"harm-estimate\"`)",
                    entry.id.get_ref()
                ),
            );
            Vec::new()
        }
    };
    let examples = examples(
        file,
        (entry.examples.as_ref(), None),
        entry.example_threshold.as_ref(),
        DEFAULT_RED_FLAG_THRESHOLD,
        problems,
    );
    if entry.cap.is_none() && entry.penalty.is_none() {
        problems.add_span(
            file,
            entry.id.span(),
            format!("red flag `{}` needs a `cap`, a `penalty`, or both", entry.id.get_ref()),
        );
    }
    if let Some(cap) = &entry.cap {
        if !(0.0..=100.0).contains(cap.get_ref()) {
            problems.add_span(
                file,
                cap.span(),
                format!("cap {} is outside 0 to 100", cap.get_ref()),
            );
        }
    }
    if let Some(penalty) = &entry.penalty {
        if !(penalty.get_ref().is_finite()
            && *penalty.get_ref() > 0.0
            && *penalty.get_ref() <= 100.0)
        {
            problems.add_span(
                file,
                penalty.span(),
                format!("penalty {} must be above 0 and at most 100", penalty.get_ref()),
            );
        }
    }
    (problems.0.len() == before).then(|| {
        (
            RedFlag {
                id: entry.id.get_ref().clone(),
                name: entry.name,
                cues: entry.cues.as_ref().map(cue_sources).unwrap_or_default(),
                examples,
                cap: entry.cap.map(Spanned::into_inner),
                penalty: entry.penalty.map(Spanned::into_inner),
                warning: entry.warning.trim().to_owned(),
                from_library: false,
                harm,
            },
            cues,
        )
    })
}

/// The harm trigger of a red flag raised by the harm estimate: `raised-by
/// = "harm-estimate"` with `raise-at` and `confirm-at`, each from 0 to 1,
/// `confirm-at` at most `raise-at`.
fn harm_trigger(
    file: &SourceFile,
    entry: &RedFlagFile,
    problems: &mut Problems,
) -> Option<HarmTrigger> {
    let id = entry.id.get_ref();
    let Some(raised_by) = &entry.raised_by else {
        for field in [&entry.raise_at, &entry.confirm_at].into_iter().flatten() {
            problems.add_span(file, field.span(), format!("`raise-at` and `confirm-at` belong to a red flag raised by the harm estimate: add `raised-by = \"harm-estimate\"` to red flag `{id}`, or remove them"));
        }
        return None;
    };
    if raised_by.get_ref() != HARM_ESTIMATE {
        problems.add_span(file, raised_by.span(), format!("`raised-by` can only be \"{HARM_ESTIMATE}\" (the learned harm estimate), not \"{}\"", raised_by.get_ref()));
        return None;
    }
    let mut probability = |field: &Option<Spanned<f64>>, name: &str| match field {
        None => {
            problems.add_span(file, raised_by.span(), format!("red flag `{id}` is raised by the harm estimate and needs `{name}`, a probability from 0 to 1"));
            None
        }
        Some(value) if !(0.0..=1.0).contains(value.get_ref()) => {
            problems.add_span(
                file,
                value.span(),
                format!("`{name}` {} is outside 0 to 1", value.get_ref()),
            );
            None
        }
        Some(value) => Some(*value.get_ref()),
    };
    let (raise_at, confirm_at) =
        (probability(&entry.raise_at, "raise-at"), probability(&entry.confirm_at, "confirm-at"));
    let (raise_at, confirm_at) = (raise_at?, confirm_at?);
    if confirm_at > raise_at {
        let span = entry.confirm_at.as_ref().map_or(raised_by.span(), Spanned::span);
        problems.add_span(file, span, format!("`confirm-at` {confirm_at} is above `raise-at` {raise_at}: an estimate that raises this red flag must also confirm the others"));
        return None;
    }
    Some(HarmTrigger { raise_at, confirm_at })
}

fn levels(
    file: &SourceFile,
    entries: Spanned<Vec<Spanned<LevelEntry>>>,
    problems: &mut Problems,
) -> Vec<Level> {
    let span = entries.span();
    let entries = entries.into_inner();
    if entries.is_empty() {
        problems.add(file, span.start, "at least one level is needed");
    }
    let mut levels: Vec<Level> = Vec::with_capacity(entries.len());
    let mut names = HashSet::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let entry = entry.into_inner();
        check_id(file, &entry.name, "level", problems);
        if !names.insert(entry.name.get_ref().clone()) {
            problems.add_span(
                file,
                entry.name.span(),
                format!("level `{}` is listed twice", entry.name.get_ref()),
            );
        }
        let min = *entry.min.get_ref();
        let at = entry.min.span();
        if i == 0 && min != 0.0 {
            problems.add_span(
                file,
                at.clone(),
                format!("the lowest level must start at min = 0, not {min}"),
            );
        } else if !(0.0..=100.0).contains(&min) {
            problems.add_span(file, at.clone(), format!("min {min} is outside 0 to 100"));
        }
        if let Some(previous) = levels.last() {
            if min <= previous.min {
                problems.add_span(file, at, format!("thresholds must increase: level `{}` starts at {min}, not above `{}` at {}", entry.name.get_ref(), previous.name, previous.min));
            }
        }
        levels.push(Level { name: entry.name.into_inner(), min });
    }
    levels
}

fn compile_cues(
    file: &SourceFile,
    list: &CueList,
    compiler: &mut CueCompiler,
    problems: &mut Problems,
) -> Vec<Cue> {
    if list.get_ref().is_empty() {
        problems.add_span(file, list.span(), "the cue list is empty: add at least one cue");
    }
    let mut seen = HashSet::new();
    let mut cues = Vec::with_capacity(list.get_ref().len());
    for cue in list.get_ref() {
        let source = cue.get_ref();
        if !seen.insert(source.trim()) {
            problems.add_span(file, cue.span(), format!("cue `{source}` is listed twice"));
            continue;
        }
        match compiler.compile(source) {
            Ok(compiled) => cues.push(Cue { site: Some(Site::new(file, cue.span())), ..compiled }),
            Err(error) => {
                // Point inside the string, at the character as written.
                let span = cue.span();
                let literal = file.text.get(span.clone()).unwrap_or_default();
                let at = span.start + offset_in_string_literal(literal, error.at);
                let width =
                    file.text.get(at..).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
                problems.add_span(
                    file,
                    at..at + width,
                    format!("cue `{source}`: {}", error.message),
                );
            }
        }
    }
    cues
}

/// Fewest words in an example sentence.
const MIN_EXAMPLE_WORDS: usize = 3;

/// Validated example sentences: each at least [`MIN_EXAMPLE_WORDS`] words,
/// none twice, none both an example and a counter-example, counter-examples
/// only beside examples, and a threshold between 0 and 1.
fn examples(
    file: &SourceFile,
    (examples, counters): (Option<&ExampleList>, Option<&ExampleList>),
    threshold: Option<&Spanned<f64>>,
    default_threshold: f64,
    problems: &mut Problems,
) -> Examples {
    let mut seen = HashSet::new();
    let mut check = |list: Option<&ExampleList>, what: &str, problems: &mut Problems| {
        let mut kept = Vec::new();
        let mut sites = Vec::new();
        for example in list.map(|l| l.get_ref().as_slice()).unwrap_or_default() {
            let text = example.get_ref().trim();
            let at = example.span();
            if text.split_whitespace().count() < MIN_EXAMPLE_WORDS {
                problems.add_span(file, at, format!("{what} `{text}` is too short: write a sentence of at least {MIN_EXAMPLE_WORDS} words"));
            } else if !seen.insert(text.to_lowercase()) {
                problems.add_span(
                    file,
                    at,
                    format!(
                        "{what} `{text}` is written twice (as an example or a counter-example)"
                    ),
                );
            } else {
                kept.push(text.to_owned());
                sites.push(Site::new(file, example.span()));
            }
        }
        (kept, sites)
    };
    let (examples_kept, sites) = check(examples, "example", problems);
    let (counters_kept, _) = check(counters, "counter-example", problems);
    if examples_kept.is_empty() && !counters_kept.is_empty() {
        let at = counters.map_or(0, |c| c.span().start);
        problems.add(file, at, "counter-examples need `examples` beside them: they only hold back a match to an example");
    }
    let threshold = threshold.map_or(default_threshold, |t| {
        let value = *t.get_ref();
        if !(value > 0.0 && value < 1.0) {
            problems.add_span(file, t.span(), format!("example-threshold must be above 0 and below 1 (a cosine similarity), found {value}"));
        }
        value
    });
    Examples { examples: examples_kept, sites, counter_examples: counters_kept, threshold }
}

fn cue_sources(list: &CueList) -> Vec<String> {
    list.get_ref().iter().map(|c| c.get_ref().clone()).collect()
}

/// The entry's `bonus`, refused together with `required`: a concept the top
/// level needs cannot also be one an answer may leave out.
fn bonus(file: &SourceFile, entry: &ConceptEntry, problems: &mut Problems) -> bool {
    let Some(bonus) = &entry.bonus else { return false };
    if *bonus.get_ref() && entry.required {
        problems.add_span(
            file,
            bonus.span(),
            "a concept cannot be both `required = true` and `bonus = true`: required means the top level needs it, bonus means leaving it out costs nothing",
        );
    }
    *bonus.get_ref()
}

fn saturation(
    file: &SourceFile,
    value: Option<&Spanned<i64>>,
    cues: usize,
    problems: &mut Problems,
) -> u32 {
    let Some(value) = value else {
        return DEFAULT_SATURATION.min(u32::try_from(cues.max(1)).unwrap_or(u32::MAX));
    };
    let n = *value.get_ref();
    match u32::try_from(n) {
        Ok(n) if n >= 1 && (n as usize) <= cues.max(1) => n,
        _ => {
            problems.add_span(
                file,
                value.span(),
                format!("saturation must be from 1 to the number of cues ({cues}), found {n}"),
            );
            1
        }
    }
}

/// The largest concept weight: weights are relative (a question's points
/// are shared out in proportion), so this bounds only what would overflow
/// a total, while leaving room for learned rubrics (points times cues).
const MAX_WEIGHT: f64 = 10_000.0;

fn check_weight(file: &SourceFile, weight: &Spanned<f64>, problems: &mut Problems) -> Option<f64> {
    let w = *weight.get_ref();
    if w.is_finite() && w > 0.0 && w <= MAX_WEIGHT {
        Some(w)
    } else {
        problems.add_span(
            file,
            weight.span(),
            format!("weight must be above 0 and at most {MAX_WEIGHT}, found {}", short_number(w)),
        );
        None
    }
}

/// `x` as a person would write it: `1e308`, not 309 digits.
fn short_number(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

fn check_id(file: &SourceFile, id: &Spanned<String>, what: &str, problems: &mut Problems) {
    let value = id.get_ref();
    let valid = !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        problems.add_span(file, id.span(), format!("{what} id `{value}` may use only a-z, 0-9 and `-` (ids become file names and command-line arguments)"));
    }
}

fn check_file_name(file: &SourceFile, id: &Spanned<String>, problems: &mut Problems) {
    if file.stem() != id.get_ref() {
        problems.add_span(file, id.span(), format!("id `{}` does not match the file name: rename the file to `{}.toml` or the id to `{}`", id.get_ref(), id.get_ref(), file.stem()));
    }
}

/// Reports a `use` of an id the library does not have, with the closest
/// ids it does.
fn unknown<'a>(
    file: &SourceFile,
    used: &Spanned<String>,
    what: &str,
    known: impl Iterator<Item = &'a str>,
    problems: &mut Problems,
) {
    let hint = did_you_mean(&closest(used.get_ref(), known, 3));
    problems.add_span(file, used.span(), format!("unknown {what} `{}`{hint}", used.get_ref()));
}

fn did_you_mean(options: &[&str]) -> String {
    match options {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of {}?",
            many.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// FNV-1a over each file's last two path components and text, in sorted
/// order, as 16 hex digits.
fn fingerprint<'a>(files: impl Iterator<Item = &'a SourceFile>) -> String {
    let mut entries: Vec<(String, &str)> = files
        .map(|f| {
            let mut parts: Vec<&str> = f.path.rsplit(['/', '\\']).take(2).collect();
            parts.reverse();
            (parts.join("/"), f.text.as_str())
        })
        .collect();
    entries.sort();
    let mut hasher = FnvHasher::default();
    for (name, text) in entries {
        hasher.write(name.as_bytes());
        hasher.write(&[0]);
        hasher.write(text.as_bytes());
        hasher.write(&[0xff]);
    }
    let hash = hasher.finish();
    format!("{hash:016x}")
}
