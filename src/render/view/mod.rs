//! The view model: everything a runbook or the index shows, built once from the loaded
//! workspace, the findings and the options, as plain serializable data.
//!
//! All decisions live here (what counts as a gap, which findings belong to a plan, what is
//! redacted, the schedule of each procedure); templates only lay the result out. Every piece of
//! free text passes through [`Ctx::text`] or [`Ctx::rich`], which is where redaction happens.

mod activation;
mod bia;
mod cards;
mod chooser;
mod contacts;
mod cover;
mod coverage;
mod dependencies;
mod duties;
mod findings;
mod first_hour;
mod index;
mod people;
mod procedures;
mod records;
mod scenarios;

use serde::Serialize;

pub(crate) use index::{IndexView, PlanSummary};

use super::redact::Redactor;
use super::rich::{Markup, Rich};
use crate::diagnostics::Finding;
use crate::model::{Date, Id, Plan};
use crate::rules::Policy;
use crate::workspace::Workspace;
use crate::workspace::index::Index;
use crate::workspace::refs::{Ref, collect};
use crate::yaml::spanned::FileId;

/// What the builders read: the workspace and its index, the findings, today, redaction.
pub(crate) struct Ctx<'w> {
    pub(crate) ws: &'w Workspace,
    pub(crate) index: Index<'w>,
    pub(crate) findings: &'w [Finding],
    pub(crate) today: Date,
    pub(crate) policy: Policy,
    /// The findings and references of the workspace, bucketed by plan.
    pub(crate) buckets: findings::Buckets<'w>,
    redactor: Option<Redactor>,
}

impl<'w> Ctx<'w> {
    /// A context over `ws` and its `findings`; with `redact`, personal contact details are masked.
    pub(crate) fn new(
        ws: &'w Workspace,
        findings: &'w [Finding],
        today: Date,
        redact: bool,
    ) -> Self {
        // Duplicate ids were reported by the checks already; the index keeps the first.
        let index = Index::build(ws, &mut Vec::new());
        Ctx::with(ws, findings, (index, collect(ws)), today, redact)
    }

    /// Like [`Ctx::new`], with the index and the reference list the checks built already
    /// (`rules::check_keeping`). The reference list is dropped once the findings are bucketed.
    pub(crate) fn with(
        ws: &'w Workspace,
        findings: &'w [Finding],
        (index, refs): (Index<'w>, Vec<Ref<'w>>),
        today: Date,
        redact: bool,
    ) -> Self {
        let buckets = findings::Buckets::new(findings, &refs);
        drop(refs);
        Ctx {
            ws,
            index,
            findings,
            today,
            policy: Policy::of(ws),
            buckets,
            redactor: redact.then(|| Redactor::new(&ws.people, &ws.suppliers)),
        }
    }

    /// The redactor, when redacting.
    pub(crate) fn redactor(&self) -> Option<&Redactor> {
        self.redactor.as_ref()
    }

    /// Whether personal contact details are masked.
    pub(crate) fn redacting(&self) -> bool {
        self.redactor.is_some()
    }

    /// Free text as shown: redacted when redacting.
    pub(crate) fn text(&self, text: &str) -> String {
        match &self.redactor {
            Some(r) => r.text(text.trim()),
            None => text.trim().to_owned(),
        }
    }

    /// A file's path as shown: redacted when redacting (a path may spell a number), never trimmed.
    pub(crate) fn path(&self, path: &str) -> String {
        match &self.redactor {
            Some(r) => r.text(path),
            None => path.to_owned(),
        }
    }

    /// Optional free text; blank text counts as missing.
    pub(crate) fn opt_text(&self, text: Option<&str>) -> Option<String> {
        text.filter(|t| !t.trim().is_empty()).map(|t| self.text(t))
    }

    /// Optional plan Markdown, rendered; blank text counts as missing.
    pub(crate) fn rich(&self, text: Option<&str>) -> Option<Rich> {
        self.opt_text(text).map(|t| Rich::new(&t))
    }

