//! Build step: where each line of the English frequency table starts, so that the matcher
//! binary-searches the table without scanning for line ends or building an index at run time,
//! and each word's stem (the same stemmer as the matcher's), so that a question's everyday
//! words are looked up, not stemmed.

use std::fmt::Write as _;

fn main() {
    let table = "src/matcher/data/en-zipf.tsv";
    println!("cargo:rerun-if-changed={table}");
    println!("cargo:rerun-if-changed=src/matcher/data/prefix.rs");
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

include!("src/matcher/data/prefix.rs");

/// `EN_ZIPF_PREFIX`: for each bucket ([`zipf_bucket`]: a three-letter prefix), where its
/// lines start; the lines of a bucket end where the next bucket's start, so a lookup
/// binary-searches a line or two, not the whole table.
fn write_prefixes(text: &str, starts: &[usize], out: &mut String) {
    let key = |s: usize| {
        let word = text[s..].split('\t').next().unwrap_or("");
        zipf_bucket(word.as_bytes())
            .expect("the frequency table holds lowercase words of letters only")
    };
    let mut first = vec![starts.len(); ZIPF_BUCKETS + 1];
    for (line, &s) in starts.iter().enumerate().rev() {
        first[key(s)] = line;
    }
    // A prefix without lines starts where the next one does.
    for k in (0..ZIPF_BUCKETS).rev() {
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
