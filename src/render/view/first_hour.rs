//! The "first hour" page in the view: activation criteria, who may invoke the plan in order of
//! succession, the command centre, the call tree drawn from its root, the crisis teams and the
//! notification duties.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Ctx;
use super::duties::{DutyView, duties};
use super::people::{PersonView, TeamView};
use crate::model::{CallTree, Id, Plan, Team};
use crate::yaml::spanned::Sp;

/// One person of the call tree and the people they call.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TreeNode {
    /// The person.
    pub(crate) person: PersonView,
    /// The people they call, in order.
    pub(crate) calls: Vec<TreeNode>,
}

/// The "first hour" page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FirstHour {
    /// Activation criteria.
    pub(crate) criteria: Vec<String>,
    /// Who may invoke the plan, in order of succession.
    pub(crate) authority: Vec<PersonView>,
    /// Where the crisis team meets.
    pub(crate) command_centre: Option<String>,
    /// How decisions are recorded.
    pub(crate) decision_log: Option<String>,
    /// The call tree from its root.
    pub(crate) call_tree: Option<TreeNode>,
    /// How many people the call tree reaches, detached callers included.
    pub(crate) call_tree_people: usize,
    /// Callers the root never reaches (drawn separately).
    pub(crate) call_tree_detached: Vec<TreeNode>,
    /// Crisis teams: teams whose id or name says "crisis", else every team.
    pub(crate) crisis_teams: Vec<TeamView>,
    /// Notification duties that apply to the plan; `None` without an Obligations register.
    pub(crate) duties: Option<Vec<DutyView>>,
}

/// The "first hour" page of `plan`.
pub(super) fn first_hour(ctx: &Ctx<'_>, plan: &Plan) -> FirstHour {
    let activation = plan.activation.as_ref();
    let crisis: Vec<&Team> = plan
        .teams
        .iter()
        .filter(|t| t.id.as_str().contains("crisis") || t.name.to_lowercase().contains("crisis"))
        .collect();
    let crisis = if crisis.is_empty() {
        plan.teams.iter().collect()
    } else {
        crisis
    };
    let mut seen = BTreeSet::new();
    let (call_tree, call_tree_detached) = match &plan.call_tree {
        Some(tree) => {
            let root = call_node(ctx, tree, &tree.root, &mut seen);
            let mut detached = Vec::new();
            for caller in tree.calls.keys() {
                if !seen.contains(caller.as_str()) {
                    detached.push(call_node(ctx, tree, caller, &mut seen));
                }
            }
            (Some(root), detached)
        }
        None => (None, Vec::new()),
    };
    FirstHour {
        criteria: activation
            .map(|a| a.criteria.iter().map(|c| ctx.text(c)).collect())
            .unwrap_or_default(),
        authority: activation
            .map(|a| a.authority.iter().map(|p| ctx.person(p)).collect())
            .unwrap_or_default(),
        command_centre: activation.and_then(|a| ctx.opt_text(a.command_centre.as_deref())),
        decision_log: activation.and_then(|a| ctx.opt_text(a.decision_log.as_deref())),
        call_tree,
        call_tree_people: seen.len(),
        call_tree_detached,
        crisis_teams: crisis.into_iter().map(|t| ctx.team(t)).collect(),
        duties: duties(ctx, plan),
    }
}

/// The call tree below `person`; each person appears once (a cycle is cut where it closes).
fn call_node(ctx: &Ctx<'_>, tree: &CallTree, person: &Id, seen: &mut BTreeSet<String>) -> TreeNode {
    seen.insert(person.to_string());
    let callees: Vec<&Sp<Id>> = tree
        .calls
        .iter()
        .find(|(k, _)| k.value == *person)
        .map(|(_, v)| v.iter().collect())
        .unwrap_or_default();
    let mut calls = Vec::new();
    for callee in callees {
        if !seen.contains(callee.as_str()) {
            calls.push(call_node(ctx, tree, callee, seen));
        }
    }
    TreeNode {
        person: ctx.person(person),
        calls,
    }
}
