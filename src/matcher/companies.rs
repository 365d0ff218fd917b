//! Well-known companies: names however they are written.

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
