//! The gap checks: the rule registry, the context rules read, and the engine that runs them and
//! applies severity overrides, `--rule` selection and waivers.
//!
//! Rules never print: they report findings to a sink. One module per group of rules.

mod backups;
mod bia;
mod chains;
pub mod context;
pub mod coverage;
mod governance;
pub mod graph;
mod obligations;
pub mod people;
mod readiness;
pub mod registry;
mod scenarios;
mod structure;
mod supply;

use anyhow::{Result, bail};
use rayon::prelude::*;

pub use context::{Context, Policy, Sink};
pub use registry::{Group, RULES, Rule, find};

use crate::diagnostics::{Finding, Severity, Waived};
use crate::model::{Date, Level};
use crate::schema::suggest::did_you_mean;
use crate::workspace::Workspace;
use crate::workspace::index::Index;
use crate::workspace::refs::{Ref, collect};

/// How to run the checks.
#[derive(Clone, Debug)]
pub struct Options {
    /// The date date rules compare against.
    pub today: Date,
    /// Only these rules (all when empty).
    pub only: Vec<String>,
}

/// Checks that every name in `names` is a rule, suggesting the closest name otherwise.
pub fn validate_names(names: &[String]) -> Result<()> {
    for name in names {
        if find(name).is_none() {
            match did_you_mean(name, RULES.iter().map(|r| r.name)) {
                Some(s) => bail!(
                    "unknown rule `{name}`: did you mean `{s}`? (`bcplan rules` lists them all)"
                ),
                None => bail!("unknown rule `{name}` (`bcplan rules` lists them all)"),
            }
        }
    }
    Ok(())
}

/// Runs every rule over `ws` and returns the findings, sorted by place.
pub fn check(ws: &Workspace, options: &Options) -> Result<Vec<Finding>> {
    check_keeping(ws, options).map(|checked| checked.findings)
}

/// What [`check_keeping`] gives: the findings, and the index and reference list the rules read,
/// for a caller that needs them next (`render`), so that they are not built twice.
pub struct Checked<'w> {
    /// The findings, sorted by place.
    pub findings: Vec<Finding>,
    /// The workspace's index of ids.
    pub index: Index<'w>,
    /// Every reference in the workspace.
    pub refs: Vec<Ref<'w>>,
}

/// Like [`check`], keeping the index and the reference list.
pub fn check_keeping<'w>(ws: &'w Workspace, options: &Options) -> Result<Checked<'w>> {
    validate_names(&options.only)?;
    let mut findings = ws.findings.clone();
    let (index, refs) = rayon::join(|| Index::build(ws, &mut findings), || collect(ws));
    let ctx = Context {
        ws,
        index: &index,
        refs: &refs,
        today: options.today,
        policy: Policy::of(ws),
    };
    // The rules are independent: they run in parallel, and their findings are gathered in the
    // order of `RULES`, as if they had run one after another.
    // Only the rules asked for run: the others' findings would be dropped below.
    let by_rule: Vec<Vec<Finding>> = RULES
        .par_iter()
        .filter(|rule| options.only.is_empty() || options.only.iter().any(|o| o == rule.name))
        .filter_map(|rule| {
            let check = rule.check?;
            let mut sink = Sink::new(rule.name, rule.default);
            check(&ctx, &mut sink);
            Some(sink.findings)
        })
        .collect();
    findings.reserve_exact(by_rule.iter().map(Vec::len).sum::<usize>() + ws.config.rules.len());
    findings.extend(by_rule.into_iter().flatten());
    findings.extend(override_findings(ws));
    findings.extend(waiver_rule_findings(ws));
    apply_overrides(ws, &mut findings);
    if !options.only.is_empty() {
        findings.retain(|f| options.only.iter().any(|o| o == f.rule));
    }
    apply_waivers(ws, options.today, &mut findings);
    findings.sort_by(|a, b| (a.span, a.rule, &a.message).cmp(&(b.span, b.rule, &b.message)));
    findings.dedup();
    Ok(Checked {
        findings,
        index,
        refs,
    })
}

/// The help line for a name that is no rule: the closest rule name, or where to find them all.
fn unknown_rule_help(name: &str) -> String {
    did_you_mean(name, RULES.iter().map(|r| r.name)).map_or_else(
        || "`bcplan rules` lists every rule".to_owned(),
        |s| format!("did you mean `{s}`?"),
    )
}

