//! When each register entry is lost and back: sites, suppliers (and their sub-suppliers),
//! materials, systems and lanes, for one event.
//!
//! Each entry is worked out once and memoised; loops (which `dependency-cycle` reports) are cut
//! where they close. Entries that cannot be read are named as unknown, never guessed.

use std::collections::{HashMap, HashSet};

use super::chain::Chain;
use super::{At, Event, Lost};
use crate::model::{Dependency, spell};
use crate::workspace::Workspace;
use crate::workspace::index::Index;

/// An entry that is down: from when, until when, and the chain of losses that caused it.
#[derive(Clone, Debug)]
pub(crate) struct Down {
    /// When it becomes unavailable.
    pub(crate) at: u64,
    /// When it is back; `None` is never.
    pub(crate) back: At,
    /// The losses that led here, from the event to this entry.
    pub(crate) chain: Chain,
    /// Whether it comes back by moving to another source.
    pub(crate) switch: bool,
    /// How it comes back, as text.
    pub(crate) note: String,
}

/// What a dependency does in the event.
#[derive(Clone, Debug)]
pub(crate) enum State {
    /// Not touched.
    Fine,
    /// Touched, but the loss is absorbed (an alternate lane, stock covering a switch).
    Absorbed(String),
    /// Unavailable for a time.
    Down(Down),
    /// Could not be judged: why, as text (`could not be read`, or what could not be read).
    Unknown(String),
}

/// Why an entry that is not in the register is unknown.
pub(crate) const UNREAD: &str = "could not be read";

/// The latest of two times, never being the latest.
pub(crate) fn later(a: At, b: At) -> At {
    Some(a?.max(b?))
}

/// One cause among several: the earliest loss names the chain; the entry is back when every
/// cause is.
fn merge(causes: Vec<Down>) -> Option<Down> {
    let mut iter = causes.into_iter();
    let mut best = iter.next()?;
    let mut notes = vec![best.note.clone()];
    for cause in iter {
        let back = later(best.back, cause.back);
        notes.push(cause.note.clone());
        if cause.at < best.at {
            best = Down { back, ..cause };
        } else {
            best.back = back;
        }
    }
    if notes.len() > 1 {
        notes.dedup();
        best.note = format!("back when every cause is over: {}", notes.join("; "));
    }
    Some(best)
}

fn minutes(d: Option<&crate::yaml::spanned::Sp<crate::model::Duration>>) -> Option<u64> {
    d.map(|d| d.value.minutes())
}

fn ids(mut keys: Vec<&str>) -> Vec<&str> {
    keys.sort_unstable();
    keys
}

/// A lane on its own, before its alternates are considered.
enum Alone {
    /// Not in the register.
    Unknown,
    /// Running.
    Up,
    /// Lost.
    Down(Down),
}

/// The memoised states of the register entries in one event.
pub(crate) struct States<'a, 'w> {
    pub(crate) ws: &'w Workspace,
    pub(crate) index: &'a Index<'w>,
    pub(crate) event: &'a Event,
    sites: HashMap<String, Option<Down>>,
    suppliers: Graph,
    systems: Graph,
    materials: HashMap<String, State>,
    lanes: HashMap<String, State>,
    /// Entries reached but unreadable.
    pub(crate) unknown: HashSet<String>,
    /// Whether no supplier is worked out because none can be lost: the event names no
    /// supplier and no region, and only what stops is asked (not which entries were reached
    /// unread, which walking the suppliers would collect).
    no_supplier_lost: bool,
}

impl<'a, 'w> States<'a, 'w> {
    /// Fresh states for `event`.
    pub(crate) fn new(ws: &'w Workspace, index: &'a Index<'w>, event: &'a Event) -> Self {
        States {
            ws,
            index,
            event,
            sites: HashMap::new(),
            suppliers: Graph::default(),
            systems: Graph::default(),
            materials: HashMap::new(),
            lanes: HashMap::new(),
            unknown: HashSet::new(),
            no_supplier_lost: false,
        }
    }

    /// Fresh states for `event`, for a caller that asks only which activities stop: the
    /// entries reached unread are not all collected.
    pub(crate) fn for_stops(ws: &'w Workspace, index: &'a Index<'w>, event: &'a Event) -> Self {
        States {
            no_supplier_lost: event.suppliers.is_empty() && event.regions.is_empty(),
            ..States::new(ws, index, event)
        }
    }

