//! Backup rules: how often a system's data is copied against its rpo, whether the copies survive a
//! regional event, and whether one survives ransomware when a plan prepares for cyber attacks.

use std::collections::BTreeSet;

use super::bia::activities;
use super::context::{Context, Sink};
use crate::model::{Dependency, ScenarioCategory, Status, System};

/// The systems of the workspace, in file order.
fn systems<'w>(ctx: &Context<'w>) -> Vec<&'w System> {
    let mut out: Vec<&System> = ctx.index.systems.values().copied().collect();
    out.sort_by_key(|s| s.id.span);
    out
}

/// Some backup or replication of a system runs at least as often as its rpo.
pub(super) fn backup_rpo(ctx: &Context<'_>, sink: &mut Sink) {
    for system in systems(ctx) {
        let Some(rpo) = &system.rpo else { continue };
        if system.backups.is_empty() {
            sink.push(
                sink.absent(ctx, system.id.span, format!("system `{}` (rpo {rpo}) describes no backups (`backups:`)", system.id))
                    .help("record how its data is copied: `backups: [{ type, every, retention, site, immutable, offline }]`")
                    .target(system.id.as_str()),
            );
            continue;
        }
        let fastest = system
            .backups
            .iter()
            .filter_map(|b| b.every.as_ref())
            .min_by(|a, b| a.value.cmp(&b.value));
        let message = match fastest {
            Some(every) if every.value <= rpo.value => continue,
            Some(every) => format!(
                "system `{}` claims an rpo of {rpo}, but its most frequent backup runs every {every}",
                system.id
            ),
            None => format!(
                "system `{}` claims an rpo of {rpo}, but none of its backups says how often it runs (`every`)",
                system.id
            ),
        };
        sink.push(
            sink.at(rpo.span, message)
                .help("back up or replicate at least as often as the rpo, or record the rpo the backups really achieve")
                .target(system.id.as_str()),
        );
    }
}

/// Not every backup copy of a system sits in the region of the sites it runs at.
pub(super) fn backup_not_diverse(ctx: &Context<'_>, sink: &mut Sink) {
    for system in systems(ctx) {
        let homes: Vec<_> = system
            .depends_on
            .iter()
            .filter_map(|d| match d {
                Dependency::Site(id) => ctx.index.sites.get(id.as_str()).copied(),
                _ => None,
            })
            .collect();
        let copies: Vec<_> = system
            .backups
            .iter()
            .filter_map(|b| {
                Some((
                    b.site.as_ref()?,
                    ctx.index.sites.get(b.site.as_ref()?.as_str())?,
                ))
            })
            .collect();
        if homes.is_empty() || copies.is_empty() {
            continue;
        }
        let home_regions: BTreeSet<&str> = homes
            .iter()
            .filter_map(|s| s.region.as_ref().map(|r| r.value.as_str()))
            .collect();
        let exposed = |site: &crate::model::Site| {
            homes.iter().any(|h| h.id.value == site.id.value)
                || site
                    .region
                    .as_ref()
                    .is_some_and(|r| home_regions.contains(r.value.as_str()))
        };
        if copies.iter().all(|(_, site)| exposed(site)) {
            let (span, _) = copies[0];
            let regions: Vec<&str> = home_regions.iter().copied().collect();
            sink.push(
                sink.at(span.span, format!(
                    "every backup copy of system `{}` sits at the site it runs at or in its region ({}): one regional event takes out the system and its backups",
                    system.id,
                    if regions.is_empty() { "no region recorded".to_owned() } else { format!("`{}`", regions.join("`, `")) }
                ))
                .help("keep at least one copy at a site in another region")
                .target(system.id.as_str()),
            );
        }
    }
}

/// A plan that prepares for cyber attacks has an immutable or offline backup of each system it needs.
pub(super) fn backup_ransomware(ctx: &Context<'_>, sink: &mut Sink) {
    for plan in ctx
        .ws
        .plans
        .iter()
        .filter(|p| p.status.value != Status::Retired)
    {
        let Some(cyber) = plan.scenarios.iter().find(|s| {
            ctx.index
                .scenarios
                .get(s.as_str())
                .is_some_and(|sc| sc.category == Some(ScenarioCategory::Cyber))
        }) else {
            continue;
        };
        // The systems the plan's activities depend on, and what those depend on.
        let mut queue: Vec<&str> = activities(ctx)
            .filter(|(p, _)| p.id.value == plan.id.value)
            .flat_map(|(_, a)| &a.depends_on)
            .filter_map(|d| match d {
                Dependency::System(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        let mut seen = BTreeSet::new();
        let mut needed = Vec::new();
        while let Some(id) = queue.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(system) = ctx.index.systems.get(id).copied() else {
                continue;
            };
            needed.push(system);
            queue.extend(system.depends_on.iter().filter_map(|d| match d {
                Dependency::System(id) => Some(id.as_str()),
                _ => None,
            }));
        }
        needed.sort_by_key(|s| s.id.span);
        for system in needed {
            if system.backups.is_empty()
                || system.backups.iter().any(crate::model::Backup::protected)
            {
                continue;
            }
            sink.push(
                sink.at(system.backups[0].backup_type.span, format!(
                    "plan `{}` prepares for `{cyber}` (a cyber scenario), but no backup of system `{}` is immutable or offline: ransomware can encrypt every copy",
                    plan.id, system.id
                ))
                .help("keep at least one copy `immutable: true` (object lock, WORM) or `offline: true` (vaulted, air-gapped)")
                .target(system.id.as_str())
                .plan(plan.id.as_str()),
            );
        }
    }
}
