//! Every place an id is defined or referred to, with the exact text range of the id, so that
//! definition, references, rename and hover all answer from one list.
//!
//! Built once per load from the model and `workspace::refs` (the one list of references), never by
//! searching the text for names.

use super::text::Lines as _;
use crate::model::{ActivityRef, Id, Plan};
use crate::workspace::Workspace;
use crate::workspace::refs::{RefKind, collect};
use crate::yaml::spanned::{FileId, Sp, Span};

/// What kind of thing an id names. Plan-scoped kinds carry the plan (and procedure) in their key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SymKind {
    Person,
    Site,
    Supplier,
    Material,
    System,
    Lane,
    Scenario,
    /// A notification duty of the Obligations register.
    Obligation,
    Plan,
    /// Key `plan/activity`.
    Activity,
    /// Key `plan/procedure`.
    Procedure,
    /// Key `plan/procedure/step`.
    Step,
    /// Key `plan/team`.
    Team,
    /// Key `plan/strategy`.
    Strategy,
    /// Key `plan/exercise` (defined only).
    Exercise,
}

impl SymKind {
    /// The word used in messages.
    pub(crate) fn word(self) -> &'static str {
        match self {
            SymKind::Person => "person",
            SymKind::Site => "site",
            SymKind::Supplier => "supplier",
            SymKind::Material => "material",
            SymKind::System => "system",
            SymKind::Lane => "lane",
            SymKind::Scenario => "scenario",
            SymKind::Obligation => "obligation",
            SymKind::Plan => "plan",
            SymKind::Activity => "activity",
            SymKind::Procedure => "procedure",
            SymKind::Step => "step",
            SymKind::Team => "team",
            SymKind::Strategy => "strategy",
            SymKind::Exercise => "exercise",
        }
    }
}

/// One entity: its kind and its workspace-wide key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Symbol {
    pub(crate) kind: SymKind,
    pub(crate) key: String,
}

impl Symbol {
    fn new(kind: SymKind, key: impl Into<String>) -> Symbol {
        Symbol {
            kind,
            key: key.into(),
        }
    }

    /// The id as written at a definition (the last part of the key).
    pub(crate) fn id(&self) -> &str {
        self.key.rsplit('/').next().unwrap_or(&self.key)
    }

    /// The same symbol with its own id replaced by `id`.
    pub(crate) fn renamed(&self, id: &str) -> Symbol {
        let key = match self.key.rsplit_once('/') {
            Some((scope, _)) => format!("{scope}/{id}"),
            None => id.to_owned(),
        };
        Symbol::new(self.kind, key)
    }
}

/// One place a symbol's id is written.
#[derive(Clone, Debug)]
pub(crate) struct Occurrence {
    pub(crate) symbol: Symbol,
    pub(crate) file: FileId,
    /// 1-based line.
    pub(crate) line: u32,
    /// 1-based column of the id's first character, in code points.
    pub(crate) col: u32,
    /// Length of the id in code points.
    pub(crate) len: u32,
    /// Whether this is where the entity is defined.
    pub(crate) definition: bool,
}

struct Collector<'w> {
    ws: &'w Workspace,
    out: Vec<Occurrence>,
}

impl Collector<'_> {
    /// Records `id` written at (or, for `plan/activity`, within) the node at `span`.
    fn add(&mut self, symbol: Symbol, span: Span, offset: usize, id: &str, definition: bool) {
        if span.pos.line == 0 || id.is_empty() {
            return;
        }
        // Through the file's line index: a scan from the start of the text for each id would
        // make a register of thousands of entries quadratic.
        let line = self.ws.sources.get(span.file).line0(span.pos.line - 1);
        let chars: Vec<char> = line.chars().collect();
        let mut col0 = span.pos.col.saturating_sub(1) as usize;
        if matches!(chars.get(col0), Some('"' | '\'')) {
            col0 += 1;
        }
        col0 += offset;
        let wanted: Vec<char> = id.chars().collect();
        let at = |c: usize| chars.get(c..c + wanted.len()) == Some(&wanted[..]);
        let found = if at(col0) {
            Some(col0)
        } else {
            // A node whose start is not where its text is (a key, a multi-line value): the nearest
            // copy of the id on the line.
            (0..chars.len())
                .filter(|&c| at(c))
                .min_by_key(|&c| c.abs_diff(col0))
        };
        let Some(col0) = found else { return };
        self.out.push(Occurrence {
            symbol,
            file: span.file,
            line: span.pos.line,
            col: u32::try_from(col0 + 1).unwrap_or(u32::MAX),
            len: u32::try_from(wanted.len()).unwrap_or(u32::MAX),
            definition,
        });
    }

    fn define(&mut self, kind: SymKind, key: String, id: &Sp<Id>) {
        self.add(Symbol::new(kind, key), id.span, 0, id.as_str(), true);
    }

    fn activity_ref(&mut self, plan: Option<&Plan>, reference: &ActivityRef, span: Span) {
        let from = plan.map_or("", |p| p.id.as_str());
        match &reference.plan {
            Some(other) => {
                self.add(
                    Symbol::new(SymKind::Plan, other.as_str()),
                    span,
                    0,
                    other.as_str(),
                    false,
                );
                let key = format!("{other}/{}", reference.activity);
                let offset = other.as_str().chars().count() + 1;
                self.add(
                    Symbol::new(SymKind::Activity, key),
                    span,
                    offset,
                    reference.activity.as_str(),
                    false,
                );
            }
            None => {
                let key = format!("{from}/{}", reference.activity);
                self.add(
                    Symbol::new(SymKind::Activity, key),
                    span,
                    0,
                    reference.activity.as_str(),
                    false,
                );
            }
        }
    }
}

