//! The business impact analysis in the view: activities by priority, the recovery timeline, the
//! dependency graph, the strategies and the coverage matrix (from `rules::coverage`, the same
//! matrix `scenario-uncovered` judges).

use serde::Serialize;

use super::coverage::{CoverageView, coverage};
use super::dependencies::dependency_graph;
use super::people::PersonView;
use super::{Ctx, GraphView, NameRef, enum_name, label};
use crate::model::{Activity, Dependency, Duration, Impact, Plan, Provider, Rating, System};
use crate::render::charts::{TimelineRow, timeline};
use crate::render::rich::{Markup, Rich};
use crate::yaml::spanned::Sp;

/// A dependency of an activity.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DepView {
    /// Kind (`system`, `site`...).
    pub(crate) kind: String,
    /// Id and name.
    #[serde(flatten)]
    pub(crate) target: NameRef,
}

/// A label and a value.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LabelValue {
    /// Label.
    pub(crate) label: String,
    /// Value.
    pub(crate) value: String,
}

/// The impact in one dimension: its rating and, when given, the amount in words.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RatingView {
    /// Dimension label (`Financial`).
    pub(crate) label: String,
    /// Rating (`high`), when rated.
    pub(crate) value: Option<String>,
    /// The amount behind it (`EUR 400k/day`), when given.
    pub(crate) amount: Option<String>,
}

/// Impact ratings after an outage of a given length.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ImpactView {
    /// Outage length.
    pub(crate) after: String,
    /// Ratings by dimension, in a fixed order.
    pub(crate) ratings: Vec<RatingView>,
}

/// An activity of the impact analysis.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ActivityView {
    /// Id and name.
    #[serde(flatten)]
    pub(crate) activity: NameRef,
    /// Recovery order, 1 first.
    pub(crate) priority: Option<u32>,
    /// Owner.
    pub(crate) owner: Option<PersonView>,
    /// Deputy.
    pub(crate) deputy: Option<PersonView>,
    /// Maximum tolerable period of disruption.
    pub(crate) mtpd: Option<String>,
    /// Recovery time objective.
    pub(crate) rto: Option<String>,
    /// Recovery point objective.
    pub(crate) rpo: Option<String>,
    /// Minimum business continuity objective.
    pub(crate) mbco: Option<String>,
    /// Customer commitment.
    pub(crate) customer_commitment: Option<String>,
    /// What it depends on.
    pub(crate) depends_on: Vec<DepView>,
    /// Resources at minimum output.
    pub(crate) resources: Vec<LabelValue>,
    /// Impact growth.
    pub(crate) impacts: Vec<ImpactView>,
    /// Manual workaround (Markdown).
    pub(crate) workaround: Option<Rich>,
    /// What the activity is (Markdown).
    pub(crate) description: Option<Rich>,
    /// Why its MTPD, RTO and RPO are what they are (Markdown).
    pub(crate) justification: Option<Rich>,
}

/// What provides a strategy: a supplier, a site or a system.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ProviderView {
    /// `supplier`, `site` or `system`.
    pub(crate) kind: String,
    /// Id and name.
    #[serde(flatten)]
    pub(crate) target: NameRef,
}

/// One backup or replica of a system.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BackupView {
    /// Type label (`Replication`).
    pub(crate) kind_label: String,
    /// How often it runs.
    pub(crate) every: Option<String>,
    /// How long copies are kept.
    pub(crate) retention: Option<String>,
    /// Where the copy is kept.
    pub(crate) site: Option<NameRef>,
    /// Whether copies cannot be changed before their retention ends.
    pub(crate) immutable: Option<bool>,
    /// Whether copies are kept off the network.
    pub(crate) offline: Option<bool>,
}

/// A system the plan depends on, with its achievable recovery and its backups.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SystemView {
    /// Id and name.
    #[serde(flatten)]
    pub(crate) system: NameRef,
    /// Achievable recovery time.
    pub(crate) rto: Option<String>,
    /// Achievable data-loss window.
    pub(crate) rpo: Option<String>,
    /// Site it fails over to.
    pub(crate) dr_site: Option<NameRef>,
    /// Its backups, in register order.
    pub(crate) backups: Vec<BackupView>,
}

