//! What the loss of a site can reach: the systems, lanes and activities that depend on it,
//! directly or through each other. A question about one site's loss then walks only those
//! activities instead of every plan; the answer for them is the whole analysis's, because no
//! state depends on the order it is asked in.

use std::collections::{HashMap, HashSet};

use super::{ActivityImpact, Event, activities, sort_impacts, state};
use crate::model::Dependency;
use crate::workspace::Workspace;
use crate::workspace::index::Index;

/// An entry a site's loss can travel through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Node<'w> {
    Site(&'w str),
    System(&'w str),
    Lane(&'w str),
    /// (plan id, activity id)
    Activity(&'w str, &'w str),
}

/// For each site, system, lane and activity, what depends on it directly.
pub(crate) struct Dependents<'w> {
    ws: &'w Workspace,
    by: HashMap<Node<'w>, Vec<Node<'w>>>,
    /// The activities the index holds, in the order the whole analysis walks them.
    order: HashMap<(&'w str, &'w str), usize>,
}

impl<'w> Dependents<'w> {
    /// Built once for a workspace; each question after that costs what it reaches.
    pub(crate) fn build(ws: &'w Workspace, index: &Index<'w>) -> Self {
        let mut by: HashMap<Node<'w>, Vec<Node<'w>>> = HashMap::new();
        let mut add = |on: Node<'w>, of: Node<'w>| by.entry(on).or_default().push(of);
        for (&id, system) in &index.systems {
            for dep in &system.depends_on {
                match dep {
                    Dependency::Site(s) => add(Node::Site(s.as_str()), Node::System(id)),
                    Dependency::System(s) => add(Node::System(s.as_str()), Node::System(id)),
                    _ => {}
                }
            }
        }
        for (&id, lane) in &index.lanes {
            add(Node::Site(lane.from.as_str()), Node::Lane(id));
            add(Node::Site(lane.to.as_str()), Node::Lane(id));
        }
        for (&(plan_id, activity_id), &(plan, activity)) in &index.activities {
            let of = Node::Activity(plan_id, activity_id);
            for dep in &activity.depends_on {
                let on = match dep {
                    Dependency::Site(s) => Node::Site(s.as_str()),
                    Dependency::System(s) => Node::System(s.as_str()),
                    Dependency::Lane(s) => Node::Lane(s.as_str()),
                    Dependency::Activity(a) => match index.activity(plan.id.as_str(), &a.value) {
                        Some((p, act)) => Node::Activity(p.id.as_str(), act.id.as_str()),
                        None => continue,
                    },
                    // A site's loss never reaches a supplier or a material: a supplier is lost by
                    // name, region or sub-supplier only.
                    Dependency::Material(_) | Dependency::Supplier(_) => continue,
                };
                add(on, of);
            }
        }
        let order = super::walk_order(ws, index);
        Dependents { ws, by, order }
    }

    /// The activities the loss of `site` can reach, as (plan id, activity id).
    fn reached(&self, site: &'w str) -> Vec<(&'w str, &'w str)> {
        let mut seen = HashSet::from([Node::Site(site)]);
        let mut todo = vec![Node::Site(site)];
        let mut out = Vec::new();
        while let Some(node) = todo.pop() {
            if let Node::Activity(p, a) = node {
                out.push((p, a));
            }
            for &next in self.by.get(&node).into_iter().flatten() {
                if seen.insert(next) {
                    todo.push(next);
                }
            }
        }
        out
    }

    /// The activities that stop when `event`'s one site is lost (under its scenario), as
    /// [`super::analyse`] reports them, in its order. `event` names that site and nothing else.
    pub(crate) fn site_stops(&self, index: &Index<'w>, event: &Event) -> Vec<ActivityImpact> {
        debug_assert!(
            event.sites.len() == 1
                && event.regions.is_empty()
                && event.suppliers.is_empty()
                && event.systems.is_empty()
                && event.lanes.is_empty()
        );
        let Some(site) = index.sites.get_key_value(event.sites[0].as_str()) else {
            return super::analyse(self.ws, index, event).activities;
        };
        let mut reached: Vec<(usize, (&str, &str))> = self
            .reached(site.0)
            .into_iter()
            .filter_map(|key| Some((*self.order.get(&key)?, key)))
            .collect();
        reached.sort_unstable();
        let mut states = state::States::for_stops(self.ws, index, event);
        let mut walk = activities::Walk::default();
        for (_, key) in reached {
            let (plan, activity) = index.activities[&key];
            activities::impact(&mut states, &mut walk, plan, activity);
        }
        let mut found = walk.found;
        sort_impacts(&mut found);
        found
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn a_site_s_stops_are_those_of_the_whole_analysis() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for folder in [
            "plans",
            "tests/fixtures/impact/model",
            "examples",
            "tests/fixtures/rules/scenario-breach/fail",
        ] {
            let ws = crate::workspace::load(&[root.join(folder)], &[]).unwrap();
            let index = Index::build(&ws, &mut Vec::new());
            let dependents = Dependents::build(&ws, &index);
            let scenarios =
                std::iter::once(None).chain(ws.scenarios.iter().map(|s| Some(s.id.to_string())));
            let mut stopped = 0;
            for scenario in scenarios {
                for site in &ws.sites {
                    let event = Event {
                        sites: vec![site.id.to_string()],
                        scenario: scenario.clone(),
                        ..Event::default()
                    };
                    let show = |found: &[ActivityImpact]| {
                        found.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>()
                    };
                    let whole = super::super::analyse(&ws, &index, &event).activities;
                    let mine = dependents.site_stops(&index, &event);
                    assert_eq!(show(&mine), show(&whole), "{folder}: {event:?}");
                    stopped += mine.len();
                }
            }
            assert!(stopped > 0, "{folder}: nothing stopped");
        }
    }
}