    /// Notes an entry that could not be read.
    pub(crate) fn note_unknown(&mut self, kind: &'static str, id: &str) {
        let why = if self.ws.broken.contains(&(kind, id.to_owned())) {
            "has schema errors"
        } else {
            "not defined"
        };
        self.unknown.insert(format!("{kind} `{id}` ({why})"));
    }

    /// A site: lost when named, or when its region is.
    pub(crate) fn site(&mut self, id: &str) -> Option<Down> {
        if let Some(done) = self.sites.get(id) {
            return done.clone();
        }
        let direct = self.event.sites.iter().any(|s| s == id);
        let result = match self.index.sites.get(id) {
            None => {
                self.note_unknown("site", id);
                direct.then(|| Down {
                    at: 0,
                    back: None,
                    chain: Chain::start(id),
                    switch: false,
                    note: "recovery time unknown".to_owned(),
                })
            }
            Some(site) => {
                let region = site
                    .region
                    .as_ref()
                    .map(|r| r.value.clone())
                    .filter(|r| self.event.regions.contains(r));
                (direct || region.is_some()).then(|| {
                    let back = minutes(site.recovery_time.as_ref());
                    let chain = match region {
                        Some(region) if !direct => Chain::start(region).then(id),
                        _ => Chain::start(id),
                    };
                    Down {
                        at: 0,
                        back,
                        chain,
                        switch: false,
                        note: back.map_or_else(
                            || "no recovery_time: not back".to_owned(),
                            |b| format!("usable again after its recovery_time {}", spell(b)),
                        ),
                    }
                })
            }
        };
        self.sites.insert(id.to_owned(), result.clone());
        result
    }

    /// A supplier: lost when named, when every location is in a lost region, or when a
    /// sub-supplier is lost.
    pub(crate) fn supplier(&mut self, id: &str) -> Option<Down> {
        if self.no_supplier_lost {
            return None;
        }
        self.resolve(Kind::Supplier, id)
    }

    /// A system: lost when named, when its site is lost (back after its rto when its dr_site
    /// survives, else when the site is back plus the rto), or when a system it depends on is.
    pub(crate) fn system(&mut self, id: &str) -> Option<Down> {
        self.resolve(Kind::System, id)
    }

    fn graph(&mut self, kind: Kind) -> &mut Graph {
        match kind {
            Kind::Supplier => &mut self.suppliers,
            Kind::System => &mut self.systems,
        }
    }

    /// The state of an entry of `kind`, worked out with everything it depends on.
    fn resolve(&mut self, kind: Kind, id: &str) -> Option<Down> {
        if let Some(done) = self.graph(kind).done.get(id) {
            return done.clone();
        }
        self.open(kind, id);
        self.graph(kind).done[id].clone()
    }

    /// Walks `id` and what it depends on that is not worked out yet (Tarjan's walk for
    /// strongly connected components: a loop is settled as a whole when the walk leaves its
    /// first entry, so no answer depends on where the walk entered it). Returns the earliest
    /// walk order `id` reaches among the entries still open.
    fn open(&mut self, kind: Kind, id: &str) -> usize {
        let graph = self.graph(kind);
        let order = graph.walked;
        graph.walked += 1;
        graph.open.insert(id.to_owned(), order);
        graph.stack.push(id.to_owned());
        let node = match kind {
            Kind::Supplier => self.supplier_node(id),
            Kind::System => self.system_node(id),
        };
        let mut low = order;
        for dep in &node.deps {
            let graph = self.graph(kind);
            if graph.done.contains_key(dep.as_str()) {
                continue;
            }
            let reached = match graph.open.get(dep.as_str()) {
                Some(&open) => open,
                None => super::deeper(|| self.open(kind, dep)),
            };
            low = low.min(reached);
        }
        let graph = self.graph(kind);
        graph.nodes.insert(id.to_owned(), node);
        if low == order {
            let from = graph
                .stack
                .iter()
                .rposition(|s| s == id)
                .expect("on the stack");
            graph.settle(kind, from);
        }
        low
    }

    /// An entry that is not in the register: lost, never back, when named; its links unknown.
    fn unread_node(&mut self, kind: &'static str, id: &str, direct: bool, note: &str) -> Node {
        self.note_unknown(kind, id);
        let own = direct.then(|| Down {
            at: 0,
            back: None,
            chain: Chain::start(id),
            switch: false,
            note: note.to_owned(),
        });
        Node {
            own: own.into_iter().collect(),
            deps: Vec::new(),
        }
    }

