//! Matching findings between two versions: introduced and resolved.
//!
//! A finding is matched by rule, target, plan and message, never by file or line: moving a plan
//! or adding lines above a problem must not make it look new. Matching counts duplicates, so a
//! second identical finding is still reported as introduced.

use std::collections::HashMap;

use super::Snapshot;
use super::model::{FindingChanges, FindingEntry};
use crate::diagnostics::Finding;

type Key<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str);

fn key(f: &Finding) -> Key<'_> {
    (f.rule, f.target.as_deref(), f.plan.as_deref(), &f.message)
}

/// Findings only in `new` (introduced) and only in `old` (resolved), each in report order.
pub(crate) fn compare(old: &Snapshot, new: &Snapshot, deny_warnings: bool) -> FindingChanges {
    FindingChanges {
        introduced: only_in(new, old, deny_warnings),
        resolved: only_in(old, new, deny_warnings),
    }
}

/// The findings of `side` that `other` does not have (counting duplicates), failing ones first,
/// then by severity, then in report order.
fn only_in(side: &Snapshot, other: &Snapshot, deny_warnings: bool) -> Vec<FindingEntry> {
    let mut available: HashMap<Key<'_>, usize> = HashMap::new();
    for f in &other.findings {
        *available.entry(key(f)).or_default() += 1;
    }
    let mut found: Vec<&Finding> = side
        .findings
        .iter()
        .filter(|f| match available.get_mut(&key(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect();
    found.sort_by_key(|f| (!f.fails(deny_warnings), std::cmp::Reverse(f.severity)));
    found
        .into_iter()
        .map(|f| FindingEntry {
            rule: f.rule,
            severity: f.severity.as_str(),
            message: f.message.clone(),
            plan: f.plan.as_deref().map(str::to_owned),
            target: f.target.as_deref().map(str::to_owned),
            file: side.file(f.span.file),
            line: f.span.pos.line,
            column: f.span.pos.col,
            waived: f.waived.is_some(),
            fails: f.fails(deny_warnings),
        })
        .collect()
}
