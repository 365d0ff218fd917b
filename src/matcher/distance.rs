//! Bounded edit distance for typo checks: cheap filters first, `strsim` only when a
//! candidate might be close. Most candidates are rejected in a few byte comparisons.

/// The optimal-string-alignment distance (insertions, deletions, substitutions, adjacent
/// transpositions) between `a` and `b` if it is at most `max`, else `None`.
pub fn within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max && a.is_ascii() && b.is_ascii() {
        return None;
    }
    if a == b {
        return Some(0);
    }
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        if max == 1 {
            return one_edit(x, y).then_some(1);
        }
        if bag_distance(x, y) > max {
            return None;
        }
        if let Some(d) = osa_short(x, y) {
            return (d <= max).then_some(d);
        }
    }
    let d = strsim::osa_distance(a, b);
    (d <= max).then_some(d)
}

/// Longest word [`osa_short`] measures on the stack.
const SHORT: usize = 32;

/// The optimal-string-alignment distance of two ASCII words of at most [`SHORT`] bytes, in
/// three rows on the stack (`strsim` allocates); `None` for longer words.
fn osa_short(a: &[u8], b: &[u8]) -> Option<usize> {
    if a.len() > SHORT || b.len() > SHORT {
        return None;
    }
    let (mut two_ago, mut prev, mut cur) = (
        [0usize; SHORT + 1],
        [0usize; SHORT + 1],
        [0usize; SHORT + 1],
    );
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_ago[j - 2] + 1);
            }
            cur[j] = d;
        }
        two_ago = prev;
        prev = cur;
    }
    Some(prev[b.len()])
}

/// Whether two different ASCII strings are one edit apart.
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        // Substitution, or a swap of two neighbours.
        0 => {
            let rest = |n: usize| short[n..] == long[n..];
            rest(prefix + 1)
                || (prefix + 1 < short.len()
                    && short[prefix] == long[prefix + 1]
                    && short[prefix + 1] == long[prefix]
                    && rest(prefix + 2))
        }
        // One letter more in `long`.
        1 => short[prefix..] == long[prefix + 1..],
        _ => false,
    }
}

/// A lower bound of the edit distance: how far apart the two bags of bytes are.
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i32; 128];
    for &c in a {
        counts[usize::from(c & 0x7f)] += 1;
    }
    for &c in b {
        counts[usize::from(c & 0x7f)] -= 1;
    }
    let (mut more, mut less) = (0usize, 0usize);
    for n in counts {
        if n > 0 {
            more += n as usize;
        } else {
            less += (-n) as usize;
        }
    }
    more.max(less)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // A small alphabet, so that words are often a few edits apart.
        #[test]
        fn the_stack_distance_is_strsims(a in "[abcr]{0,12}", b in "[abcr]{0,12}") {
            let d = strsim::osa_distance(&a, &b);
            prop_assert_eq!(osa_short(a.as_bytes(), b.as_bytes()), Some(d));
            for max in 0..=2 {
                prop_assert_eq!(within(&a, &b, max), (d <= max).then_some(d));
            }
        }
    }

    #[test]
    fn agrees_with_strsim_on_small_distances() {
        let words = [
            "tariff",
            "tarrifs",
            "tariffs",
            "akazawa",
            "akasawa",
            "boeing",
            "boieng",
            "rice",
            "rcie",
            "japan",
            "japn",
            "grand",
            "grant",
            "billion",
            "billon",
            "bilion",
            "semiconductors",
            "semiconducters",
            "ab",
            "ba",
            "a",
            "",
            "abc",
            "acb",
            "bac",
            "review",
            "reveiw",
            "日本",
            "日米",
        ];
        for a in words {
            for b in words {
                let d = strsim::osa_distance(a, b);
                if a.is_ascii() && b.is_ascii() {
                    assert_eq!(osa_short(a.as_bytes(), b.as_bytes()), Some(d), "{a} {b}");
                }
                for max in 0..=2 {
                    let want = (d <= max).then_some(d);
                    assert_eq!(within(a, b, max), want, "{a} {b} {max}");
                }
            }
        }
    }
}
