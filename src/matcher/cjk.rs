//! Japanese (and other CJK) text: no spaces between words, so a run of kanji and kana is
//! indexed as overlapping character bigrams (`関税率` → `関税`, `税率`). Bigrams made only of
//! hiragana are grammar (`です`, `ので`) and are dropped. Figures written the Japanese way
//! (`5500億ドル`, `9割`) are split off so that the number reader sees them.

/// Whether `c` is a kanji, hiragana or katakana character (or the long-vowel mark).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309f}'   // hiragana
        | '\u{30a0}'..='\u{30ff}' // katakana, including ー
        | '\u{31f0}'..='\u{31ff}' // katakana extensions
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{f900}'..='\u{faff}' // compatibility ideographs
        | '\u{3005}'              // 々
    )
}

fn is_hiragana(c: char) -> bool {
    ('\u{3040}'..='\u{309f}').contains(&c)
}

/// The terms of one CJK run: its character bigrams (not all-hiragana), or the character
/// itself when the run is a single non-hiragana character.
pub fn terms(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() == 1 {
        return if is_hiragana(chars[0]) {
            Vec::new()
        } else {
            vec![run.to_string()]
        };
    }
    chars
        .windows(2)
        .filter(|w| !(is_hiragana(w[0]) && is_hiragana(w[1])))
        .map(|w| w.iter().collect())
        .collect()
}

/// Japanese figure words that follow a number directly: scales, currency, percent.
const FIGURE_WORDS: [&str; 9] = [
    "兆",
    "億",
    "万",
    "千",
    "割",
    "ドル",
    "円",
    "パーセント",
    "%",
];

/// Splits the figure words off the front of a CJK run that follows a number (`億ドルって`
/// → `億`, `ドル`, `って`), in order.
pub fn split_figure_words(run: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = run;
    while let Some(w) = FIGURE_WORDS.iter().find(|w| rest.starts_with(**w)) {
        out.push(&rest[..w.len()]);
        rest = &rest[w.len()..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The multiplier of a Japanese scale word.
pub fn scale(word: &str) -> Option<f64> {
    match word {
        "兆" => Some(1e12),
        "億" => Some(1e8),
        "万" => Some(1e4),
        "千" => Some(1e3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_without_grammar() {
        assert_eq!(terms("関税率"), vec!["関税", "税率"]);
        assert_eq!(terms("ですか"), Vec::<String>::new());
        assert_eq!(terms("米"), vec!["米"]);
        assert_eq!(terms("は"), Vec::<String>::new());
        assert_eq!(terms("コメの"), vec!["コメ", "メの"]);
    }

    #[test]
    fn figure_words_split_off() {
        assert_eq!(split_figure_words("億ドルって"), vec!["億", "ドル", "って"]);
        assert_eq!(split_figure_words("割"), vec!["割"]);
        assert_eq!(split_figure_words("って"), vec!["って"]);
    }
}
