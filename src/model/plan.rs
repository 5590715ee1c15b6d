//! The `Plan` document: a business continuity plan with its impact analysis, strategies, teams,
//! activation, communications, call tree, procedures, exercises, waivers and history.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ActivityRef, Date, Duration, Id, Rating};
use crate::yaml::spanned::Sp;

/// A `kind: Plan` document.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always `bcplan/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Always `Plan`.
    pub kind: String,
    /// Unique id of the plan, e.g. `dongguan-mfg`.
    pub id: Sp<Id>,
    /// Title shown on the runbook cover.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub title: String,
    /// Business domain the plan covers.
    #[serde(default)]
    pub domain: Option<Domain>,
    /// Person accountable for the plan (people id).
    #[serde(default)]
    pub owner: Option<Sp<Id>>,
    /// Person who stands in for the owner (people id).
    #[serde(default)]
    pub deputy: Option<Sp<Id>>,
    /// Document version, quoted: `"4.1"`.
    #[serde(default)]
    pub version: Option<String>,
    /// Lifecycle status.
    pub status: Sp<Status>,
    /// Information classification, shown as a banner on every page.
    #[serde(default)]
    pub classification: Option<Classification>,
    /// Who approved the current version, and when: one `{ by, date }`, or a list of
    /// `{ by, role, date }` when several must approve (e.g. plan owner and top management).
    #[serde(default)]
    pub approval: Option<Approvals>,
    /// Review cycle.
    #[serde(default)]
    pub review: Option<Review>,
    /// Why the plan exists (markdown).
    #[serde(default)]
    pub purpose: Option<String>,
    /// What the plan covers and excludes (markdown).
    #[serde(default)]
    pub scope: Option<String>,
    /// Recovery objectives in plain words.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Assumptions the plan relies on.
    #[serde(default)]
    pub assumptions: Vec<String>,
    /// Sites the plan covers (site ids).
    #[serde(default)]
    pub sites: Vec<Sp<Id>>,
    /// Scenarios in scope (scenario ids).
    #[serde(default)]
    pub scenarios: Vec<Sp<Id>>,
    /// The business impact analysis: activities and their recovery objectives.
    #[serde(default, deserialize_with = "super::checked::compact")]
    pub activities: Vec<Activity>,
    /// Continuity strategies and solutions.
    #[serde(default, deserialize_with = "super::checked::compact")]
    pub strategies: Vec<Strategy>,
    /// Response and recovery teams.
    #[serde(default)]
    pub teams: Vec<Team>,
    /// How and by whom the plan is invoked.
    #[serde(default)]
    pub activation: Option<Activation>,
    /// Who tells whom what, when and how.
    #[serde(default)]
    pub communications: Vec<Communication>,
    /// Who calls whom when the plan is invoked.
    #[serde(default)]
    pub call_tree: Option<CallTree>,
    /// The runbook procedures.
    #[serde(default, deserialize_with = "super::checked::compact")]
    pub procedures: Vec<Procedure>,
    /// Exercises held, with results and findings.
    #[serde(default, deserialize_with = "super::checked::compact")]
    pub exercises: Vec<Exercise>,
    /// Real activations of the plan: what happened, how long procedures took, what was learnt.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// Training and awareness sessions held for the people of the plan.
    #[serde(default)]
    pub training: Vec<Training>,
    /// Who holds a copy of the plan, and in what form.
    #[serde(default)]
    pub distribution: Vec<Distribution>,
    /// Delegations of authority: who acts for whom, in what order, within what limits.
    #[serde(default)]
    pub delegations: Vec<Delegation>,
    /// Accepted risks: findings deliberately tolerated until they expire.
    #[serde(default)]
    pub waivers: Vec<Waiver>,
    /// Change history, oldest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}

/// Business domain of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// Procurement and supplier management.
    Procurement,
    /// Manufacturing.
    Manufacturing,
    /// Logistics and distribution.
    Logistics,
    /// Technical and customer services.
    Services,
    /// Anything else.
    Other,
}

