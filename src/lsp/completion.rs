//! `textDocument/completion`: ids where a reference is expected (people with their names and
//! roles for `owner:`, sites, systems, scenarios, the steps of the same procedure for `after:`),
//! field names from the schema, and enumeration values.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Position, Range, TextEdit,
};

use super::hover::entity;
use super::outline::{At, place};
use super::project::Project;
use super::schema_nav::{enum_values, fields, holds_mappings};
use super::symbols::{SymKind, Symbol};
use super::text;
use crate::model::Plan;
use crate::schema::Kind;
use crate::yaml::spanned::FileId;

/// What a reference field expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Entity(SymKind),
    PersonOrTeam,
}

/// The kind of id field `key` of the mapping at `path` refers to, if it is a reference.
fn expected(kind: Kind, path: &[String], key: &str) -> Option<Expect> {
    use SymKind::{
        Activity, Lane, Material, Obligation, Person, Procedure, Scenario, Site, Step, Supplier,
        System,
    };
    let parent = path.last().map(String::as_str);
    if kind != Kind::Plan && kind != Kind::Workspace && path.is_empty() {
        return None; // The register's own list.
    }
    let found = match key {
        "owner" if parent == Some("steps") => return Some(Expect::PersonOrTeam),
        "alternates" if kind == Kind::Lanes => Lane,
        "owner" | "deputy" | "by" | "lead" | "members" | "authority" | "root" | "author"
        | "approved_by" | "calls" | "alternates" => Person,
        "site" | "dr_site" | "from" | "to" => Site,
        "sites" if kind == Kind::Plan && path.is_empty() => Site,
        "scenarios" | "hazards" | "scenario" | "required_scenarios" => Scenario,
        "system" => System,
        "supplier" | "sub_suppliers" | "sources" | "carriers" => Supplier,
        "material" => Material,
        "fulfils" => Obligation,
        "lane" => Lane,
        "activity" | "covers" | "restores" => Activity,
        "procedures" if parent == Some("exercises") => Procedure,
        "after" => Step,
        _ if parent == Some("calls") => Person,
        _ => return None,
    };
    Some(Expect::Entity(found))
}

/// The completions at `position` of a document with `text`, in `project` when it is loaded.
pub(crate) fn complete(
    project: Option<(&Project, FileId)>,
    text: &str,
    position: Position,
) -> Vec<CompletionItem> {
    let line = text::line(text, position.line);
    let col0 = text::col(line, position.character);
    let place = place(text, position.line as usize, col0);
    let Some(kind) = place.kind else {
        return Vec::new();
    };
    let range = Range::new(
        Position::new(position.line, text::utf16(line, place.word_start)),
        Position::new(position.line, text::utf16(line, col0)),
    );
    let items = match &place.at {
        At::Key if place.path.last().is_some_and(|p| p == "calls") => {
            ids(project, Expect::Entity(SymKind::Person), position.line)
        }
        At::Key => field_items(kind, &place.path),
        At::Value { key } => {
            let mut inner = place.path.clone();
            inner.push(key.clone());
            if place.item && holds_mappings(kind, &inner) {
                field_items(kind, &inner)
            } else if let Some(expect) = expected(kind, &place.path, key) {
                ids(project, expect, position.line)
            } else {
                enum_values(kind, &place.path, key)
                    .into_iter()
                    .map(|(value, text)| item(value, CompletionItemKind::ENUM_MEMBER, None, &text))
                    .collect()
            }
        }
    };
    items
        .into_iter()
        .map(|mut item| {
            let new_text = item
                .insert_text
                .take()
                .unwrap_or_else(|| item.label.clone());
            item.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(range, new_text)));
            item
        })
        .collect()
}

fn item(
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    doc: &str,
) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(kind),
        detail,
        documentation: (!doc.is_empty()).then(|| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: doc.to_owned(),
            })
        }),
        ..CompletionItem::default()
    }
}

fn field_items(kind: Kind, path: &[String]) -> Vec<CompletionItem> {
    fields(kind, path)
        .into_iter()
        .map(|(name, text)| {
            let mut i = item(name.clone(), CompletionItemKind::FIELD, None, &text);
            i.detail = text.lines().next().map(str::to_owned);
            i.insert_text = Some(format!("{name}: "));
            i
        })
        .collect()
}

