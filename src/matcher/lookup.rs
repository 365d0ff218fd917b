//! Looking a question's terms up in the vocabulary: exact, else a typo candidate; words the
//! base does not know are weighed by how much they say (a common English word, a Japanese
//! bigram of grammar, a misspelt stop word).

use super::index::{Index, TYPO_LONG_LEN, TYPO_MIN_LEN};
use super::normalize::Term;

/// Words shorter than this are not corrected for a changed letter.
const SUBSTITUTION_MIN_LEN: usize = 6;
/// Weight kept by a typo-corrected word, at edit distance 1 and 2.
const TYPO_FACTOR: [f32; 3] = [1.0, 0.85, 0.7];
/// How much a common English word the fact base does not know dilutes, against a rare one.
const WEAK_UNKNOWN: f32 = 0.35;
/// How much an unknown Japanese bigram in kanji or katakana dilutes (measured on the
/// Japanese development sets: 0.35 and 0.5 change nothing, 0.7 gains one, 1.0 loses two).
const CONTENT_BIGRAM: f32 = 0.7;
/// A word used this often in English (Zipf: 3.5 is about three uses in a million words) is
/// a real word spelt right: it is not corrected to a word of the base.
const REAL_WORD_ZIPF: f32 = 3.5;

/// A word without its possessive (`akazwa's` → `akazwa`).
fn plain(surface: &str) -> &str {
    super::normalize::strip_possessive(surface).trim_end_matches('\'')
}

impl Index {
    /// Looks a question term up: exact, else a typo candidate.
    pub(super) fn lookup(&self, term: &Term, surface: &str) -> (Option<u32>, f32) {
        let key = term.key();
        if let Some(&id) = self.vocab.get(key.as_ref()) {
            return (Some(id), 1.0);
        }
        match term {
            // A frame no topic asks says nothing either way.
            Term::Word(w) if super::frames::is_frame(w) => (None, 0.0),
            // A Japanese bigram the facts do not hold: with hiragana, most are fragments of
            // grammar, so it dilutes little; in kanji or katakana (`スー` of スーパー) it is
            // more often a word of another subject (no typo hunt on bigrams).
            Term::Word(w) if surface.is_empty() && w.chars().any(super::cjk::is_cjk) => {
                let grammar = w.chars().any(super::cjk::is_hiragana);
                (
                    None,
                    if grammar {
                        WEAK_UNKNOWN
                    } else {
                        CONTENT_BIGRAM
                    },
                )
            }
            // A common English word is spelt right: no typo hunt, and it dilutes less; so
            // does a word of attitude ("cool", "classic").
            Term::Word(_)
                if super::lexicon::is_common_english(surface)
                    || super::lexicon::is_attitude(surface) =>
            {
                (None, WEAK_UNKNOWN)
            }
            // A real word, spelt right (`change` is not `charge`): no typo hunt either, but
            // it dilutes fully (measured: diluting words as frequent as `rice` or `time`
            // less lets one topic word decide "why is rice so expensive" and "what time
            // does the stream start").
            Term::Word(_)
                if super::lexicon::zipf(plain(surface)).is_some_and(|z| z >= REAL_WORD_ZIPF) =>
            {
                (None, 1.0)
            }
            Term::Word(_) => self.unknown(surface),
            // A bare number the facts do not hold ("100 jets") says little either way.
            Term::Number(_) => (None, 0.0),
            _ => (None, 1.0),
        }
    }

    /// A word the base does not know that may be a typo.
    fn unknown(&self, surface: &str) -> (Option<u32>, f32) {
        match self.typo(plain(surface)) {
            (None, _) if super::normalize::is_misspelt_stop_word(surface) => (None, 0.0),
            found => found,
        }
    }

    /// The closest known word within edit distance 1 (2 for long words); ties go to the
    /// earliest candidate, so results are stable. Short words are only corrected for a
    /// missing, extra or swapped letter: a changed letter in a short word is too often
    /// another real word (`grand`, `grant`), unless the word is no English word at all (not
    /// in the frequency table: `trunp`).
    fn typo(&self, word: &str) -> (Option<u32>, f32) {
        let len = word.chars().count();
        if len < TYPO_MIN_LEN || !word.chars().all(char::is_alphabetic) {
            return (None, 1.0);
        }
        let max = if len >= TYPO_LONG_LEN { 2 } else { 1 };
        let first = word.chars().next().unwrap_or(' ');
        let mut found: Option<(usize, u32)> = None;
        for l in len.saturating_sub(max)..=len + max {
            let Some(bucket) = self.surface.get(&(first, l.min(255) as u8)) else {
                continue;
            };
            for (cand, id) in bucket {
                let limit = found.map_or(max, |(fd, _)| fd.saturating_sub(1));
                let Some(d) = super::distance::within(word, cand, limit) else {
                    continue;
                };
                if d == 0 {
                    continue;
                }
                if len < SUBSTITUTION_MIN_LEN
                    && l == len
                    && super::lexicon::zipf(word).is_some()
                    && strsim::hamming(word, cand) == Ok(1)
                {
                    continue;
                }
                found = Some((d, *id));
            }
        }
        match found {
            Some((d, id)) => (Some(id), TYPO_FACTOR[d.min(2)]),
            None => (None, 1.0),
        }
    }
}