/// Lifecycle status of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Being written.
    Draft,
    /// Submitted for approval.
    InReview,
    /// Approved and in force.
    Approved,
    /// No longer in force.
    Retired,
}

/// Information classification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Classification {
    /// May be shared publicly.
    Public,
    /// Internal use.
    Internal,
    /// Confidential.
    Confidential,
    /// Restricted to named people.
    Restricted,
}

/// Approval of the current version by one approver.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Approver (people id).
    #[serde(default)]
    pub by: Option<Sp<Id>>,
    /// In what capacity they approve, e.g. `Plan owner`, `Top management`.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub role: Option<String>,
    /// Date of approval.
    #[serde(default)]
    pub date: Option<Sp<Date>>,
}

/// The approval of a plan: one approver, or several who must all approve.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Approvals {
    /// One approver: `{ by, date }`.
    One(Approval),
    /// Several approvers, all of whom must approve: `[{ by, role, date }, ...]`.
    Several(Vec<Approval>),
}

impl Approvals {
    /// Every approver's entry.
    pub fn entries(&self) -> &[Approval] {
        match self {
            Approvals::One(a) => std::slice::from_ref(a),
            Approvals::Several(list) => list,
        }
    }

    /// The first approver's entry, if any.
    pub fn first(&self) -> Option<&Approval> {
        self.entries().first()
    }
}

// By hand rather than `untagged`, which would buffer the value and lose the positions of its fields.
impl<'de> Deserialize<'de> for Approvals {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ApprovalsVisitor;
        impl<'de> serde::de::Visitor<'de> for ApprovalsVisitor {
            type Value = Approvals;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an approval `{ by, date }` or a list of them")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                map: M,
            ) -> Result<Approvals, M::Error> {
                Approval::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Approvals::One)
            }
            fn visit_seq<S: serde::de::SeqAccess<'de>>(
                self,
                seq: S,
            ) -> Result<Approvals, S::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(Approvals::Several)
            }
        }
        deserializer.deserialize_any(ApprovalsVisitor)
    }
}

/// Review cycle of a plan.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Date of the last review.
    #[serde(default)]
    pub last: Option<Sp<Date>>,
    /// Review interval for this plan, overriding `policy.review_every`.
    #[serde(default)]
    pub every: Option<Sp<Duration>>,
}

/// An activity of the business impact analysis.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Id, unique within the plan, e.g. `smt-assembly`.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// Person accountable for the activity (people id).
    #[serde(default)]
    pub owner: Option<Sp<Id>>,
    /// Person who stands in for the owner (people id).
    #[serde(default)]
    pub deputy: Option<Sp<Id>>,
    /// Recovery order, 1 first.
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::positive")]
    #[schemars(range(min = 1))]
    pub priority: Option<Sp<u32>>,
    /// Maximum tolerable period of disruption.
    #[serde(default)]
    pub mtpd: Option<Sp<Duration>>,
    /// Recovery time objective.
    #[serde(default)]
    pub rto: Option<Sp<Duration>>,
    /// Recovery point objective (needed when the activity depends on a system).
    #[serde(default)]
    pub rpo: Option<Sp<Duration>>,
    /// What the activity is and does (markdown).
    #[serde(default)]
    pub description: Option<String>,
    /// Why the mtpd, rto and rpo are what they are (markdown): the evidence behind the numbers.
    #[serde(default)]
    pub justification: Option<String>,
    /// Minimum business continuity objective: the reduced output that is acceptable.
    #[serde(default)]
    pub mbco: Option<String>,
    /// Contractual or service-level limit towards customers, where one exists.
    #[serde(default)]
    pub customer_commitment: Option<Sp<Duration>>,
    /// How impact grows with the length of the outage.
    #[serde(default, deserialize_with = "super::checked::compact")]
    pub impacts: Vec<Impact>,
    /// What the activity needs: one key per entry naming the kind (`site`, `system`, `material`,
    /// `supplier`, `activity`, `lane`).
    #[serde(default, deserialize_with = "super::checked::compact")]
    pub depends_on: Vec<Dependency>,
    /// Resources needed at minimum output.
    #[serde(default)]
    pub resources: Option<Resources>,
    /// Manual way to keep going while a system is down (markdown).
    #[serde(default)]
    pub workaround: Option<String>,
    /// Scenarios of the plan that cannot affect this activity, each with the reason: not a risk
    /// to treat, so `scenario-uncovered` accepts them without expiry.
    #[serde(default)]
    pub not_applicable: Vec<NotApplicable>,
}

