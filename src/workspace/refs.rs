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

/// Declares [`Field`] with the name of each variant as written in the format.
macro_rules! fields {
    ($($variant:ident => $name:literal,)*) => {
        /// The field a reference is written under (one byte, where the name would take sixteen:
        /// a large workspace holds a million references).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Field {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Field {
            /// The field's name as written in the format (`call_tree.calls` for a nested one).
            pub fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                }
            }
        }
    };
}

fields! {
    ActivatedBy => "activated_by",
    After => "after",
    Alternates => "alternates",
    AppliesToScenarios => "applies_to.scenarios",
    ApprovalBy => "approval.by",
    ApprovedBy => "approved_by",
    Attendees => "attendees",
    Author => "author",
    Authority => "authority",
    BackupsSite => "backups.site",
    CallTreeCalls => "call_tree.calls",
    CallTreeRoot => "call_tree.root",
    Carriers => "carriers",
    Covers => "covers",
    DelegationsFrom => "delegations.from",
    DelegationsTo => "delegations.to",
    DependsOn => "depends_on",
    Deputy => "deputy",
    DistributionTo => "distribution.to",
    DrSite => "dr_site",
    EscalationDecide => "escalation.decide",
    EscalationNotify => "escalation.notify",
    From => "from",
    Fulfils => "fulfils",
    Hazards => "hazards",
    Implements => "implements",
    Lead => "lead",
    Measured => "measured",
    Members => "members",
    NotApplicable => "not_applicable",
    Owner => "owner",
    Procedures => "procedures",
    Provider => "provider",
    RequiredScenarios => "required_scenarios",
    Restores => "restores",
    Scenario => "scenario",
    Scenarios => "scenarios",
    Site => "site",
    Sites => "sites",
    Sources => "sources",
    SubSuppliers => "sub_suppliers",
    To => "to",
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
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
    pub field: Field,
}

struct Collector<'w> {
    refs: Vec<Ref<'w>>,
    plan: Option<&'w Plan>,
    procedure: Option<&'w Procedure>,
}

