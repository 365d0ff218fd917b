//! Build step: where each line of the English frequency table starts, so that the matcher
//! binary-searches the table without scanning for line ends or building an index at run time,
//! and each word's stem (the same stemmer as the matcher's), so that a question's everyday
//! words are looked up, not stemmed.

use std::fmt::Write as _;

fn main() {
    let table = "src/matcher/data/en-zipf.tsv";
    println!("cargo:rerun-if-changed={table}");
    let text = std::fs::read_to_string(table).expect("the frequency table is readable");
    let mut starts = vec![0usize];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts.retain(|&s| s < text.len());
    let mut out = String::new();
    write_u32s(&mut out, "EN_ZIPF_LINES", &starts);
    write_prefixes(&text, &starts, &mut out);
    write_stems(&text, &starts, &mut out);
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/en_zipf_lines.rs"), out).expect("OUT_DIR is writable");
}

/// `EN_ZIPF_PREFIX`: for each two-letter prefix (`aa` to `zz`, index 26 x first + second),
/// where its lines start; the lines of a prefix end where the next prefix's start, so a
/// lookup binary-searches a few dozen lines, not the whole table.
fn write_prefixes(text: &str, starts: &[usize], out: &mut String) {
    let key = |s: usize| {
        let b = text.as_bytes();
        let letter = |i: usize| {
            b.get(s + i)
                .filter(|c| c.is_ascii_lowercase())
                .map(|c| c - b'a')
        };
        match (letter(0), letter(1)) {
            (Some(x), Some(y)) => 26 * usize::from(x) + usize::from(y),
            // A one-letter word (`a`) sorts before every longer word of its letter.
            (Some(x), None) => 26 * usize::from(x),
            _ => panic!("the frequency table holds lowercase words of letters only"),
        }
    };
    let mut first = vec![starts.len(); 26 * 26 + 1];
    for (line, &s) in starts.iter().enumerate().rev() {
        first[key(s)] = line;
    }
    // A prefix without lines starts where the next one does.
    for k in (0..26 * 26).rev() {
        first[k] = first[k].min(first[k + 1]);
    }
    write_u32s(out, "EN_ZIPF_PREFIX", &first);
}

/// `EN_ZIPF_STEMS`, each line's stem where it differs from the word, concatenated, and
/// `EN_ZIPF_STEM_ENDS`, where each line's stem ends (an empty stem: the word is its stem).
fn write_stems(text: &str, starts: &[usize], out: &mut String) {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut stems = String::new();
    let mut ends = Vec::with_capacity(starts.len());
    for &s in starts {
        let word = text[s..].split(['\t', '\n']).next().unwrap_or("");
        let stem = stemmer.stem(word);
        if stem != word {
            stems.push_str(&stem);
        }
        ends.push(stems.len());
    }
    writeln!(out, "pub(super) static EN_ZIPF_STEMS: &str = {stems:?};").expect("writing");
    write_u32s(out, "EN_ZIPF_STEM_ENDS", &ends);
}

/// Writes `pub(super) static NAME: [u32; N] = [...];` (every value fits: the table is far
/// below 4 GiB).
fn write_u32s(out: &mut String, name: &str, values: &[usize]) {
    write!(out, "pub(super) static {name}: [u32; {}] = [", values.len()).expect("writing");
    for v in values {
        write!(out, "{v},").expect("writing to a string");
    }
    out.push_str("];\n");
}