/// A plan scenario that does not apply to an activity, and why.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    /// The scenario (scenario id).
    pub scenario: Sp<Id>,
    /// Why it cannot affect the activity.
    pub reason: String,
}

/// Impact ratings after an outage of a given length.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    /// Length of outage these ratings apply from.
    pub after: Sp<Duration>,
    /// Financial impact.
    #[serde(default)]
    pub financial: Option<Sp<Rating>>,
    /// Impact on customers.
    #[serde(default)]
    pub customer: Option<Sp<Rating>>,
    /// Legal and regulatory impact.
    #[serde(default)]
    pub legal: Option<Sp<Rating>>,
    /// Reputational impact.
    #[serde(default)]
    pub reputation: Option<Sp<Rating>>,
    /// Impact on health and safety.
    #[serde(default)]
    pub safety: Option<Sp<Rating>>,
    /// Operational impact.
    #[serde(default)]
    pub operational: Option<Sp<Rating>>,
    /// Environmental impact.
    #[serde(default)]
    pub environmental: Option<Sp<Rating>>,
    /// The amounts behind the ratings, as free text by dimension (`financial: "EUR 400k/day"`).
    #[serde(default)]
    pub values: Option<ImpactValues>,
}

/// Free-text amounts behind an impact row's ratings, by dimension.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactValues {
    /// Financial amount, e.g. `EUR 400k/day`.
    #[serde(default)]
    pub financial: Option<String>,
    /// Customers affected, e.g. `3 operators, 40% of EU orders`.
    #[serde(default)]
    pub customer: Option<String>,
    /// Legal or regulatory exposure, e.g. `contract penalties from day 3`.
    #[serde(default)]
    pub legal: Option<String>,
    /// Reputational effect.
    #[serde(default)]
    pub reputation: Option<String>,
    /// Health and safety effect.
    #[serde(default)]
    pub safety: Option<String>,
    /// Operational effect.
    #[serde(default)]
    pub operational: Option<String>,
    /// Environmental effect.
    #[serde(default)]
    pub environmental: Option<String>,
}

impl Impact {
    /// The dimensions rated here, by name.
    pub fn dimensions(&self) -> [(&'static str, Option<&Sp<Rating>>); 7] {
        [
            ("financial", self.financial.as_ref()),
            ("customer", self.customer.as_ref()),
            ("legal", self.legal.as_ref()),
            ("reputation", self.reputation.as_ref()),
            ("safety", self.safety.as_ref()),
            ("operational", self.operational.as_ref()),
            ("environmental", self.environmental.as_ref()),
        ]
    }
}

/// Something an activity or system needs.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dependency {
    /// A site (site id).
    Site(Sp<Id>),
    /// A system (system id).
    System(Sp<Id>),
    /// A material (material id).
    Material(Sp<Id>),
    /// A supplier (supplier id).
    Supplier(Sp<Id>),
    /// Another activity: `activity-id` or `plan-id/activity-id`.
    Activity(Sp<ActivityRef>),
    /// A logistics lane (lane id).
    Lane(Sp<Id>),
}

