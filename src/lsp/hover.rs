//! `textDocument/hover`: on an id, the entity it names; on a field name, its schema description;
//! on a finding, the rule's `bcplan explain` text. Several apply at once are all shown.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::outline::key_at;
use super::project::Project;
use super::schema_nav::description;
use super::symbols::{SymKind, Symbol};
use super::text::{contains, pos_of, token_range};
use crate::model::{Clock, Obligation, Plan};
use crate::rules::find;
use crate::workspace::Workspace;
use crate::yaml::spanned::FileId;

/// The hover at `position` of `file`.
pub(crate) fn hover(project: &Project, file: FileId, position: Position) -> Option<Hover> {
    let source = project.ws.sources.get(file);
    let text = &source.text;
    let pos = pos_of(text, position);
    let mut parts = Vec::new();
    if let Some(o) = project.occurrence_at(file, pos) {
        if let Some(about) = entity(&project.ws, &o.symbol) {
            parts.push(about);
        }
    } else if let Some((place, key)) = key_at(text, position.line as usize, pos.col as usize - 1) {
        if let Some(text) = place.kind.and_then(|k| description(k, &place.path, &key)) {
            parts.push(format!("**`{key}`**: {text}"));
        }
    }
    let mut rules: Vec<&str> = Vec::new();
    for finding in project.findings.iter().filter(|f| f.span.file == file) {
        if contains(token_range(source, finding.span.pos), position)
            && !rules.contains(&finding.rule)
        {
            rules.push(finding.rule);
        }
    }
    for rule in rules.into_iter().filter_map(find) {
        parts.push(rule.explain());
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

fn plan<'w>(ws: &'w Workspace, key: &str) -> Option<&'w Plan> {
    let id = key.split('/').next()?;
    ws.plans.iter().find(|p| p.id.as_str() == id)
}

fn line(label: &str, value: Option<String>) -> String {
    format!(
        "\n- {label}: {}",
        value.unwrap_or_else(|| "not given".to_owned())
    )
}

