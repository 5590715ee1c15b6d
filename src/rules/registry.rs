//! The registry: every rule, its default severity, group, source and documentation.
//!
//! The documentation of each rule is written once, in `docs/<rule>.md` beside this file, and is
//! what `bcplan explain` prints, what `bcplan rules` summarises and what runbooks cite.

use super::context::{Context, Sink};
use super::{bia, coverage, governance, people, scenarios, structure, supply};
use crate::diagnostics::Severity::{self, Error, Info, Warning};

/// The group a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Structure: the workspace must be readable.
    Structure,
    /// Business impact analysis.
    Bia,
    /// Supply chain.
    Supply,
    /// People, authority and communication.
    People,
    /// Procedures and coverage.
    Coverage,
    /// Governance.
    Governance,
}

impl Group {
    /// Heading of the group.
    pub fn title(self) -> &'static str {
        match self {
            Group::Structure => "Structure",
            Group::Bia => "Business impact analysis",
            Group::Supply => "Supply chain",
            Group::People => "People, authority and communication",
            Group::Coverage => "Procedures and coverage",
            Group::Governance => "Governance",
        }
    }
}

/// A rule's check: reads the context, reports into the sink.
pub type Check = fn(&Context<'_>, &mut Sink);

/// One rule.
#[derive(Debug)]
pub struct Rule {
    /// Name, as typed in `rules:` overrides and waivers.
    pub name: &'static str,
    /// Severity unless overridden.
    pub default: Severity,
    /// Group.
    pub group: Group,
    /// The standard or practice it comes from.
    pub source: &'static str,
    /// Documentation (markdown): summary line, then "What it checks", "Why it matters", "Example", "Fix".
    pub doc: &'static str,
    /// The check; `None` for findings produced while loading (yaml-syntax, schema, duplicate-id).
    pub check: Option<Check>,
}

impl Rule {
    /// The documentation as `bcplan explain` prints it: name, severity, group, source, then the text.
    pub fn explain(&self) -> String {
        format!(
            "# {}\n\nDefault severity: {}. Group: {}. Source: {}.\n\n{}\n",
            self.name,
            self.default.as_str(),
            self.group.title(),
            self.source,
            self.doc.trim_end()
        )
    }

    /// The one-line summary (first line of the documentation).
    pub fn summary(&self) -> &'static str {
        self.doc.lines().next().unwrap_or_default()
    }

    /// The text under the documentation heading `## {heading}`, lines joined, without the heading.
    pub fn section(&self, heading: &str) -> Option<String> {
        let mut lines = self.doc.lines().skip_while(|l| {
            l.strip_prefix("## ")
                .is_none_or(|h| !h.trim().eq_ignore_ascii_case(heading))
        });
        lines.next()?;
        let text = lines
            .take_while(|l| !l.starts_with("## "))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        Some(text.trim().to_owned())
    }

    /// Whether the rule is structural (always an error, cannot be overridden or waived).
    pub fn structural(&self) -> bool {
        self.group == Group::Structure
    }
}

macro_rules! rules {
    ($( $name:literal, $sev:ident, $group:ident, $source:literal, $check:expr; )*) => {
        /// Every rule, sorted by name.
        pub static RULES: &[Rule] = &[
            $( Rule {
                name: $name,
                default: $sev,
                group: Group::$group,
                source: $source,
                doc: include_str!(concat!("docs/", $name, ".md")),
                check: $check,
            }, )*
        ];
    };
}