impl Dependency {
    /// The kind name, as written in YAML.
    pub fn kind(&self) -> &'static str {
        match self {
            Dependency::Site(_) => "site",
            Dependency::System(_) => "system",
            Dependency::Material(_) => "material",
            Dependency::Supplier(_) => "supplier",
            Dependency::Activity(_) => "activity",
            Dependency::Lane(_) => "lane",
        }
    }

    /// The span of the referenced id.
    pub fn span(&self) -> crate::yaml::spanned::Span {
        match self {
            Dependency::Site(s)
            | Dependency::System(s)
            | Dependency::Material(s)
            | Dependency::Supplier(s)
            | Dependency::Lane(s) => s.span,
            Dependency::Activity(a) => a.span,
        }
    }

    /// The referenced id as text (an activity reference spelled as written).
    pub fn target(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Dependency::Site(s)
            | Dependency::System(s)
            | Dependency::Material(s)
            | Dependency::Supplier(s)
            | Dependency::Lane(s) => s.value.as_str().into(),
            Dependency::Activity(a) => a.value.to_string().into(),
        }
    }
}

/// Resources an activity needs at minimum output.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// People and skills.
    #[serde(default)]
    pub people: Option<String>,
    /// Equipment.
    #[serde(default)]
    pub equipment: Option<String>,
    /// IT and communications.
    #[serde(default)]
    pub ict: Option<String>,
    /// Buildings and workspace.
    #[serde(default)]
    pub facilities: Option<String>,
    /// Information and records.
    #[serde(default)]
    pub information: Option<String>,
}

/// A continuity strategy or solution.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// Id, unique within the plan.
    pub id: Sp<Id>,
    /// What kind of strategy it is.
    #[serde(rename = "type")]
    pub strategy_type: Sp<StrategyType>,
    /// Activities it keeps going or recovers (activity ids of this plan).
    #[serde(default)]
    pub covers: Vec<Sp<Id>>,
    /// Scenarios it answers (scenario ids).
    #[serde(default)]
    pub scenarios: Vec<Sp<Id>>,
    /// Alternate site used (site id).
    #[serde(default)]
    pub site: Option<Sp<Id>>,
    /// Capacity it provides, e.g. `50%`.
    #[serde(default)]
    pub capacity: Option<String>,
    /// Time to bring the strategy into effect.
    #[serde(default)]
    pub ready_within: Option<Sp<Duration>>,
    /// How it works (markdown).
    #[serde(default)]
    pub description: Option<String>,
    /// Who or what provides it: the recovery vendor, the hot site, the standby system
    /// (`{ supplier: id }`, `{ site: id }` or `{ system: id }`).
    #[serde(default)]
    pub provider: Option<Provider>,
    /// The contract or service-level agreement it rests on (a reference).
    #[serde(default)]
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub agreement: Option<String>,
}

/// What provides a strategy.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// A supplier (supplier id): a recovery vendor, a mutual-aid partner.
    Supplier(Sp<Id>),
    /// A site (site id): a hot or warm site.
    Site(Sp<Id>),
    /// A system (system id): a standby system.
    System(Sp<Id>),
}

/// Kind of continuity strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyType {
    /// Move the activity to another site.
    AlternateSite,
    /// Qualified second source of supply.
    DualSourcing,
    /// Stock held to bridge a disruption.
    SafetyStock,
    /// Manual procedure replacing a system.
    ManualWorkaround,
    /// Agreement with a partner to help out.
    MutualAid,
    /// People work from elsewhere.
    RemoteWork,
    /// Spare parts held for key equipment.
    SpareParts,
    /// Another logistics route.
    AlternateRoute,
    /// Insurance cover.
    Insurance,
    /// Switch to a standby system or site.
    Failover,
    /// Restore systems and data from backups.
    BackupRestore,
    /// Another telecommunications carrier or channel.
    AlternateTelecom,
}

