//! Exports of the fact base for other tools. [`claim_review`]: schema.org `ClaimReview`
//! JSON-LD, one review per statement, as search engines read fact-checks (Google's Fact Check
//! markup). Only what the fact files hold is written: no URL, date or name is made up.

use serde_json::{json, Map, Value};

use crate::facts::{Deal, FactBase, Statement, Status, NEITHER};

/// Who publishes the reviews, when the caller knows (both optional: absent, nothing is
/// written for them).
#[derive(Debug, Clone, Default)]
pub struct Publisher {
    /// The organisation publishing the fact-checks (`author` of each review).
    pub name: Option<String>,
    /// Base URL of the pages where the reviews are published; each review's `url` is this
    /// followed by `#<statement id>`.
    pub url: Option<String>,
}

/// How a status reads as a rating: the statement is not rated true or false; the rating
/// says what kind of statement it is.
fn rating_name(status: Status) -> &'static str {
    match status {
        Status::Announced => "Announced (a party's claim)",
        Status::Clarified => "Clarified or disputed",
        Status::UnderNegotiation => "Still under negotiation",
        Status::Context => "Background (the source's own context)",
    }
}

/// The reviews of every statement of `deal` (or of every deal), as a JSON-LD document whose
/// `@graph` holds one `ClaimReview` per statement. `Err` names an unknown deal id.
pub fn claim_review(
    facts: &FactBase,
    deal: Option<&str>,
    publisher: &Publisher,
) -> Result<Value, String> {
    let deals: Vec<&Deal> = match deal {
        Some(id) => match facts.deals().iter().find(|d| d.id == id) {
            Some(d) => vec![d],
            None => {
                let known: Vec<&str> = facts.deals().iter().map(|d| d.id.as_str()).collect();
                return Err(format!(
                    "unknown deal `{id}`; known deals: {}",
                    known.join(", ")
                ));
            }
        },
        None => facts.deals().iter().collect(),
    };
    let graph: Vec<Value> = deals
        .iter()
        .flat_map(|d| {
            d.topics
                .iter()
                .flat_map(move |t| t.statements.iter().map(move |s| review(d, s, publisher)))
        })
        .collect();
    Ok(json!({ "@context": "https://schema.org", "@graph": graph }))
}

/// One statement's `ClaimReview`.
fn review(deal: &Deal, s: &Statement, publisher: &Publisher) -> Value {
    let source = deal.sources.get(&s.source);
    let mut appearance = Map::new();
    appearance.insert("@type".into(), json!("CreativeWork"));
    if let Some(src) = source {
        appearance.insert("name".into(), json!(src.title));
        if let Some(url) = &src.url {
            appearance.insert("url".into(), json!(url));
        }
        if let Some(p) = &src.publisher {
            appearance.insert(
                "publisher".into(),
                json!({"@type": "Organization", "name": p}),
            );
        }
        if let Some(date) = &src.date {
            appearance.insert("datePublished".into(), json!(date));
        }
    }
    let mut claim = Map::new();
    claim.insert("@type".into(), json!("Claim"));
    claim.insert(
        "author".into(),
        json!({"@type": "Thing", "name": s.speaker}),
    );
    claim.insert("appearance".into(), Value::Object(appearance));
    if let Some(date) = &s.said_on {
        claim.insert("datePublished".into(), json!(date));
    }
    let side = if s.party == NEITHER {
        "for neither side".to_string()
    } else {
        format!("for {}", s.party)
    };
    let mut explanation = format!("Attributed to {} ({side})", s.speaker);
    if let Some(q) = &s.quote {
        explanation.push_str(&format!("; the source's words: \u{201c}{q}\u{201d}"));
    }
    let mut out = Map::new();
    out.insert("@type".into(), json!("ClaimReview"));
    out.insert("identifier".into(), json!(s.id));
    out.insert("claimReviewed".into(), json!(s.text));
    out.insert("itemReviewed".into(), Value::Object(claim));
    out.insert(
        "reviewRating".into(),
        json!({
            "@type": "Rating",
            "alternateName": rating_name(s.status),
            "ratingExplanation": explanation,
        }),
    );
    if let Some(date) = &deal.reviewed_on {
        out.insert("datePublished".into(), json!(date));
    }
    if let Some(name) = &publisher.name {
        out.insert(
            "author".into(),
            json!({"@type": "Organization", "name": name}),
        );
    }
    if let Some(base) = &publisher.url {
        out.insert("url".into(), json!(format!("{base}#{}", s.id)));
    }
    Value::Object(out)
}
