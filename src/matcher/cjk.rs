//! Japanese (and other CJK) text: no spaces between words, so a run of kanji and kana is
//! indexed as overlapping character bigrams (`関税率` → `関税`, `税率`). Bigrams made only of
//! hiragana are grammar (`です`, `ので`) and are dropped, and so are those of a particle and
//! the next word's first character (`に投` of 造船に投資), which straddle two words. Figures written the Japanese way
//! (`5500億ドル`, `9割`) are split off so that the number reader sees them.

/// Whether `c` is a kanji, hiragana or katakana character (or the long-vowel mark).
pub fn is_cjk(c: char) -> bool {
    // Latin text asks for every letter: one comparison answers it.
    (c as u32) >= 0x3005
        && matches!(c,
            '\u{3040}'..='\u{309f}'   // hiragana
            | '\u{30a0}'..='\u{30ff}' // katakana, including ー
            | '\u{31f0}'..='\u{31ff}' // katakana extensions
            | '\u{3400}'..='\u{4dbf}' // CJK extension A
            | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
            | '\u{f900}'..='\u{faff}' // compatibility ideographs
            | '\u{3005}'              // 々
        )
}

/// Whether a character is a kanji (or the repetition mark 々).
pub(super) fn is_kanji(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3005}')
}

/// Whether a character is hiragana (kana of grammar, mostly: `は`, `の`, `って`).
pub(super) fn is_hiragana(c: char) -> bool {
    ('\u{3040}'..='\u{309f}').contains(&c)
}

/// The terms of one CJK run: its character bigrams (not all-hiragana), or the character
/// itself when the run is a single non-hiragana character.
pub fn terms(run: &str) -> Vec<compact_str::CompactString> {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() == 1 {
        return if is_hiragana(chars[0]) {
            Vec::new()
        } else {
            vec![run.into()]
        };
    }
    let two = chars.len() == 2;
    chars
        .windows(2)
        .filter(|w| !(is_hiragana(w[0]) && is_hiragana(w[1])))
        // A particle before a word (`に投`, `の発`) straddles two words; an honorific
        // prefix (`お米`) or a run of two (`お米` alone) is one.
        .filter(|w| two || !is_hiragana(w[0]) || matches!(w[0], 'お' | 'ご'))
        .map(|w| w.iter().collect())
        .collect()
}

/// Countries and institutions as Japanese writes them, longest first, with their English
/// names in the entity lexicon. (No タイ: it is also the start of タイヤ, タイミング.)
const ENTITIES: [(&str, &str); 32] = [
    ("日本銀行", "bank of japan"),
    ("日本製鉄", "nippon steel"),
    ("新日鉄", "nippon steel"),
    ("インドネシア", "indonesia"),
    ("サウジアラビア", "saudi arabia"),
    ("アメリカ", "united states"),
    ("イギリス", "united kingdom"),
    ("フィリピン", "philippines"),
    ("マレーシア", "malaysia"),
    ("シンガポール", "singapore"),
    ("ベトナム", "vietnam"),
    ("カンボジア", "cambodia"),
    ("オーストラリア", "australia"),
    ("フランス", "france"),
    ("ブラジル", "brazil"),
    ("メキシコ", "mexico"),
    ("カナダ", "canada"),
    ("ドイツ", "germany"),
    ("ロシア", "russia"),
    ("インド", "india"),
    ("欧州連合", "european union"),
    ("北朝鮮", "north korea"),
    ("連邦準備", "federal reserve"),
    ("日銀", "bank of japan"),
    ("米国", "united states"),
    ("合衆国", "united states"),
    ("英国", "united kingdom"),
    ("中国", "china"),
    ("韓国", "south korea"),
    ("台湾", "taiwan"),
    ("欧州", "european union"),
    ("日本", "japan"),
];

/// The countries and institutions named in a CJK run, in order of appearance, each once per
/// place (`日本銀行` is the Bank of Japan, not Japan).
pub fn entities(run: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < run.len() {
        let rest = &run[at..];
        match ENTITIES.iter().find(|(ja, _)| rest.starts_with(ja)) {
            Some((ja, en)) => {
                if let Some(e) = super::lexicon::entity(en) {
                    out.push(e);
                }
                at += ja.len();
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
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
        assert!(terms("ですか").is_empty());
        assert_eq!(terms("米"), vec!["米"]);
        assert!(terms("は").is_empty());
        assert_eq!(terms("コメの"), vec!["コメ", "メの"]);
        // A particle before the next word straddles two words; an honorific prefix does not.
        assert_eq!(terms("造船に投資"), vec!["造船", "船に", "投資"]);
        assert_eq!(terms("日本のお米"), vec!["日本", "本の", "お米"]);
        assert_eq!(terms("お米"), vec!["お米"]);
    }

    #[test]
    fn japanese_names_of_countries_and_banks() {
        assert_eq!(entities("日銀は利上げ"), vec!["bank-of-japan"]);
        assert_eq!(entities("日本銀行と日本"), vec!["bank-of-japan", "japan"]);
        assert_eq!(entities("韓国の投資"), vec!["south-korea"]);
        assert!(entities("タイヤ").is_empty());
    }

    #[test]
    fn figure_words_split_off() {
        assert_eq!(split_figure_words("億ドルって"), vec!["億", "ドル", "って"]);
        assert_eq!(split_figure_words("割"), vec!["割"]);
        assert_eq!(split_figure_words("って"), vec!["って"]);
    }
}