impl StrategyType {
    /// Whether people must carry the strategy out (it covers an activity only with a procedure),
    /// as against a standing arrangement such as stock or insurance.
    pub fn needs_steps(self) -> bool {
        !matches!(
            self,
            StrategyType::SafetyStock
                | StrategyType::DualSourcing
                | StrategyType::SpareParts
                | StrategyType::Insurance
        )
    }

    /// The type as written in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyType::AlternateSite => "alternate-site",
            StrategyType::DualSourcing => "dual-sourcing",
            StrategyType::SafetyStock => "safety-stock",
            StrategyType::ManualWorkaround => "manual-workaround",
            StrategyType::MutualAid => "mutual-aid",
            StrategyType::RemoteWork => "remote-work",
            StrategyType::SpareParts => "spare-parts",
            StrategyType::AlternateRoute => "alternate-route",
            StrategyType::Insurance => "insurance",
            StrategyType::Failover => "failover",
            StrategyType::BackupRestore => "backup-restore",
            StrategyType::AlternateTelecom => "alternate-telecom",
        }
    }
}

/// A response or recovery team.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Id, unique within the plan.
    pub id: Sp<Id>,
    /// Name as shown in runbooks.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub name: String,
    /// Team lead (people id).
    #[serde(default)]
    pub lead: Option<Sp<Id>>,
    /// Who leads when the lead cannot (people ids, in order).
    #[serde(default)]
    pub alternates: Vec<Sp<Id>>,
    /// Members (people ids).
    #[serde(default)]
    pub members: Vec<Sp<Id>>,
    /// What the team does (markdown).
    #[serde(default)]
    pub responsibilities: Option<String>,
}

/// How the plan is invoked.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activation {
    /// Who may invoke the plan, in order of succession (people ids).
    #[serde(default)]
    pub authority: Vec<Sp<Id>>,
    /// Conditions that trigger invocation.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Where the crisis team meets, with fallback.
    #[serde(default)]
    pub command_centre: Option<String>,
    /// How decisions are recorded.
    #[serde(default)]
    pub decision_log: Option<String>,
    /// Thresholds at which the response is escalated, whom to tell and who decides.
    #[serde(default)]
    pub escalation: Vec<Escalation>,
    /// When the disruption is over and the plan is stood down, and who decides it.
    #[serde(default)]
    pub deactivation: Option<Vec<String>>,
}

/// One escalation threshold of the activation.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// What crosses the threshold, e.g. `Outage longer than 24 hours`.
    pub threshold: String,
    /// Who is told when it is crossed (people ids).
    #[serde(default)]
    pub notify: Vec<Sp<Id>>,
    /// Who decides what happens next (people id).
    #[serde(default)]
    pub decide: Option<Sp<Id>>,
}

/// A training or awareness session.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// When it was held.
    pub date: Sp<Date>,
    /// What it covered.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub topic: String,
    /// Who attended (people ids, or team ids of this plan: the whole team).
    #[serde(default)]
    pub attendees: Vec<Sp<Id>>,
    /// Who gave it (a name, a person or an external trainer).
    #[serde(default)]
    pub by: Option<String>,
}

/// One holder of a copy of the plan.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// Who holds it (people id, or a team id of this plan: each of its people).
    pub to: Sp<Id>,
    /// In what form.
    pub copy: Sp<CopyForm>,
}

/// The form of a copy of the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CopyForm {
    /// On paper.
    Printed,
    /// A file held on a device that works without the company's systems.
    Offline,
    /// On the intranet or a document portal.
    Portal,
}

/// A delegation of authority.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    /// What may be decided, e.g. `Spend up to EUR 500k on recovery`.
    pub authority: String,
    /// Who holds the authority normally (people id).
    #[serde(default)]
    pub from: Option<Sp<Id>>,
    /// Who acts instead, in order (people ids).
    #[serde(default)]
    pub to: Vec<Sp<Id>>,
    /// Limits of the delegated authority.
    #[serde(default)]
    pub limit: Option<String>,
    /// When the delegation takes effect.
    #[serde(default)]
    pub trigger: Option<String>,
    /// When it ends.
    #[serde(default)]
    pub ends: Option<String>,
}

