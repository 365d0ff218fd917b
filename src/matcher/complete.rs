//! Topic autocomplete for `/topic name:`: fuzzy, fast, at most 25 choices.

use super::Snapshot;

/// Most choices Discord accepts in an autocomplete response.
pub const MAX_CHOICES: usize = 25;

/// Lowest similarity for a fuzzy (non-substring) choice.
const MIN_SIMILARITY: f64 = 0.88;

/// Topics whose title or id fits what the user has typed so far, best first: titles or ids
/// containing the text first, then titles whose words are close to the typed words (typos).
/// Empty input lists the first topics. Returns global topic numbers.
pub fn complete(facts: &Snapshot, partial: &str, limit: usize) -> Vec<u32> {
    let partial = partial.trim().to_lowercase();
    let limit = limit.min(MAX_CHOICES);
    let titles = &facts.index().titles;
    if partial.is_empty() {
        return (0..titles.len().min(limit) as u32).collect();
    }
    // First pass: titles or ids holding the text (those starting with it first).
    let mut scored: Vec<(f64, u32)> = titles
        .iter()
        .enumerate()
        .filter(|(_, t)| t.lower.contains(&partial) || t.id.contains(&partial))
        .map(|(n, t)| {
            (
                if t.lower.starts_with(&partial) {
                    2.5
                } else {
                    2.0
                },
                n as u32,
            )
        })
        .collect();
    // Second pass, only when that left room: typos, word by word.
    if scored.len() < limit {
        let typed: Vec<&str> = partial
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && !super::normalize::is_stop_word(w))
            .collect();
        if !typed.is_empty() {
            for (n, t) in titles.iter().enumerate() {
                if t.lower.contains(&partial) || t.id.contains(&partial) {
                    continue;
                }
                let score = fuzzy(&typed, &t.words);
                if score >= MIN_SIMILARITY {
                    scored.push((score, n as u32));
                }
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(limit).map(|(_, n)| n).collect()
}

/// How close every typed word is to some title word (the worst of the best matches), by
/// Jaro-Winkler on the word and on its prefix of the typed length (for words still being
/// typed). Only title words starting with the same letter are compared: typos rarely hit the
/// first letter, and this keeps a keystroke cheap on large bases.
fn fuzzy(typed: &[&str], words: &[Box<str>]) -> f64 {
    let mut worst: f64 = 1.0;
    for t in typed {
        let first = t.chars().next();
        let best = words
            .iter()
            .filter(|w| w.chars().next() == first)
            .map(|w| {
                let cut = w
                    .char_indices()
                    .nth(t.chars().count().max(1))
                    .map_or(w.len(), |(i, _)| i);
                strsim::jaro_winkler(t, w).max(strsim::jaro_winkler(t, &w[..cut]))
            })
            .fold(0.0, f64::max);
        worst = worst.min(best);
        if worst < MIN_SIMILARITY {
            break;
        }
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn facts() -> Snapshot {
        Snapshot::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("facts")).unwrap()
    }

    fn ids(f: &Snapshot, partial: &str) -> Vec<String> {
        complete(f, partial, 25)
            .into_iter()
            .map(|n| f.get(f.topic_ref_at(n)).1.id.clone())
            .collect()
    }

    #[test]
    fn substring_then_typo() {
        let f = facts();
        assert_eq!(ids(&f, "rice")[0], "agriculture-rice");
        assert_eq!(ids(&f, "boeng")[0], "boeing-aircraft");
        assert_eq!(ids(&f, "tarif")[0], "tariffs-autos");
        assert!(ids(&f, "zzzzqqq").is_empty());
        assert!(
            ids(&f, "the moon landing").is_empty(),
            "{:?}",
            ids(&f, "the moon landing")
        );
        // Non-ASCII input never splits a character.
        assert!(ids(&f, "日本の投資").len() <= 25);
        assert!(ids(&f, "é").len() <= 25);
    }

    #[test]
    fn empty_input_lists_topics_and_limit_holds() {
        let f = facts();
        assert_eq!(ids(&f, "").len(), f.topic_count().min(25));
        assert!(complete(&f, "a", 3).len() <= 3);
    }
}
