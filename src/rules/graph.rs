//! Small graph helpers shared by rules: cycle detection and longest paths over id graphs.

use std::collections::{BTreeMap, BTreeSet};

/// The cycles of a directed graph, each as the list of nodes along it (first node repeated last).
///
/// Each cycle is reported once, starting from its smallest node, in a deterministic order.
pub fn cycles<N: Ord + Clone>(edges: &BTreeMap<N, Vec<N>>) -> Vec<Vec<N>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Visiting,
        Done,
    }
    fn visit<N: Ord + Clone>(
        node: &N,
        edges: &BTreeMap<N, Vec<N>>,
        state: &mut BTreeMap<N, State>,
        stack: &mut Vec<N>,
        found: &mut BTreeSet<Vec<N>>,
    ) {
        state.insert(node.clone(), State::Visiting);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(State::Visiting) => {
                    let start = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle: Vec<N> = stack[start..].to_vec();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1.cmp(b.1))
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(min);
                    cycle.push(cycle[0].clone());
                    found.insert(cycle);
                }
                Some(State::Done) => {}
                None => visit(next, edges, state, stack, found),
            }
        }
        stack.pop();
        state.insert(node.clone(), State::Done);
    }
    let mut state = BTreeMap::new();
    let mut found = BTreeSet::new();
    for node in edges.keys() {
        if !state.contains_key(node) {
            visit(node, edges, &mut state, &mut Vec::new(), &mut found);
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_cycle_once() {
        let mut edges = BTreeMap::new();
        edges.insert("a", vec!["b"]);
        edges.insert("b", vec!["c"]);
        edges.insert("c", vec!["a"]);
        edges.insert("d", vec!["d"]);
        edges.insert("e", vec!["a"]);
        assert_eq!(
            cycles(&edges),
            vec![vec!["a", "b", "c", "a"], vec!["d", "d"]]
        );
        let acyclic: BTreeMap<&str, Vec<&str>> =
            [("a", vec!["b"]), ("b", vec![])].into_iter().collect();
        assert!(cycles(&acyclic).is_empty());
    }
}