/// One line of the communications matrix.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    /// Who is told.
    pub audience: Sp<Audience>,
    /// Who tells them (people id).
    #[serde(default)]
    pub owner: Option<Sp<Id>>,
    /// How.
    #[serde(default)]
    pub channel: Option<String>,
    /// When.
    #[serde(default)]
    pub when: Option<String>,
    /// What (markdown).
    #[serde(default)]
    pub message: Option<String>,
    /// Notification obligations this communication fulfils (obligation ids).
    #[serde(default)]
    pub fulfils: Vec<Sp<Id>>,
    /// How soon after the obligation's clock starts it is sent, e.g. `24h`.
    #[serde(default)]
    pub within: Option<Sp<Duration>>,
}

/// Audience of a communication.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Employees.
    Employees,
    /// Customers.
    Customers,
    /// Suppliers.
    Suppliers,
    /// Regulators.
    Regulators,
    /// Media.
    Media,
    /// Emergency services.
    EmergencyServices,
    /// Executives.
    Executives,
    /// Authorities.
    Authorities,
}

impl Audience {
    /// The audience as written in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Employees => "employees",
            Audience::Customers => "customers",
            Audience::Suppliers => "suppliers",
            Audience::Regulators => "regulators",
            Audience::Media => "media",
            Audience::EmergencyServices => "emergency-services",
            Audience::Executives => "executives",
            Audience::Authorities => "authorities",
        }
    }
}

/// Who calls whom when the plan is invoked.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallTree {
    /// The first person called (people id).
    pub root: Sp<Id>,
    /// For each caller, the people they call (people ids).
    #[serde(default)]
    pub calls: BTreeMap<Sp<Id>, Vec<Sp<Id>>>,
}

/// A runbook procedure.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Id, unique within the plan.
    pub id: Sp<Id>,
    /// Title shown in the runbook.
    #[serde(deserialize_with = "super::checked::line")]
    #[schemars(extend("maxLength" = super::value::MAX_LINE))]
    pub title: String,
    /// Phase of the incident it belongs to.
    pub phase: Sp<Phase>,
    /// Activities it restores (activity ids of this plan).
    #[serde(default)]
    pub restores: Vec<Sp<Id>>,
    /// Scenarios it answers (scenario ids).
    #[serde(default)]
    pub scenarios: Vec<Sp<Id>>,
    /// When and why to use it (markdown).
    #[serde(default)]
    pub description: Option<String>,
    /// Strategies whose steps it carries out (strategy ids of this plan).
    #[serde(default)]
    pub implements: Vec<Sp<Id>>,
    /// The steps.
    #[serde(deserialize_with = "super::checked::compact")]
    pub steps: Vec<Step>,
    /// How product or service conformity is verified after restart.
    #[serde(default)]
    pub verification: Option<String>,
}

/// Phase of an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Immediate response.
    Response,
    /// Recovery of activities.
    Recovery,
    /// Return to normal operations.
    Restoration,
    /// Standing the response down.
    StandDown,
}

/// One step of a procedure.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Id, unique within the procedure (needed to refer to it from `after`).
    #[serde(default)]
    pub id: Option<Sp<Id>>,
    /// What to do.
    pub action: Sp<String>,
    /// Who does it (people id, or a team id of the same plan).
    #[serde(default)]
    pub owner: Option<Sp<Id>>,
    /// How long it takes.
    #[serde(default)]
    pub duration: Option<Sp<Duration>>,
    /// Steps that must finish first (step ids); without it, the previous step.
    #[serde(default)]
    pub after: Option<Vec<Sp<Id>>>,
    /// Detail (markdown).
    #[serde(default)]
    pub detail: Option<String>,
}

