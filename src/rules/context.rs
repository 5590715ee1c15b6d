//! What rules see: the loaded workspace, the index, today's date and the policy in force.

use crate::diagnostics::{Finding, Severity};
use crate::model::{Date, Duration, Id};
use crate::workspace::Workspace;
use crate::workspace::index::Index;
use crate::yaml::spanned::{Sp, Span};

/// The policy thresholds in force, with defaults filled in.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Review interval for plans, impact analyses and contacts.
    pub review_every: Duration,
    /// Exercise interval for plans.
    pub exercise_every: Duration,
    /// Scenarios every plan must address.
    pub required_scenarios: Vec<Sp<Id>>,
    /// Critical primary roles one person may hold.
    pub max_primary_roles: u32,
}

impl Policy {
    /// The policy of `ws`, with the documented defaults (12mo, 12mo, none, 3).
    pub fn of(ws: &Workspace) -> Policy {
        let p = &ws.config.policy;
        let twelve_months: Duration = "12mo".parse().expect("a valid duration");
        Policy {
            review_every: p
                .review_every
                .as_ref()
                .map_or_else(|| twelve_months.clone(), |d| d.value.clone()),
            exercise_every: p
                .exercise_every
                .as_ref()
                .map_or_else(|| twelve_months.clone(), |d| d.value.clone()),
            required_scenarios: p.required_scenarios.clone(),
            max_primary_roles: p.max_primary_roles.unwrap_or(3),
        }
    }
}

/// Everything a rule may read.
pub struct Context<'w> {
    /// The workspace.
    pub ws: &'w Workspace,
    /// Its entities by id.
    pub index: &'w Index<'w>,
    /// The date date rules compare against.
    pub today: Date,
    /// Policy thresholds.
    pub policy: Policy,
}

/// Where a rule reports its findings.
pub struct Sink {
    rule: &'static str,
    default: Severity,
    /// The findings reported so far.
    pub findings: Vec<Finding>,
}

impl Sink {
    /// A sink for rule `rule` with default severity `default`.
    pub fn new(rule: &'static str, default: Severity) -> Sink {
        Sink {
            rule,
            default,
            findings: Vec::new(),
        }
    }

    /// A finding of this rule at `span`, to be completed and passed to [`Sink::push`].
    pub fn at(&self, span: Span, message: impl Into<String>) -> Finding {
        let mut finding = Finding::new(self.rule, span, message);
        finding.severity = self.default;
        finding
    }

    /// Reports a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}

/// A critical activity: rto of 7 days or less, or priority 1 or 2.
pub fn is_critical(activity: &crate::model::Activity) -> bool {
    activity
        .rto
        .as_ref()
        .is_some_and(|r| r.minutes() <= 7 * 1440)
        || activity.priority.as_ref().is_some_and(|p| p.value <= 2)
}

/// The sorted keys of an index map, for "did you mean" candidates and stable messages.
pub fn sorted_keys<'w, V>(map: &std::collections::HashMap<&'w str, V>) -> Vec<&'w str> {
    let mut keys: Vec<&'w str> = map.keys().copied().collect();
    keys.sort_unstable();
    keys
}