    /// A supplier's own causes (named, or every location in a lost region) and its
    /// sub-suppliers.
    fn supplier_node(&mut self, id: &str) -> Node {
        let direct = self.event.suppliers.iter().any(|s| s == id);
        let Some(supplier) = self.index.suppliers.get(id).copied() else {
            return self.unread_node("supplier", id, direct, "contracted recovery unknown");
        };
        let back = minutes(supplier.contracted_recovery.as_ref());
        let own_note = back.map_or_else(
            || "no contracted_recovery: not back".to_owned(),
            |b| format!("back after its contracted_recovery {}", spell(b)),
        );
        let mut own = Vec::new();
        if direct {
            own.push(Down {
                at: 0,
                back,
                chain: Chain::start(id),
                switch: false,
                note: own_note.clone(),
            });
        }
        let regions = supplier.regions();
        if !supplier.sites.is_empty() && regions.iter().all(|r| self.event.regions.contains(r)) {
            own.push(Down {
                at: 0,
                back,
                chain: Chain::start(regions.join("+")).then(id),
                switch: false,
                note: own_note,
            });
        }
        Node {
            own,
            deps: supplier
                .sub_suppliers
                .iter()
                .map(ToString::to_string)
                .collect(),
        }
    }

    /// A system's own cause (named, or a site it depends on lost) and the systems it depends
    /// on.
    fn system_node(&mut self, id: &str) -> Node {
        let direct = self.event.systems.iter().any(|s| s == id);
        let Some(system) = self.index.systems.get(id).copied() else {
            return self.unread_node("system", id, direct, "rto unknown");
        };
        let mut sites_lost = Vec::new();
        let mut deps = Vec::new();
        for dep in &system.depends_on {
            match dep {
                Dependency::Site(s) => sites_lost.extend(self.site(s.as_str())),
                Dependency::System(s) => deps.push(s.to_string()),
                _ => {}
            }
        }
        if !direct && sites_lost.is_empty() {
            return Node {
                own: Vec::new(),
                deps,
            };
        }
        let rto = minutes(system.rto.as_ref());
        let dr = system.dr_site.as_ref().map(|d| d.as_str());
        let dr_survives =
            dr.is_some_and(|d| self.index.sites.contains_key(d) && self.site(d).is_none());
        let site_back = sites_lost
            .iter()
            .try_fold(0, |acc, d| d.back.map(|b| acc.max(b)));
        let (back, note) = match (rto, dr_survives) {
            (None, _) => (None, "no rto: not back".to_owned()),
            (Some(r), true) => (
                Some(r),
                format!(
                    "fails over to {} within its rto {}",
                    dr.unwrap_or_default(),
                    spell(r)
                ),
            ),
            (Some(r), false) if sites_lost.is_empty() => {
                (Some(r), format!("restored within its rto {}", spell(r)))
            }
            (Some(r), false) => {
                // A dr_site lost with it but back before its own site: it fails over there
                // once that site is back.
                let dr_back = dr
                    .filter(|d| self.index.sites.contains_key(d))
                    .and_then(|d| self.site(d))
                    .and_then(|d| d.back);
                match (dr_back, site_back) {
                    (Some(d), site) if site.is_none_or(|b| d < b) => (
                        Some(d + r),
                        format!(
                            "fails over to {} when that site is back (T+{}), within its rto {}",
                            dr.unwrap_or_default(),
                            spell(d),
                            spell(r)
                        ),
                    ),
                    _ => (
                        site_back.map(|b| b + r),
                        format!(
                            "no surviving dr_site: back when its site is, plus its rto {}",
                            spell(r)
                        ),
                    ),
                }
            }
        };
        let chain = match sites_lost.first() {
            Some(site) if !direct => site.chain.then(id.to_owned()),
            _ => Chain::start(id),
        };
        Node {
            own: vec![Down {
                at: 0,
                back,
                chain,
                switch: false,
                note,
            }],
            deps,
        }
    }