    /// An id with the name of the entity it names (the id itself when unknown).
    pub(crate) fn scenario(&self, id: &Id) -> NameRef {
        let name = self
            .index
            .scenarios
            .get(id.as_str())
            .map(|s| s.name.as_str());
        NameRef::new(id.as_str(), name.map(|n| self.text(n)))
    }
}

/// An id and the name shown for it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NameRef {
    /// The id.
    pub(crate) id: String,
    /// The name (the id when the entity is unknown).
    pub(crate) name: String,
}

impl NameRef {
    /// `id` named `name`, or named by its id.
    pub(crate) fn new(id: &str, name: Option<String>) -> NameRef {
        NameRef {
            id: id.to_owned(),
            name: name.unwrap_or_else(|| id.to_owned()),
        }
    }
}

/// A kebab-case value as a label: `in-review` -> `In review`.
pub(crate) fn label(value: &str) -> String {
    let spaced = value.replace('-', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The serialized (kebab-case) name of a model enum value.
pub(crate) fn enum_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Facts about the run, shown on every page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Meta {
    /// Organisation name from `bcplan.yaml`.
    pub(crate) organization: Option<String>,
    /// The generation date (`--today`).
    pub(crate) generated: String,
    /// Whether personal contact details are masked.
    pub(crate) redacted: bool,
    /// Structural errors (yaml-syntax, schema) in the workspace.
    pub(crate) structural_errors: usize,
    /// Those of them that left an entry, a document or a file out (not an unknown field, whose
    /// entry is loaded without it): what they hit is missing.
    pub(crate) missing: usize,
    /// Plans that could not be loaded at all.
    pub(crate) not_loaded: Vec<String>,
    /// The same plans with where and why, in file order.
    pub(crate) not_rendered: Vec<NotRendered>,
}

/// A plan that could not be loaded, so has no runbook.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NotRendered {
    /// Its id.
    pub(crate) plan: String,
    /// `file:line` of its first structural error (just the file when there is none).
    pub(crate) location: String,
    /// That error's message.
    pub(crate) error: String,
}

impl NotRendered {
    /// The plans of `ctx`'s workspace that could not be loaded.
    fn all(ctx: &Ctx<'_>) -> Vec<NotRendered> {
        let mut first_error: std::collections::HashMap<FileId, &Finding> =
            std::collections::HashMap::new();
        for f in ctx.findings {
            if matches!(f.rule, "yaml-syntax" | "schema") {
                let first = first_error.entry(f.span.file).or_insert(f);
                if f.span.pos < first.span.pos {
                    *first = f;
                }
            }
        }
        ctx.ws
            .broken_plans
            .iter()
            .map(|(file, plan)| {
                let first = first_error.get(file);
                let shown = ctx.path(&ctx.ws.sources.get(*file).display());
                NotRendered {
                    plan: plan.clone(),
                    location: match first {
                        Some(f) if f.span.pos.line > 0 => format!("{shown}:{}", f.span.pos.line),
                        _ => shown,
                    },
                    error: first.map(|f| ctx.text(&f.message)).unwrap_or_default(),
                }
            })
            .collect()
    }
}

impl Meta {
    /// The facts of this run.
    pub(crate) fn of(ctx: &Ctx<'_>) -> Meta {
        let mut not_loaded: Vec<String> = ctx
            .ws
            .broken
            .iter()
            .filter(|(kind, _)| *kind == "plan")
            .map(|(_, id)| id.clone())
            .collect();
        not_loaded.sort();
        Meta {
            organization: ctx.opt_text(ctx.ws.config.organization.as_deref()),
            generated: ctx.today.to_string(),
            redacted: ctx.redacting(),
            structural_errors: ctx
                .findings
                .iter()
                .filter(|f| matches!(f.rule, "yaml-syntax" | "schema"))
                .count(),
            missing: ctx.findings.iter().filter(|f| f.leaves_out()).count(),
            not_loaded,
            not_rendered: NotRendered::all(ctx),
        }
    }
}

/// What a runbook template gets: `doc` (facts of the run) and `plan`.
#[derive(Clone, Copy, Debug, Serialize)]
pub(crate) struct RunbookView<'a> {
    /// Facts of the run.
    pub(crate) doc: &'a Meta,
    /// The plan.
    pub(crate) plan: &'a PlanView,
}