/// Reports `rules:` entries that name no rule or try to change a structural rule.
fn override_findings(ws: &Workspace) -> Vec<Finding> {
    let mut out = Vec::new();
    for name in ws.config.rules.keys() {
        match find(name) {
            None => {
                let help = unknown_rule_help(name);
                out.push(
                    Finding::new(
                        "schema",
                        name.span,
                        format!("`rules:` names unknown rule `{}`", name.value),
                    )
                    .help(help)
                    .loaded_anyway(),
                );
            }
            Some(rule) if rule.structural() => out.push(
                Finding::new(
                    "schema",
                    name.span,
                    format!(
                        "`{}` is a structural rule and is always an error",
                        rule.name
                    ),
                )
                .help("remove this override: structural problems make the workspace unreadable")
                .loaded_anyway(),
            ),
            Some(_) => {}
        }
    }
    out
}

/// The `rules:` override of the rule named `name` in `ws`, if any.
fn override_of(ws: &Workspace, name: &str) -> Option<Level> {
    ws.config
        .rules
        .iter()
        .find(|(k, _)| k.value == name)
        .map(|(_, v)| v.value)
}

/// The severity `rule` reports at in `ws`: its default, or its `rules:` override (`None` when off).
pub fn severity_in(ws: &Workspace, rule: &Rule) -> Option<Severity> {
    if rule.structural() {
        return Some(rule.default);
    }
    match override_of(ws, rule.name) {
        None => Some(rule.default),
        Some(Level::Off) => None,
        Some(Level::Info) => Some(Severity::Info),
        Some(Level::Warning) => Some(Severity::Warning),
        Some(Level::Error) => Some(Severity::Error),
    }
}

/// Reports waivers that name no rule, or a structural rule (which cannot be waived).
fn waiver_rule_findings(ws: &Workspace) -> Vec<Finding> {
    let mut out = Vec::new();
    for plan in &ws.plans {
        for waiver in &plan.waivers {
            let name = &waiver.rule;
            match find(name) {
                None => {
                    let help = unknown_rule_help(name);
                    out.push(
                        Finding::new("schema", name.span, format!("waiver names unknown rule `{}`: it accepts nothing", name.value))
                            .help(help)
                            .plan(plan.id.as_str())
                            .loaded_anyway(),
                    );
                }
                Some(rule) if rule.structural() => out.push(
                    Finding::new("schema", name.span, format!("`{}` is a structural rule and cannot be waived", rule.name))
                        .help("fix the problem instead: structural problems make the workspace unreadable")
                        .plan(plan.id.as_str())
                        .loaded_anyway(),
                ),
                Some(_) => {}
            }
        }
    }
    out
}

fn apply_overrides(ws: &Workspace, findings: &mut Vec<Finding>) {
    findings.retain_mut(|f| {
        let Some(rule) = find(f.rule) else {
            return true;
        };
        let Some(level) = severity_in(ws, rule) else {
            return false;
        };
        // A finding the rule itself reports below its default (rto-exceeds-mtpd's "no margin")
        // stays at most that severity.
        f.severity = if f.severity < rule.default {
            level.min(f.severity)
        } else {
            level
        };
        true
    });
}

/// Marks findings accepted by a complete, unexpired waiver (matched on rule, target and, for
/// findings that belong to a plan, that plan).
fn apply_waivers(ws: &Workspace, today: Date, findings: &mut [Finding]) {
    let waivers: Vec<_> = ws
        .plans
        .iter()
        .flat_map(|p| p.waivers.iter().map(move |w| (p, w)))
        .filter(|(_, w)| {
            w.reason.as_deref().is_some_and(|r| !r.trim().is_empty())
                && w.approved_by.is_some()
                && w.expires.as_ref().is_some_and(|e| e.value >= today)
        })
        .collect();
    for finding in findings.iter_mut() {
        if find(finding.rule).is_some_and(Rule::structural) || finding.rule == "waiver-expired" {
            continue;
        }
        let Some(target) = &finding.target else {
            continue;
        };
        if let Some((plan, waiver)) = waivers.iter().find(|(plan, w)| {
            w.rule.value == finding.rule
                    && w.target.value == *target
                    // A finding of one plan is accepted only by that plan's waivers; findings
                    // about register entries by a waiver in any plan.
                    && finding.plan.as_deref().is_none_or(|p| p == plan.id.as_str())
        }) {
            finding.waived = Some(Box::new(Waived {
                plan: plan.id.to_string(),
                reason: waiver.reason.clone().unwrap_or_default(),
                approved_by: waiver
                    .approved_by
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                expires: waiver
                    .expires
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            }));
        }
    }
}