    /// A material: when its preferred source is lost, stock lasts `safety_stock` and supply
    /// moves to the next surviving qualified source after `switch_time`; it stops only when the
    /// switch takes longer than the stock lasts. With every source lost it stops when stock runs
    /// out and resumes when the preferred source is back.
    pub(crate) fn material(&mut self, id: &str) -> State {
        if let Some(done) = self.materials.get(id) {
            return done.clone();
        }
        let Some(material) = self.index.materials.get(id).copied() else {
            self.note_unknown("material", id);
            return State::Unknown(UNREAD.to_owned());
        };
        let Some(first) = material.sources.first() else {
            return State::Fine;
        };
        let Some(lost) = self.supplier(first.as_str()) else {
            self.materials.insert(id.to_owned(), State::Fine);
            return State::Fine;
        };
        if !self.index.suppliers.contains_key(first.as_str()) {
            // Named as lost, but unreadable: neither its recovery nor its place is known.
            return self.undetermined(id, &[first.as_str()]);
        }
        let stock = minutes(material.safety_stock.as_ref()).unwrap_or(0);
        let switch = minutes(material.switch_time.as_ref());
        let mut next = None;
        let mut unread = Vec::new();
        for source in &material.sources[1..] {
            if !self.index.suppliers.contains_key(source.as_str()) {
                self.note_unknown("supplier", source.as_str());
                unread.push(source.as_str());
                continue;
            }
            if self.supplier(source.as_str()).is_none() {
                next = Some(source.as_str());
                break;
            }
        }
        let label = format!("{id} (stock {})", spell(stock));
        let chain = lost.chain.then(label);
        // Supply resumes at the earlier of the switch to the next surviving source and the
        // preferred source coming back; it stops only when that is later than the stock lasts.
        let by_switch = next.zip(switch);
        let switch_first = by_switch.is_some_and(|(_, sw)| lost.back.is_none_or(|b| sw < b));
        let resume = if switch_first {
            by_switch.map(|(_, sw)| sw)
        } else {
            lost.back
        };
        let how = match (by_switch, next) {
            (Some((to, sw)), _) if switch_first => {
                format!(
                    "supply moves from {first} to {to} after its switch_time {}",
                    spell(sw)
                )
            }
            (_, Some(to)) if switch.is_none() => {
                format!("no switch_time to move to {to}: resumes when {first} is back")
            }
            (_, Some(_)) => format!("{first} is back before a switch would be done"),
            (_, None) => format!("every qualified source is lost: resumes when {first} is back"),
        };
        let state = match resume {
            Some(r) if r <= stock => State::Absorbed(format!(
                "material {id}: {how} (at {}), while stock lasts {}",
                spell(r),
                spell(stock)
            )),
            // An unreadable source might be the one that survives: a switch to it could
            // resume supply sooner, so the stop is not claimed.
            _ if next.is_none() && switch.is_some() && !unread.is_empty() => {
                return self.undetermined(id, &unread);
            }
            _ => State::Down(Down {
                at: stock,
                back: resume,
                chain,
                switch: switch_first,
                note: how,
            }),
        };
        self.materials.insert(id.to_owned(), state.clone());
        state
    }

    /// A material that cannot be judged because the sources `unread` could not be read.
    fn undetermined(&mut self, id: &str, unread: &[&str]) -> State {
        let names: Vec<String> = unread.iter().map(|s| format!("supplier `{s}`")).collect();
        let why = format!(
            "could not be judged because {} could not be read",
            names.join(" and ")
        );
        self.unknown.insert(format!("material `{id}` ({why})"));
        let state = State::Unknown(why);
        self.materials.insert(id.to_owned(), state.clone());
        state
    }

    /// A lane without its alternates: lost when named (not back) or when an end site is lost
    /// (back when both ends are).
    fn lane_alone(&mut self, id: &str) -> Alone {
        let Some(lane) = self.index.lanes.get(id).copied() else {
            return Alone::Unknown;
        };
        let direct = self.event.lanes.iter().any(|l| l == id);
        let ends: Vec<Down> = [lane.from.as_str(), lane.to.as_str()]
            .into_iter()
            .filter_map(|s| self.site(s))
            .collect();
        if direct {
            return Alone::Down(Down {
                at: 0,
                back: None,
                chain: Chain::start(id),
                switch: false,
                note: "no recovery time for a lane".to_owned(),
            });
        }
        let back = ends.iter().try_fold(0, |acc, d| d.back.map(|b| acc.max(b)));
        match ends.first() {
            None => Alone::Up,
            Some(end) => Alone::Down(Down {
                at: 0,
                back,
                chain: end.chain.then(id.to_owned()),
                switch: false,
                note: "back when both end sites are".to_owned(),
            }),
        }
    }