rules! {
    "action-overdue", Warning, Governance, "ISO 22301 8.5", Some(governance::action_overdue);
    "activation-incomplete", Error, People, "ISO 22301 8.4.4", Some(people::activation_incomplete);
    "approval-missing", Error, Governance, "IATF 16949 6.1.2.3", Some(governance::approval_missing);
    "bia-incomplete", Error, Bia, "ISO 22301 8.2.2", Some(bia::bia_incomplete);
    "call-tree", Error, People, "NIST SP 800-34", Some(people::call_tree);
    "communications-gap", Warning, People, "ISO 22301 8.4.3, IATF 16949", Some(people::communications_gap);
    "contact-unreachable", Error, People, "NIST SP 800-34 App. A", Some(people::contact_unreachable);
    "dependency-cycle", Error, Structure, "ISO 22301 8.2.2", Some(structure::dependency_cycle);
    "dependency-rpo", Error, Bia, "NIST SP 800-34", Some(bia::dependency_rpo);
    "dependency-rto", Error, Bia, "ISO 22301 8.2.2, FFIEC III.A.2", Some(bia::dependency_rto);
    "dpa-missing", Error, Supply, "GDPR art. 28 practice", Some(supply::dpa_missing);
    "duplicate-id", Error, Structure, "ISO 22301 7.5", None;
    "exercise-overdue", Warning, Governance, "ISO 22301 8.5", Some(governance::exercise_overdue);
    "impact-not-increasing", Warning, Bia, "ISO/TS 22317", Some(bia::impact_not_increasing);
    "key-person", Warning, People, "FFIEC III.A.2", Some(people::key_person);
    "lane-no-alternate", Warning, Supply, "derived", Some(supply::lane_no_alternate);
    "owner-deputy", Error, People, "ISO 22301 8.4.2", Some(people::owner_deputy);
    "plan-header-incomplete", Error, Coverage, "ISO 22301 8.4.4", Some(coverage::plan_header_incomplete);
    "priority-order", Warning, Bia, "NIST SP 800-34 BIA", Some(bia::priority_order);
    "procedure-exceeds-rto", Error, Coverage, "plan execution time vs RTO", Some(coverage::procedure_exceeds_rto);
    "procedure-never-exercised", Info, Governance, "ISO 22301 8.5", Some(governance::procedure_never_exercised);
    "required-scenario-missing", Error, Coverage, "policy", Some(coverage::required_scenario_missing);
    "restart-verification-missing", Warning, Supply, "IATF 16949 6.1.2.3", Some(supply::restart_verification_missing);
    "review-overdue", Error, Governance, "ISO 22301 8.6, NIST SP 800-34 3.7", Some(governance::review_overdue);
    "rto-exceeds-commitment", Error, Bia, "FFIEC III.A.3", Some(bia::rto_exceeds_commitment);
    "rto-exceeds-mtpd", Error, Bia, "NIST SP 800-34 3.2", Some(bia::rto_exceeds_mtpd);
    "scenario-breach", Info, Coverage, "ISO 22301 8.2.3, 8.3", Some(scenarios::scenario_breach);
    "scenario-uncovered", Error, Coverage, "ISO 22301 8.4.4", Some(coverage::scenario_uncovered);
    "schema", Error, Structure, "ISO 22301 7.5", None;
    "shared-sub-supplier", Warning, Supply, "BCI Supply Chain Resilience", Some(supply::shared_sub_supplier);
    "single-source", Error, Supply, "ISO/TS 22318, FFIEC III.A.2", Some(supply::single_source);
    "site-not-diverse", Warning, Supply, "FFIEC III.A.2", Some(supply::site_not_diverse);
    "stale-contact", Warning, People, "ISO 22301 8.4.3", Some(people::stale_contact);
    "stand-down-missing", Warning, Coverage, "ISO 22301 8.4.4, NIST SP 800-34", Some(coverage::stand_down_missing);
    "step-unowned", Error, Coverage, "NIST SP 800-34", Some(coverage::step_unowned);
    "stock-cover", Error, Supply, "ISO/TS 22318", Some(supply::stock_cover);
    "supplier-bc-unassessed", Warning, Supply, "ISO 22301 8.6, FFIEC App. J", Some(supply::supplier_bc_unassessed);
    "supplier-recovery", Warning, Bia, "FFIEC III.A.3", Some(bia::supplier_recovery);
    "supplier-security-unassessed", Warning, Supply, "supplier cyber-security risk assessment", Some(supply::supplier_security_unassessed);
    "unknown-reference", Error, Structure, "ISO 22301 8.2.2", Some(structure::unknown_reference);
    "unused-entity", Info, Governance, "hygiene", Some(governance::unused_entity);
    "waiver-expired", Error, Governance, "ISO 22301 6.1 risk treatment", Some(governance::waiver_expired);
    "workaround-missing", Warning, Bia, "FFIEC V.B", Some(bia::workaround_missing);
    "yaml-syntax", Error, Structure, "ISO 22301 7.5", None;
}

/// The rule named `name`.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}
