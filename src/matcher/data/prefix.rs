// Included by `build.rs` and by `lexicon.rs`: both must bucket the frequency table's words
// alike.

/// Buckets of the frequency table: one per three-letter prefix (`aaa` to `zzz`).
const ZIPF_BUCKETS: usize = 26 * 26 * 26;

/// The bucket of a word of lowercase ASCII letters, by its first three letters (a shorter
/// word goes where its letters followed by `a`s would: it sorts first there); `None` for
/// any other word, which the table cannot hold.
fn zipf_bucket(word: &[u8]) -> Option<usize> {
    if word.is_empty() || !word.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let letter = |i: usize| word.get(i).map_or(0, |c| usize::from(c - b'a'));
    Some(26 * 26 * letter(0) + 26 * letter(1) + letter(2))
}
