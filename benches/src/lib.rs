//! Helpers shared by assay's benchmarks: a generator of realistic synthetic
//! answers for throughput runs, kept out of the user-facing CLI.
#![deny(missing_docs)]

use assay_score::Corpus;
use assay_text::Analyzer;

/// A small, fast, seedable random number generator (xorshift64*), so
/// generated data is the same on every machine for a given seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value; 0 is replaced).
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Sentences of each question's exemplars, to recombine into new answers.
#[derive(Debug, Clone)]
pub struct AnswerGenerator {
    questions: Vec<(String, Vec<String>)>,
    all: Vec<String>,
}

impl AnswerGenerator {
    /// Collects the sentences of every exemplar in `corpus`.
    #[must_use]
    pub fn new(corpus: &Corpus) -> Self {
        let mut analyzer = Analyzer::new();
        let mut questions: Vec<(String, Vec<String>)> = Vec::new();
        for exemplar in &corpus.exemplars {
            let sentences = analyzer
                .analyze(&exemplar.text)
                .sentences
                .iter()
                .map(|s| exemplar.text[s.range()].to_owned())
                .collect::<Vec<_>>();
            match questions.iter_mut().find(|(q, _)| *q == exemplar.question) {
                Some((_, list)) => list.extend(sentences),
                None => questions.push((exemplar.question.clone(), sentences)),
            }
        }
        let all = questions.iter().flat_map(|(_, s)| s.iter().cloned()).collect();
        AnswerGenerator { questions, all }
    }

    /// A question id and an answer to it of 30 to 400 words (150 on
    /// average): sentences of that question's exemplars, one in ten from
    /// another question, with dropped words and typos as noise.
    pub fn answer(&self, rng: &mut Rng) -> (String, String) {
        let (question, sentences) = &self.questions[rng.below(self.questions.len())];
        // Mostly 30 to about 230 words, one answer in ten long (250 to 400):
        // about 150 words on average.
        let target = if rng.below(10) == 0 {
            250 + rng.below(151)
        } else {
            30 + (rng.below(130) + rng.below(130) + rng.below(90)) / 2 + rng.below(30)
        };
        let mut words = 0;
        let mut answer = String::new();
        while words < target {
            let pool = if rng.below(10) == 0 { &self.all } else { sentences };
            let sentence = &pool[rng.below(pool.len())];
            for word in sentence.split_whitespace() {
                if words >= target {
                    break;
                }
                match rng.below(50) {
                    0 => continue,
                    1 => answer.push_str(&typo(word, rng)),
                    _ => answer.push_str(word),
                }
                answer.push(' ');
                words += 1;
            }
        }
        (question.clone(), answer.trim_end().to_owned())
    }
}

/// `word` with two neighbouring letters swapped.
fn typo(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() > 3 {
        let i = 1 + rng.below(chars.len() - 2);
        chars.swap(i - 1, i);
    }
    chars.into_iter().collect()
}
