//! Every reference between documents, listed once.
//!
//! `unknown-reference` checks each against the index; `unused-entity` counts what plans refer to.
//! Listing them here keeps "what refers to what" (format.md) in one place.

use crate::model::{ActivityRef, Dependency, Id, Plan, Procedure};
use crate::yaml::spanned::{Sp, Span};

use super::Workspace;

/// What kind of entity a reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// A person.
    Person,
    /// A site.
    Site,
    /// A supplier.
    Supplier,
    /// A material.
    Material,
    /// A system.
    System,
    /// A lane.
    Lane,
    /// A scenario.
    Scenario,
    /// An activity (of the plan, or `plan/activity`).
    Activity,
    /// A procedure of the same plan.
    Procedure,
    /// A step of the same procedure.
    Step,
    /// A strategy of the same plan.
    Strategy,
    /// An obligation (Obligations register).
    Obligation,
    /// A person, or a team of the same plan.
    PersonOrTeam,
}

impl RefKind {
    /// The word used in messages and in the `broken` set.
    pub fn word(self) -> &'static str {
        match self {
            RefKind::Person => "person",
            RefKind::Site => "site",
            RefKind::Supplier => "supplier",
            RefKind::Material => "material",
            RefKind::System => "system",
            RefKind::Lane => "lane",
            RefKind::Scenario => "scenario",
            RefKind::Activity => "activity",
            RefKind::Procedure => "procedure",
            RefKind::Step => "step",
            RefKind::Strategy => "strategy",
            RefKind::Obligation => "obligation",
            RefKind::PersonOrTeam => "person or team",
        }
    }
}

/// One reference.
#[derive(Clone, Debug)]
pub struct Ref<'w> {
    /// What it names.
    pub kind: RefKind,
    /// The id written.
    pub id: &'w Id,
    /// For activity references, the full reference.
    pub activity: Option<&'w ActivityRef>,
    /// Where it is written.
    pub span: Span,
    /// The plan it is written in, if any.
    pub plan: Option<&'w Plan>,
    /// The procedure it is written in, for step references.
    pub procedure: Option<&'w Procedure>,
    /// The field it is written under, for messages.
    pub field: &'static str,
}

struct Collector<'w> {
    refs: Vec<Ref<'w>>,
    plan: Option<&'w Plan>,
    procedure: Option<&'w Procedure>,
}

impl<'w> Collector<'w> {
    fn add(&mut self, kind: RefKind, field: &'static str, id: &'w Sp<Id>) {
        self.refs.push(Ref {
            kind,
            id: &id.value,
            activity: None,
            span: id.span,
            plan: self.plan,
            procedure: self.procedure,
            field,
        });
    }

    fn add_opt(&mut self, kind: RefKind, field: &'static str, id: Option<&'w Sp<Id>>) {
        if let Some(id) = id {
            self.add(kind, field, id);
        }
    }

    fn add_all(&mut self, kind: RefKind, field: &'static str, ids: &'w [Sp<Id>]) {
        for id in ids {
            self.add(kind, field, id);
        }
    }

    fn dependencies(&mut self, deps: &'w [Dependency]) {
        for dep in deps {
            match dep {
                Dependency::Site(id) => self.add(RefKind::Site, "depends_on", id),
                Dependency::System(id) => self.add(RefKind::System, "depends_on", id),
                Dependency::Material(id) => self.add(RefKind::Material, "depends_on", id),
                Dependency::Supplier(id) => self.add(RefKind::Supplier, "depends_on", id),
                Dependency::Lane(id) => self.add(RefKind::Lane, "depends_on", id),
                Dependency::Activity(a) => self.refs.push(Ref {
                    kind: RefKind::Activity,
                    id: &a.value.activity,
                    activity: Some(&a.value),
                    span: a.span,
                    plan: self.plan,
                    procedure: None,
                    field: "depends_on",
                }),
            }
        }
    }
}

/// Lists every reference of the workspace, registers first, then plans in order.
pub fn collect(ws: &Workspace) -> Vec<Ref<'_>> {
    let mut c = Collector {
        refs: Vec::new(),
        plan: None,
        procedure: None,
    };
    c.add_all(
        RefKind::Scenario,
        "required_scenarios",
        &ws.config.policy.required_scenarios,
    );
    for p in &ws.people {
        c.add_opt(RefKind::Site, "site", p.site.as_ref());
    }
    for s in &ws.sites {
        c.add_all(RefKind::Scenario, "hazards", &s.hazards);
    }
    for s in &ws.suppliers {
        c.add_all(RefKind::Supplier, "sub_suppliers", &s.sub_suppliers);
    }
    for m in &ws.materials {
        c.add_all(RefKind::Supplier, "sources", &m.sources);
    }
    for s in &ws.systems {
        c.add_opt(RefKind::Person, "owner", s.owner.as_ref());
        c.add_opt(RefKind::Site, "dr_site", s.dr_site.as_ref());
        for b in &s.backups {
            c.add_opt(RefKind::Site, "backups.site", b.site.as_ref());
        }
        c.dependencies(&s.depends_on);
    }
    for o in &ws.obligations {
        if let Some(applies) = &o.applies_to {
            c.add_all(
                RefKind::Scenario,
                "applies_to.scenarios",
                &applies.scenarios,
            );
        }
    }
    for l in &ws.lanes {
        c.add(RefKind::Site, "from", &l.from);
        c.add(RefKind::Site, "to", &l.to);
        c.add_all(RefKind::Supplier, "carriers", &l.carriers);
        c.add_all(RefKind::Lane, "alternates", &l.alternates);
    }
    for plan in &ws.plans {
        c.plan = Some(plan);
        plan_refs(&mut c, plan);
        c.plan = None;
    }
    c.refs
}

