//! The dependency graph in the view: which entities a plan's activities depend on, and what
//! those depend on in turn (systems' dependencies, materials' sources). Layout and drawing are
//! in `render::graph`.

use std::collections::BTreeMap;

use super::Ctx;
use super::bia::dependency_name;
use crate::model::{Activity, Dependency, Plan};
use crate::render::graph::{Graph, Node};

/// Nodes by (kind, id), so that each entity is drawn once.
#[derive(Default)]
struct Builder {
    graph: Graph,
    keys: BTreeMap<(&'static str, String), usize>,
}

impl Builder {
    /// The node of (`kind`, `id`), added in `layer` if new; and whether it is new.
    fn node(&mut self, kind: &'static str, id: &str, label: String, layer: usize) -> (usize, bool) {
        if let Some(i) = self.keys.get(&(kind, id.to_owned())) {
            return (*i, false);
        }
        self.graph.nodes.push(Node { kind, label, layer });
        let i = self.graph.nodes.len() - 1;
        self.keys.insert((kind, id.to_owned()), i);
        (i, true)
    }

    fn edge(&mut self, from: usize, to: usize) {
        if !self.graph.edges.contains(&(from, to)) {
            self.graph.edges.push((from, to));
        }
    }
}

/// Activities (column 0), their dependencies (1), and what those depend on (2): systems'
/// dependencies and materials' sources.
pub(super) fn dependency_graph(ctx: &Ctx<'_>, plan: &Plan, order: &[&Activity]) -> Graph {
    let mut b = Builder::default();
    let own: Vec<usize> = order
        .iter()
        .map(|a| b.node("activity", a.id.as_str(), ctx.text(&a.name), 0).0)
        .collect();
    let mut upstream: Vec<(usize, Dependency)> = Vec::new();
    for (a, from) in order.iter().zip(&own) {
        for dep in &a.depends_on {
            let name = dependency_name(ctx, plan, dep).name;
            let (to, new) = match dep {
                Dependency::Activity(r)
                    if r.value.plan.as_ref().is_none_or(|p| *p == plan.id.value) =>
                {
                    (
                        b.node("activity", r.value.activity.as_str(), name, 0).0,
                        false,
                    )
                }
                _ => b.node(dep.kind(), &dep.target(), name, 1),
            };
            b.edge(*from, to);
            if new {
                upstream.push((to, dep.clone()));
            }
        }
    }
    let mut i = 0;
    while let Some((from, dep)) = upstream.get(i).cloned() {
        i += 1;
        let layer = (b.graph.nodes[from].layer + 1).min(2);
        let next: Vec<Dependency> = match &dep {
            Dependency::System(s) => ctx
                .index
                .systems
                .get(s.as_str())
                .map(|s| s.depends_on.clone())
                .unwrap_or_default(),
            Dependency::Material(m) => ctx
                .index
                .materials
                .get(m.as_str())
                .map(|m| {
                    m.sources
                        .iter()
                        .cloned()
                        .map(Dependency::Supplier)
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for d in next {
            let name = dependency_name(ctx, plan, &d).name;
            let (to, new) = b.node(d.kind(), &d.target(), name, layer);
            b.edge(from, to);
            if new {
                upstream.push((to, d));
            }
        }
    }
    b.graph
}
