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
    suppliers: HashMap<String, Option<Down>>,
    systems: HashMap<String, Option<Down>>,
    materials: HashMap<String, State>,
    lanes: HashMap<String, State>,
    visiting: HashSet<(&'static str, String)>,
    /// Entries reached but unreadable.
    pub(crate) unknown: HashSet<String>,
    /// Whether a loop was cut: then what was worked out depends on the order of the questions.
    pub(crate) cut: bool,
}

impl<'a, 'w> States<'a, 'w> {
    /// Fresh states for `event`.
    pub(crate) fn new(ws: &'w Workspace, index: &'a Index<'w>, event: &'a Event) -> Self {
        States {
            ws,
            index,
            event,
            sites: HashMap::new(),
            suppliers: HashMap::new(),
            systems: HashMap::new(),
            materials: HashMap::new(),
            lanes: HashMap::new(),
            visiting: HashSet::new(),
            unknown: HashSet::new(),
            cut: false,
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
        if let Some(done) = self.suppliers.get(id) {
            return done.clone();
        }
        if !self.visiting.insert(("supplier", id.to_owned())) {
            self.cut = true;
            return None;
        }
        let direct = self.event.suppliers.iter().any(|s| s == id);
        let result = match self.index.suppliers.get(id).copied() {
            None => {
                self.note_unknown("supplier", id);
                direct.then(|| Down {
                    at: 0,
                    back: None,
                    chain: Chain::start(id),
                    switch: false,
                    note: "contracted recovery unknown".to_owned(),
                })
            }
            Some(supplier) => {
                let back = minutes(supplier.contracted_recovery.as_ref());
                let own_note = back.map_or_else(
                    || "no contracted_recovery: not back".to_owned(),
                    |b| format!("back after its contracted_recovery {}", spell(b)),
                );
                let mut causes = Vec::new();
                if direct {
                    causes.push(Down {
                        at: 0,
                        back,
                        chain: Chain::start(id),
                        switch: false,
                        note: own_note.clone(),
                    });
                }
                let regions = supplier.regions();
                if !supplier.sites.is_empty()
                    && regions.iter().all(|r| self.event.regions.contains(r))
                {
                    causes.push(Down {
                        at: 0,
                        back,
                        chain: Chain::start(regions.join("+")).then(id),
                        switch: false,
                        note: own_note,
                    });
                }
                for sub in &supplier.sub_suppliers {
                    if let Some(down) = self.supplier(sub.as_str()) {
                        causes.push(Down {
                            chain: down.chain.then(id.to_owned()),
                            note: format!("back when sub-supplier {sub} is"),
                            ..down
                        });
                    }
                }
                merge(causes)
            }
        };
        self.visiting.remove(&("supplier", id.to_owned()));
        self.suppliers.insert(id.to_owned(), result.clone());
        result
    }

    /// A system: lost when named, when its site is lost (back after its rto when its dr_site
    /// survives, else when the site is back plus the rto), or when a system it depends on is.
    pub(crate) fn system(&mut self, id: &str) -> Option<Down> {
        if let Some(done) = self.systems.get(id) {
            return done.clone();
        }
        if !self.visiting.insert(("system", id.to_owned())) {
            self.cut = true;
            return None;
        }
        let direct = self.event.systems.iter().any(|s| s == id);
        let result = match self.index.systems.get(id).copied() {
            None => {
                self.note_unknown("system", id);
                direct.then(|| Down {
                    at: 0,
                    back: None,
                    chain: Chain::start(id),
                    switch: false,
                    note: "rto unknown".to_owned(),
                })
            }
            Some(system) => {
                let mut sites_lost = Vec::new();
                let mut systems_lost = Vec::new();
                for dep in &system.depends_on {
                    match dep {
                        Dependency::Site(s) => sites_lost.extend(self.site(s.as_str())),
                        Dependency::System(s) => {
                            if let Some(down) = self.system(s.as_str()) {
                                systems_lost.push(Down {
                                    chain: down.chain.then(id.to_owned()),
                                    note: format!("back when system {s} is"),
                                    ..down
                                });
                            }
                        }
                        _ => {}
                    }
                }
                let mut causes = systems_lost;
                if direct || !sites_lost.is_empty() {
                    let rto = minutes(system.rto.as_ref());
                    let dr = system.dr_site.as_ref().map(|d| d.as_str());
                    let dr_survives = dr.is_some_and(|d| {
                        self.index.sites.contains_key(d) && self.site(d).is_none()
                    });
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
                            // A dr_site lost with it but back before its own site: it fails
                            // over there once that site is back.
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
                    causes.insert(
                        0,
                        Down {
                            at: 0,
                            back,
                            chain,
                            switch: false,
                            note,
                        },
                    );
                }
                merge(causes)
            }
        };
        self.visiting.remove(&("system", id.to_owned()));
        self.systems.insert(id.to_owned(), result.clone());
        result
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