/// Which plans an obligation applies to, in words; `None` for every plan.
fn applies_to(o: &Obligation) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(scope) = &o.applies_to {
        let ids = |list: Vec<String>| list.join(", ");
        if !scope.scenarios.is_empty() {
            parts.push(format!(
                "plans with scenario {}",
                ids(scope.scenarios.iter().map(|s| format!("`{s}`")).collect())
            ));
        }
        if !scope.domains.is_empty() {
            parts.push(format!(
                "plans of domain {}",
                ids(scope
                    .domains
                    .iter()
                    .filter_map(|d| serde_json::to_value(d).ok())
                    .filter_map(|d| d.as_str().map(|d| format!("`{d}`")))
                    .collect())
            ));
        }
    }
    if o.when_personal_data == Some(true) {
        parts.push("plans that depend on a supplier processing personal data".to_owned());
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A Markdown summary of the entity `symbol` names, if it exists.
pub(crate) fn entity(ws: &Workspace, symbol: &Symbol) -> Option<String> {
    let key = symbol.key.as_str();
    let id = symbol.id();
    let text = match symbol.kind {
        SymKind::Person => {
            let p = ws.people.iter().find(|p| p.id.as_str() == key)?;
            let mut s = format!("**{}** (person `{id}`)", p.name);
            s += &line("role", p.role.clone());
            s += &line("24/7 phone", p.phone_24_7().map(|ph| ph.number.to_string()));
            if let Some(site) = &p.site {
                s += &line("site", Some(format!("`{site}`")));
            }
            s
        }
        SymKind::Supplier => {
            let p = ws.suppliers.iter().find(|p| p.id.as_str() == key)?;
            let mut s = format!("**{}** (supplier `{id}`)", p.name);
            s += &line(
                "contracted recovery",
                p.contracted_recovery.as_ref().map(ToString::to_string),
            );
            s += &line(
                "continuity assessed",
                p.bc_assessed.as_ref().map(ToString::to_string),
            );
            s += &line(
                "security assessed",
                p.security_assessed.as_ref().map(ToString::to_string),
            );
            s
        }
        SymKind::System => {
            let p = ws.systems.iter().find(|p| p.id.as_str() == key)?;
            let mut s = format!("**{}** (system `{id}`)", p.name);
            s += &line("RTO", p.rto.as_ref().map(ToString::to_string));
            s += &line("RPO", p.rpo.as_ref().map(ToString::to_string));
            let dr = p.dr_site.as_ref().map(|d| {
                match ws.sites.iter().find(|s| s.id.as_str() == d.as_str()) {
                    Some(site) => format!("{} (`{d}`)", site.name),
                    None => format!("`{d}`"),
                }
            });
            s += &line("DR site", dr);
            s
        }
        SymKind::Site => {
            let p = ws.sites.iter().find(|p| p.id.as_str() == key)?;
            let mut s = format!("**{}** (site `{id}`)", p.name);
            s += &line("country", Some(p.country.to_string()));
            s += &line(
                "recovery time",
                p.recovery_time.as_ref().map(ToString::to_string),
            );
            s
        }
        SymKind::Material => {
            let p = ws.materials.iter().find(|p| p.id.as_str() == key)?;
            format!("**{}** (material `{id}`)", p.name)
        }
        SymKind::Lane => {
            let p = ws.lanes.iter().find(|p| p.id.as_str() == key)?;
            format!(
                "**{}** (lane `{id}`)",
                p.name.clone().unwrap_or_else(|| id.to_owned())
            )
        }
        SymKind::Scenario => {
            let p = ws.scenarios.iter().find(|p| p.id.as_str() == key)?;
            format!("**{}** (scenario `{id}`)", p.name)
        }
        SymKind::Obligation => {
            let o = ws.obligations.iter().find(|o| o.id.as_str() == key)?;
            let mut s = format!("**{}** (obligation `{id}`)", o.name);
            s += &line("notify", Some(o.notify.value.as_str().to_owned()));
            let clock = match o.clock {
                Some(Clock::Awareness) | None => "becoming aware of the incident",
                Some(Clock::Activation) => "activation of the plan",
                Some(Clock::Disruption) => "the start of the disruption",
            };
            s += &line("deadline", Some(format!("{} from {clock}", o.deadline)));
            s += &line("basis", o.basis.clone());
            if let Some(scope) = applies_to(o) {
                s += &line("applies to", Some(scope));
            }
            s
        }
        SymKind::Plan => {
            let p = plan(ws, key)?;
            let mut s = format!("**{}** (plan `{id}`)", p.title);
            s += &line("owner", p.owner.as_ref().map(|o| format!("`{o}`")));
            s
        }
        SymKind::Activity => {
            let p = plan(ws, key)?;
            let a = p.activities.iter().find(|a| a.id.as_str() == id)?;
            let mut s = format!("**{}** (activity `{id}` of plan `{}`)", a.name, p.id);
            s += &line("RTO", a.rto.as_ref().map(ToString::to_string));
            s += &line("MTPD", a.mtpd.as_ref().map(ToString::to_string));
            s += &line("owner", a.owner.as_ref().map(|o| format!("`{o}`")));
            s
        }
        SymKind::Procedure | SymKind::Step => {
            let p = plan(ws, key)?;
            let procedure_id = key.split('/').nth(1)?;
            let procedure = p
                .procedures
                .iter()
                .find(|x| x.id.as_str() == procedure_id)?;
            if symbol.kind == SymKind::Procedure {
                format!(
                    "**{}** (procedure `{id}` of plan `{}`)",
                    procedure.title, p.id
                )
            } else {
                let step = procedure
                    .steps
                    .iter()
                    .find(|s| s.id.as_ref().is_some_and(|s| s.as_str() == id))?;
                format!(
                    "**{}** (step `{id}` of procedure `{procedure_id}`)",
                    step.action.value
                )
            }
        }
        SymKind::Team => {
            let p = plan(ws, key)?;
            let t = p.teams.iter().find(|t| t.id.as_str() == id)?;
            let mut s = format!("**{}** (team `{id}` of plan `{}`)", t.name, p.id);
            s += &line("lead", t.lead.as_ref().map(|l| format!("`{l}`")));
            s
        }
        SymKind::Strategy | SymKind::Exercise => {
            format!("{} `{id}`", symbol.kind.word())
        }
    };
    Some(text)
}