impl<'w> Collector<'w> {
    fn add(&mut self, kind: RefKind, field: Field, id: &'w Sp<Id>) {
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

    fn add_opt(&mut self, kind: RefKind, field: Field, id: Option<&'w Sp<Id>>) {
        if let Some(id) = id {
            self.add(kind, field, id);
        }
    }

    fn add_all(&mut self, kind: RefKind, field: Field, ids: &'w [Sp<Id>]) {
        for id in ids {
            self.add(kind, field, id);
        }
    }

    fn dependencies(&mut self, deps: &'w [Dependency]) {
        for dep in deps {
            match dep {
                Dependency::Site(id) => self.add(RefKind::Site, Field::DependsOn, id),
                Dependency::System(id) => self.add(RefKind::System, Field::DependsOn, id),
                Dependency::Material(id) => self.add(RefKind::Material, Field::DependsOn, id),
                Dependency::Supplier(id) => self.add(RefKind::Supplier, Field::DependsOn, id),
                Dependency::Lane(id) => self.add(RefKind::Lane, Field::DependsOn, id),
                Dependency::Activity(a) => self.refs.push(Ref {
                    kind: RefKind::Activity,
                    id: &a.value.activity,
                    activity: Some(&a.value),
                    span: a.span,
                    plan: self.plan,
                    procedure: None,
                    field: Field::DependsOn,
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
        Field::RequiredScenarios,
        &ws.config.policy.required_scenarios,
    );
    for p in &ws.people {
        c.add_opt(RefKind::Site, Field::Site, p.site.as_ref());
    }
    for s in &ws.sites {
        c.add_all(RefKind::Scenario, Field::Hazards, &s.hazards);
    }
    for s in &ws.suppliers {
        c.add_all(RefKind::Supplier, Field::SubSuppliers, &s.sub_suppliers);
    }
    for m in &ws.materials {
        c.add_all(RefKind::Supplier, Field::Sources, &m.sources);
    }
    for s in &ws.systems {
        c.add_opt(RefKind::Person, Field::Owner, s.owner.as_ref());
        c.add_opt(RefKind::Site, Field::DrSite, s.dr_site.as_ref());
        for b in &s.backups {
            c.add_opt(RefKind::Site, Field::BackupsSite, b.site.as_ref());
        }
        c.dependencies(&s.depends_on);
    }
    for o in &ws.obligations {
        if let Some(applies) = &o.applies_to {
            c.add_all(
                RefKind::Scenario,
                Field::AppliesToScenarios,
                &applies.scenarios,
            );
        }
    }
    for l in &ws.lanes {
        c.add(RefKind::Site, Field::From, &l.from);
        c.add(RefKind::Site, Field::To, &l.to);
        c.add_all(RefKind::Supplier, Field::Carriers, &l.carriers);
        c.add_all(RefKind::Lane, Field::Alternates, &l.alternates);
    }
    for plan in &ws.plans {
        c.plan = Some(plan);
        plan_refs(&mut c, plan);
        c.plan = None;
    }
    c.refs
}

fn plan_refs<'w>(c: &mut Collector<'w>, plan: &'w Plan) {
    use RefKind::{
        Activity, Person, PersonOrTeam, Procedure, Scenario, Site, Step, Supplier, System,
    };
    c.add_opt(Person, Field::Owner, plan.owner.as_ref());
    c.add_opt(Person, Field::Deputy, plan.deputy.as_ref());
    for approval in plan
        .approval
        .iter()
        .flat_map(crate::model::Approvals::entries)
    {
        c.add_opt(Person, Field::ApprovalBy, approval.by.as_ref());
    }
    c.add_all(Site, Field::Sites, &plan.sites);
    c.add_all(Scenario, Field::Scenarios, &plan.scenarios);
    for a in &plan.activities {
        c.add_opt(Person, Field::Owner, a.owner.as_ref());
        c.add_opt(Person, Field::Deputy, a.deputy.as_ref());
        c.dependencies(&a.depends_on);
        for na in &a.not_applicable {
            c.add(Scenario, Field::NotApplicable, &na.scenario);
        }
    }
    for s in &plan.strategies {
        c.add_all(Activity, Field::Covers, &s.covers);
        c.add_all(Scenario, Field::Scenarios, &s.scenarios);
        c.add_opt(Site, Field::Site, s.site.as_ref());
        match &s.provider {
            Some(crate::model::Provider::Supplier(id)) => c.add(Supplier, Field::Provider, id),
            Some(crate::model::Provider::Site(id)) => c.add(Site, Field::Provider, id),
            Some(crate::model::Provider::System(id)) => c.add(System, Field::Provider, id),
            None => {}
        }
    }
    for t in &plan.teams {
        c.add_opt(Person, Field::Lead, t.lead.as_ref());
        c.add_all(Person, Field::Alternates, &t.alternates);
        c.add_all(Person, Field::Members, &t.members);
    }
    if let Some(activation) = &plan.activation {
        c.add_all(Person, Field::Authority, &activation.authority);
        for e in &activation.escalation {
            c.add_all(Person, Field::EscalationNotify, &e.notify);
            c.add_opt(Person, Field::EscalationDecide, e.decide.as_ref());
        }
    }
    for t in &plan.training {
        c.add_all(PersonOrTeam, Field::Attendees, &t.attendees);
    }
    for d in &plan.distribution {
        c.add(PersonOrTeam, Field::DistributionTo, &d.to);
    }
    for d in &plan.delegations {
        c.add_opt(Person, Field::DelegationsFrom, d.from.as_ref());
        c.add_all(Person, Field::DelegationsTo, &d.to);
    }
    for comm in &plan.communications {
        c.add_opt(Person, Field::Owner, comm.owner.as_ref());
        c.add_all(RefKind::Obligation, Field::Fulfils, &comm.fulfils);
    }
    if let Some(tree) = &plan.call_tree {
        c.add(Person, Field::CallTreeRoot, &tree.root);
        for (caller, callees) in &tree.calls {
            c.add(Person, Field::CallTreeCalls, caller);
            c.add_all(Person, Field::CallTreeCalls, callees);
        }
    }
    for procedure in &plan.procedures {
        c.add_all(Activity, Field::Restores, &procedure.restores);
        c.add_all(Scenario, Field::Scenarios, &procedure.scenarios);
        c.add_all(RefKind::Strategy, Field::Implements, &procedure.implements);
        c.procedure = Some(procedure);
        for step in &procedure.steps {
            c.add_opt(PersonOrTeam, Field::Owner, step.owner.as_ref());
            if let Some(after) = &step.after {
                c.add_all(Step, Field::After, after);
            }
        }
        c.procedure = None;
    }
    for i in &plan.incidents {
        c.add_opt(Scenario, Field::Scenario, i.scenario.as_ref());
        c.add_opt(Person, Field::ActivatedBy, i.activated_by.as_ref());
        for procedure in i.measured.keys() {
            c.add(Procedure, Field::Measured, procedure);
        }
        for f in &i.findings {
            c.add_opt(Person, Field::Owner, f.owner.as_ref());
        }
    }
    for e in &plan.exercises {
        c.add_opt(Scenario, Field::Scenario, e.scenario.as_ref());
        c.add_all(Procedure, Field::Procedures, &e.procedures);
        for procedure in e.measured.keys() {
            c.add(Procedure, Field::Measured, procedure);
        }
        for f in &e.findings {
            c.add_opt(Person, Field::Owner, f.owner.as_ref());
        }
    }
    for w in &plan.waivers {
        c.add_opt(Person, Field::ApprovedBy, w.approved_by.as_ref());
    }
    for h in &plan.history {
        c.add_opt(Person, Field::Author, h.author.as_ref());
        c.add_opt(Person, Field::ApprovedBy, h.approved_by.as_ref());
    }
}
