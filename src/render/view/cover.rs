//! The cover page in the view: title, status, classification, owner and deputy, approval and
//! the review due date; the distribution list printed on the cover's back; and the sites the plan
//! covers.

use serde::Serialize;

use super::people::PersonView;
use super::{Ctx, NameRef, enum_name, label};
use crate::model::{CopyForm, Distribution, Id, Plan};
use crate::yaml::spanned::Sp;

/// A site covered by the plan.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SiteView {
    /// Id and name.
    #[serde(flatten)]
    pub(crate) site: NameRef,
    /// Type label.
    pub(crate) kind: Option<String>,
    /// Country code.
    pub(crate) country: Option<String>,
    /// Region.
    pub(crate) region: Option<String>,
    /// Street address.
    pub(crate) address: Option<String>,
}

/// One holder of a copy of the plan.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CopyView {
    /// The person or team holding it.
    pub(crate) holder: NameRef,
    /// Whether the holder is a team of the plan.
    pub(crate) is_team: bool,
    /// A team's people (lead, alternates, members), by name.
    pub(crate) people: Vec<String>,
    /// Whether the People register (or the plan's teams) knows the holder.
    pub(crate) known: bool,
    /// The form of the copy (`printed`, `offline`, `portal`).
    pub(crate) copy: String,
    /// Its label (`Printed`).
    pub(crate) copy_label: String,
}

/// One approver of the plan.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ApprovalView {
    /// Who approves.
    pub(crate) by: Option<PersonView>,
    /// In what capacity (`Top management`).
    pub(crate) role: Option<String>,
    /// When they approved; none while their approval is outstanding.
    pub(crate) date: Option<String>,
}

/// The cover page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Cover {
    /// Plan id.
    pub(crate) id: String,
    /// Title.
    pub(crate) title: String,
    /// Domain label.
    pub(crate) domain: Option<String>,
    /// Version.
    pub(crate) version: Option<String>,
    /// Status (`approved`) and its label (`Approved`).
    pub(crate) status: String,
    /// Status label.
    pub(crate) status_label: String,
    /// Classification (`confidential`), if set.
    pub(crate) classification: Option<String>,
    /// Classification label in capitals (`CONFIDENTIAL`).
    pub(crate) classification_label: Option<String>,
    /// Owner.
    pub(crate) owner: Option<PersonView>,
    /// Deputy.
    pub(crate) deputy: Option<PersonView>,
    /// Approver.
    pub(crate) approved_by: Option<PersonView>,
    /// Approval date.
    pub(crate) approved_on: Option<String>,
    /// Every approver, in plan order (`approved_by` and `approved_on` are the first's).
    pub(crate) approvals: Vec<ApprovalView>,
    /// Last review.
    pub(crate) reviewed_on: Option<String>,
    /// Next review due (last review + review interval).
    pub(crate) review_due: Option<String>,
    /// Whether the review is overdue today.
    pub(crate) review_overdue: bool,
    /// Who holds a copy of the plan, in plan order.
    pub(crate) distribution: Vec<CopyView>,
    /// Whether some copy survives the company's systems being down (printed or offline).
    pub(crate) distribution_survives: bool,
}

/// The cover of `plan`.
pub(super) fn cover(ctx: &Ctx<'_>, plan: &Plan) -> Cover {
    let approval = plan
        .approval
        .as_ref()
        .and_then(crate::model::Approvals::first);
    let last = plan
        .review
        .as_ref()
        .and_then(|r| r.last.as_ref())
        .map(|d| d.value);
    let every = plan
        .review
        .as_ref()
        .and_then(|r| r.every.as_ref())
        .map_or(&ctx.policy.review_every, |e| &e.value);
    let due = last.map(|d| d.plus(every));
    Cover {
        id: plan.id.to_string(),
        title: ctx.text(&plan.title),
        domain: plan.domain.as_ref().map(|d| label(&enum_name(d))),
        version: ctx.opt_text(plan.version.as_deref()),
        status: enum_name(&plan.status.value),
        status_label: label(&enum_name(&plan.status.value)),
        classification: plan.classification.as_ref().map(enum_name),
        classification_label: plan
            .classification
            .as_ref()
            .map(|c| enum_name(c).to_uppercase()),
        owner: ctx.opt_person(plan.owner.as_ref()),
        deputy: ctx.opt_person(plan.deputy.as_ref()),
        approved_by: ctx.opt_person(approval.and_then(|a| a.by.as_ref())),
        approved_on: approval
            .and_then(|a| a.date.as_ref())
            .map(|d| d.value.to_string()),
        approvals: plan
            .approval
            .iter()
            .flat_map(crate::model::Approvals::entries)
            .map(|a| ApprovalView {
                by: ctx.opt_person(a.by.as_ref()),
                role: a.role.as_deref().map(|r| ctx.text(r)),
                date: a.date.as_ref().map(|d| d.value.to_string()),
            })
            .collect(),
        reviewed_on: last.map(|d| d.to_string()),
        review_due: due.map(|d| d.to_string()),
        review_overdue: due.is_some_and(|d| d < ctx.today),
        distribution: plan
            .distribution
            .iter()
            .map(|d| copy(ctx, plan, d))
            .collect(),
        distribution_survives: plan
            .distribution
            .iter()
            .any(|d| d.copy.value != CopyForm::Portal),
    }
}

/// One entry of the distribution list: a team of the plan with its people, or a person.
fn copy(ctx: &Ctx<'_>, plan: &Plan, d: &Distribution) -> CopyView {
    let form = enum_name(&d.copy.value);
    let team = plan.teams.iter().find(|t| t.id.value == d.to.value);
    let (holder, people, known) = match team {
        Some(t) => (
            NameRef::new(t.id.as_str(), Some(ctx.text(&t.name))),
            t.lead
                .iter()
                .chain(&t.alternates)
                .chain(&t.members)
                .map(|p| ctx.person(p).name)
                .collect(),
            true,
        ),
        None => {
            let person = ctx.person(&d.to.value);
            (
                NameRef::new(&person.id, Some(person.name)),
                Vec::new(),
                person.known,
            )
        }
    };
    CopyView {
        holder,
        is_team: team.is_some(),
        people,
        known,
        copy_label: label(&form),
        copy: form,
    }
}

/// A site of the plan.
pub(super) fn site(ctx: &Ctx<'_>, id: &Sp<Id>) -> SiteView {
    let site = ctx.index.sites.get(id.as_str());
    SiteView {
        site: NameRef::new(id.as_str(), site.map(|s| ctx.text(&s.name))),
        kind: site.map(|s| label(&enum_name(&s.site_type))),
        country: site.map(|s| s.country.value.clone()),
        region: site
            .and_then(|s| s.region.as_ref())
            .map(|r| r.value.clone()),
        address: site.and_then(|s| ctx.opt_text(s.address.as_deref())),
    }
}