    /// A lane: lost when either end site is; a surviving alternate takes over at once.
    pub(crate) fn lane(&mut self, id: &str) -> State {
        if let Some(done) = self.lanes.get(id) {
            return done.clone();
        }
        let state = match self.lane_alone(id) {
            Alone::Unknown => {
                self.note_unknown("lane", id);
                return State::Unknown(UNREAD.to_owned());
            }
            Alone::Up => State::Fine,
            Alone::Down(down) => {
                let lane = self.index.lanes[id];
                let mut taken = None;
                for alt in &lane.alternates {
                    match self.lane_alone(alt.as_str()) {
                        Alone::Up => {
                            taken = Some(alt.as_str());
                            break;
                        }
                        Alone::Down(_) => {}
                        Alone::Unknown => self.note_unknown("lane", alt.as_str()),
                    }
                }
                match taken {
                    Some(alt) => {
                        let transit = |l: &str| {
                            self.index
                                .lanes
                                .get(l)
                                .and_then(|l| minutes(l.transit.as_ref()))
                        };
                        let added = match (transit(id), transit(alt)) {
                            (Some(a), Some(b)) if b >= a => format!("+{} transit", spell(b - a)),
                            (Some(a), Some(b)) => format!("{} shorter transit", spell(a - b)),
                            _ => "transit time unknown".to_owned(),
                        };
                        State::Absorbed(format!(
                            "lane {id}: alternate {alt} takes over at once ({added})"
                        ))
                    }
                    None => State::Down(down),
                }
            }
        };
        self.lanes.insert(id.to_owned(), state.clone());
        state
    }

    /// Every register entry that is lost, by the time it is lost.
    pub(crate) fn lost(&mut self) -> Vec<Lost> {
        let index = self.index;
        let mut out = Vec::new();
        let mut push = |kind: &'static str, id: &str, down: Option<Down>| {
            if let Some(d) = down {
                out.push(Lost {
                    kind,
                    id: id.to_owned(),
                    lost_at: d.at,
                    back_at: d.back,
                    chain: d.chain.labels(),
                    note: d.note,
                });
            }
        };
        for id in ids(index.sites.keys().copied().collect()) {
            push("site", id, self.site(id));
        }
        for id in ids(index.suppliers.keys().copied().collect()) {
            push("supplier", id, self.supplier(id));
        }
        for id in ids(index.materials.keys().copied().collect()) {
            if let State::Down(d) = self.material(id) {
                push("material", id, Some(d));
            }
        }
        for id in ids(index.systems.keys().copied().collect()) {
            push("system", id, self.system(id));
        }
        for id in ids(index.lanes.keys().copied().collect()) {
            if let State::Down(d) = self.lane(id) {
                push("lane", id, Some(d));
            }
        }
        out.sort_by_key(|l| l.lost_at);
        out
    }

    /// The losses absorbed without a stop, sorted.
    pub(crate) fn absorbed(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .materials
            .values()
            .chain(self.lanes.values())
            .filter_map(|s| match s {
                State::Absorbed(note) => Some(note.clone()),
                _ => None,
            })
            .collect();
        out.sort();
        out
    }
}

/// The register entries that may depend on each other in a loop.
#[derive(Clone, Copy)]
enum Kind {
    Supplier,
    System,
}

impl Kind {
    /// How an entry comes back when it is lost through `dep`.
    fn through(self, dep: &str) -> String {
        match self {
            Kind::Supplier => format!("back when sub-supplier {dep} is"),
            Kind::System => format!("back when system {dep} is"),
        }
    }
}

/// An entry being worked out: its own causes of loss, in order, and the entries of its kind it
/// depends on, as listed.
struct Node {
    own: Vec<Down>,
    deps: Vec<String>,
}

/// The states of the entries of one kind, and the walk that works them out.
#[derive(Default)]
struct Graph {
    done: HashMap<String, Option<Down>>,
    /// Entries walked and not settled yet, with their walk order.
    open: HashMap<String, usize>,
    /// Their nodes.
    nodes: HashMap<String, Node>,
    /// Their walk, in order.
    stack: Vec<String>,
    walked: usize,
}

