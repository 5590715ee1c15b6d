//! What rules see: the loaded workspace, the index, today's date and the policy in force.

use crate::diagnostics::{Finding, Severity};
use crate::model::{Date, Duration, Id};
use crate::workspace::Workspace;
use crate::workspace::index::Index;
use crate::workspace::refs::Ref;
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
    /// How long before something falls due it is reported as due soon.
    pub warn_before: Duration,
    /// Training interval for team leads, alternates and activation authorities.
    pub train_every: Duration,
    /// People deep a succession must be.
    pub min_succession: u32,
}

impl Policy {
    /// The policy of `ws`, with the documented defaults (12mo, 12mo, none, 3, 30d, 12mo, 2).
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
            warn_before: p
                .warn_before
                .as_ref()
                .map_or_else(|| Duration::from_minutes(30 * 1440), |d| d.value.clone()),
            train_every: p
                .train_every
                .as_ref()
                .map_or_else(|| twelve_months.clone(), |d| d.value.clone()),
            min_succession: p.min_succession.unwrap_or(2),
        }
    }
}

/// Everything a rule may read.
pub struct Context<'w> {
    /// The workspace.
    pub ws: &'w Workspace,
    /// Its entities by id.
    pub index: &'w Index<'w>,
    /// Every reference it holds, registers first, then plans in order (`refs::collect`).
    pub refs: &'w [Ref<'w>],
    /// The date date rules compare against.
    pub today: Date,
    /// Policy thresholds.
    pub policy: Policy,
}

impl Context<'_> {
    /// Whether `due` (not yet past) falls within `policy.warn_before` of today.
    pub fn due_soon(&self, due: Date) -> bool {
        due >= self.today && due <= self.today.plus(&self.policy.warn_before)
    }
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

    /// An `info` finding that something falls due on `due` (within `policy.warn_before`):
    /// `what` says what, e.g. "the review of plan `x`".
    pub fn due_soon(&self, span: Span, what: &str, due: Date) -> Finding {
        let mut finding = Finding::new(self.rule, span, format!("{what} falls due on {due}"));
        finding.severity = Severity::Info;
        finding
    }

    /// A finding that an optional element is absent: at `info` unless the workspace sets the
    /// rule's severity in `rules:` (so absence never turns an existing workspace's check red, and a
    /// workspace that wants the element raises the rule).
    pub fn absent(&self, ctx: &Context<'_>, span: Span, message: impl Into<String>) -> Finding {
        let mut finding = Finding::new(self.rule, span, message);
        let chosen = ctx
            .ws
            .config
            .rules
            .iter()
            .find(|(k, _)| k.value == self.rule)
            .map(|(_, v)| v.value);
        finding.severity = match chosen {
            Some(crate::model::Level::Error) => Severity::Error,
            Some(crate::model::Level::Warning) => Severity::Warning,
            _ => Severity::Info,
        };
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
