//! Shares written as ratios or fractions, read as the percentage they are: "9 out of every
//! 10 dollars", "nine in ten", "nine tenths", "two-thirds" (90%, 90%, 90%, 66.7%), and a
//! fraction of something ("a tenth of GDP", "a quarter of its economy": 10%, 25%). People rarely
//! write "90%" in chat, and sources often write "a tenth"; the same reading of both lets a
//! figure asked ("a quarter of GDP") be checked against the one on record. ("Quarters" in
//! the plural are mostly of a year; "a tenth" without "of" stays a word.)

use super::lexicon::NUMBER_WORDS;
use super::pieces::{split_number_suffix, Piece};

/// Fraction words: the plural's denominator ("nine tenths").
const FRACTIONS: &[(&str, f64)] = &[
    ("halves", 2.0),
    ("thirds", 3.0),
    ("fourths", 4.0),
    ("fifths", 5.0),
    ("tenths", 10.0),
];

/// Fraction words in the singular: "a tenth of", "one third of".
const FRACTION: &[(&str, f64)] = &[
    ("third", 3.0),
    ("quarter", 4.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("tenth", 10.0),
];

/// A whole number written in digits (`9`) or as a word (`nine`; not `a` or `half`).
fn whole(p: &Piece) -> Option<f64> {
    let v = match split_number_suffix(&p.text) {
        Some((v, "")) => v,
        Some(_) => return None,
        None => NUMBER_WORDS
            .iter()
            .find(|(w, _)| *w == p.text && *w != "a")
            .map(|(_, v)| *v)?,
    };
    (v >= 1.0 && v.fract() == 0.0).then_some(v)
}

/// The share starting at piece `i`, as a percentage, and how many pieces it takes; `None`
/// when no ratio starts there. Its pieces are in one segment; the part is smaller than the
/// whole.
pub(super) fn ratio(ps: &[Piece], i: usize) -> Option<(f64, usize)> {
    // Every word of every text passes here: most are turned away by one comparison.
    let first = ps[i].text.as_str();
    let may_start = first.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || matches!(
            first,
            "a" | "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine"
        );
    if !may_start {
        return None;
    }
    let seg = ps[i].segment;
    let at = |j: usize| ps.get(j).filter(|p| p.segment == seg);
    let text = |j: usize| at(j).map(|p| p.text.as_str());
    // "a tenth of", "one third of" ("half of it" is as often no figure at all).
    let of = |j: usize| text(j) == Some("of");
    match text(i)? {
        "a" | "one" if of(i + 2) => {
            if let Some((_, d)) = FRACTION.iter().find(|(f, _)| Some(*f) == text(i + 1)) {
                return Some((100.0 / d, 2));
            }
        }
        _ => {}
    }
    let part = whole(&ps[i])?;
    if ps[i].percent || ps[i].dollar {
        return None;
    }
    let (whole_at, used) = match text(i + 1)? {
        "out" if text(i + 2) == Some("of") => {
            if text(i + 3) == Some("every") {
                (i + 4, 4)
            } else {
                (i + 3, 3)
            }
        }
        "in" => (i + 2, 2),
        w => {
            let (_, d) = FRACTIONS.iter().find(|(f, _)| *f == w)?;
            return (part >= 2.0 && part < *d).then_some((100.0 * part / d, 2));
        }
    };
    let total = at(whole_at).and_then(whole)?;
    // "9 in 10", not "1 in 2025" or "5 in the morning".
    let plausible = total > part && (total <= 10.0 || total == 100.0);
    plausible.then_some((100.0 * part / total, used + 1))
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces;
    use super::*;

    fn read(text: &str) -> Option<(f64, usize)> {
        ratio(&pieces(text), 0)
    }

    #[test]
    fn ratios_are_percentages() {
        assert_eq!(read("9 out of every 10 dollars"), Some((90.0, 5)));
        assert_eq!(read("nine out of ten"), Some((90.0, 4)));
        assert_eq!(read("9 in 10 dollars"), Some((90.0, 3)));
        assert_eq!(read("nine tenths of it"), Some((90.0, 2)));
        assert_eq!(read("nine-tenths"), Some((90.0, 2)));
        let (v, n) = read("two thirds").unwrap();
        assert!((v - 66.666).abs() < 0.01 && n == 2);
    }

    #[test]
    fn fractions_of_something_are_percentages() {
        assert_eq!(read("a tenth of gdp"), Some((10.0, 2)));
        assert_eq!(read("one quarter of it"), Some((25.0, 2)));
        // What follows is left for the next term.
        assert_eq!(pieces("a tenth of gdp")[2].text, "of");
    }

    #[test]
    fn other_numbers_are_not() {
        for text in [
            "a tenth",
            "one tenth",
            "a quarter",
            "half a trillion",
            "half of it",
            "a lot of",
            "one of them",
            "5 in the morning",
            "1 in 2025",
            "10 out of 9",
            "9 out of",
            "3 quarters ago",
            "$9 in 10 days",
            "90% in 10 years",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