/// What one impact rating level means in the organisation.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ScaleLevel {
    /// The rating (`high`).
    pub(crate) rating: String,
    /// The organisation's criteria.
    pub(crate) criteria: String,
}

/// A strategy.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StrategyView {
    /// Id.
    pub(crate) id: String,
    /// Type (`alternate-site`) and label.
    pub(crate) kind: String,
    /// Type label.
    pub(crate) kind_label: String,
    /// Activities covered.
    pub(crate) covers: Vec<NameRef>,
    /// Scenarios answered.
    pub(crate) scenarios: Vec<NameRef>,
    /// Alternate site.
    pub(crate) site: Option<NameRef>,
    /// Capacity provided.
    pub(crate) capacity: Option<String>,
    /// Time to bring it into effect.
    pub(crate) ready_within: Option<String>,
    /// How it works (Markdown).
    pub(crate) description: Option<Rich>,
    /// The supplier, site or system that provides it.
    pub(crate) provider: Option<ProviderView>,
    /// The contract or SLA it rests on.
    pub(crate) agreement: Option<String>,
}

/// Impact analysis, charts, strategies and coverage.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Bia {
    /// Activities by priority (then plan order).
    pub(crate) activities: Vec<ActivityView>,
    /// Recovery timeline (SVG), when any activity has an RTO or MTPD.
    pub(crate) timeline: Option<Markup>,
    /// Dependency graph, when any activity has dependencies.
    pub(crate) dependencies: Option<GraphView>,
    /// Strategies.
    pub(crate) strategies: Vec<StrategyView>,
    /// Coverage matrix.
    pub(crate) coverage: CoverageView,
    /// The systems the activities depend on, directly or through other systems, in register order.
    pub(crate) systems: Vec<SystemView>,
    /// The organisation's criteria for each impact rating, `none` to `severe` (only those given).
    pub(crate) impact_scale: Vec<ScaleLevel>,
}

/// The impact analysis part of `plan`'s view.
pub(super) fn bia(ctx: &Ctx<'_>, plan: &Plan) -> Bia {
    let mut order: Vec<&Activity> = plan.activities.iter().collect();
    order.sort_by_key(|a| a.priority.as_ref().map_or(u32::MAX, |p| p.value));
    let rows: Vec<TimelineRow> = order
        .iter()
        .map(|a| TimelineRow {
            label: ctx.text(&a.name),
            rto: a.rto.as_ref().map(span),
            mtpd: a.mtpd.as_ref().map(span),
            commitment: a.customer_commitment.as_ref().map(span),
            strategies: plan
                .strategies
                .iter()
                .filter(|s| s.covers.iter().any(|c| c.value == a.id.value))
                .filter_map(|s| Some((s.id.to_string(), span(s.ready_within.as_ref()?))))
                .collect(),
        })
        .collect();
    let graph = dependency_graph(ctx, plan, &order);
    Bia {
        activities: order.iter().map(|a| activity(ctx, plan, a)).collect(),
        timeline: timeline(&rows).map(Markup),
        dependencies: (!graph.edges.is_empty()).then(|| GraphView {
            svg: Markup(graph.svg()),
            mermaid: Markup(graph.mermaid()),
            nodes: graph.nodes.len(),
        }),
        strategies: plan
            .strategies
            .iter()
            .map(|s| StrategyView {
                id: s.id.to_string(),
                kind: enum_name(&s.strategy_type.value),
                kind_label: label(s.strategy_type.value.as_str()),
                covers: s
                    .covers
                    .iter()
                    .map(|c| activity_ref(ctx, plan, c.as_str()))
                    .collect(),
                scenarios: s.scenarios.iter().map(|sc| ctx.scenario(sc)).collect(),
                site: s.site.as_ref().map(|id| {
                    NameRef::new(
                        id.as_str(),
                        ctx.index.sites.get(id.as_str()).map(|s| ctx.text(&s.name)),
                    )
                }),
                capacity: ctx.opt_text(s.capacity.as_deref()),
                ready_within: s.ready_within.as_ref().map(|d| d.value.to_string()),
                description: ctx.rich(s.description.as_deref()),
                provider: s.provider.as_ref().map(|p| provider(ctx, plan, p)),
                agreement: ctx.opt_text(s.agreement.as_deref()),
            })
            .collect(),
        coverage: coverage(ctx, plan),
        systems: systems(ctx, plan),
        impact_scale: impact_scale(ctx),
    }
}