/// Everything one runbook shows, in runbook order.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PlanView {
    /// Cover: title, status, classification, owner, approval, review.
    #[serde(flatten)]
    pub(crate) cover: cover::Cover,
    /// Purpose (Markdown).
    pub(crate) purpose: Option<Rich>,
    /// Scope (Markdown).
    pub(crate) scope: Option<Rich>,
    /// Objectives.
    pub(crate) objectives: Vec<String>,
    /// Assumptions.
    pub(crate) assumptions: Vec<String>,
    /// Sites covered.
    pub(crate) sites: Vec<cover::SiteView>,
    /// Scenarios in scope.
    pub(crate) scenarios: Vec<NameRef>,
    /// First hour: activation, call tree, crisis team numbers.
    #[serde(flatten)]
    pub(crate) first_hour: first_hour::FirstHour,
    /// Delegations of authority, escalation and deactivation criteria.
    #[serde(flatten)]
    pub(crate) activation: activation::ActivationView,
    /// "If this happens" pages: scenarios of the plan with a known footprint.
    pub(crate) if_this_happens: Vec<scenarios::ScenarioPage>,
    /// Procedures, in plan order.
    pub(crate) procedures: Vec<procedures::ProcedureView>,
    /// Choose by scenario: what to run for each scenario, in order.
    pub(crate) chooser: Vec<chooser::ScenarioRow>,
    /// Action cards: each person's and team's steps across procedures.
    pub(crate) cards: Vec<cards::Card>,
    /// Contacts, teams, supplier desks and the communications matrix.
    #[serde(flatten)]
    pub(crate) contacts: contacts::Directory,
    /// Impact analysis, timeline, dependencies, strategies and coverage.
    #[serde(flatten)]
    pub(crate) bia: bia::Bia,
    /// Exercises, incidents, training, open actions, history, waivers and findings.
    #[serde(flatten)]
    pub(crate) records: records::Records,
}

/// The dependency graph in both forms.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct GraphView {
    /// Inline SVG.
    pub(crate) svg: Markup,
    /// A Mermaid `flowchart` (without the code fence).
    pub(crate) mermaid: Markup,
    /// Number of nodes.
    pub(crate) nodes: usize,
}

/// Builds the view of one plan.
pub(crate) fn plan_view(ctx: &Ctx<'_>, plan: &Plan) -> PlanView {
    let procedures: Vec<procedures::ProcedureView> = plan
        .procedures
        .iter()
        .map(|p| procedures::procedure(ctx, plan, p))
        .collect();
    PlanView {
        cover: cover::cover(ctx, plan),
        purpose: ctx.rich(plan.purpose.as_deref()),
        scope: ctx.rich(plan.scope.as_deref()),
        objectives: plan.objectives.iter().map(|o| ctx.text(o)).collect(),
        assumptions: plan.assumptions.iter().map(|a| ctx.text(a)).collect(),
        sites: plan.sites.iter().map(|s| cover::site(ctx, s)).collect(),
        scenarios: plan.scenarios.iter().map(|s| ctx.scenario(s)).collect(),
        first_hour: first_hour::first_hour(ctx, plan),
        activation: activation::activation(ctx, plan),
        if_this_happens: scenarios::pages(ctx, plan),
        chooser: chooser::chooser(ctx, plan, &procedures),
        cards: cards::cards(plan, &procedures),
        procedures,
        contacts: contacts::contacts(ctx, plan),
        bia: bia::bia(ctx, plan),
        records: records::records(ctx, plan),
    }
}