fn plan_refs<'w>(c: &mut Collector<'w>, plan: &'w Plan) {
    use RefKind::{Activity, Person, PersonOrTeam, Procedure, Scenario, Site, Step};
    c.add_opt(Person, "owner", plan.owner.as_ref());
    c.add_opt(Person, "deputy", plan.deputy.as_ref());
    for approval in plan
        .approval
        .iter()
        .flat_map(crate::model::Approvals::entries)
    {
        c.add_opt(Person, "approval.by", approval.by.as_ref());
    }
    c.add_all(Site, "sites", &plan.sites);
    c.add_all(Scenario, "scenarios", &plan.scenarios);
    for a in &plan.activities {
        c.add_opt(Person, "owner", a.owner.as_ref());
        c.add_opt(Person, "deputy", a.deputy.as_ref());
        c.dependencies(&a.depends_on);
        for na in &a.not_applicable {
            c.add(Scenario, "not_applicable", &na.scenario);
        }
    }
    for s in &plan.strategies {
        c.add_all(Activity, "covers", &s.covers);
        c.add_all(Scenario, "scenarios", &s.scenarios);
        c.add_opt(Site, "site", s.site.as_ref());
        match &s.provider {
            Some(crate::model::Provider::Supplier(id)) => c.add(RefKind::Supplier, "provider", id),
            Some(crate::model::Provider::Site(id)) => c.add(Site, "provider", id),
            Some(crate::model::Provider::System(id)) => c.add(RefKind::System, "provider", id),
            None => {}
        }
    }
    for t in &plan.teams {
        c.add_opt(Person, "lead", t.lead.as_ref());
        c.add_all(Person, "alternates", &t.alternates);
        c.add_all(Person, "members", &t.members);
    }
    if let Some(activation) = &plan.activation {
        c.add_all(Person, "authority", &activation.authority);
        for e in &activation.escalation {
            c.add_all(Person, "escalation.notify", &e.notify);
            c.add_opt(Person, "escalation.decide", e.decide.as_ref());
        }
    }
    for t in &plan.training {
        c.add_all(PersonOrTeam, "attendees", &t.attendees);
    }
    for d in &plan.distribution {
        c.add(PersonOrTeam, "distribution.to", &d.to);
    }
    for d in &plan.delegations {
        c.add_opt(Person, "delegations.from", d.from.as_ref());
        c.add_all(Person, "delegations.to", &d.to);
    }
    for comm in &plan.communications {
        c.add_opt(Person, "owner", comm.owner.as_ref());
        c.add_all(RefKind::Obligation, "fulfils", &comm.fulfils);
    }
    if let Some(tree) = &plan.call_tree {
        c.add(Person, "call_tree.root", &tree.root);
        for (caller, callees) in &tree.calls {
            c.add(Person, "call_tree.calls", caller);
            c.add_all(Person, "call_tree.calls", callees);
        }
    }
    for procedure in &plan.procedures {
        c.add_all(Activity, "restores", &procedure.restores);
        c.add_all(Scenario, "scenarios", &procedure.scenarios);
        c.add_all(RefKind::Strategy, "implements", &procedure.implements);
        c.procedure = Some(procedure);
        for step in &procedure.steps {
            c.add_opt(PersonOrTeam, "owner", step.owner.as_ref());
            if let Some(after) = &step.after {
                c.add_all(Step, "after", after);
            }
        }
        c.procedure = None;
    }
    for i in &plan.incidents {
        c.add_opt(Scenario, "scenario", i.scenario.as_ref());
        c.add_opt(Person, "activated_by", i.activated_by.as_ref());
        for procedure in i.measured.keys() {
            c.add(Procedure, "measured", procedure);
        }
        for f in &i.findings {
            c.add_opt(Person, "owner", f.owner.as_ref());
        }
    }
    for e in &plan.exercises {
        c.add_opt(Scenario, "scenario", e.scenario.as_ref());
        c.add_all(Procedure, "procedures", &e.procedures);
        for procedure in e.measured.keys() {
            c.add(Procedure, "measured", procedure);
        }
        for f in &e.findings {
            c.add_opt(Person, "owner", f.owner.as_ref());
        }
    }
    for w in &plan.waivers {
        c.add_opt(Person, "approved_by", w.approved_by.as_ref());
    }
    for h in &plan.history {
        c.add_opt(Person, "author", h.author.as_ref());
        c.add_opt(Person, "approved_by", h.approved_by.as_ref());
    }
}
