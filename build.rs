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
    let mut out = format!(
        "pub(super) static EN_ZIPF_LINES: [u32; {}] = [",
        starts.len()
    );
    for s in &starts {
        write!(out, "{s},").expect("writing to a string");
    }
    out.push_str("];\n");
    write_stems(&text, &starts, &mut out);
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/en_zipf_lines.rs"), out).expect("OUT_DIR is writable");
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
    write!(
        out,
        "pub(super) static EN_ZIPF_STEM_ENDS: [u32; {}] = [",
        ends.len()
    )
    .expect("writing");
    for e in &ends {
        write!(out, "{e},").expect("writing to a string");
    }
    out.push_str("];\n");
}