impl Graph {
    /// Settles the entries from `from` on the stack: one entry, or a loop whose entries all
    /// reach each other.
    ///
    /// An entry outside a loop is lost by the earliest of its causes (its own, then those it
    /// depends on, as listed) and back when every cause is. A loop is lost as a whole when any
    /// of its entries is lost from outside it, and back when every such cause is over; each
    /// entry's chain follows the shortest way out of the loop (its own cause first, then what
    /// it depends on, as listed); its note names its causes from outside the loop, and the
    /// entries of the loop it depends on when those come back later or it has no other cause.
    fn settle(&mut self, kind: Kind, from: usize) {
        let members: Vec<(String, Node)> = self
            .stack
            .split_off(from)
            .into_iter()
            .map(|id| {
                self.open.remove(&id);
                let node = self.nodes.remove(&id).expect("walked");
                (id, node)
            })
            .collect();
        let place: HashMap<&str, usize> = members
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.as_str(), i))
            .collect();
        let inside = |dep: &str| place.get(dep).copied();
        // The causes from outside the loop (all of them, for an entry on its own).
        let outside: Vec<Vec<Down>> = members
            .iter()
            .map(|(id, node)| {
                let mut causes = node.own.clone();
                for dep in &node.deps {
                    if inside(dep).is_some() {
                        continue;
                    }
                    if let Some(Some(down)) = self.done.get(dep.as_str()) {
                        causes.push(Down {
                            chain: down.chain.then(id.clone()),
                            note: kind.through(dep),
                            ..down.clone()
                        });
                    }
                }
                causes
            })
            .collect();
        let looped = members.len() > 1 || members[0].1.deps.iter().any(|d| *d == members[0].0);
        if !looped || outside.iter().all(Vec::is_empty) {
            for ((id, _), causes) in members.iter().zip(outside) {
                self.done.insert(id.clone(), merge(causes));
            }
            return;
        }
        let mut all = outside.iter().flatten();
        let at = all.clone().map(|d| d.at).min().unwrap_or(0);
        let back = all.try_fold(0, |acc, d| d.back.map(|b| acc.max(b)));
        // How many steps each entry is from the way out: entries with a cause from outside are
        // on it; the others are one step further than the nearest entry they depend on.
        let mut steps: Vec<Option<usize>> = outside
            .iter()
            .map(|causes| (!causes.is_empty()).then_some(0))
            .collect();
        let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
        for (i, (_, node)) in members.iter().enumerate() {
            for j in node.deps.iter().filter_map(|d| inside(d)) {
                needed_by[j].push(i);
            }
        }
        let mut queue: std::collections::VecDeque<usize> =
            (0..members.len()).filter(|&i| steps[i].is_some()).collect();
        while let Some(j) = queue.pop_front() {
            let next = steps[j].map(|s| s + 1);
            for &i in &needed_by[j] {
                if steps[i].is_none() {
                    steps[i] = next;
                    queue.push_back(i);
                }
            }
        }
        // The chain: entries on the way out start it with their earliest outside cause; every
        // other entry follows the first entry it depends on (as listed) one step nearer.
        let mut by_steps: Vec<usize> = (0..members.len()).collect();
        by_steps.sort_by_key(|&i| steps[i]);
        let mut chains: Vec<Option<Chain>> = vec![None; members.len()];
        for i in by_steps {
            let (id, node) = &members[i];
            chains[i] = match steps[i] {
                Some(0) => merge(outside[i].clone()).map(|d| d.chain),
                Some(s) => node
                    .deps
                    .iter()
                    .filter_map(|d| inside(d))
                    .find(|&j| steps[j] == Some(s - 1))
                    .and_then(|j| chains[j].as_ref().map(|c| c.then(id.clone()))),
                None => None,
            };
        }
        for (((id, node), chain), causes) in members.iter().zip(chains).zip(&outside) {
            // Its causes from outside the loop; the entries of the loop it depends on too when
            // those come back later, or when it has no cause of its own.
            let mut notes: Vec<String> = causes.iter().map(|d| d.note.clone()).collect();
            let own_back = causes
                .iter()
                .try_fold(0, |acc, d| d.back.map(|b| acc.max(b)));
            if notes.is_empty() || own_back != back {
                let looped = node.deps.iter().filter(|d| inside(d).is_some());
                notes.extend(looped.map(|d| kind.through(d)));
            }
            notes.dedup();
            let note = if notes.len() > 1 {
                format!("back when every cause is over: {}", notes.join("; "))
            } else {
                notes.pop().unwrap_or_default()
            };
            let down = Down {
                at,
                back,
                chain: chain.expect("every entry of a loop reaches the way out"),
                switch: false,
                note,
            };
            self.done.insert(id.clone(), Some(down));
        }
    }
}
