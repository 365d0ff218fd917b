//! Words that are part of another name in a question: a known word written as a name next to
//! a name the base does not know (`CHIPS` in "the CHIPS Act", `Steel` in "Nippon Steel"), or
//! a word named by a following law or programme word (`chips` in "the chips act"). Unless the
//! question names the deal, they are not the topic's word.

use super::normalize::Term;
use super::score::QTerm;

/// Known words written as a name next to a name the base does not know (`CHIPS` in "the
/// CHIPS Act", `Steel` in "Nippon Steel"): part of another name, they are not the topic's
/// word. Positions in `q`.
pub(super) fn in_unknown_names(q: &[QTerm]) -> Vec<usize> {
    let word_name = |t: &QTerm| t.name && !t.phrase && matches!(t.term, Term::Word(_));
    (0..q.len())
        .filter(|&i| word_name(&q[i]) && q[i].id.is_some())
        .filter(|&i| {
            [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .any(|j| {
                    q.get(j).is_some_and(|n| {
                        word_name(n) && n.id.is_none() && n.segment == q[i].segment
                    })
                })
        })
        .collect()
}

/// Words that, after another word, make it the name of a law or programme ("the CHIPS
/// Act", "the farm bill", "the rice program"): stems.
const PROGRAMME_WORDS: &[&str] = &[
    "act", "bill", "law", "program", "programm", "initiat", "scheme",
];

/// A law or bill in Japanese, right after a name in Latin letters (`CHIPS法`, `IRA法案`).
const PROGRAMME_JA: char = '法';

/// Words named by a following law or programme word (`chips` in "the chips act"): like a
/// word inside an unknown name, they are not the topic's word unless the question names the
/// deal. Positions in `q`.
pub(super) fn in_programme_names(q: &[QTerm]) -> Vec<usize> {
    (1..q.len())
        .filter(|&i| {
            !q[i].phrase
                && q[i].segment == q[i - 1].segment
                && matches!(&q[i].term, Term::Word(w) if PROGRAMME_WORDS.contains(&w.as_str())
                    || w.starts_with(PROGRAMME_JA))
                && matches!(&q[i - 1].term, Term::Word(w) if !w.chars().any(super::cjk::is_cjk))
                && !q[i - 1].phrase
        })
        .map(|i| i - 1)
        .collect()
}

/// Well-known companies, written in lower case as often as not in chat ("is honda building a
/// plant in ohio"): a name all the same, which counts against a match when the fact base does
/// not know it (see `Token::name`). Sorted. Names that are everyday words (`apple`, `target`,
/// `shell`) are left out, and so are Japan's carmakers: a question about their tariffs is
/// about the deal's auto tariffs more often than not ("do toyota and honda get lower tariffs").
const COMPANIES: &[&str] = &[
    "airbus",
    "alibaba",
    "alphabet",
    "aramco",
    "astrazeneca",
    "audi",
    "baidu",
    "basf",
    "bayer",
    "bmw",
    "boeing",
    "bombardier",
    "bridgestone",
    "bytedance",
    "canon",
    "chevron",
    "chrysler",
    "costco",
    "denso",
    "embraer",
    "ericsson",
    "exxon",
    "facebook",
    "foxconn",
    "fujitsu",
    "google",
    "hitachi",
    "huawei",
    "hynix",
    "hyundai",
    "intel",
    "itochu",
    "kawasaki",
    "kia",
    "komatsu",
    "kyocera",
    "lockheed",
    "marubeni",
    "mercedes",
    "merck",
    "micron",
    "microsoft",
    "mitsubishi",
    "mitsui",
    "mizuho",
    "moderna",
    "nestle",
    "nikon",
    "nintendo",
    "nokia",
    "nomura",
    "northrop",
    "novartis",
    "nvidia",
    "openai",
    "panasonic",
    "pfizer",
    "porsche",
    "qualcomm",
    "rakuten",
    "raytheon",
    "rivian",
    "samsung",
    "siemens",
    "softbank",
    "sony",
    "spacex",
    "stellantis",
    "sumitomo",
    "takeda",
    "tencent",
    "tesla",
    "tiktok",
    "toshiba",
    "tsmc",
    "unilever",
    "uniqlo",
    "volkswagen",
    "walmart",
    "xiaomi",
    "yamaha",
];

/// Whether `word` (lowercased) is a well-known company's name. Every word of every text is
/// asked, so the list is a hash set, built once.
pub(super) fn is_company(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| COMPANIES.iter().copied().collect())
        .contains(word)
}

#[cfg(test)]
mod tests {
    #[test]
    fn companies_are_sorted_and_found() {
        assert!(super::COMPANIES.windows(2).all(|w| w[0] < w[1]));
        assert!(!super::is_company("honda") && super::is_company("intel"));
    }
}
