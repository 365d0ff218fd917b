//! `dealcheck export claimreview`: schema.org ClaimReview JSON-LD, one review per statement,
//! with Google's required properties where the data allows them and nothing made up.

use serde_json::Value;

fn export(args: &[&str]) -> (Option<i32>, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dealcheck"))
        .args(["export", "claimreview"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn every_statement_is_one_claim_review_with_the_required_properties() {
    let (code, out, err) = export(&[]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["@context"], "https://schema.org");
    let graph = doc["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), crate::util::bundled().statement_count());
    for r in graph {
        assert_eq!(r["@type"], "ClaimReview");
        assert!(!r["claimReviewed"].as_str().unwrap().is_empty(), "{r}");
        assert!(r["reviewRating"]["alternateName"].is_string(), "{r}");
        assert_eq!(r["itemReviewed"]["@type"], "Claim");
        assert!(r["itemReviewed"]["author"]["name"].is_string(), "{r}");
        assert_eq!(r["itemReviewed"]["appearance"]["@type"], "CreativeWork");
        assert_eq!(
            r["datePublished"], "2026-12-01",
            "the day the file was reviewed"
        );
        // The article gives no URL and no date; no publisher was named.
        assert!(r.get("url").is_none() && r.get("author").is_none(), "{r}");
        assert!(r["itemReviewed"]["appearance"].get("url").is_none());
        assert!(r["itemReviewed"].get("datePublished").is_none());
    }
    let quarterly = graph
        .iter()
        .find(|r| r["identifier"] == "quarterly-2")
        .unwrap();
    assert_eq!(
        quarterly["reviewRating"]["alternateName"],
        "Clarified or disputed"
    );
    assert_eq!(
        quarterly["itemReviewed"]["author"]["name"],
        "Japanese negotiators"
    );
}

#[test]
fn a_named_publisher_and_page_are_written_and_a_deal_can_be_chosen() {
    let (code, out, _) = export(&[
        "--deal",
        "us-japan-550b",
        "--publisher",
        "Example Checks",
        "--url",
        "https://example.org/japan",
    ]);
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let first = &doc["@graph"][0];
    assert_eq!(first["author"]["name"], "Example Checks");
    assert_eq!(first["url"], "https://example.org/japan#headline-1");
    let (code, out, err) = export(&["--deal", "no-such-deal"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown deal `no-such-deal`"), "{err}");
    let (code, _, err) = export(&["--url", "ftp://x"]);
    assert_eq!(code, Some(2), "{err}");
}