/// The provider of a strategy, named.
fn provider(ctx: &Ctx<'_>, plan: &Plan, p: &Provider) -> ProviderView {
    let dep = match p {
        Provider::Supplier(id) => Dependency::Supplier(id.clone()),
        Provider::Site(id) => Dependency::Site(id.clone()),
        Provider::System(id) => Dependency::System(id.clone()),
    };
    ProviderView {
        kind: dep.kind().to_owned(),
        target: dependency_name(ctx, plan, &dep),
    }
}

/// The systems `plan`'s activities depend on, directly or through other systems.
fn systems(ctx: &Ctx<'_>, plan: &Plan) -> Vec<SystemView> {
    let mut queue: Vec<&str> = plan
        .activities
        .iter()
        .flat_map(|a| &a.depends_on)
        .filter_map(|d| match d {
            Dependency::System(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut found: Vec<&System> = Vec::new();
    while let Some(id) = queue.pop() {
        // Each system once: systems may depend on each other in a cycle.
        if !seen.insert(id) {
            continue;
        }
        let Some(system) = ctx.index.systems.get(id).copied() else {
            continue;
        };
        found.push(system);
        queue.extend(system.depends_on.iter().filter_map(|d| match d {
            Dependency::System(id) => Some(id.as_str()),
            _ => None,
        }));
    }
    found.sort_by_key(|s| s.id.span);
    let site = |id: &Sp<crate::model::Id>| {
        NameRef::new(
            id.as_str(),
            ctx.index.sites.get(id.as_str()).map(|s| ctx.text(&s.name)),
        )
    };
    found
        .into_iter()
        .map(|s| SystemView {
            system: NameRef::new(s.id.as_str(), Some(ctx.text(&s.name))),
            rto: s.rto.as_ref().map(|d| d.value.to_string()),
            rpo: s.rpo.as_ref().map(|d| d.value.to_string()),
            dr_site: s.dr_site.as_ref().map(site),
            backups: s
                .backups
                .iter()
                .map(|b| BackupView {
                    kind_label: label(&enum_name(&b.backup_type.value)),
                    every: b.every.as_ref().map(|d| d.value.to_string()),
                    retention: b.retention.as_ref().map(|d| d.value.to_string()),
                    site: b.site.as_ref().map(site),
                    immutable: b.immutable,
                    offline: b.offline,
                })
                .collect(),
        })
        .collect()
}

/// The workspace's impact scale, `none` to `severe`, each level with criteria text.
fn impact_scale(ctx: &Ctx<'_>) -> Vec<ScaleLevel> {
    let Some(scale) = ctx.ws.config.policy.impact_scale.as_ref() else {
        return Vec::new();
    };
    [
        (Rating::None, &scale.none),
        (Rating::Low, &scale.low),
        (Rating::Medium, &scale.medium),
        (Rating::High, &scale.high),
        (Rating::Severe, &scale.severe),
    ]
    .into_iter()
    .filter_map(|(rating, text)| {
        Some(ScaleLevel {
            rating: rating.as_str().to_owned(),
            criteria: ctx.opt_text(text.as_deref())?,
        })
    })
    .collect()
}

/// A duration for the chart: its minutes and its text as the tables show it (as written).
fn span(d: &Sp<Duration>) -> crate::render::charts::Span {
    (d.minutes(), d.value.to_string())
}

/// An activity of `plan` by id, named.
pub(super) fn activity_ref(ctx: &Ctx<'_>, plan: &Plan, id: &str) -> NameRef {
    let name = plan
        .activities
        .iter()
        .find(|a| a.id.as_str() == id)
        .map(|a| ctx.text(&a.name));
    NameRef::new(id, name)
}

fn activity(ctx: &Ctx<'_>, plan: &Plan, a: &Activity) -> ActivityView {
    let dur = |d: Option<&Sp<Duration>>| d.map(|d| d.value.to_string());
    let resources = a.resources.as_ref().map_or_else(Vec::new, |r| {
        [
            ("People", &r.people),
            ("Equipment", &r.equipment),
            ("IT and communications", &r.ict),
            ("Facilities", &r.facilities),
            ("Information", &r.information),
        ]
        .into_iter()
        .filter_map(|(l, v)| {
            Some(LabelValue {
                label: l.to_owned(),
                value: ctx.opt_text(v.as_deref())?,
            })
        })
        .collect()
    });
    ActivityView {
        activity: NameRef::new(a.id.as_str(), Some(ctx.text(&a.name))),
        priority: a.priority.as_ref().map(|p| p.value),
        owner: ctx.opt_person(a.owner.as_ref()),
        deputy: ctx.opt_person(a.deputy.as_ref()),
        mtpd: dur(a.mtpd.as_ref()),
        rto: dur(a.rto.as_ref()),
        rpo: dur(a.rpo.as_ref()),
        mbco: ctx.opt_text(a.mbco.as_deref()),
        customer_commitment: dur(a.customer_commitment.as_ref()),
        depends_on: a
            .depends_on
            .iter()
            .map(|d| DepView {
                kind: d.kind().to_owned(),
                target: dependency_name(ctx, plan, d),
            })
            .collect(),
        resources,
        impacts: a
            .impacts
            .iter()
            .map(|i| ImpactView {
                after: i.after.value.to_string(),
                ratings: impact_ratings(ctx, i),
            })
            .collect(),
        workaround: ctx.rich(a.workaround.as_deref()),
        description: ctx.rich(a.description.as_deref()),
        justification: ctx.rich(a.justification.as_deref()),
    }
}

/// The rated (or quantified) dimensions of one impact row, in the fixed order.
fn impact_ratings(ctx: &Ctx<'_>, i: &Impact) -> Vec<RatingView> {
    let values = i.values.as_ref();
    i.dimensions()
        .into_iter()
        .filter_map(|(d, r)| {
            let amount = values.and_then(|v| {
                let text = match d {
                    "financial" => &v.financial,
                    "customer" => &v.customer,
                    "legal" => &v.legal,
                    "reputation" => &v.reputation,
                    "safety" => &v.safety,
                    "operational" => &v.operational,
                    "environmental" => &v.environmental,
                    _ => &None,
                };
                ctx.opt_text(text.as_deref())
            });
            let value = r.map(|r| r.value.as_str().to_owned());
            (value.is_some() || amount.is_some()).then(|| RatingView {
                label: label(d),
                value,
                amount,
            })
        })
        .collect()
}

/// The id and name of what a dependency names.
pub(super) fn dependency_name(ctx: &Ctx<'_>, plan: &Plan, dep: &Dependency) -> NameRef {
    let id = dep.target().into_owned();
    let i = &ctx.index;
    let name: Option<&str> = match dep {
        Dependency::Site(s) => i.sites.get(s.as_str()).map(|x| x.name.as_str()),
        Dependency::System(s) => i.systems.get(s.as_str()).map(|x| x.name.as_str()),
        Dependency::Material(s) => i.materials.get(s.as_str()).map(|x| x.name.as_str()),
        Dependency::Supplier(s) => i.suppliers.get(s.as_str()).map(|x| x.name.as_str()),
        Dependency::Lane(s) => i.lanes.get(s.as_str()).and_then(|x| x.name.as_deref()),
        Dependency::Activity(a) => i
            .activity(plan.id.as_str(), &a.value)
            .map(|(_, x)| x.name.as_str()),
    };
    // Another plan's activity is named with the plan it belongs to: `Name (plan/activity)`.
    let other_plan = matches!(dep, Dependency::Activity(a)
        if a.value.plan.as_ref().is_some_and(|p| *p != plan.id.value));
    let shown = match name {
        Some(n) if other_plan => format!("{n} ({id})"),
        n => n.map_or_else(|| id.clone(), str::to_owned),
    };
    NameRef::new(&id, Some(ctx.text(&shown)))
}
