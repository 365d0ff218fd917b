//! Build step: where each line of the English frequency table starts, so that the matcher
//! binary-searches the table without scanning for line ends or building an index at run time.

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
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/en_zipf_lines.rs"), out).expect("OUT_DIR is writable");
}