/// Every definition and reference of `ws`.
pub(crate) fn occurrences(ws: &Workspace) -> Vec<Occurrence> {
    let mut c = Collector {
        ws,
        out: Vec::new(),
    };
    let registers: [(SymKind, Vec<&Sp<Id>>); 8] = [
        (SymKind::Person, ws.people.iter().map(|e| &e.id).collect()),
        (SymKind::Site, ws.sites.iter().map(|e| &e.id).collect()),
        (
            SymKind::Supplier,
            ws.suppliers.iter().map(|e| &e.id).collect(),
        ),
        (
            SymKind::Material,
            ws.materials.iter().map(|e| &e.id).collect(),
        ),
        (SymKind::System, ws.systems.iter().map(|e| &e.id).collect()),
        (SymKind::Lane, ws.lanes.iter().map(|e| &e.id).collect()),
        (
            SymKind::Scenario,
            ws.scenarios.iter().map(|e| &e.id).collect(),
        ),
        (
            SymKind::Obligation,
            ws.obligations.iter().map(|e| &e.id).collect(),
        ),
    ];
    for (kind, ids) in registers {
        for id in ids {
            c.define(kind, id.to_string(), id);
        }
    }
    for plan in &ws.plans {
        let p = plan.id.as_str();
        c.define(SymKind::Plan, p.to_owned(), &plan.id);
        for a in &plan.activities {
            c.define(SymKind::Activity, format!("{p}/{}", a.id), &a.id);
        }
        for t in &plan.teams {
            c.define(SymKind::Team, format!("{p}/{}", t.id), &t.id);
        }
        for s in &plan.strategies {
            c.define(SymKind::Strategy, format!("{p}/{}", s.id), &s.id);
        }
        for e in &plan.exercises {
            c.define(SymKind::Exercise, format!("{p}/{}", e.id), &e.id);
        }
        for procedure in &plan.procedures {
            let key = format!("{p}/{}", procedure.id);
            c.define(SymKind::Procedure, key.clone(), &procedure.id);
            for step in &procedure.steps {
                if let Some(id) = &step.id {
                    c.define(SymKind::Step, format!("{key}/{id}"), id);
                }
            }
        }
    }
    for r in collect(ws) {
        let plan_id = r.plan.map_or("", |p| p.id.as_str());
        let id = r.id.as_str();
        let kind = match r.kind {
            RefKind::Activity => {
                if let Some(a) = r.activity {
                    c.activity_ref(r.plan, a, r.span);
                } else {
                    let a = ActivityRef {
                        plan: None,
                        activity: r.id.clone(),
                    };
                    c.activity_ref(r.plan, &a, r.span);
                }
                continue;
            }
            RefKind::Person => Symbol::new(SymKind::Person, id),
            RefKind::Site => Symbol::new(SymKind::Site, id),
            RefKind::Supplier => Symbol::new(SymKind::Supplier, id),
            RefKind::Material => Symbol::new(SymKind::Material, id),
            RefKind::System => Symbol::new(SymKind::System, id),
            RefKind::Lane => Symbol::new(SymKind::Lane, id),
            RefKind::Scenario => Symbol::new(SymKind::Scenario, id),
            RefKind::Procedure => Symbol::new(SymKind::Procedure, format!("{plan_id}/{id}")),
            RefKind::Strategy => Symbol::new(SymKind::Strategy, format!("{plan_id}/{id}")),
            RefKind::Obligation => Symbol::new(SymKind::Obligation, id),
            RefKind::Step => {
                let procedure = r.procedure.map_or("", |p| p.id.as_str());
                Symbol::new(SymKind::Step, format!("{plan_id}/{procedure}/{id}"))
            }
            RefKind::PersonOrTeam => {
                if r.plan
                    .is_some_and(|p| p.teams.iter().any(|t| t.id.as_str() == id))
                {
                    Symbol::new(SymKind::Team, format!("{plan_id}/{id}"))
                } else {
                    Symbol::new(SymKind::Person, id)
                }
            }
        };
        c.add(kind, r.span, 0, id, false);
    }
    waiver_targets(&mut c);
    c.out
}

/// A waiver's `target` names the id its rule's finding is about, of any kind: it counts as a
/// reference when exactly one entity (in the registers, or in the waiver's plan) has that id.
fn waiver_targets(c: &mut Collector<'_>) {
    let definitions: Vec<Symbol> = c
        .out
        .iter()
        .filter(|o| o.definition && o.symbol.kind != SymKind::Step)
        .map(|o| o.symbol.clone())
        .collect();
    for plan in &c.ws.plans {
        let scope = format!("{}/", plan.id);
        for waiver in &plan.waivers {
            let target = waiver.target.value.as_str();
            let mut named = definitions.iter().filter(|d| {
                d.id() == target && (!d.key.contains('/') || d.key.starts_with(&scope))
            });
            if let (Some(symbol), None) = (named.next(), named.next()) {
                let symbol = symbol.clone();
                c.add(symbol, waiver.target.span, 0, target, false);
            }
        }
    }
}
