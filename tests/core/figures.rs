//! Figures in questions: the pledge's own figure as its curator wrote it, beside another.

use crate::matching::{ask, kind};

#[test]
fn another_figure_beside_the_pledges_own_is_compared_with_it_not_another_pledge() {
    let facts = crate::util::bundled_dir();
    // `half-trillion` is the pledge as its curator wrote it; "zero" is no other pledge.
    let q = "love a half-trillion dollar deal with zero ink on paper, rock solid";
    assert_eq!(kind(&ask(&facts, q).0), "binding-agreement");
    // Another figure alone, the deal not named: another pledge.
    let q = "did saudi arabia really pledge $600 billion";
    assert_eq!(kind(&ask(&facts, q).0), "none");
}