/// An exercise of the plan.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Id, unique within the plan.
    pub id: Sp<Id>,
    /// When it was held.
    pub date: Sp<Date>,
    /// Kind of exercise.
    #[serde(rename = "type")]
    pub exercise_type: ExerciseType,
    /// Scenario exercised (scenario id).
    #[serde(default)]
    pub scenario: Option<Sp<Id>>,
    /// Procedures exercised (procedure ids of this plan).
    #[serde(default)]
    pub procedures: Vec<Sp<Id>>,
    /// Outcome.
    #[serde(default)]
    pub result: Option<ExerciseResult>,
    /// Where the report is.
    #[serde(default)]
    pub report: Option<String>,
    /// Findings and the actions they led to.
    #[serde(default)]
    pub findings: Vec<ExerciseFinding>,
    /// How long procedures took, by procedure id (e.g. `relocate-smt: 30h`).
    #[serde(default)]
    pub measured: BTreeMap<Sp<Id>, Sp<Duration>>,
}

/// A real activation of the plan.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Id, unique within the plan.
    pub id: Sp<Id>,
    /// When it began.
    pub date: Sp<Date>,
    /// What happened (scenario id).
    #[serde(default)]
    pub scenario: Option<Sp<Id>>,
    /// Who activated the plan (people id).
    #[serde(default)]
    pub activated_by: Option<Sp<Id>>,
    /// What happened and how the response went (markdown).
    #[serde(default)]
    pub summary: Option<String>,
    /// How long procedures took, by procedure id.
    #[serde(default)]
    pub measured: BTreeMap<Sp<Id>, Sp<Duration>>,
    /// Findings and the actions they led to (as for exercises).
    #[serde(default)]
    pub findings: Vec<ExerciseFinding>,
}

/// Kind of exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseType {
    /// Walk through the plan.
    Walkthrough,
    /// Discussion-based scenario exercise.
    Tabletop,
    /// Simulated incident.
    Simulation,
    /// Functional test of procedures or systems.
    Functional,
    /// Full-scale exercise.
    FullScale,
}

/// Outcome of an exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseResult {
    /// Objectives met.
    Passed,
    /// Objectives partly met.
    Partial,
    /// Objectives not met.
    Failed,
}

/// A finding of an exercise and the action it led to.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExerciseFinding {
    /// Id, unique within the exercise.
    pub id: Sp<Id>,
    /// What was found.
    pub description: String,
    /// What will be done about it.
    #[serde(default)]
    pub action: Option<String>,
    /// Who does it (people id).
    #[serde(default)]
    pub owner: Option<Sp<Id>>,
    /// By when.
    #[serde(default)]
    pub due: Option<Sp<Date>>,
    /// Whether the action is done.
    #[serde(default)]
    pub status: Option<ActionStatus>,
}

/// Status of an exercise action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Not done yet.
    Open,
    /// Done.
    Closed,
}

/// An accepted risk: a finding deliberately tolerated until it expires.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Rule whose finding is accepted.
    pub rule: Sp<String>,
    /// Id the finding is about (e.g. a material id, an activity id).
    pub target: Sp<String>,
    /// Why the risk is accepted.
    #[serde(default)]
    pub reason: Option<String>,
    /// Who accepted it (people id).
    #[serde(default)]
    pub approved_by: Option<Sp<Id>>,
    /// When the acceptance ends.
    #[serde(default)]
    pub expires: Option<Sp<Date>>,
}

/// One entry of the change history.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// Version, quoted: `"4.1"`.
    pub version: String,
    /// Date of the change.
    pub date: Sp<Date>,
    /// Who made it (people id).
    #[serde(default)]
    pub author: Option<Sp<Id>>,
    /// Who approved it (people id).
    #[serde(default)]
    pub approved_by: Option<Sp<Id>>,
    /// What changed.
    #[serde(default)]
    pub summary: Option<String>,
}