/// The plan of this file the cursor is in (the last one starting above it); for a file that
/// cannot be loaded right now, as it was last loaded.
fn plan_at(project: &Project, file: FileId, line0: u32) -> Option<&Plan> {
    let ws = &project.ws;
    let plans: Vec<&Plan> = match project.kept.get(&ws.sources.get(file).path) {
        Some(kept) => kept.iter().collect(),
        None => ws.plans.iter().filter(|p| p.id.span.file == file).collect(),
    };
    plans
        .iter()
        .filter(|p| p.id.span.pos.line <= line0 + 1)
        .max_by_key(|p| p.id.span.pos.line)
        .or_else(|| plans.first())
        .copied()
}

fn ids(project: Option<(&Project, FileId)>, expect: Expect, line0: u32) -> Vec<CompletionItem> {
    let Some((project, file)) = project else {
        return Vec::new();
    };
    let ws = &project.ws;
    let plan = plan_at(project, file, line0);
    let plan_id = plan.map_or("", |p| p.id.as_str());
    let mut out: Vec<(Symbol, String)> = Vec::new();
    let mut add = |kind: SymKind, key: String, label: String| {
        out.push((Symbol { kind, key }, label));
    };
    match expect {
        Expect::PersonOrTeam | Expect::Entity(SymKind::Person) => {
            for p in &ws.people {
                add(SymKind::Person, p.id.to_string(), p.id.to_string());
            }
            if expect == Expect::PersonOrTeam {
                for t in plan.map(|p| &p.teams[..]).unwrap_or_default() {
                    add(
                        SymKind::Team,
                        format!("{plan_id}/{}", t.id),
                        t.id.to_string(),
                    );
                }
            }
        }
        Expect::Entity(SymKind::Activity) => {
            for p in &ws.plans {
                for a in &p.activities {
                    let label = if p.id.as_str() == plan_id {
                        a.id.to_string()
                    } else {
                        format!("{}/{}", p.id, a.id)
                    };
                    add(SymKind::Activity, format!("{}/{}", p.id, a.id), label);
                }
            }
        }
        Expect::Entity(SymKind::Procedure) => {
            for x in plan.map(|p| &p.procedures[..]).unwrap_or_default() {
                add(
                    SymKind::Procedure,
                    format!("{plan_id}/{}", x.id),
                    x.id.to_string(),
                );
            }
        }
        Expect::Entity(SymKind::Step) => {
            let procedure = plan.and_then(|p| {
                p.procedures
                    .iter()
                    .filter(|x| x.id.span.pos.line <= line0 + 1)
                    .max_by_key(|x| x.id.span.pos.line)
            });
            if let Some(procedure) = procedure {
                for step in &procedure.steps {
                    if let Some(id) = &step.id {
                        add(
                            SymKind::Step,
                            format!("{plan_id}/{}/{id}", procedure.id),
                            id.to_string(),
                        );
                    }
                }
            }
        }
        Expect::Entity(kind) => {
            let ids: Vec<String> = match kind {
                SymKind::Site => ws.sites.iter().map(|e| e.id.to_string()).collect(),
                SymKind::Supplier => ws.suppliers.iter().map(|e| e.id.to_string()).collect(),
                SymKind::Material => ws.materials.iter().map(|e| e.id.to_string()).collect(),
                SymKind::System => ws.systems.iter().map(|e| e.id.to_string()).collect(),
                SymKind::Lane => ws.lanes.iter().map(|e| e.id.to_string()).collect(),
                SymKind::Scenario => ws.scenarios.iter().map(|e| e.id.to_string()).collect(),
                SymKind::Obligation => ws.obligations.iter().map(|e| e.id.to_string()).collect(),
                _ => Vec::new(),
            };
            for id in ids {
                add(kind, id.clone(), id);
            }
        }
    }
    out.into_iter()
        .map(|(symbol, label)| {
            let about = entity(ws, &symbol).unwrap_or_default();
            let detail = match symbol.kind {
                SymKind::Person => {
                    ws.people
                        .iter()
                        .find(|p| p.id.as_str() == symbol.key)
                        .map(|p| match &p.role {
                            Some(role) => format!("{} — {role}", p.name),
                            None => p.name.clone(),
                        })
                }
                _ => about.lines().next().map(|l| l.replace("**", "")),
            };
            item(label, CompletionItemKind::REFERENCE, detail, &about)
        })
        .collect()
}
